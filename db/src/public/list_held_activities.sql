create or replace function public.list_held_activities(org_id uuid, period_start date, period_end date) returns setof public.held_activity
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select * from hidden.list_held_activities(org_id => list_held_activities.org_id,
                                            period_start => list_held_activities.period_start,
                                            period_end => list_held_activities.period_end)
$$;

comment on function public.list_held_activities(org_id uuid, period_start date, period_end date) is 'The live, unconfirmed activities of the period that exceed the organisation''s review limits, with the limits each exceeds, by date; coordinators and admins of the organisation. Errors: 22004, 22023 (the period), 42501.';

revoke all on function public.list_held_activities(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function public.list_held_activities(org_id uuid, period_start date, period_end date) to authenticated;
