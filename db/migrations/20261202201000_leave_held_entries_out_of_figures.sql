-- Purpose: an entry held for review (above one of its organisation's review
-- limits and not confirmed) is left out of every figure, and counted as left out
-- under its own reason.
-- Objects: type public.left_out_reason (value held_for_review added: the type is
--          made again, so the value can be used in this migration);
--          private.day_left_out.reason and private.figure_cell.left_out follow it;
--          functions private.activity_sets_in_key_order(), private.activity_sets_by_id()
--          (now carry review_confirmed_at), private.figure_parts() (the new reason);
--          the stored day partials of organisations with review limits are dropped.
-- Why: migration 20261202190001 holds an entry above the organisation's review
-- limits out of the figures until a coordinator or admin confirms it, but the
-- aggregation did not read the limits: held entries still counted in every
-- figure. Now an entry whose mentors include none approved and active is left out
-- as no_active_mentor (that reason first, when both apply); otherwise one that
-- exceeds a review limit and has no confirmation is left out as held_for_review.
-- The limits are read once per classification (private.review_limits_of) and the
-- predicate's terms are written inline, as private.exceeds_review_limits states
-- them. Confirming, editing and changing the limits already mark days stale
-- (activity and roster bookkeeping), so the day partials follow.

-- migrate:up
-- A value added with ALTER TYPE ... ADD VALUE cannot be used in the transaction
-- that adds it; a type made in this transaction can.
alter type public.left_out_reason rename to left_out_reason_v1;
create type public.left_out_reason as enum ('no_active_mentor', 'held_for_review');
comment on type public.left_out_reason is
  'Why an entry is left out of every figure, the first that applies: no_active_mentor = none of its mentors is approved with an active period covering its date; held_for_review = it exceeds one of its organisation''s review limits and no coordinator or admin has confirmed it.';
alter table private.day_left_out alter column reason type public.left_out_reason using reason::text::public.left_out_reason;
alter type private.figure_cell alter attribute left_out type public.left_out_reason;
drop function private.figure_parts(uuid, date[], public.bufdir_counting_rules, boolean, uuid[], boolean);
drop function private.activity_sets_in_key_order(uuid, date[]);
drop function private.activity_sets_by_id(uuid, date[]);
drop type public.left_out_reason_v1;

-- Built while held entries still counted: classified again on demand.
delete from private.contact_days d where d.org_id in (select l.org_id from public.organisation_review_limits l);
delete from private.mentor_days d where d.org_id in (select l.org_id from public.organisation_review_limits l);
delete from private.day_partials p where p.org_id in (select l.org_id from public.organisation_review_limits l);

