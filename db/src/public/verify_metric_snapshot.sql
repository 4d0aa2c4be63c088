create or replace function public.verify_metric_snapshot(org_id uuid, period_start date, period_end date) returns table(figure text, persisted_value jsonb, recomputed_value jsonb)
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select * from hidden.verify_metric_snapshot(org_id => verify_metric_snapshot.org_id,
                                              period_start => verify_metric_snapshot.period_start,
                                              period_end => verify_metric_snapshot.period_end)
$$;

comment on function public.verify_metric_snapshot(org_id uuid, period_start date, period_end date) is 'Recomputes the figures and lists every one that differs from the persisted snapshot (none when it is sound). Coordinators, admins, service role. Errors: 22004, 22023, 42501, P0002.';

revoke all on function public.verify_metric_snapshot(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function public.verify_metric_snapshot(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function public.verify_metric_snapshot(org_id uuid, period_start date, period_end date) to service_role;
