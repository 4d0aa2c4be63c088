create or replace function private.check_mentor_day_links() returns trigger
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
-- Definer: reads the linked activities whether or not the caller may read them.
declare
  org_ids uuid[];
  mentor_ids uuid[];
  days date[];
begin
  select array_agg(n.org_id), array_agg(n.mentor_id), array_agg(a.activity_date)
  into org_ids, mentor_ids, days
  from (select distinct n.org_id, n.activity_id, n.mentor_id from new_rows n) n
  join public.activities a on a.org_id = n.org_id and a.id = n.activity_id
  where a.deleted_at is null;
  perform private.check_mentor_days(org_ids => org_ids, mentor_ids => mentor_ids, days => days);
  return null;
end
$$;

comment on function private.check_mentor_day_links() is 'Statement trigger on activity_mentors (insert): the mentors named anew must stay within their mentor-day limit (private.check_mentor_days).';

revoke all on function private.check_mentor_day_links() from public, anon, authenticated, service_role;
