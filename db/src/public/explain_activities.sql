create or replace function public.explain_activities(org_id uuid, period_start date, period_end date) returns setof public.activity_verdict
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select * from hidden.explain_entries(org_id => explain_activities.org_id, period_start => explain_activities.period_start,
                                       period_end => explain_activities.period_end, only_activity => null)
$$;

comment on function public.explain_activities(org_id uuid, period_start date, period_end date) is 'Each entry of an inclusive period the caller may read (soft-deleted ones too, where readable), by date and registration: whether it counts and the counting rule that decided it, classified as the figures of that period classify it (the rules in force on period_start). Members and the service role. Errors: 22004, 22023 (the period), 42501, P0002 (no rules in force).';

revoke all on function public.explain_activities(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function public.explain_activities(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function public.explain_activities(org_id uuid, period_start date, period_end date) to service_role;
