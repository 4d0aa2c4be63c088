create or replace function public.refresh_metric_snapshot(org_id uuid, period_start date, period_end date) returns public.bufdir_metric_snapshots
    language sql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select * from hidden.refresh_metric_snapshot(org_id => refresh_metric_snapshot.org_id,
                                               period_start => refresh_metric_snapshot.period_start,
                                               period_end => refresh_metric_snapshot.period_end)
$$;

comment on function public.refresh_metric_snapshot(org_id uuid, period_start date, period_end date) is 'Computes and saves the figures in one transaction: the recommended path, raw data never leaves the database. Coordinators, admins, service role. Errors: 22004, 22023, 42501.';

revoke all on function public.refresh_metric_snapshot(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function public.refresh_metric_snapshot(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function public.refresh_metric_snapshot(org_id uuid, period_start date, period_end date) to service_role;