-- The live activities of an organisation's days with their mentor and contact
-- sets (in no particular order) and an order-free fingerprint of each set, from
-- the organisation's activities and link tables read in primary-key order and
-- merged: no sort, no hash table, whatever the statistics say.
create function private.activity_sets_in_key_order(org_id uuid, days date[])
returns table (
  id uuid, day date, kind public.activity_kind, path public.registration_path, county text, minutes integer,
  anonymous integer, in_norway boolean, created_at timestamptz,
  mentors uuid[], mentors_fingerprint bigint, contacts uuid[], contacts_fingerprint bigint,
  review_confirmed_at timestamptz
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
    and a.activity_date <@ (select private.days_as_multirange(activity_sets_in_key_order.days))
    and a.deleted_at is null
$$;
comment on function private.activity_sets_in_key_order(uuid, date[]) is
  'The live activities of an organisation''s days with their mentor and contact sets, a fingerprint of each and their review confirmation, reading the organisation''s activities and links in key order (for days holding much of the organisation).';
revoke all on function private.activity_sets_in_key_order(uuid, date[]) from public;

-- The same for a few days: their activities found by date, their links looked
-- up by id and hashed.
create function private.activity_sets_by_id(org_id uuid, days date[])
returns table (
  id uuid, day date, kind public.activity_kind, path public.registration_path, county text, minutes integer,
  anonymous integer, in_norway boolean, created_at timestamptz,
  mentors uuid[], mentors_fingerprint bigint, contacts uuid[], contacts_fingerprint bigint,
  review_confirmed_at timestamptz
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
comment on function private.activity_sets_by_id(uuid, date[]) is
  'The live activities of an organisation''s days with their mentor and contact sets, a fingerprint of each and their review confirmation, looking their links up by id (for days holding a small share of the organisation).';
revoke all on function private.activity_sets_by_id(uuid, date[]) from public;


create function private.figure_parts(org_id uuid, days date[], rules public.bufdir_counting_rules,
                                     every_mentor boolean, mentor_ids uuid[], by_day boolean)
returns table (
  scope uuid, part text, day date, kind public.activity_kind, path public.registration_path, county text,
  left_out public.left_out_reason,
  activity_days bigint, activities bigint, duplicates bigint, participations bigint, lower_bound boolean, minutes bigint,
  member uuid, member_days datemultirange, members bigint
)
language sql stable
set search_path = pg_catalog, pg_temp
set jit = off
-- Joins and groups are hashed; rule 5's numbering is the one sort.
set enable_hashjoin = on
set enable_nestloop = off
set enable_mergejoin = off
set enable_hashagg = on
set enable_sort = off
set enable_seqscan = on
set enable_bitmapscan = on
set enable_indexscan = on
set max_parallel_workers_per_gather = 0
set work_mem = '16MB'
as $$
  with by_id as (
    -- Look the links up by id when the days hold at most a share of the
    -- organisation's live activities, from the staleness bookkeeping.
    select coalesce(sum(s.live_activities) filter (where s.day = any (figure_parts.days)), 0)
           <= private.links_by_id_share() * coalesce(sum(s.live_activities), 0) as chosen
    from private.activity_day_stats s
    where s.org_id = figure_parts.org_id
  ), eligible as (
    -- Rule 4: the days (of those asked for) each approved mentor is active.
    select p.mentor_id, d::date as day
    from public.mentor_active_periods p
    join public.members mem on mem.org_id = p.org_id and mem.user_id = p.mentor_id and mem.approval_status = 'approved'
    cross join lateral generate_series(
      greatest(p.active_from, (select min(x) from unnest(figure_parts.days) x))::timestamp,
      least(p.active_to, (select max(x) from unnest(figure_parts.days) x))::timestamp, interval '1 day') d
    where p.org_id = figure_parts.org_id
  ), acts as materialized (
    -- Each activity with the reason it is left out of every figure, if any; the
    -- first that applies: none of its mentors approved and active on its date
    -- (rule 4), then held for review: a value above one of the organisation's
    -- review limits (read once, an init plan) and no confirmation. The limits'
    -- terms are written out here: a function with a pinned search path is never
    -- inlined and would cost a call per row.
    select s.id, s.day, s.kind, s.path, s.county, s.minutes, s.anonymous, s.in_norway, s.created_at,
           s.mentors, s.mentors_fingerprint, s.contacts, s.contacts_fingerprint,
      case when not case cardinality(s.mentors)
                      when 0 then false
                      when 1 then (s.mentors[1], s.day) in (select e.mentor_id, e.day from eligible e)
                      else exists (select from unnest(s.mentors) m(mentor_id)
                                   where (m.mentor_id, s.day) in (select e.mentor_id, e.day from eligible e))
                    end
           then 'no_active_mentor'::public.left_out_reason
           when s.review_confirmed_at is null
                and (coalesce(s.minutes > (s.limits).max_minutes_per_activity, false)
                     or coalesce(s.anonymous > (s.limits).max_anonymous_participants, false)
                     or coalesce(cardinality(s.contacts) > (s.limits).max_known_participants, false))
           then 'held_for_review'::public.left_out_reason
      end as left_out
    from (
      select u.*, (select private.review_limits_of(figure_parts.org_id)) as limits
      from (
        select * from private.activity_sets_by_id(figure_parts.org_id, figure_parts.days)
        where (select b.chosen from by_id b)
        union all
        select * from private.activity_sets_in_key_order(figure_parts.org_id, figure_parts.days)
        where not (select b.chosen from by_id b)
      ) u
    ) s
  ), proxies as materialized (
    -- Rule 2 compares proxy entries, usually a small share, with direct ones.
    select p.id, p.created_at, p.day, p.kind, p.county, p.minutes, p.anonymous, p.in_norway,
           p.mentors_fingerprint, p.contacts_fingerprint, p.mentors, p.contacts
    from acts p
    where p.path = 'proxy' and p.left_out is null
  ), twin_candidates as materialized (
    -- Direct entries agreeing with a proxy entry on the day, the kind, every
    -- value a figure reads and the set fingerprints (hashed lookups, the first
    -- of one column).
    select d.id, d.day, d.kind, d.county, d.minutes, d.anonymous, d.in_norway,
           d.mentors_fingerprint, d.contacts_fingerprint, d.mentors, d.contacts
    from acts d
    where case when d.path = 'direct' and d.left_out is null
                    and d.contacts_fingerprint in (select p.contacts_fingerprint from proxies p)
            then (d.day, d.kind, d.county, d.minutes, d.anonymous, d.in_norway, d.mentors_fingerprint, d.contacts_fingerprint)
                 in (select p.day, p.kind, p.county, p.minutes, p.anonymous, p.in_norway, p.mentors_fingerprint, p.contacts_fingerprint
                     from proxies p)
            else false end
  ), duplicates as materialized (
    -- The proxy entries whose sets are those of such a direct entry, compared
    -- exactly (as sets: an activity lists a mentor or a contact once), with the
    -- direct entry they merge into.
    select p.id, p.created_at, t.id as direct_id
    from proxies p
    join twin_candidates t on t.day = p.day and t.kind = p.kind and t.county = p.county and t.minutes = p.minutes
      and t.anonymous = p.anonymous and t.in_norway = p.in_norway
      and t.mentors_fingerprint = p.mentors_fingerprint and t.contacts_fingerprint = p.contacts_fingerprint
    where cardinality(p.mentors) = cardinality(t.mentors) and p.mentors <@ t.mentors
      and cardinality(p.contacts) = cardinality(t.contacts) and p.contacts <@ t.contacts
  ), merged_order as materialized (
    -- A direct entry with merged twins takes the earliest registration of them.
    select distinct on (d.direct_id) d.direct_id, d.created_at, d.id
    from duplicates d
    order by d.direct_id, d.created_at, d.id
  ), judged as not materialized (
    select a.*,
      case when a.path = 'proxy' and a.left_out is null then a.id in (select d.id from duplicates d) else false end as is_duplicate
    from acts a
  ), mentor_links as (
    -- Rule 3 per activity, then one row per active mentor,
    -- with the activity's place in registration order. Arrays are unnested in
    -- select lists throughout: no row store per activity.
    select l.*
    from (
      select q.id, q.day, q.kind, q.path, q.county, q.created_at, q.contacts,
             case when (m.created_at, m.id) < (q.created_at, q.id) then m.created_at else q.created_at end as order_at,
             case when (m.created_at, m.id) < (q.created_at, q.id) then m.id else q.id end as order_id,
             cardinality(q.mentors) = 1 as one_mentor, case when cardinality(q.mentors) > 1 then q.mentors end as co_mentors,
             unnest(q.mentors) as mentor_id
      from judged q
      left join merged_order m on m.direct_id = q.id
      where not q.is_duplicate and q.left_out is null
        and (q.in_norway or not (figure_parts.rules).require_in_norway)
        and q.kind = any ((figure_parts.rules).counting_kinds)
        and case q.kind
              when 'in_person_outreach' then cardinality(q.contacts) + q.anonymous >= (figure_parts.rules).outreach_min_participants
              when 'group_meeting' then cardinality(q.contacts) + q.anonymous >= (figure_parts.rules).group_min_participants
                                        and q.minutes >= (figure_parts.rules).group_min_minutes
              when 'mentor_course' then q.minutes >= (figure_parts.rules).course_min_minutes
              else true
            end
    ) l
    -- An activity in scope with one mentor has them active; others are looked up.
    where l.one_mentor or (l.mentor_id, l.day) in (select e.mentor_id, e.day from eligible e)
  ), ranked as materialized (
    -- Rule 5, per active mentor and day: the activities numbered in registration
    -- order (one sort; no array grows).
    select l.id, l.day, l.kind, l.path, l.county, l.mentor_id, l.one_mentor, l.co_mentors, l.contacts,
           row_number() over (partition by l.mentor_id, l.day order by l.order_at, l.order_id, l.created_at, l.id) as rank
    from mentor_links l
  ), bringing_new as (
    -- The activities that are the first of the mentor's day to name a contact:
    -- the least number per (mentor, day, contact), hashed (the lookup below
    -- hashes the repeats away).
    select f.mentor_id, f.day, f.rank
    from (select x.mentor_id, x.day, min(x.rank) as rank
          from (select r.mentor_id, r.day, r.rank, unnest(r.contacts) as contact_id from ranked r) x
          group by x.mentor_id, x.day, x.contact_id) f
    where f.rank > 1
  ), verdicts as materialized (
    -- New for the mentor: the first of their day, or the first to name a contact
    -- (a hashed lookup).
    select r.id, r.day, r.kind, r.path, r.county, r.mentor_id, r.one_mentor, r.co_mentors,
           r.rank = 1 or (r.mentor_id, r.day, r.rank) in (select n.mentor_id, n.day, n.rank from bringing_new n) as new
    from ranked r
  ), counting as not materialized (
    -- An activity counts when it is new for at least one of its active mentors:
    -- a single mentor's (active, so no arrays), and the co-mentored ones with
    -- their mentors and active mentors.
    select v.day, v.kind, v.path, v.county, v.mentor_id, null::uuid[] as mentors, null::uuid[] as active_mentors
    from verdicts v
    where v.one_mentor and v.new
    union all
    select min(v.day), min(v.kind), min(v.path), min(v.county), null, min(v.co_mentors), array_agg(v.mentor_id)
    from verdicts v
    where not v.one_mentor
    group by v.id
    having bool_or(v.new)
  ), mentor_activities as not materialized (
    -- Each wanted mentor's activities (rule 7).
    select m.*
    from (select unnest(a.mentors) as scope, a.* from judged a
          where figure_parts.every_mentor or cardinality(figure_parts.mentor_ids) > 0) m
    where figure_parts.every_mentor or m.scope = any (figure_parts.mentor_ids)
  ), mentor_counting as not materialized (
    select m.*
    from (select unnest(coalesce(c.mentors, array[c.mentor_id])) as scope, c.* from counting c
          where figure_parts.every_mentor or cardinality(figure_parts.mentor_ids) > 0) m
    where figure_parts.every_mentor or m.scope = any (figure_parts.mentor_ids)
  )
  -- Cells: grouped by day first, then by month when asked (a few thousand rows).
  -- Entries left out make cells of their own, keyed by the reason alone.
  select u.scope, 'cell', case when figure_parts.by_day then u.day else date_trunc('month', u.day::timestamp)::date end,
         u.kind, u.path, u.county, u.left_out,
         sum(u.activity_days)::bigint, sum(u.activities)::bigint, sum(u.duplicates)::bigint, sum(u.participations)::bigint,
         bool_or(u.lower_bound), sum(u.minutes)::bigint, null::uuid, null::datemultirange, null::bigint
  from (
    select s.scope, s.day, s.kind, s.path, s.county, s.left_out, 0 as activity_days,
           count(*) filter (where not s.is_duplicate) as activities, count(*) filter (where s.is_duplicate) as duplicates,
           coalesce(sum(cardinality(s.contacts) + s.anonymous) filter (where not s.is_duplicate), 0) as participations,
           coalesce(bool_or(s.anonymous > 0) filter (where not s.is_duplicate), false) as lower_bound,
           coalesce(sum(s.minutes) filter (where not s.is_duplicate), 0) as minutes
    from (select null::uuid as scope, a.day, a.kind, a.path, a.county, a.left_out, a.is_duplicate, a.contacts, a.anonymous, a.minutes
          from judged a where a.left_out is null
          union all
          select m.scope, m.day, m.kind, m.path, m.county, m.left_out, m.is_duplicate, m.contacts, m.anonymous, m.minutes
          from mentor_activities m where m.left_out is null) s
    group by s.scope, s.day, s.kind, s.path, s.county, s.left_out
    union all
    select s.scope, s.day, null, null, null, s.left_out, 0, count(*), 0, 0, false, 0
    from (select null::uuid as scope, a.day, a.left_out from judged a where a.left_out is not null
          union all
          select m.scope, m.day, m.left_out from mentor_activities m where m.left_out is not null) s
    group by s.scope, s.day, s.left_out
    union all
    select c.scope, c.day, c.kind, c.path, c.county, null, count(*), 0, 0, 0, false, 0
    from (select null::uuid as scope, c.* from counting c union all select m.* from mentor_counting m) c
    group by c.scope, c.day, c.kind, c.path, c.county
  ) u
  group by u.scope, case when figure_parts.by_day then u.day else date_trunc('month', u.day::timestamp)::date end,
           u.kind, u.path, u.county, u.left_out
  union all
  -- The organisation's contacts (those of activities neither merged nor left
  -- out), each once, with the days they were seen when by day.
  select null, 'contact', null, null, null, null, null, null, null, null, null, null, null, x.contact_id,
         range_agg(daterange(x.day, x.day, '[]')), 1
  from (select a.day, unnest(a.contacts) as contact_id from judged a
        where figure_parts.by_day and not a.is_duplicate and a.left_out is null) x
  group by x.contact_id
  union all
  select null, 'contact', null, null, null, null, null, null, null, null, null, null, null, x.contact_id, null, 1
  from (select unnest(a.contacts) as contact_id from judged a
        where not figure_parts.by_day and not a.is_duplicate and a.left_out is null) x
  group by x.contact_id
  union all
  -- The organisation's active mentors of counting activities, each once, with
  -- the days they were counted when by day.
  select null, 'mentor', null, null, null, null, null, null, null, null, null, null, null, m.mentor_id,
         range_agg(daterange(m.day, m.day, '[]')) filter (where figure_parts.by_day), 1
  from (select c.day, c.mentor_id from counting c where c.active_mentors is null
        union all
        select c.day, unnest(c.active_mentors) from counting c where c.active_mentors is not null) m
  group by m.mentor_id
  union all
  -- Per wanted mentor, how many contacts and active mentors: counted here, as
  -- no partials are kept for them.
  select g.scope, 'contact', null, null, null, null, null, null, null, null, null, null, null, null, null, count(*)
  from (select x.scope from (select m.scope, unnest(m.contacts) as contact_id from mentor_activities m
                             where not m.is_duplicate and m.left_out is null) x
        group by x.scope, x.contact_id) g
  group by g.scope
  union all
  select g.scope, 'mentor', null, null, null, null, null, null, null, null, null, null, null, null, null, count(*)
  from (select y.scope from (select m.scope, unnest(coalesce(m.active_mentors, array[m.mentor_id])) as mentor_id from mentor_counting m) y
        group by y.scope, y.mentor_id) g
  group by g.scope
$$;
comment on function private.figure_parts(uuid, date[], public.bufdir_counting_rules, boolean, uuid[], boolean) is
  'Counting rules 1-7 over an organisation''s activities on the given days, as the parts figures are made of: additive cells by day or by month (part ''cell'') for the organisation (scope null) and for every mentor or the given ones, entries left out (no active mentor, then held for review) counted in cells of their own (left_out set); the organisation''s contacts of activities neither merged nor left out (''contact'') and active mentors of counting ones (''mentor''), one row each, with the days they were seen when by_day; and each mentor scope''s number of those (members).';
revoke all on function private.figure_parts(uuid, date[], public.bufdir_counting_rules, boolean, uuid[], boolean) from public;

-- migrate:down
-- Built with held entries left out: classified again on demand.
delete from private.contact_days d where d.org_id in (select l.org_id from public.organisation_review_limits l);
delete from private.mentor_days d where d.org_id in (select l.org_id from public.organisation_review_limits l);
delete from private.day_partials p where p.org_id in (select l.org_id from public.organisation_review_limits l);
delete from private.day_left_out l where l.reason = 'held_for_review';

drop function private.figure_parts(uuid, date[], public.bufdir_counting_rules, boolean, uuid[], boolean);
drop function private.activity_sets_in_key_order(uuid, date[]);
drop function private.activity_sets_by_id(uuid, date[]);
alter type public.left_out_reason rename to left_out_reason_v2;
create type public.left_out_reason as enum ('no_active_mentor');
comment on type public.left_out_reason is
  'Why an entry is left out of every figure: no_active_mentor = none of its mentors is approved with an active period covering its date.';
alter table private.day_left_out alter column reason type public.left_out_reason using reason::text::public.left_out_reason;
alter type private.figure_cell alter attribute left_out type public.left_out_reason;
drop type public.left_out_reason_v2;

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


create function private.figure_parts(org_id uuid, days date[], rules public.bufdir_counting_rules,
                                     every_mentor boolean, mentor_ids uuid[], by_day boolean)
returns table (
  scope uuid, part text, day date, kind public.activity_kind, path public.registration_path, county text,
  left_out public.left_out_reason,
  activity_days bigint, activities bigint, duplicates bigint, participations bigint, lower_bound boolean, minutes bigint,
  member uuid, member_days datemultirange, members bigint
)
language sql stable
set search_path = pg_catalog, pg_temp
set jit = off
-- Joins and groups are hashed; rule 5's numbering is the one sort.
set enable_hashjoin = on
set enable_nestloop = off
set enable_mergejoin = off
set enable_hashagg = on
set enable_sort = off
set enable_seqscan = on
set enable_bitmapscan = on
set enable_indexscan = on
set max_parallel_workers_per_gather = 0
set work_mem = '16MB'
as $$
  with by_id as (
    -- Look the links up by id when the days hold at most a share of the
    -- organisation's live activities, from the staleness bookkeeping.
    select coalesce(sum(s.live_activities) filter (where s.day = any (figure_parts.days)), 0)
           <= private.links_by_id_share() * coalesce(sum(s.live_activities), 0) as chosen
    from private.activity_day_stats s
    where s.org_id = figure_parts.org_id
  ), eligible as (
    -- Rule 4: the days (of those asked for) each approved mentor is active.
    select p.mentor_id, d::date as day
    from public.mentor_active_periods p
    join public.members mem on mem.org_id = p.org_id and mem.user_id = p.mentor_id and mem.approval_status = 'approved'
    cross join lateral generate_series(
      greatest(p.active_from, (select min(x) from unnest(figure_parts.days) x))::timestamp,
      least(p.active_to, (select max(x) from unnest(figure_parts.days) x))::timestamp, interval '1 day') d
    where p.org_id = figure_parts.org_id
  ), acts as materialized (
    -- Each activity with the reason it is left out of every figure, if any
    -- (rule 4): none of its mentors approved and active on its date. A further
    -- reason is one more value of the enum and one more branch here.
    select s.*,
      case when not case cardinality(s.mentors)
                      when 0 then false
                      when 1 then (s.mentors[1], s.day) in (select e.mentor_id, e.day from eligible e)
                      else exists (select from unnest(s.mentors) m(mentor_id)
                                   where (m.mentor_id, s.day) in (select e.mentor_id, e.day from eligible e))
                    end
           then 'no_active_mentor'::public.left_out_reason
      end as left_out
    from (
      select * from private.activity_sets_by_id(figure_parts.org_id, figure_parts.days)
      where (select b.chosen from by_id b)
      union all
      select * from private.activity_sets_in_key_order(figure_parts.org_id, figure_parts.days)
      where not (select b.chosen from by_id b)
    ) s
  ), proxies as materialized (
    -- Rule 2 compares proxy entries, usually a small share, with direct ones.
    select p.id, p.created_at, p.day, p.kind, p.county, p.minutes, p.anonymous, p.in_norway,
           p.mentors_fingerprint, p.contacts_fingerprint, p.mentors, p.contacts
    from acts p
    where p.path = 'proxy' and p.left_out is null
  ), twin_candidates as materialized (
    -- Direct entries agreeing with a proxy entry on the day, the kind, every
    -- value a figure reads and the set fingerprints (hashed lookups, the first
    -- of one column).
    select d.id, d.day, d.kind, d.county, d.minutes, d.anonymous, d.in_norway,
           d.mentors_fingerprint, d.contacts_fingerprint, d.mentors, d.contacts
    from acts d
    where case when d.path = 'direct' and d.left_out is null
                    and d.contacts_fingerprint in (select p.contacts_fingerprint from proxies p)
            then (d.day, d.kind, d.county, d.minutes, d.anonymous, d.in_norway, d.mentors_fingerprint, d.contacts_fingerprint)
                 in (select p.day, p.kind, p.county, p.minutes, p.anonymous, p.in_norway, p.mentors_fingerprint, p.contacts_fingerprint
                     from proxies p)
            else false end
  ), duplicates as materialized (
    -- The proxy entries whose sets are those of such a direct entry, compared
    -- exactly (as sets: an activity lists a mentor or a contact once), with the
    -- direct entry they merge into.
    select p.id, p.created_at, t.id as direct_id
    from proxies p
    join twin_candidates t on t.day = p.day and t.kind = p.kind and t.county = p.county and t.minutes = p.minutes
      and t.anonymous = p.anonymous and t.in_norway = p.in_norway
      and t.mentors_fingerprint = p.mentors_fingerprint and t.contacts_fingerprint = p.contacts_fingerprint
    where cardinality(p.mentors) = cardinality(t.mentors) and p.mentors <@ t.mentors
      and cardinality(p.contacts) = cardinality(t.contacts) and p.contacts <@ t.contacts
  ), merged_order as materialized (
    -- A direct entry with merged twins takes the earliest registration of them.
    select distinct on (d.direct_id) d.direct_id, d.created_at, d.id
    from duplicates d
    order by d.direct_id, d.created_at, d.id
  ), judged as not materialized (
    select a.*,
      case when a.path = 'proxy' and a.left_out is null then a.id in (select d.id from duplicates d) else false end as is_duplicate
    from acts a
  ), mentor_links as (
    -- Rule 3 per activity, then one row per active mentor,
    -- with the activity's place in registration order. Arrays are unnested in
    -- select lists throughout: no row store per activity.
    select l.*
    from (
      select q.id, q.day, q.kind, q.path, q.county, q.created_at, q.contacts,
             case when (m.created_at, m.id) < (q.created_at, q.id) then m.created_at else q.created_at end as order_at,
             case when (m.created_at, m.id) < (q.created_at, q.id) then m.id else q.id end as order_id,
             cardinality(q.mentors) = 1 as one_mentor, case when cardinality(q.mentors) > 1 then q.mentors end as co_mentors,
             unnest(q.mentors) as mentor_id
      from judged q
      left join merged_order m on m.direct_id = q.id
      where not q.is_duplicate and q.left_out is null
        and (q.in_norway or not (figure_parts.rules).require_in_norway)
        and q.kind = any ((figure_parts.rules).counting_kinds)
        and case q.kind
              when 'in_person_outreach' then cardinality(q.contacts) + q.anonymous >= (figure_parts.rules).outreach_min_participants
              when 'group_meeting' then cardinality(q.contacts) + q.anonymous >= (figure_parts.rules).group_min_participants
                                        and q.minutes >= (figure_parts.rules).group_min_minutes
              when 'mentor_course' then q.minutes >= (figure_parts.rules).course_min_minutes
              else true
            end
    ) l
    -- An activity in scope with one mentor has them active; others are looked up.
    where l.one_mentor or (l.mentor_id, l.day) in (select e.mentor_id, e.day from eligible e)
  ), ranked as materialized (
    -- Rule 5, per active mentor and day: the activities numbered in registration
    -- order (one sort; no array grows).
    select l.id, l.day, l.kind, l.path, l.county, l.mentor_id, l.one_mentor, l.co_mentors, l.contacts,
           row_number() over (partition by l.mentor_id, l.day order by l.order_at, l.order_id, l.created_at, l.id) as rank
    from mentor_links l
  ), bringing_new as (
    -- The activities that are the first of the mentor's day to name a contact:
    -- the least number per (mentor, day, contact), hashed (the lookup below
    -- hashes the repeats away).
    select f.mentor_id, f.day, f.rank
    from (select x.mentor_id, x.day, min(x.rank) as rank
          from (select r.mentor_id, r.day, r.rank, unnest(r.contacts) as contact_id from ranked r) x
          group by x.mentor_id, x.day, x.contact_id) f
    where f.rank > 1
  ), verdicts as materialized (
    -- New for the mentor: the first of their day, or the first to name a contact
    -- (a hashed lookup).
    select r.id, r.day, r.kind, r.path, r.county, r.mentor_id, r.one_mentor, r.co_mentors,
           r.rank = 1 or (r.mentor_id, r.day, r.rank) in (select n.mentor_id, n.day, n.rank from bringing_new n) as new
    from ranked r
  ), counting as not materialized (
    -- An activity counts when it is new for at least one of its active mentors:
    -- a single mentor's (active, so no arrays), and the co-mentored ones with
    -- their mentors and active mentors.
    select v.day, v.kind, v.path, v.county, v.mentor_id, null::uuid[] as mentors, null::uuid[] as active_mentors
    from verdicts v
    where v.one_mentor and v.new
    union all
    select min(v.day), min(v.kind), min(v.path), min(v.county), null, min(v.co_mentors), array_agg(v.mentor_id)
    from verdicts v
    where not v.one_mentor
    group by v.id
    having bool_or(v.new)
  ), mentor_activities as not materialized (
    -- Each wanted mentor's activities (rule 7).
    select m.*
    from (select unnest(a.mentors) as scope, a.* from judged a
          where figure_parts.every_mentor or cardinality(figure_parts.mentor_ids) > 0) m
    where figure_parts.every_mentor or m.scope = any (figure_parts.mentor_ids)
  ), mentor_counting as not materialized (
    select m.*
    from (select unnest(coalesce(c.mentors, array[c.mentor_id])) as scope, c.* from counting c
          where figure_parts.every_mentor or cardinality(figure_parts.mentor_ids) > 0) m
    where figure_parts.every_mentor or m.scope = any (figure_parts.mentor_ids)
  )
  -- Cells: grouped by day first, then by month when asked (a few thousand rows).
  -- Entries left out make cells of their own, keyed by the reason alone.
  select u.scope, 'cell', case when figure_parts.by_day then u.day else date_trunc('month', u.day::timestamp)::date end,
         u.kind, u.path, u.county, u.left_out,
         sum(u.activity_days)::bigint, sum(u.activities)::bigint, sum(u.duplicates)::bigint, sum(u.participations)::bigint,
         bool_or(u.lower_bound), sum(u.minutes)::bigint, null::uuid, null::datemultirange, null::bigint
  from (
    select s.scope, s.day, s.kind, s.path, s.county, s.left_out, 0 as activity_days,
           count(*) filter (where not s.is_duplicate) as activities, count(*) filter (where s.is_duplicate) as duplicates,
           coalesce(sum(cardinality(s.contacts) + s.anonymous) filter (where not s.is_duplicate), 0) as participations,
           coalesce(bool_or(s.anonymous > 0) filter (where not s.is_duplicate), false) as lower_bound,
           coalesce(sum(s.minutes) filter (where not s.is_duplicate), 0) as minutes
    from (select null::uuid as scope, a.day, a.kind, a.path, a.county, a.left_out, a.is_duplicate, a.contacts, a.anonymous, a.minutes
          from judged a where a.left_out is null
          union all
          select m.scope, m.day, m.kind, m.path, m.county, m.left_out, m.is_duplicate, m.contacts, m.anonymous, m.minutes
          from mentor_activities m where m.left_out is null) s
    group by s.scope, s.day, s.kind, s.path, s.county, s.left_out
    union all
    select s.scope, s.day, null, null, null, s.left_out, 0, count(*), 0, 0, false, 0
    from (select null::uuid as scope, a.day, a.left_out from judged a where a.left_out is not null
          union all
          select m.scope, m.day, m.left_out from mentor_activities m where m.left_out is not null) s
    group by s.scope, s.day, s.left_out
    union all
    select c.scope, c.day, c.kind, c.path, c.county, null, count(*), 0, 0, 0, false, 0
    from (select null::uuid as scope, c.* from counting c union all select m.* from mentor_counting m) c
    group by c.scope, c.day, c.kind, c.path, c.county
  ) u
  group by u.scope, case when figure_parts.by_day then u.day else date_trunc('month', u.day::timestamp)::date end,
           u.kind, u.path, u.county, u.left_out
  union all
  -- The organisation's contacts (those of activities neither merged nor left
  -- out), each once, with the days they were seen when by day.
  select null, 'contact', null, null, null, null, null, null, null, null, null, null, null, x.contact_id,
         range_agg(daterange(x.day, x.day, '[]')), 1
  from (select a.day, unnest(a.contacts) as contact_id from judged a
        where figure_parts.by_day and not a.is_duplicate and a.left_out is null) x
  group by x.contact_id
  union all
  select null, 'contact', null, null, null, null, null, null, null, null, null, null, null, x.contact_id, null, 1
  from (select unnest(a.contacts) as contact_id from judged a
        where not figure_parts.by_day and not a.is_duplicate and a.left_out is null) x
  group by x.contact_id
  union all
  -- The organisation's active mentors of counting activities, each once, with
  -- the days they were counted when by day.
  select null, 'mentor', null, null, null, null, null, null, null, null, null, null, null, m.mentor_id,
         range_agg(daterange(m.day, m.day, '[]')) filter (where figure_parts.by_day), 1
  from (select c.day, c.mentor_id from counting c where c.active_mentors is null
        union all
        select c.day, unnest(c.active_mentors) from counting c where c.active_mentors is not null) m
  group by m.mentor_id
  union all
  -- Per wanted mentor, how many contacts and active mentors: counted here, as
  -- no partials are kept for them.
  select g.scope, 'contact', null, null, null, null, null, null, null, null, null, null, null, null, null, count(*)
  from (select x.scope from (select m.scope, unnest(m.contacts) as contact_id from mentor_activities m
                             where not m.is_duplicate and m.left_out is null) x
        group by x.scope, x.contact_id) g
  group by g.scope
  union all
  select g.scope, 'mentor', null, null, null, null, null, null, null, null, null, null, null, null, null, count(*)
  from (select y.scope from (select m.scope, unnest(coalesce(m.active_mentors, array[m.mentor_id])) as mentor_id from mentor_counting m) y
        group by y.scope, y.mentor_id) g
  group by g.scope
$$;
comment on function private.figure_parts(uuid, date[], public.bufdir_counting_rules, boolean, uuid[], boolean) is
  'Counting rules 1-7 over an organisation''s activities on the given days, as the parts figures are made of: additive cells by day or by month (part ''cell'') for the organisation (scope null) and for every mentor or the given ones, entries left out counted in cells of their own (left_out set); the organisation''s contacts of activities neither merged nor left out (''contact'') and active mentors of counting ones (''mentor''), one row each, with the days they were seen when by_day; and each mentor scope''s number of those (members).';
revoke all on function private.figure_parts(uuid, date[], public.bufdir_counting_rules, boolean, uuid[], boolean) from public;
