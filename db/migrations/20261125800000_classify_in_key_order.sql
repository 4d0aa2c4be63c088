-- Purpose: classifying every day of a large organisation costs a few passes over
-- its rows, not one hash table per stage.
-- Objects: functions private.links_by_id_share() (replacing links_by_id_limit),
--          private.activity_sets_in_key_order(), private.activity_sets_by_id();
--          private.classify_activities() rebuilt on them.
-- Why: the classification built each activity's sets by hashing the link tables
-- against the activities, deduplicated (activity, mentor) pairs in a hash table
-- that spilled to disk, compared uuid arrays of every activity to find proxy
-- twins, and ran rule 5 through three sorts. Now:
-- - many days read the organisation's activities and links in primary-key order,
--   merged and grouped without a sort (a few days still look links up by id);
-- - rule 2 probes the proxy entries' (day, kind, set fingerprints) and compares
--   the sets exactly only for the direct entries that match;
-- - rule 4 is a hashed lookup of (mentor, day) in the approved mentors' active days;
-- - rule 5 is two sorts of the (mentor, day, contact) rows, and an activity with
--   one mentor gets its verdict there; only co-mentored ones are grouped again,
--   and only they need their active mentors listed.

-- migrate:up
-- Up to what share of the organisation's live activities the days may hold for
-- private.classify_activities to look their links up by id rather than read the
-- organisation's link tables in key order. Both are exact; a test runs each.
create function private.links_by_id_share()
returns numeric
language sql immutable
set search_path = pg_catalog, pg_temp
as $$
  select 0.25
$$;
comment on function private.links_by_id_share() is
  'Up to what share of the organisation''s live activities the days may hold for private.classify_activities to look their links up by id instead of reading the organisation''s link tables in key order.';
revoke all on function private.links_by_id_share() from public;

-- The live activities of an organisation's days with their mentor and contact
-- sets (in no particular order) and an order-free fingerprint of each set, from
-- the organisation's activities and link tables read in primary-key order and
-- merged: no sort, no hash table, whatever the statistics say.
create function private.activity_sets_in_key_order(org_id uuid, days date[])
returns table (
  id uuid, day date, kind public.activity_kind, path public.registration_path, county text, minutes integer,
  anonymous integer, in_norway boolean, created_at timestamptz,
  mentors uuid[], mentors_fingerprint bigint, contacts uuid[], contacts_fingerprint bigint
)
language sql stable
set search_path = pg_catalog, pg_temp
set jit = off
set enable_hashjoin = off
set enable_nestloop = off
set enable_mergejoin = on
set enable_hashagg = off
set enable_sort = off
set enable_seqscan = off
set enable_bitmapscan = off
set enable_indexscan = on
set enable_indexonlyscan = on
set max_parallel_workers_per_gather = 0
as $$
  select a.id, a.activity_date, a.kind, a.registration_path, coalesce(left(a.municipality_code, 2), 'unknown'),
         a.duration_minutes, a.anonymous_participants, a.in_norway, a.created_at,
         coalesce(m.mentors, '{}'), coalesce(m.fingerprint, 0), coalesce(c.contacts, '{}'), coalesce(c.fingerprint, 0)
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
    and a.activity_date <@ (select private.days_as_multirange(activity_sets_in_key_order.days))
    and a.deleted_at is null
$$;
comment on function private.activity_sets_in_key_order(uuid, date[]) is
  'The live activities of an organisation''s days with their mentor and contact sets and a fingerprint of each, reading the organisation''s activities and links in key order (for days holding much of the organisation).';
revoke all on function private.activity_sets_in_key_order(uuid, date[]) from public;

