create or replace function public.generate_periodic_summaries(org_id uuid, period_type public.summary_period_type, period_start date) returns setof public.periodic_summaries
    language sql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select * from hidden.generate_periodic_summaries(org_id => generate_periodic_summaries.org_id,
                                                   period_type => generate_periodic_summaries.period_type,
                                                   period_start => generate_periodic_summaries.period_start)
$$;

comment on function public.generate_periodic_summaries(org_id uuid, period_type public.summary_period_type, period_start date) is 'Generates the organisation-wide and per-mentor summaries of a period (month, quarter, half_year, year starting at period_start). Coordinators, admins, service role. Errors: 22004, 22023, 42501, BF005.';

revoke all on function public.generate_periodic_summaries(org_id uuid, period_type public.summary_period_type, period_start date) from public, anon, authenticated, service_role;
grant execute on function public.generate_periodic_summaries(org_id uuid, period_type public.summary_period_type, period_start date) to authenticated;
grant execute on function public.generate_periodic_summaries(org_id uuid, period_type public.summary_period_type, period_start date) to service_role;
