create or replace function hidden.compute_bufdir_metrics(org_id uuid, period_start date, period_end date) returns jsonb
    language plpgsql stable security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
begin
  perform hidden.check_snapshot_key(org_id => compute_bufdir_metrics.org_id, period_start => compute_bufdir_metrics.period_start,
                                    period_end => compute_bufdir_metrics.period_end);
  perform hidden.require_role(org_id => compute_bufdir_metrics.org_id, roles => '{coordinator,admin}');
  return private.compute_metrics(org_id => compute_bufdir_metrics.org_id, period_start => compute_bufdir_metrics.period_start,
                                 period_end => compute_bufdir_metrics.period_end);
end
$$;

comment on function hidden.compute_bufdir_metrics(org_id uuid, period_start date, period_end date) is 'The security-definer body of public.compute_bufdir_metrics, where PostgREST does not expose it; public.compute_bufdir_metrics (security invoker) calls it. Computes (without saving) the Bufdir figures of an organisation for an inclusive period. Coordinators, admins and the service role. Errors: 22004, 22023, 42501.';

revoke all on function hidden.compute_bufdir_metrics(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function hidden.compute_bufdir_metrics(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function hidden.compute_bufdir_metrics(org_id uuid, period_start date, period_end date) to service_role;