-- The same for a few days: their activities found by date, their links looked
-- up by id and hashed.
create function private.activity_sets_by_id(org_id uuid, days date[])
returns table (
  id uuid, day date, kind public.activity_kind, path public.registration_path, county text, minutes integer,
  anonymous integer, in_norway boolean, created_at timestamptz,
  mentors uuid[], mentors_fingerprint bigint, contacts uuid[], contacts_fingerprint bigint
)
language sql stable
set search_path = pg_catalog, pg_temp
set jit = off
set enable_hashjoin = on
set enable_hashagg = on
set enable_sort = on
set enable_nestloop = off
set enable_mergejoin = off
set enable_seqscan = off
set enable_bitmapscan = on
set enable_indexscan = on
set enable_indexonlyscan = on
set max_parallel_workers_per_gather = 0
as $$
  with scope as materialized (
    select a.id, a.activity_date, a.kind, a.registration_path, a.municipality_code, a.duration_minutes,
           a.anonymous_participants, a.in_norway, a.created_at
    from public.activities a
    where a.org_id = activity_sets_by_id.org_id
      and a.activity_date = any (activity_sets_by_id.days)
      and a.deleted_at is null
  )
  select s.id, s.activity_date, s.kind, s.registration_path, coalesce(left(s.municipality_code, 2), 'unknown'),
         s.duration_minutes, s.anonymous_participants, s.in_norway, s.created_at,
         coalesce(m.mentors, '{}'), coalesce(m.fingerprint, 0), coalesce(c.contacts, '{}'), coalesce(c.fingerprint, 0)
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
comment on function private.activity_sets_by_id(uuid, date[]) is
  'The live activities of an organisation''s days with their mentor and contact sets and a fingerprint of each, looking their links up by id (for days holding a small share of the organisation).';
revoke all on function private.activity_sets_by_id(uuid, date[]) from public;

