create or replace function hidden.refresh_metric_snapshot(org_id uuid, period_start date, period_end date) returns public.bufdir_metric_snapshots
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  generation pg_snapshot;
  figures jsonb;
begin
  perform hidden.check_snapshot_key(org_id => refresh_metric_snapshot.org_id, period_start => refresh_metric_snapshot.period_start,
                                    period_end => refresh_metric_snapshot.period_end);
  perform hidden.require_role(org_id => refresh_metric_snapshot.org_id, roles => '{coordinator,admin}');
  -- Taken before computing: under READ COMMITTED each statement has a newer
  -- snapshot, so whatever commits in between counts as unseen.
  generation := pg_catalog.pg_current_snapshot();
  perform private.refresh_day_partials(org_id => refresh_metric_snapshot.org_id, period_start => refresh_metric_snapshot.period_start,
                                       period_end => refresh_metric_snapshot.period_end);
  figures := private.compute_metrics(org_id => refresh_metric_snapshot.org_id, period_start => refresh_metric_snapshot.period_start,
                                     period_end => refresh_metric_snapshot.period_end);
  return private.store_snapshot(
    org_id => refresh_metric_snapshot.org_id, period_start => refresh_metric_snapshot.period_start,
    period_end => refresh_metric_snapshot.period_end, figures => figures, generation => generation);
end
$$;

comment on function hidden.refresh_metric_snapshot(org_id uuid, period_start date, period_end date) is 'The security-definer body of public.refresh_metric_snapshot, where PostgREST does not expose it; public.refresh_metric_snapshot (security invoker) calls it. Computes and saves the figures in one transaction: the recommended path, raw data never leaves the database. Coordinators, admins, service role. Errors: 22004, 22023, 42501.';

revoke all on function hidden.refresh_metric_snapshot(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function hidden.refresh_metric_snapshot(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function hidden.refresh_metric_snapshot(org_id uuid, period_start date, period_end date) to service_role;
