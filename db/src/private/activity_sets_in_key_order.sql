-- The live activities of an organisation's days with their mentor and contact
-- sets (in no particular order) and an order-free fingerprint of each set, from
-- the organisation's activities and link tables read in primary-key order and
-- merged: no sort, no hash table, whatever the statistics say.
create or replace function private.activity_sets_in_key_order(org_id uuid, days date[]) returns table(id uuid, day date, kind public.activity_kind, path public.registration_path, county text, minutes integer, anonymous integer, in_norway boolean, created_at timestamp with time zone, mentors uuid[], mentors_fingerprint bigint, contacts uuid[], contacts_fingerprint bigint, review_confirmed_at timestamp with time zone)
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    set jit to 'off'
    set enable_hashjoin to 'off'
    set enable_nestloop to 'off'
    set enable_mergejoin to 'on'
    set enable_hashagg to 'off'
    set enable_sort to 'off'
    set enable_seqscan to 'off'
    set enable_bitmapscan to 'off'
    set enable_indexscan to 'on'
    set enable_indexonlyscan to 'on'
    set max_parallel_workers_per_gather to '0'
    as $$
  -- Planner settings: measured (db/README.md, "Measured and tuned"). Rule 2's
  -- fingerprint of a set: the sum of its members' hashes, equal for equal sets
  -- whatever their order (the twin test compares the sets themselves).
  select a.id, a.activity_date, a.kind, a.registration_path, coalesce(left(a.municipality_code, 2), 'unknown'),
         a.duration_minutes, a.anonymous_participants, a.in_norway, a.created_at,
         coalesce(m.mentors, '{}'), coalesce(m.fingerprint, 0), coalesce(c.contacts, '{}'), coalesce(c.fingerprint, 0),
         a.review_confirmed_at
  from public.activities a
  left join (
    select am.activity_id, array_agg(am.mentor_id) as mentors, sum(pg_catalog.uuid_hash(am.mentor_id)) as fingerprint
    from public.activity_mentors am
    where am.org_id = activity_sets_in_key_order.org_id
    group by am.activity_id
  ) m on m.activity_id = a.id
  left join (
    select ap.activity_id, array_agg(ap.contact_id) as contacts, sum(pg_catalog.uuid_hash(ap.contact_id)) as fingerprint
    from public.activity_participants ap
    where ap.org_id = activity_sets_in_key_order.org_id
    group by ap.activity_id
  ) c on c.activity_id = a.id
  where a.org_id = activity_sets_in_key_order.org_id
    -- Contiguous days are one range: a binary search per activity, not a scan of the array.
    and a.activity_date <@ (select private.days_as_multirange(days => activity_sets_in_key_order.days))
    and a.deleted_at is null
$$;

comment on function private.activity_sets_in_key_order(org_id uuid, days date[]) is 'The live activities of an organisation''s days with their mentor and contact sets, a fingerprint of each and their review confirmation, reading the organisation''s activities and links in key order (for days holding much of the organisation).';

revoke all on function private.activity_sets_in_key_order(org_id uuid, days date[]) from public, anon, authenticated, service_role;