create or replace function private.classify_activities(org_id uuid, days date[], rules public.bufdir_counting_rules)
returns table (
  id uuid, day date, kind public.activity_kind, path public.registration_path, county text,
  minutes integer, anonymous integer, mentors uuid[], active_mentors uuid[], contacts uuid[],
  is_duplicate boolean, counts boolean
)
language sql stable
set search_path = pg_catalog, pg_temp
set jit = off
set enable_hashjoin = off
set enable_nestloop = off
set enable_mergejoin = on
set enable_hashagg = on
set enable_sort = on
set enable_seqscan = on
set enable_bitmapscan = on
set enable_indexscan = on
set max_parallel_workers_per_gather = 0
set work_mem = '64MB'
as $$
  with by_id as (
    -- Look the links up by id when the days hold at most a share of the
    -- organisation's live activities, from the staleness bookkeeping.
    select coalesce(sum(s.live_activities) filter (where s.day = any (classify_activities.days)), 0)
           <= private.links_by_id_share() * coalesce(sum(s.live_activities), 0) as chosen
    from private.activity_day_stats s
    where s.org_id = classify_activities.org_id
  ), acts as materialized (
    select * from private.activity_sets_by_id(classify_activities.org_id, classify_activities.days)
    where (select b.chosen from by_id b)
    union all
    select * from private.activity_sets_in_key_order(classify_activities.org_id, classify_activities.days)
    where not (select b.chosen from by_id b)
  ), twin_candidates as materialized (
    -- Rule 2: direct entries of the same day, kind and set fingerprints as a
    -- proxy entry; their sets, sorted, are compared exactly below.
    select d.day, d.kind, array(select unnest(d.mentors) order by 1) as mentors, array(select unnest(d.contacts) order by 1) as contacts
    from acts d
    where case when d.path = 'direct'
            then (d.day, d.kind, d.mentors_fingerprint, d.contacts_fingerprint)
                 in (select p.day, p.kind, p.mentors_fingerprint, p.contacts_fingerprint from acts p where p.path = 'proxy')
            else false end
  ), judged as not materialized (
    select a.*,
      case when a.path = 'proxy'
        then (a.day, a.kind, array(select unnest(a.mentors) order by 1), array(select unnest(a.contacts) order by 1))
             in (select t.day, t.kind, t.mentors, t.contacts from twin_candidates t)
        else false end as is_duplicate
    from acts a
  ), eligible as (
    -- Rule 4: the days (of those asked for) each approved mentor is active.
    select p.mentor_id, d::date as day
    from public.mentor_active_periods p
    join public.members mem on mem.org_id = p.org_id and mem.user_id = p.mentor_id and mem.approval_status = 'approved'
    cross join lateral generate_series(
      greatest(p.active_from, (select min(x) from unnest(classify_activities.days) x))::timestamp,
      least(p.active_to, (select max(x) from unnest(classify_activities.days) x))::timestamp, interval '1 day') d
    where p.org_id = classify_activities.org_id
  ), mentor_links as (
    -- Rule 3 per activity, then one row per mentor, marked active when rule 4
    -- finds them approved and in an active period that day (a hashed lookup).
    select q.id, q.day, q.created_at, q.contacts, cardinality(q.mentors) = 1 as one_mentor, m.mentor_id,
           (m.mentor_id, q.day) in (select e.mentor_id, e.day from eligible e) as active
    from judged q
    cross join lateral unnest(q.mentors) m(mentor_id)
    where not q.is_duplicate
      and (q.in_norway or not (classify_activities.rules).require_in_norway)
      and q.kind = any ((classify_activities.rules).counting_kinds)
      and case q.kind
            when 'in_person_outreach' then cardinality(q.contacts) + q.anonymous >= (classify_activities.rules).outreach_min_participants
            when 'group_meeting' then cardinality(q.contacts) + q.anonymous >= (classify_activities.rules).group_min_participants
                                      and q.minutes >= (classify_activities.rules).group_min_minutes
            when 'mentor_course' then q.minutes >= (classify_activities.rules).course_min_minutes
            else true
          end
  ), qualified_links as (
    -- One row per active mentor and contact of a qualifying activity.
    select l.id, l.day, l.created_at, l.one_mentor, l.mentor_id, c.contact_id
    from mentor_links l
    left join lateral unnest(l.contacts) c(contact_id) on true
    where l.active
  ), first_with_contact as (
    -- Rule 5: whether the activity is the mentor's first of the day with this contact.
    select l.*,
      l.contact_id is not null
      and row_number() over (partition by l.mentor_id, l.day, l.contact_id order by l.created_at, l.id) = 1 as first_with_contact
    from qualified_links l
  ), per_mentor as (
    -- Per mentor and activity: first of the mentor's day, or bringing a contact new to them.
    select f.*,
      dense_rank() over (partition by f.mentor_id, f.day order by f.created_at, f.id) = 1 as first_of_day,
      bool_or(f.first_with_contact) over (partition by f.mentor_id, f.day, f.created_at, f.id) as new_contact,
      row_number() over (partition by f.mentor_id, f.day, f.created_at, f.id) = 1 as once
    from first_with_contact f
  ), counting_alone as materialized (
    -- One mentor: the verdict is theirs.
    select p.id from per_mentor p where p.once and p.one_mentor and (p.first_of_day or p.new_contact)
  ), counting_together as materialized (
    -- Several mentors: first of the day for every active one, or a contact new
    -- to every one of them. Each contact's group lists every active mentor.
    select v.id, min(v.active_mentors) as active_mentors
    from (select p.id, p.contact_id, array_agg(p.mentor_id order by p.mentor_id) as active_mentors,
                 bool_and(p.first_of_day) as first_of_day, bool_and(p.first_with_contact) as new_for_all
          from per_mentor p where not p.one_mentor
          group by p.id, p.contact_id) v
    group by v.id
    having bool_and(v.first_of_day) or bool_or(v.new_for_all)
  )
  select v.id, v.day, v.kind, v.path, v.county, v.minutes, v.anonymous, v.mentors,
         case when c.counts then v.mentors else '{}'::uuid[] end, v.contacts, v.is_duplicate, c.counts
  from judged v
  cross join lateral (select v.id in (select a.id from counting_alone a) as counts) c
  where cardinality(v.mentors) <= 1
  union all
  select v.id, v.day, v.kind, v.path, v.county, v.minutes, v.anonymous, v.mentors,
         coalesce(t.active_mentors, '{}'), v.contacts, v.is_duplicate, t.id is not null
  from judged v
  left join counting_together t on t.id = v.id
  where cardinality(v.mentors) > 1
