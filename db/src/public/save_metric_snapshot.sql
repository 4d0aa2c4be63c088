create or replace function public.save_metric_snapshot(org_id uuid, period_start date, period_end date, snapshot_json jsonb) returns public.bufdir_metric_snapshots
    language sql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select * from hidden.save_metric_snapshot(org_id => save_metric_snapshot.org_id,
                                            period_start => save_metric_snapshot.period_start,
                                            period_end => save_metric_snapshot.period_end,
                                            snapshot_json => save_metric_snapshot.snapshot_json)
$$;

comment on function public.save_metric_snapshot(org_id uuid, period_start date, period_end date, snapshot_json jsonb) is 'Idempotently saves figures for an organisation and inclusive period (one row per key). Coordinators, admins, service role. Errors: 22004, 22023, 42501, BF001 (allow-list).';

revoke all on function public.save_metric_snapshot(org_id uuid, period_start date, period_end date, snapshot_json jsonb) from public, anon, authenticated, service_role;
grant execute on function public.save_metric_snapshot(org_id uuid, period_start date, period_end date, snapshot_json jsonb) to authenticated;
grant execute on function public.save_metric_snapshot(org_id uuid, period_start date, period_end date, snapshot_json jsonb) to service_role;
