create or replace function public.explain_activity(org_id uuid, activity_id uuid) returns public.activity_verdict
    language plpgsql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  explained public.activity_verdict;
  activity_day date;
begin
  if explain_activity.org_id is null or explain_activity.activity_id is null then
    raise exception '% must not be null', case when explain_activity.org_id is null then 'org_id' else 'activity_id' end
      using errcode = '22004';
  end if;
  -- Its date as the caller may read it (row-level security): an activity they
  -- cannot read is missing.
  select a.activity_date into activity_day from public.activities a
  where a.org_id = explain_activity.org_id and a.id = explain_activity.activity_id;
  if activity_day is not null then
    select * into explained
    from hidden.explain_entries(org_id => explain_activity.org_id, period_start => activity_day, period_end => activity_day,
                                only_activity => explain_activity.activity_id);
  end if;
  if explained.activity_id is null then
    -- A member is told only that it is missing; a non-member is refused.
    if not hidden.is_service_role_request() then
      perform hidden.caller_membership(org_id => explain_activity.org_id);
    end if;
    raise exception 'no activity % the caller may read in organisation %', explain_activity.activity_id, explain_activity.org_id
      using errcode = 'P0002';
  end if;
  return explained;
end
$$;

comment on function public.explain_activity(org_id uuid, activity_id uuid) is 'One activity the caller may read: whether it counts and the counting rule that decided it (its own day classified under the rules in force on its date). Members and the service role. Errors: 22004, 42501 (not a member), P0002 (missing or unreadable, or no rules in force).';

revoke all on function public.explain_activity(org_id uuid, activity_id uuid) from public, anon, authenticated, service_role;
grant execute on function public.explain_activity(org_id uuid, activity_id uuid) to authenticated;
grant execute on function public.explain_activity(org_id uuid, activity_id uuid) to service_role;