$$;
comment on function private.classify_activities(uuid, date[], public.bufdir_counting_rules) is
  'Counting rules 1-5 for an organisation''s activities on the given days: per activity its mentor and contact sets (in no particular order), whether it is a merged proxy twin, whether it counts, and the active mentors it counts for (empty when it does not count).';

drop function private.links_by_id_limit();

-- migrate:down
drop function private.activity_sets_in_key_order(uuid, date[]);
drop function private.activity_sets_by_id(uuid, date[]);
drop function private.links_by_id_share();

-- Up to how many activities classify_activities looks their links up by id
-- rather than reading the organisation's link tables in one hashed pass. Both
-- are exact; tests set it to 0 to run the hashed pass on small data.
create function private.links_by_id_limit()
returns bigint
language sql immutable
set search_path = pg_catalog, pg_temp
as $$
  select 20000::bigint
$$;
comment on function private.links_by_id_limit() is
  'Up to how many activities private.classify_activities looks their links up by id instead of one hashed pass over the organisation''s links.';
revoke all on function private.links_by_id_limit() from public;

create or replace function private.classify_activities(org_id uuid, days date[], rules public.bufdir_counting_rules)
returns table (
  id uuid, day date, kind public.activity_kind, path public.registration_path, county text,
  minutes integer, anonymous integer, mentors uuid[], active_mentors uuid[], contacts uuid[],
  is_duplicate boolean, counts boolean
)
language sql stable
set search_path = pg_catalog, pg_temp
set jit = off
set enable_nestloop = off
set enable_mergejoin = off
set enable_sort = off
set enable_indexscan = off
set work_mem = '64MB'
as $$
  with scope as materialized (
    select a.id, a.activity_date as day, a.kind, a.registration_path as path, a.duration_minutes as minutes,
           a.anonymous_participants as anonymous, a.in_norway, coalesce(left(a.municipality_code, 2), 'unknown') as county,
           a.created_at
    from public.activities a
    where a.org_id = classify_activities.org_id
      and a.activity_date = any (classify_activities.days)
      and a.deleted_at is null
  ), few as (
    -- How many live activities the days hold, from the staleness bookkeeping.
    select coalesce(sum(s.live_activities), 0) <= private.links_by_id_limit() as by_id
    from private.activity_day_stats s
    where s.org_id = classify_activities.org_id and s.day = any (classify_activities.days)
  ), mentor_links as (
    select am.activity_id, am.mentor_id from public.activity_mentors am
    where (select f.by_id from few f) and am.org_id = classify_activities.org_id
      and am.activity_id = any (array(select s.id from scope s))
    union all
    select am.activity_id, am.mentor_id from public.activity_mentors am
    where not (select f.by_id from few f) and am.org_id = classify_activities.org_id
  ), contact_links as (
    select ap.activity_id, ap.contact_id from public.activity_participants ap
    where (select f.by_id from few f) and ap.org_id = classify_activities.org_id
      and ap.activity_id = any (array(select s.id from scope s))
    union all
    select ap.activity_id, ap.contact_id from public.activity_participants ap
    where not (select f.by_id from few f) and ap.org_id = classify_activities.org_id
  ), eligibility as (
    -- Rule 4's inputs: the organisation's approved mentors and their active periods.
    select p.mentor_id, p.active_from, coalesce(p.active_to, 'infinity'::date) as active_to
    from public.mentor_active_periods p
    join public.members mem on mem.org_id = p.org_id and mem.user_id = p.mentor_id
    where p.org_id = classify_activities.org_id and mem.approval_status = 'approved'
  ), mentor_sets as (
    select l.activity_id, array_agg(l.mentor_id order by l.mentor_id) as mentors,
           array_agg(l.mentor_id order by l.mentor_id) filter (where l.active) as active_mentors
    from (
      select am.activity_id, am.mentor_id, bool_or(e.mentor_id is not null) as active
      from mentor_links am
      join scope s on s.id = am.activity_id
      left join eligibility e on e.mentor_id = am.mentor_id and s.day between e.active_from and e.active_to
      group by am.activity_id, am.mentor_id
    ) l
    group by l.activity_id
  ), contact_sets as (
    select ap.activity_id, array_agg(ap.contact_id order by ap.contact_id) as contacts
    from contact_links ap
    join scope s on s.id = ap.activity_id
    group by ap.activity_id
  ), activity_sets as materialized (
    select s.*, coalesce(m.mentors, '{}') as mentors, coalesce(m.active_mentors, '{}') as active_mentors,
           coalesce(c.contacts, '{}') as contacts
    from scope s
    left join mentor_sets m on m.activity_id = s.id
    left join contact_sets c on c.activity_id = s.id
  ), proxy_events as (
    -- Rule 2: proxy entries are few; find the events that also have a direct entry.
    select distinct p.day, p.kind, p.mentors, p.contacts from activity_sets p where p.path = 'proxy'
  ), twinned_events as (
    select distinct d.day, d.kind, d.mentors, d.contacts
    from activity_sets d
    join proxy_events p on p.day = d.day and p.kind = d.kind and p.mentors = d.mentors and p.contacts = d.contacts
    where d.path = 'direct'
  ), qualified as materialized (
    -- Rule 3: counting kinds and their thresholds, in Norway, with an active mentor.
    select c.*,
      not c.is_duplicate
      and (c.in_norway or not (classify_activities.rules).require_in_norway)
      and c.kind = any ((classify_activities.rules).counting_kinds)
      and cardinality(c.active_mentors) > 0
      and case c.kind
            when 'in_person_outreach' then cardinality(c.contacts) + c.anonymous >= (classify_activities.rules).outreach_min_participants
            when 'group_meeting' then cardinality(c.contacts) + c.anonymous >= (classify_activities.rules).group_min_participants
                                      and c.minutes >= (classify_activities.rules).group_min_minutes
            when 'mentor_course' then c.minutes >= (classify_activities.rules).course_min_minutes
            else true
          end as qualifies
    from (
      select s.*, s.path = 'proxy' and t.day is not null as is_duplicate
      from activity_sets s
      left join twinned_events t on t.day = s.day and t.kind = s.kind and t.mentors = s.mentors and t.contacts = s.contacts
    ) c
  ), same_day as (
    -- Rule 5: per (mentor, day) and per (mentor, day, contact), the first
    -- qualifying activity in registration order.
    select q.id, x.contact_id,
      q.id = first_value(q.id) over (partition by m.mentor_id, q.day order by q.created_at, q.id) as first_of_day,
      q.id = first_value(q.id) over (partition by m.mentor_id, q.day, x.contact_id order by q.created_at, q.id) as first_with_contact
    from qualified q
    cross join lateral unnest(q.active_mentors) m(mentor_id)
    left join lateral unnest(q.contacts) x(contact_id) on true
    where q.qualifies
  ), same_day_verdicts as (
    -- Counts when first of the day for every active mentor, or bringing a contact
    -- new to every one of them.
    select c.id, bool_and(c.first_of_day) or coalesce(bool_or(c.new_for_every_mentor), false) as counts
    from (select d.id, d.contact_id, bool_and(d.first_of_day) as first_of_day,
                 d.contact_id is not null and bool_and(d.first_with_contact) as new_for_every_mentor
          from same_day d group by d.id, d.contact_id) c
    group by c.id
  )
  select q.id, q.day, q.kind, q.path, q.county, q.minutes, q.anonymous, q.mentors, q.active_mentors, q.contacts,
         q.is_duplicate, coalesce(v.counts, false)
  from qualified q left join same_day_verdicts v on v.id = q.id
$$;
comment on function private.classify_activities(uuid, date[], public.bufdir_counting_rules) is
  'Counting rules 1-5 for an organisation''s activities on the given days: per activity its sets, whether it is a merged proxy twin, whether it counts.';
