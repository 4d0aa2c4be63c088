create or replace function private.lock_mentors(org_ids uuid[], mentor_ids uuid[]) returns void
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
begin
  insert into private.mentor_write_locks (org_id, mentor_id)
  select distinct l.org_id, l.mentor_id from unnest(lock_mentors.org_ids, lock_mentors.mentor_ids) l(org_id, mentor_id)
  order by 1, 2
  on conflict do nothing;
  -- Always in key order, so two writers never wait for each other crosswise.
  perform from private.mentor_write_locks w
  where (w.org_id, w.mentor_id) in (
    select l.org_id, l.mentor_id from unnest(lock_mentors.org_ids, lock_mentors.mentor_ids) l(org_id, mentor_id))
  order by w.org_id, w.mentor_id
  for update;
end
$$;

comment on function private.lock_mentors(org_ids uuid[], mentor_ids uuid[]) is 'Locks the (organisation, mentor) rows of private.mentor_write_locks, in key order, until the transaction ends; creates missing ones. Called by the per-mentor-day limit trigger.';

revoke all on function private.lock_mentors(org_ids uuid[], mentor_ids uuid[]) from public, anon, authenticated, service_role;
