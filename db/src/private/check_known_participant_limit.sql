-- Known participants per activity, on every link insert.
create or replace function private.check_known_participant_limit() returns trigger
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
-- Definer: counts every link of the activity, also those the caller cannot read,
-- and locks the activity row as its owner.
declare
  bad record;
begin
  -- Serialise concurrent link writers of one activity: the count below is then
  -- taken after the other writer committed.
  perform from public.activities a
  where (a.org_id, a.id) in (select distinct n.org_id, n.activity_id from new_rows n)
    and a.deleted_at is null
  order by a.org_id, a.id
  for no key update;
  with touched as (
    select a.org_id, a.id, a.activity_date
    from public.activities a
    where (a.org_id, a.id) in (select distinct n.org_id, n.activity_id from new_rows n)
      and a.deleted_at is null
  ), days as materialized (
    select d.day, r.version, r.max_known_participants
    from (select distinct t.activity_date as day from touched t) d
    cross join lateral hidden.rules_in_force(on_date => d.day) r
  ), known as (
    -- One grouped count over the touched activities' links (an index range each
    -- for a few, one hashed pass for a bulk load).
    select ap.org_id, ap.activity_id, pg_catalog.count(*) as known
    from public.activity_participants ap
    where (ap.org_id, ap.activity_id) in (select t.org_id, t.id from touched t)
    group by ap.org_id, ap.activity_id
  )
  select t.id, d.version, d.max_known_participants, k.known
  into bad
  from touched t
  join days d on d.day = t.activity_date
  join known k on k.org_id = t.org_id and k.activity_id = t.id
  where k.known > d.max_known_participants
  limit 1;
  if bad.id is not null then
    raise exception 'activity % would have % known participants, more than the limit of % (max_known_participants, rules %)',
      bad.id, bad.known, bad.max_known_participants, bad.version using errcode = '22023';
  end if;
  return null;
end
$$;

comment on function private.check_known_participant_limit() is 'Statement trigger on activity_participants (insert): refuses (22023) links that give a live activity more known participants than the rules in force on its date allow.';

revoke all on function private.check_known_participant_limit() from public, anon, authenticated, service_role;
