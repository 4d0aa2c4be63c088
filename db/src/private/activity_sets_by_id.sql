-- The same for a few days: their activities found by date, their links looked
-- up by id and hashed.
create or replace function private.activity_sets_by_id(org_id uuid, days date[]) returns table(id uuid, day date, kind public.activity_kind, path public.registration_path, county text, minutes integer, anonymous integer, in_norway boolean, created_at timestamp with time zone, mentors uuid[], mentors_fingerprint bigint, contacts uuid[], contacts_fingerprint bigint, review_confirmed_at timestamp with time zone)
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    set jit to 'off'
    set enable_hashjoin to 'on'
    set enable_hashagg to 'on'
    set enable_sort to 'on'
    set enable_nestloop to 'off'
    set enable_mergejoin to 'off'
    set enable_seqscan to 'off'
    set enable_bitmapscan to 'on'
    set enable_indexscan to 'on'
    set enable_indexonlyscan to 'on'
    set max_parallel_workers_per_gather to '0'
    as $$
  -- Planner settings: measured (db/README.md, "Measured and tuned"). Rule 2's
  -- fingerprint of a set: the sum of its members' hashes, equal for equal sets
  -- whatever their order (the twin test compares the sets themselves).
  with scope as materialized (
    select a.id, a.activity_date, a.kind, a.registration_path, a.municipality_code, a.duration_minutes,
           a.anonymous_participants, a.in_norway, a.created_at, a.review_confirmed_at
    from public.activities a
    where a.org_id = activity_sets_by_id.org_id
      and a.activity_date = any (activity_sets_by_id.days)
      and a.deleted_at is null
  )
  select s.id, s.activity_date, s.kind, s.registration_path, coalesce(left(s.municipality_code, 2), 'unknown'),
         s.duration_minutes, s.anonymous_participants, s.in_norway, s.created_at,
         coalesce(m.mentors, '{}'), coalesce(m.fingerprint, 0), coalesce(c.contacts, '{}'), coalesce(c.fingerprint, 0),
         s.review_confirmed_at
  from scope s
  left join (
    select am.activity_id, array_agg(am.mentor_id) as mentors, sum(pg_catalog.uuid_hash(am.mentor_id)) as fingerprint
    from public.activity_mentors am
    where am.org_id = activity_sets_by_id.org_id and am.activity_id = any (array(select s.id from scope s))
    group by am.activity_id
  ) m on m.activity_id = s.id
  left join (
    select ap.activity_id, array_agg(ap.contact_id) as contacts, sum(pg_catalog.uuid_hash(ap.contact_id)) as fingerprint
    from public.activity_participants ap
    where ap.org_id = activity_sets_by_id.org_id and ap.activity_id = any (array(select s.id from scope s))
    group by ap.activity_id
  ) c on c.activity_id = s.id
$$;

comment on function private.activity_sets_by_id(org_id uuid, days date[]) is 'The live activities of an organisation''s days with their mentor and contact sets, a fingerprint of each and their review confirmation, looking their links up by id (for days holding a small share of the organisation).';

revoke all on function private.activity_sets_by_id(org_id uuid, days date[]) from public, anon, authenticated, service_role;
