create or replace function private.check_mentor_day_changes() returns trigger
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
-- Definer: reads every mentor link of the changed activities.
declare
  org_ids uuid[];
  mentor_ids uuid[];
  days date[];
begin
  select array_agg(am.org_id), array_agg(am.mentor_id), array_agg(c.activity_date)
  into org_ids, mentor_ids, days
  from (
    select n.org_id, n.id, n.activity_date
    from new_rows n
    left join old_rows o on o.org_id = n.org_id and o.id = n.id
    where n.deleted_at is null
      and (o.id is null or o.deleted_at is not null or o.activity_date <> n.activity_date
           or n.duration_minutes > o.duration_minutes)
  ) c
  join public.activity_mentors am on am.org_id = c.org_id and am.activity_id = c.id;
  perform private.check_mentor_days(org_ids => org_ids, mentor_ids => mentor_ids, days => days);
  return null;
end
$$;

comment on function private.check_mentor_day_changes() is 'Statement trigger on activities (update): an entry moved, lengthened or restored must keep each of its mentors within their mentor-day limit (private.check_mentor_days); other updates are not checked.';

revoke all on function private.check_mentor_day_changes() from public, anon, authenticated, service_role;
