create or replace function public.invalidate_periodic_summaries(org_id uuid, period_start date, period_end date) returns integer
    language sql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select hidden.invalidate_periodic_summaries(org_id => invalidate_periodic_summaries.org_id,
                                              period_start => invalidate_periodic_summaries.period_start,
                                              period_end => invalidate_periodic_summaries.period_end)
$$;

comment on function public.invalidate_periodic_summaries(org_id uuid, period_start date, period_end date) is 'Marks every summary of the organisation overlapping the period as invalidated; clients learn it on their next sync. Returns how many. Coordinators, admins, service role. Errors: 22004, 22023, 42501, BF005.';

revoke all on function public.invalidate_periodic_summaries(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function public.invalidate_periodic_summaries(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function public.invalidate_periodic_summaries(org_id uuid, period_start date, period_end date) to service_role;
