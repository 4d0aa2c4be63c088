-- Purpose: who counts, and how, as the counting rules state them now: an entry
-- with no approved, active mentor is left out of every figure (and counted as
-- left out, with its reason); proxy twins merge only when nothing a figure reads
-- differs; rule 5 is judged per mentor, in linear time.
-- Objects: type public.left_out_reason; attribute left_out of private.figure_cell;
--          table private.day_left_out; functions private.figure_parts(),
--          private.figure_documents(), private.figure_shape() (shape version 2,
--          breakdown entries_left_out_by_reason), private.aggregate_figures(),
--          private.refresh_day_partials(); aggregate private.array_concat_agg dropped;
--          the stored day partials, built under the previous rules, are dropped.
-- Why: a pending mentor's entries added their participants and minutes to the
-- published figures; a direct twin that differed (abroad, say) cancelled a
-- colleague's counting entry; rule 5 compared with activities that did not count
-- themselves and, through a running union of contact arrays, cost time quadratic
-- in one day's entries and one entry's contacts; and an aggregate cannot pin its
-- search path.

-- migrate:up
create type public.left_out_reason as enum ('no_active_mentor');
comment on type public.left_out_reason is
  'Why an entry is left out of every figure: no_active_mentor = none of its mentors is approved with an active period covering its date.';

alter type private.figure_cell add attribute left_out public.left_out_reason;
comment on type private.figure_cell is
  'Additive figures of one scope (an organisation, or a mentor), day (or month) and breakdown keys; the unit the aggregation sums. A cell with left_out set counts, in activities, the entries left out for that reason (its other keys null, its other figures zero).';

-- Keyed day first like day_cells: a period is one range of the primary key.
create table private.day_left_out (
  org_id uuid not null,
  day date not null,
  reason public.left_out_reason not null,
  entries bigint not null,
  primary key (org_id, day, reason),
  foreign key (org_id, day) references private.day_partials (org_id, day) on delete cascade
);
comment on table private.day_left_out is 'How many of the organisation''s entries of one day are left out of every figure, per reason.';
alter table private.day_left_out enable row level security;

-- Built under the previous rules (same rule version): classified again on demand.
delete from private.contact_days;
delete from private.mentor_days;
delete from private.day_partials;

drop function private.figure_parts(uuid, date[], public.bufdir_counting_rules, boolean, uuid[], boolean);
drop aggregate private.array_concat_agg(anycompatiblearray);

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

create or replace function private.figure_shape()
returns jsonb
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select jsonb_build_object(
    'shape_version', 2,
    'totals', jsonb_build_array(
      'activity_days', 'activities_total', 'activities_non_counting', 'proxy_duplicates_merged',
      'participations', 'unique_participants', 'unique_participants_is_lower_bound',
      'minutes_total', 'active_mentors'),
    'flag_total', 'unique_participants_is_lower_bound',
    'breakdowns', jsonb_build_array(
      jsonb_build_object('name', 'activity_days_by_kind', 'keys', 'activity_kind'),
      jsonb_build_object('name', 'activities_by_kind', 'keys', 'activity_kind'),
      jsonb_build_object('name', 'activities_by_path', 'keys', 'registration_path'),
      jsonb_build_object('name', 'activity_days_by_month', 'keys', 'month'),
      jsonb_build_object('name', 'activity_days_by_county', 'keys', 'county'),
      jsonb_build_object('name', 'entries_left_out_by_reason', 'keys', 'left_out_reason')),
    'key_patterns', jsonb_build_object(
      'activity_kind', '^(' || array_to_string(enum_range(null::public.activity_kind)::text[], '|') || ')$',
      'registration_path', '^(' || array_to_string(enum_range(null::public.registration_path)::text[], '|') || ')$',
      'month', '^[0-9]{4}-(0[1-9]|1[0-2])$',
      'county', '^([0-9]{2}|unknown)$',
      'left_out_reason', '^(' || array_to_string(enum_range(null::public.left_out_reason)::text[], '|') || ')$'))
$$;
comment on function private.figure_shape() is
  'The figures'' shape, version 2, defined once: the totals in their documented order, the one flag among them, the breakdowns in their documented order with the domain of their keys, and each domain''s key pattern. The allow-list reads it; make gen writes the client''s copy from it.';

create or replace function private.figure_documents(rules public.bufdir_counting_rules, period_start date, period_end date,
                                                    cells private.figure_cell[], distinct_counts jsonb, scopes uuid[])
returns table (mentor_id uuid, figures jsonb)
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
declare
  computed_in text := pg_catalog.pg_current_snapshot()::text;
  zero_days_by_kind jsonb := (select jsonb_object_agg(k, 0) from unnest(figure_documents.rules.counting_kinds) k);
  zero_by_kind jsonb := (select jsonb_object_agg(k, 0) from unnest(enum_range(null::public.activity_kind)) k);
  zero_by_path jsonb := (select jsonb_object_agg(p, 0) from unnest(enum_range(null::public.registration_path)) p);
  zero_by_reason jsonb := (select jsonb_object_agg(r, 0) from unnest(enum_range(null::public.left_out_reason)) r);
  zero_by_month jsonb := (select jsonb_object_agg(to_char(m, 'YYYY-MM'), 0)
                          from generate_series(date_trunc('month', figure_documents.period_start::timestamp),
                                               figure_documents.period_end::timestamp, interval '1 month') m);
  result record;
begin
  for result in
  with grouped as (
    select c.scope,
      case when grouping(c.kind) = 0 then 'kind' when grouping(c.path) = 0 then 'path'
           when grouping(c.month) = 0 then 'month' when grouping(c.county) = 0 then 'county' else 'total' end as dimension,
      coalesce(c.kind::text, c.path::text, c.month, c.county) as key,
      sum(c.activity_days) as activity_days, sum(c.activities) as activities, sum(c.duplicates) as duplicates,
      sum(c.participations) as participations, bool_or(c.lower_bound) as lower_bound, sum(c.minutes) as minutes
    from (select u.*, to_char(u.day, 'YYYY-MM') as month from unnest(figure_documents.cells) u where u.left_out is null) c
    group by grouping sets ((c.scope), (c.scope, c.kind), (c.scope, c.path), (c.scope, c.month), (c.scope, c.county))
  ), documents as (
    select g.scope,
      max(g.activity_days) filter (where g.dimension = 'total') as activity_days,
      max(g.activities) filter (where g.dimension = 'total') as activities,
      max(g.duplicates) filter (where g.dimension = 'total') as duplicates,
      max(g.participations) filter (where g.dimension = 'total') as participations,
      bool_or(g.lower_bound) filter (where g.dimension = 'total') as lower_bound,
      max(g.minutes) filter (where g.dimension = 'total') as minutes,
      jsonb_object_agg(g.key, g.activity_days) filter (where g.dimension = 'kind' and g.key = any (figure_documents.rules.counting_kinds::text[])) as days_by_kind,
      jsonb_object_agg(g.key, g.activities) filter (where g.dimension = 'kind' and g.activities > 0) as by_kind,
      jsonb_object_agg(g.key, g.activities) filter (where g.dimension = 'path' and g.activities > 0) as by_path,
      jsonb_object_agg(g.key, g.activity_days) filter (where g.dimension = 'month' and g.activity_days > 0) as days_by_month,
      jsonb_object_agg(g.key, g.activity_days) filter (where g.dimension = 'county' and g.activity_days > 0) as days_by_county
    from grouped g
    group by g.scope
  ), left_out as (
    -- Entries left out of every figure, per reason.
    select l.scope, jsonb_object_agg(l.reason, l.entries) as by_reason
    from (select u.scope, u.left_out as reason, sum(u.activities) as entries
          from unnest(figure_documents.cells) u where u.left_out is not null
          group by u.scope, u.left_out) l
    group by l.scope
  )
  select sc.scope, jsonb_build_object(
    'shape_version', 2,
    'rule_version', figure_documents.rules.version,
    'computed_in', computed_in,
    'period', jsonb_build_object('start', figure_documents.period_start, 'end', figure_documents.period_end),
    'totals', jsonb_build_object(
      'activity_days', coalesce(d.activity_days, 0),
      'activities_total', coalesce(d.activities, 0),
      'activities_non_counting', coalesce(d.activities - d.activity_days, 0),
      'proxy_duplicates_merged', coalesce(d.duplicates, 0),
      'participations', coalesce(d.participations, 0),
      'unique_participants', coalesce((figure_documents.distinct_counts -> coalesce(sc.scope::text, 'organisation') ->> 0)::bigint, 0),
      'unique_participants_is_lower_bound', coalesce(d.lower_bound, false),
      'minutes_total', coalesce(d.minutes, 0),
      'active_mentors', coalesce((figure_documents.distinct_counts -> coalesce(sc.scope::text, 'organisation') ->> 1)::bigint, 0)),
    'activity_days_by_kind', zero_days_by_kind || coalesce(d.days_by_kind, '{}'),
    'activities_by_kind', zero_by_kind || coalesce(d.by_kind, '{}'),
    'activities_by_path', zero_by_path || coalesce(d.by_path, '{}'),
    'activity_days_by_month', zero_by_month || coalesce(d.days_by_month, '{}'),
    'activity_days_by_county', coalesce(d.days_by_county, '{}'),
    'entries_left_out_by_reason', zero_by_reason || coalesce(l.by_reason, '{}')) as figures
  from unnest(figure_documents.scopes) sc(scope)
  left join documents d on d.scope is not distinct from sc.scope
  left join left_out l on l.scope is not distinct from sc.scope
  loop
    -- JSON clients read numbers as doubles: refuse rather than round.
    if jsonb_path_exists(result.figures, '$.** ? (@.type() == "number" && (@ > 9007199254740991 || @ < -9007199254740991))') then
      raise exception 'a figure exceeds the JSON-safe integer range (2^53-1)' using errcode = '22003';
    end if;
    mentor_id := result.scope;
    figures := result.figures;
    return next;
  end loop;
end
$$;
comment on function private.figure_documents(public.bufdir_counting_rules, date, date, private.figure_cell[], jsonb, uuid[]) is
  'Builds the figure document of each scope (null: the organisation) from additive cells (those with left_out set count the entries left out, per reason) and {scope: [unique participants, active mentors]}.';

create or replace function private.aggregate_figures(org_id uuid, period_start date, period_end date, every_mentor boolean, mentor_ids uuid[])
returns table (mentor_id uuid, figures jsonb)
language plpgsql stable
set search_path = pg_catalog, pg_temp
-- The partials are read as ranges of their primary keys and the distinct counts
-- hashed, whatever their (possibly outdated) statistics say.
set enable_seqscan = off
set enable_sort = off
as $$
declare
  rules public.bufdir_counting_rules := hidden.rules_in_force(aggregate_figures.period_start);
  stale date[];
  fresh_days datemultirange;
  cells private.figure_cell[];
  distinct_counts jsonb;
  scopes uuid[];
begin
  if rules.version is null then
    raise exception 'no counting rules are in force on %', aggregate_figures.period_start using errcode = 'P0002';
  end if;

  if not aggregate_figures.every_mentor and cardinality(aggregate_figures.mentor_ids) = 0 then
    -- The organisation alone: stored partials for the fresh days, a new
    -- classification for the stale ones.
    stale := private.stale_days(aggregate_figures.org_id, aggregate_figures.period_start, aggregate_figures.period_end, rules.version);
    -- The days whose stored partials (and with them the contacts' and mentors'
    -- days) hold: stored and not stale.
    fresh_days := private.days_as_multirange(array(
      select p.day from private.day_partials p
      where p.org_id = aggregate_figures.org_id and p.day between aggregate_figures.period_start and aggregate_figures.period_end
        and p.day <> all (stale)));
    with parts as materialized (
      select * from private.figure_parts(aggregate_figures.org_id, stale, rules, false, '{}', false)
    )
    select
      (select array_agg(x) from (
         select row(null::uuid, date_trunc('month', c.day)::date, c.kind, c.path, c.county, sum(c.activity_days), sum(c.activities),
                    sum(c.duplicates), sum(c.participations), bool_or(c.lower_bound), sum(c.minutes), null)::private.figure_cell as x
         from private.day_cells c
         where c.org_id = aggregate_figures.org_id and c.day between aggregate_figures.period_start and aggregate_figures.period_end
           and c.day <> all (stale)
         group by date_trunc('month', c.day), c.kind, c.path, c.county
         union all
         select row(null::uuid, date_trunc('month', l.day)::date, null, null, null, 0, sum(l.entries), 0, 0, false, 0,
                    l.reason)::private.figure_cell
         from private.day_left_out l
         where l.org_id = aggregate_figures.org_id and l.day between aggregate_figures.period_start and aggregate_figures.period_end
           and l.day <> all (stale)
         group by date_trunc('month', l.day), l.reason
         union all
         select row(null::uuid, p.day, p.kind, p.path, p.county, p.activity_days, p.activities, p.duplicates,
                    p.participations, p.lower_bound, p.minutes, p.left_out)::private.figure_cell
         from parts p
         where p.part = 'cell') u),
      jsonb_build_object('organisation', jsonb_build_array(
        -- Distinct counts: one row per contact and mentor seen on a fresh day,
        -- and the stale days' ones, hashed.
        (select count(*) from (
           select d.contact_id from private.contact_days d
           where d.org_id = aggregate_figures.org_id and d.days && fresh_days
           union
           select p.member from parts p where p.part = 'contact') u),
        (select count(*) from (
           select d.mentor_id from private.mentor_days d
           where d.org_id = aggregate_figures.org_id and d.days && fresh_days
           union
           select p.member from parts p where p.part = 'mentor') u)))
    into cells, distinct_counts;
    return query select * from private.figure_documents(rules, aggregate_figures.period_start, aggregate_figures.period_end,
                                                         coalesce(cells, '{}'), distinct_counts, array[null::uuid]);
    return;
  end if;

  -- The organisation and mentors: every day of the period classified in one run,
  -- each activity counted for the organisation and for each of its mentors (rule 7).
  with parts as materialized (
    select * from private.figure_parts(aggregate_figures.org_id,
      array(select d::date from generate_series(aggregate_figures.period_start::timestamp, aggregate_figures.period_end::timestamp, interval '1 day') d),
      rules, aggregate_figures.every_mentor, aggregate_figures.mentor_ids, false)
  )
  select
    (select array_agg(row(p.scope, p.day, p.kind, p.path, p.county, p.activity_days, p.activities, p.duplicates,
                          p.participations, p.lower_bound, p.minutes, p.left_out)::private.figure_cell)
     from parts p where p.part = 'cell'),
    (select jsonb_object_agg(coalesce(u.scope::text, 'organisation'), jsonb_build_array(u.contacts, u.mentors))
     from (select p.scope, coalesce(sum(p.members) filter (where p.part = 'contact'), 0)::bigint as contacts,
                  coalesce(sum(p.members) filter (where p.part = 'mentor'), 0)::bigint as mentors
           from parts p
           where p.part <> 'cell'
           group by p.scope) u),
    array(select null::uuid
          union
          select unnest(aggregate_figures.mentor_ids)
          union
          select p.scope from parts p where p.scope is not null
          order by 1 nulls first)
  into cells, distinct_counts, scopes;
  return query select * from private.figure_documents(rules, aggregate_figures.period_start, aggregate_figures.period_end,
                                                       coalesce(cells, '{}'), coalesce(distinct_counts, '{}'), scopes);
end
$$;
comment on function private.aggregate_figures(uuid, date, date, boolean, uuid[]) is
  'The aggregation: the organisation''s figures (mentor_id null) from its day partials (cells and entries left out) where fresh, and, per mentor, the figures over the activities they took part in (rule 7), for every mentor of an activity in the period when every_mentor, and for each of mentor_ids (zeros when none), all from one run. PII-free by construction.';


create or replace function private.refresh_day_partials(org_id uuid, period_start date, period_end date)
returns integer
language plpgsql volatile
set search_path = pg_catalog, pg_temp
set enable_seqscan = off
as $$
declare
  rules public.bufdir_counting_rules := hidden.rules_in_force(refresh_day_partials.period_start);
  stale date[];
  stale_set datemultirange;
begin
  if rules.version is null then
    return 0;
  end if;
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('private.day_partials'), pg_catalog.hashtext(refresh_day_partials.org_id::text));
  stale := private.stale_days(refresh_day_partials.org_id, refresh_day_partials.period_start, refresh_day_partials.period_end, rules.version);
  if cardinality(stale) = 0 then
    return 0;
  end if;
  stale_set := private.days_as_multirange(stale);
  delete from private.day_partials p where p.org_id = refresh_day_partials.org_id and p.day = any (stale);

  -- One statement, so the markers and the classification see the same snapshot;
  -- the foreign keys to day_partials are checked when it ends.
  with parts as materialized (
    select * from private.figure_parts(refresh_day_partials.org_id, stale, rules, false, '{}', true)
  ), markers as (
    insert into private.day_partials (org_id, day, rule_version, change_xid, change_seq, roster_xid, roster_seq)
    select s.org_id, s.day, rules.version, s.last_change_xid, s.last_change_seq, r.last_change_xid, r.last_change_seq
    from private.activity_day_stats s
    left join private.roster_changes r on r.org_id = s.org_id
    where s.org_id = refresh_day_partials.org_id and s.day = any (stale)
  ), cells as (
    insert into private.day_cells (org_id, day, kind, path, county, activity_days, activities, duplicates, participations, lower_bound, minutes)
    select refresh_day_partials.org_id, p.day, p.kind, p.path, p.county,
           p.activity_days, p.activities, p.duplicates, p.participations, p.lower_bound, p.minutes
    from parts p
    where p.part = 'cell' and p.left_out is null
  ), left_out as (
    insert into private.day_left_out (org_id, day, reason, entries)
    select refresh_day_partials.org_id, p.day, p.left_out, p.activities
    from parts p
    where p.part = 'cell' and p.left_out is not null
  ), seen_contacts as (
    select p.member as contact_id, p.member_days as days from parts p where p.part = 'contact'
  ), contact_changes as (
    -- A contact's days: the stored ones but the stale days, and those seen now.
    -- Unchanged rows are not written again.
    select coalesce(n.contact_id, o.contact_id) as contact_id, o.days as stored,
           (coalesce(o.days, '{}') - stale_set) + coalesce(n.days, '{}') as days
    from (select d.contact_id, d.days from private.contact_days d
          where d.org_id = refresh_day_partials.org_id
            and (d.days && stale_set or d.contact_id in (select n.contact_id from seen_contacts n))) o
    full join seen_contacts n on n.contact_id = o.contact_id
  ), contacts_written as (
    insert into private.contact_days as d (org_id, contact_id, days)
    select refresh_day_partials.org_id, c.contact_id, c.days from contact_changes c
    where not isempty(c.days) and c.days is distinct from c.stored
    on conflict on constraint contact_days_pkey do update set days = excluded.days
  ), contacts_gone as (
    delete from private.contact_days d
    where d.org_id = refresh_day_partials.org_id
      and d.contact_id in (select c.contact_id from contact_changes c where isempty(c.days))
  ), seen_mentors as (
    select p.member as mentor_id, p.member_days as days from parts p where p.part = 'mentor'
  ), mentor_changes as (
    select coalesce(n.mentor_id, o.mentor_id) as mentor_id, o.days as stored,
           (coalesce(o.days, '{}') - stale_set) + coalesce(n.days, '{}') as days
    from (select d.mentor_id, d.days from private.mentor_days d
          where d.org_id = refresh_day_partials.org_id
            and (d.days && stale_set or d.mentor_id in (select n.mentor_id from seen_mentors n))) o
    full join seen_mentors n on n.mentor_id = o.mentor_id
  ), mentors_written as (
    insert into private.mentor_days as d (org_id, mentor_id, days)
    select refresh_day_partials.org_id, m.mentor_id, m.days from mentor_changes m
    where not isempty(m.days) and m.days is distinct from m.stored
    on conflict on constraint mentor_days_pkey do update set days = excluded.days
  )
  delete from private.mentor_days d
  where d.org_id = refresh_day_partials.org_id
    and d.mentor_id in (select m.mentor_id from mentor_changes m where isempty(m.days));
  return cardinality(stale);
end
$$;
comment on function private.refresh_day_partials(uuid, date, date) is
  'Classifies the stale days of an organisation''s period again and stores their partial figures (cells, and entries left out per reason) and the days of its contacts and mentors; returns how many days it rebuilt.';




-- migrate:down
delete from private.contact_days;
delete from private.mentor_days;
delete from private.day_partials;
drop function private.figure_parts(uuid, date[], public.bufdir_counting_rules, boolean, uuid[], boolean);
drop table private.day_left_out;

create aggregate private.array_concat_agg(anycompatiblearray) (
  sfunc = pg_catalog.array_cat,
  stype = anycompatiblearray
);
comment on aggregate private.array_concat_agg(anycompatiblearray) is
  'Concatenates arrays (over a window: the elements of the rows so far).';
revoke all on function private.array_concat_agg(anycompatiblearray) from public;

create function private.figure_parts(org_id uuid, days date[], rules public.bufdir_counting_rules,
                                     every_mentor boolean, mentor_ids uuid[], by_day boolean)
returns table (
  scope uuid, part text, day date, kind public.activity_kind, path public.registration_path, county text,
  activity_days bigint, activities bigint, duplicates bigint, participations bigint, lower_bound boolean, minutes bigint,
  member uuid, member_days datemultirange, members bigint
)
language sql stable
set search_path = pg_catalog, pg_temp
set jit = off
-- Joins and groups are hashed; rule 5's window is the one sort.
set enable_hashjoin = on
set enable_nestloop = off
set enable_mergejoin = off
set enable_hashagg = on
set enable_sort = off
set enable_seqscan = on
set enable_bitmapscan = on
set enable_indexscan = on
set max_parallel_workers_per_gather = 0
-- Measured faster than 64MB at a million activities: the large sorts and stores
-- spill to files either way, and less fresh memory is faulted in.
set work_mem = '16MB'
as $$
  with by_id as (
    -- Look the links up by id when the days hold at most a share of the
    -- organisation's live activities, from the staleness bookkeeping.
    select coalesce(sum(s.live_activities) filter (where s.day = any (figure_parts.days)), 0)
           <= private.links_by_id_share() * coalesce(sum(s.live_activities), 0) as chosen
    from private.activity_day_stats s
    where s.org_id = figure_parts.org_id
  ), acts as materialized (
    select * from private.activity_sets_by_id(figure_parts.org_id, figure_parts.days)
    where (select b.chosen from by_id b)
    union all
    select * from private.activity_sets_in_key_order(figure_parts.org_id, figure_parts.days)
    where not (select b.chosen from by_id b)
  ), proxies as materialized (
    -- Rule 2 compares proxy entries, usually a small share, with direct ones.
    select p.id, p.day, p.kind, p.mentors_fingerprint, p.contacts_fingerprint, p.mentors, p.contacts
    from acts p
    where p.path = 'proxy'
  ), twin_candidates as materialized (
    -- Direct entries of the same day, kind and set fingerprints as a proxy
    -- entry (hashed lookups, the first of one column).
    select d.day, d.kind, d.mentors_fingerprint, d.contacts_fingerprint, d.mentors, d.contacts
    from acts d
    where case when d.path = 'direct'
                    and d.contacts_fingerprint in (select p.contacts_fingerprint from proxies p)
            then (d.day, d.kind, d.mentors_fingerprint, d.contacts_fingerprint)
                 in (select p.day, p.kind, p.mentors_fingerprint, p.contacts_fingerprint from proxies p)
            else false end
  ), duplicates as materialized (
    -- The proxy entries whose sets are those of such a direct entry, compared
    -- exactly (as sets: an activity lists a mentor or a contact once).
    select p.id
    from proxies p
    join twin_candidates t on t.day = p.day and t.kind = p.kind
      and t.mentors_fingerprint = p.mentors_fingerprint and t.contacts_fingerprint = p.contacts_fingerprint
    where cardinality(p.mentors) = cardinality(t.mentors) and p.mentors <@ t.mentors
      and cardinality(p.contacts) = cardinality(t.contacts) and p.contacts <@ t.contacts
  ), judged as not materialized (
    select a.*,
      case when a.path = 'proxy' then a.id in (select d.id from duplicates d) else false end as is_duplicate
    from acts a
  ), eligible as (
    -- Rule 4: the days (of those asked for) each approved mentor is active.
    select p.mentor_id, d::date as day
    from public.mentor_active_periods p
    join public.members mem on mem.org_id = p.org_id and mem.user_id = p.mentor_id and mem.approval_status = 'approved'
    cross join lateral generate_series(
      greatest(p.active_from, (select min(x) from unnest(figure_parts.days) x))::timestamp,
      least(p.active_to, (select max(x) from unnest(figure_parts.days) x))::timestamp, interval '1 day') d
    where p.org_id = figure_parts.org_id
  ), mentor_links as (
    -- Rule 3 per activity, then one row per mentor, marked active when rule 4
    -- finds them approved and in an active period that day (a hashed lookup).
    -- Arrays are unnested in select lists throughout: no row store per activity.
    select l.*, (l.mentor_id, l.day) in (select e.mentor_id, e.day from eligible e) as active
    from (
      select q.id, q.day, q.kind, q.path, q.county, q.created_at, q.contacts,
             cardinality(q.mentors) = 1 as one_mentor, case when cardinality(q.mentors) > 1 then q.mentors end as co_mentors,
             unnest(q.mentors) as mentor_id
      from judged q
      where not q.is_duplicate
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
  ), in_order as (
    -- Rule 5, per active mentor in order of registration: whether the activity
    -- is the first of the mentor's day, and the contacts of the earlier ones.
    select l.*, row_number() over w = 1 as first_of_day,
           coalesce(private.array_concat_agg(l.contacts) over w, '{}') as earlier
    from mentor_links l
    where l.active
    window w as (partition by l.mentor_id, l.day order by l.created_at, l.id rows between unbounded preceding and 1 preceding)
  ), verdicts as materialized (
    -- An activity with one mentor counts when it is the first of the mentor's
    -- day or brings a contact new to them; co-mentored ones are judged together.
    select o.id, o.day, o.kind, o.path, o.county, o.mentor_id, o.one_mentor, o.co_mentors, o.contacts, o.first_of_day,
           case when not o.one_mentor then o.earlier end as earlier
    from in_order o
    where not o.one_mentor or o.first_of_day or not (o.contacts <@ o.earlier)
  ), co_mentored as materialized (
    -- Several mentors: first of the day for every active one, or a contact new
    -- to every one of them.
    select min(v.day) as day, min(v.kind) as kind, min(v.path) as path, min(v.county) as county,
           min(v.co_mentors) as mentors, array_agg(v.mentor_id) as active_mentors
    from verdicts v
    where not v.one_mentor
    group by v.id
    having bool_and(v.first_of_day) or not (min(v.contacts) <@ private.array_concat_agg(v.earlier))
  ), counting as not materialized (
    -- The counting activities: a single mentor's (active, so no arrays), and
    -- the co-mentored ones with their mentors and active mentors.
    select v.day, v.kind, v.path, v.county, v.mentor_id, null::uuid[] as mentors, null::uuid[] as active_mentors
    from verdicts v
    where v.one_mentor
    union all
    select c.day, c.kind, c.path, c.county, null, c.mentors, c.active_mentors
    from co_mentored c
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
  select u.scope, 'cell', case when figure_parts.by_day then u.day else date_trunc('month', u.day::timestamp)::date end,
         u.kind, u.path, u.county,
         sum(u.activity_days)::bigint, sum(u.activities)::bigint, sum(u.duplicates)::bigint, sum(u.participations)::bigint,
         bool_or(u.lower_bound), sum(u.minutes)::bigint, null::uuid, null::datemultirange, null::bigint
  from (
    select s.scope, s.day, s.kind, s.path, s.county, 0 as activity_days,
           count(*) filter (where not s.is_duplicate) as activities, count(*) filter (where s.is_duplicate) as duplicates,
           coalesce(sum(cardinality(s.contacts) + s.anonymous) filter (where not s.is_duplicate), 0) as participations,
           coalesce(bool_or(s.anonymous > 0) filter (where not s.is_duplicate), false) as lower_bound,
           coalesce(sum(s.minutes) filter (where not s.is_duplicate), 0) as minutes
    from (select null::uuid as scope, a.* from judged a union all select m.* from mentor_activities m) s
    group by s.scope, s.day, s.kind, s.path, s.county
    union all
    select c.scope, c.day, c.kind, c.path, c.county, count(*), 0, 0, 0, false, 0
    from (select null::uuid as scope, c.* from counting c union all select m.* from mentor_counting m) c
    group by c.scope, c.day, c.kind, c.path, c.county
  ) u
  group by u.scope, case when figure_parts.by_day then u.day else date_trunc('month', u.day::timestamp)::date end, u.kind, u.path, u.county
  union all
  -- The organisation's contacts (those of non-duplicate activities), each once,
  -- with the days they were seen when by day.
  select null, 'contact', null, null, null, null, null, null, null, null, null, null, x.contact_id,
         range_agg(daterange(x.day, x.day, '[]')), 1
  from (select a.day, unnest(a.contacts) as contact_id from judged a where figure_parts.by_day and not a.is_duplicate) x
  group by x.contact_id
  union all
  select null, 'contact', null, null, null, null, null, null, null, null, null, null, x.contact_id, null, 1
  from (select unnest(a.contacts) as contact_id from judged a where not figure_parts.by_day and not a.is_duplicate) x
  group by x.contact_id
  union all
  -- The organisation's active mentors of counting activities, each once, with
  -- the days they were counted when by day.
  select null, 'mentor', null, null, null, null, null, null, null, null, null, null, m.mentor_id,
         range_agg(daterange(m.day, m.day, '[]')) filter (where figure_parts.by_day), 1
  from (select c.day, c.mentor_id from counting c where c.active_mentors is null
        union all
        select c.day, unnest(c.active_mentors) from counting c where c.active_mentors is not null) m
  group by m.mentor_id
  union all
  -- Per wanted mentor, how many contacts and active mentors: counted here, as
  -- no partials are kept for them.
  select g.scope, 'contact', null, null, null, null, null, null, null, null, null, null, null, null, count(*)
  from (select x.scope from (select m.scope, unnest(m.contacts) as contact_id from mentor_activities m where not m.is_duplicate) x
        group by x.scope, x.contact_id) g
  group by g.scope
  union all
  select g.scope, 'mentor', null, null, null, null, null, null, null, null, null, null, null, null, count(*)
  from (select y.scope from (select m.scope, unnest(coalesce(m.active_mentors, array[m.mentor_id])) as mentor_id from mentor_counting m) y
        group by y.scope, y.mentor_id) g
  group by g.scope
$$;
comment on function private.figure_parts(uuid, date[], public.bufdir_counting_rules, boolean, uuid[], boolean) is
  'Counting rules 1-7 over an organisation''s activities on the given days, as the parts figures are made of: additive cells by day or by month (part ''cell'') for the organisation (scope null) and for every mentor or the given ones; the organisation''s contacts of non-duplicate activities (''contact'') and active mentors of counting ones (''mentor''), one row each, with the days they were seen when by_day; and each mentor scope''s number of those (members).';
revoke all on function private.figure_parts(uuid, date[], public.bufdir_counting_rules, boolean, uuid[], boolean) from public;

create or replace function private.aggregate_figures(org_id uuid, period_start date, period_end date, every_mentor boolean, mentor_ids uuid[])
returns table (mentor_id uuid, figures jsonb)
language plpgsql stable
set search_path = pg_catalog, pg_temp
-- The partials are read as ranges of their primary keys and the distinct counts
-- hashed, whatever their (possibly outdated) statistics say.
set enable_seqscan = off
set enable_sort = off
as $$
declare
  rules public.bufdir_counting_rules := hidden.rules_in_force(aggregate_figures.period_start);
  stale date[];
  fresh_days datemultirange;
  cells private.figure_cell[];
  distinct_counts jsonb;
  scopes uuid[];
begin
  if rules.version is null then
    raise exception 'no counting rules are in force on %', aggregate_figures.period_start using errcode = 'P0002';
  end if;

  if not aggregate_figures.every_mentor and cardinality(aggregate_figures.mentor_ids) = 0 then
    -- The organisation alone: stored partials for the fresh days, a new
    -- classification for the stale ones.
    stale := private.stale_days(aggregate_figures.org_id, aggregate_figures.period_start, aggregate_figures.period_end, rules.version);
    -- The days whose stored partials (and with them the contacts' and mentors'
    -- days) hold: stored and not stale.
    fresh_days := private.days_as_multirange(array(
      select p.day from private.day_partials p
      where p.org_id = aggregate_figures.org_id and p.day between aggregate_figures.period_start and aggregate_figures.period_end
        and p.day <> all (stale)));
    with parts as materialized (
      select * from private.figure_parts(aggregate_figures.org_id, stale, rules, false, '{}', false)
    )
    select
      (select array_agg(x) from (
         select row(null::uuid, date_trunc('month', c.day)::date, c.kind, c.path, c.county, sum(c.activity_days), sum(c.activities),
                    sum(c.duplicates), sum(c.participations), bool_or(c.lower_bound), sum(c.minutes))::private.figure_cell as x
         from private.day_cells c
         where c.org_id = aggregate_figures.org_id and c.day between aggregate_figures.period_start and aggregate_figures.period_end
           and c.day <> all (stale)
         group by date_trunc('month', c.day), c.kind, c.path, c.county
         union all
         select row(null::uuid, p.day, p.kind, p.path, p.county, p.activity_days, p.activities, p.duplicates,
                    p.participations, p.lower_bound, p.minutes)::private.figure_cell
         from parts p
         where p.part = 'cell') u),
      jsonb_build_object('organisation', jsonb_build_array(
        -- Distinct counts: one row per contact and mentor seen on a fresh day,
        -- and the stale days' ones, hashed.
        (select count(*) from (
           select d.contact_id from private.contact_days d
           where d.org_id = aggregate_figures.org_id and d.days && fresh_days
           union
           select p.member from parts p where p.part = 'contact') u),
        (select count(*) from (
           select d.mentor_id from private.mentor_days d
           where d.org_id = aggregate_figures.org_id and d.days && fresh_days
           union
           select p.member from parts p where p.part = 'mentor') u)))
    into cells, distinct_counts;
    return query select * from private.figure_documents(rules, aggregate_figures.period_start, aggregate_figures.period_end,
                                                         coalesce(cells, '{}'), distinct_counts, array[null::uuid]);
    return;
  end if;

  -- The organisation and mentors: every day of the period classified in one run,
  -- each activity counted for the organisation and for each of its mentors (rule 7).
  with parts as materialized (
    select * from private.figure_parts(aggregate_figures.org_id,
      array(select d::date from generate_series(aggregate_figures.period_start::timestamp, aggregate_figures.period_end::timestamp, interval '1 day') d),
      rules, aggregate_figures.every_mentor, aggregate_figures.mentor_ids, false)
  )
  select
    (select array_agg(row(p.scope, p.day, p.kind, p.path, p.county, p.activity_days, p.activities, p.duplicates,
                          p.participations, p.lower_bound, p.minutes)::private.figure_cell)
     from parts p where p.part = 'cell'),
    (select jsonb_object_agg(coalesce(u.scope::text, 'organisation'), jsonb_build_array(u.contacts, u.mentors))
     from (select p.scope, coalesce(sum(p.members) filter (where p.part = 'contact'), 0)::bigint as contacts,
                  coalesce(sum(p.members) filter (where p.part = 'mentor'), 0)::bigint as mentors
           from parts p
           where p.part <> 'cell'
           group by p.scope) u),
    array(select null::uuid
          union
          select unnest(aggregate_figures.mentor_ids)
          union
          select p.scope from parts p where p.scope is not null
          order by 1 nulls first)
  into cells, distinct_counts, scopes;
  return query select * from private.figure_documents(rules, aggregate_figures.period_start, aggregate_figures.period_end,
                                                       coalesce(cells, '{}'), coalesce(distinct_counts, '{}'), scopes);
end
$$;
comment on function private.aggregate_figures(uuid, date, date, boolean, uuid[]) is
  'The aggregation: the organisation''s figures (mentor_id null) from its day partials where fresh, and, per mentor, the figures over the activities they took part in (rule 7), for every mentor of an activity in the period when every_mentor, and for each of mentor_ids (zeros when none), all from one run. PII-free by construction.';


create or replace function private.refresh_day_partials(org_id uuid, period_start date, period_end date)
returns integer
language plpgsql volatile
set search_path = pg_catalog, pg_temp
set enable_seqscan = off
as $$
declare
  rules public.bufdir_counting_rules := hidden.rules_in_force(refresh_day_partials.period_start);
  stale date[];
  stale_set datemultirange;
begin
  if rules.version is null then
    return 0;
  end if;
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('private.day_partials'), pg_catalog.hashtext(refresh_day_partials.org_id::text));
  stale := private.stale_days(refresh_day_partials.org_id, refresh_day_partials.period_start, refresh_day_partials.period_end, rules.version);
  if cardinality(stale) = 0 then
    return 0;
  end if;
  stale_set := private.days_as_multirange(stale);
  delete from private.day_partials p where p.org_id = refresh_day_partials.org_id and p.day = any (stale);

  -- One statement, so the markers and the classification see the same snapshot;
  -- the foreign keys to day_partials are checked when it ends.
  with parts as materialized (
    select * from private.figure_parts(refresh_day_partials.org_id, stale, rules, false, '{}', true)
  ), markers as (
    insert into private.day_partials (org_id, day, rule_version, change_xid, change_seq, roster_xid, roster_seq)
    select s.org_id, s.day, rules.version, s.last_change_xid, s.last_change_seq, r.last_change_xid, r.last_change_seq
    from private.activity_day_stats s
    left join private.roster_changes r on r.org_id = s.org_id
    where s.org_id = refresh_day_partials.org_id and s.day = any (stale)
  ), cells as (
    insert into private.day_cells (org_id, day, kind, path, county, activity_days, activities, duplicates, participations, lower_bound, minutes)
    select refresh_day_partials.org_id, p.day, p.kind, p.path, p.county,
           p.activity_days, p.activities, p.duplicates, p.participations, p.lower_bound, p.minutes
    from parts p
    where p.part = 'cell'
  ), seen_contacts as (
    select p.member as contact_id, p.member_days as days from parts p where p.part = 'contact'
  ), contact_changes as (
    -- A contact's days: the stored ones but the stale days, and those seen now.
    -- Unchanged rows are not written again.
    select coalesce(n.contact_id, o.contact_id) as contact_id, o.days as stored,
           (coalesce(o.days, '{}') - stale_set) + coalesce(n.days, '{}') as days
    from (select d.contact_id, d.days from private.contact_days d
          where d.org_id = refresh_day_partials.org_id
            and (d.days && stale_set or d.contact_id in (select n.contact_id from seen_contacts n))) o
    full join seen_contacts n on n.contact_id = o.contact_id
  ), contacts_written as (
    insert into private.contact_days as d (org_id, contact_id, days)
    select refresh_day_partials.org_id, c.contact_id, c.days from contact_changes c
    where not isempty(c.days) and c.days is distinct from c.stored
    on conflict on constraint contact_days_pkey do update set days = excluded.days
  ), contacts_gone as (
    delete from private.contact_days d
    where d.org_id = refresh_day_partials.org_id
      and d.contact_id in (select c.contact_id from contact_changes c where isempty(c.days))
  ), seen_mentors as (
    select p.member as mentor_id, p.member_days as days from parts p where p.part = 'mentor'
  ), mentor_changes as (
    select coalesce(n.mentor_id, o.mentor_id) as mentor_id, o.days as stored,
           (coalesce(o.days, '{}') - stale_set) + coalesce(n.days, '{}') as days
    from (select d.mentor_id, d.days from private.mentor_days d
          where d.org_id = refresh_day_partials.org_id
            and (d.days && stale_set or d.mentor_id in (select n.mentor_id from seen_mentors n))) o
    full join seen_mentors n on n.mentor_id = o.mentor_id
  ), mentors_written as (
    insert into private.mentor_days as d (org_id, mentor_id, days)
    select refresh_day_partials.org_id, m.mentor_id, m.days from mentor_changes m
    where not isempty(m.days) and m.days is distinct from m.stored
    on conflict on constraint mentor_days_pkey do update set days = excluded.days
  )
  delete from private.mentor_days d
  where d.org_id = refresh_day_partials.org_id
    and d.mentor_id in (select m.mentor_id from mentor_changes m where isempty(m.days));
  return cardinality(stale);
end
$$;
comment on function private.refresh_day_partials(uuid, date, date) is
  'Classifies the stale days of an organisation''s period again and stores their partial figures and the days of its contacts and mentors; returns how many days it rebuilt.';



CREATE OR REPLACE FUNCTION private.figure_documents(rules public.bufdir_counting_rules, period_start date, period_end date, cells private.figure_cell[], distinct_counts jsonb, scopes uuid[]) RETURNS TABLE(mentor_id uuid, figures jsonb)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
declare
  computed_in text := pg_catalog.pg_current_snapshot()::text;
  zero_days_by_kind jsonb := (select jsonb_object_agg(k, 0) from unnest(figure_documents.rules.counting_kinds) k);
  zero_by_kind jsonb := (select jsonb_object_agg(k, 0) from unnest(enum_range(null::public.activity_kind)) k);
  zero_by_path jsonb := (select jsonb_object_agg(p, 0) from unnest(enum_range(null::public.registration_path)) p);
  zero_by_month jsonb := (select jsonb_object_agg(to_char(m, 'YYYY-MM'), 0)
                          from generate_series(date_trunc('month', figure_documents.period_start::timestamp),
                                               figure_documents.period_end::timestamp, interval '1 month') m);
  result record;
begin
  for result in
  with grouped as (
    select c.scope,
      case when grouping(c.kind) = 0 then 'kind' when grouping(c.path) = 0 then 'path'
           when grouping(c.month) = 0 then 'month' when grouping(c.county) = 0 then 'county' else 'total' end as dimension,
      coalesce(c.kind::text, c.path::text, c.month, c.county) as key,
      sum(c.activity_days) as activity_days, sum(c.activities) as activities, sum(c.duplicates) as duplicates,
      sum(c.participations) as participations, bool_or(c.lower_bound) as lower_bound, sum(c.minutes) as minutes
    from (select u.*, to_char(u.day, 'YYYY-MM') as month from unnest(figure_documents.cells) u) c
    group by grouping sets ((c.scope), (c.scope, c.kind), (c.scope, c.path), (c.scope, c.month), (c.scope, c.county))
  ), documents as (
    select g.scope,
      max(g.activity_days) filter (where g.dimension = 'total') as activity_days,
      max(g.activities) filter (where g.dimension = 'total') as activities,
      max(g.duplicates) filter (where g.dimension = 'total') as duplicates,
      max(g.participations) filter (where g.dimension = 'total') as participations,
      bool_or(g.lower_bound) filter (where g.dimension = 'total') as lower_bound,
      max(g.minutes) filter (where g.dimension = 'total') as minutes,
      jsonb_object_agg(g.key, g.activity_days) filter (where g.dimension = 'kind' and g.key = any (figure_documents.rules.counting_kinds::text[])) as days_by_kind,
      jsonb_object_agg(g.key, g.activities) filter (where g.dimension = 'kind' and g.activities > 0) as by_kind,
      jsonb_object_agg(g.key, g.activities) filter (where g.dimension = 'path' and g.activities > 0) as by_path,
      jsonb_object_agg(g.key, g.activity_days) filter (where g.dimension = 'month' and g.activity_days > 0) as days_by_month,
      jsonb_object_agg(g.key, g.activity_days) filter (where g.dimension = 'county' and g.activity_days > 0) as days_by_county
    from grouped g
    group by g.scope
  )
  select sc.scope, jsonb_build_object(
    'shape_version', 1,
    'rule_version', figure_documents.rules.version,
    'computed_in', computed_in,
    'period', jsonb_build_object('start', figure_documents.period_start, 'end', figure_documents.period_end),
    'totals', jsonb_build_object(
      'activity_days', coalesce(d.activity_days, 0),
      'activities_total', coalesce(d.activities, 0),
      'activities_non_counting', coalesce(d.activities - d.activity_days, 0),
      'proxy_duplicates_merged', coalesce(d.duplicates, 0),
      'participations', coalesce(d.participations, 0),
      'unique_participants', coalesce((figure_documents.distinct_counts -> coalesce(sc.scope::text, 'organisation') ->> 0)::bigint, 0),
      'unique_participants_is_lower_bound', coalesce(d.lower_bound, false),
      'minutes_total', coalesce(d.minutes, 0),
      'active_mentors', coalesce((figure_documents.distinct_counts -> coalesce(sc.scope::text, 'organisation') ->> 1)::bigint, 0)),
    'activity_days_by_kind', zero_days_by_kind || coalesce(d.days_by_kind, '{}'),
    'activities_by_kind', zero_by_kind || coalesce(d.by_kind, '{}'),
    'activities_by_path', zero_by_path || coalesce(d.by_path, '{}'),
    'activity_days_by_month', zero_by_month || coalesce(d.days_by_month, '{}'),
    'activity_days_by_county', coalesce(d.days_by_county, '{}')) as figures
  from unnest(figure_documents.scopes) sc(scope)
  left join documents d on d.scope is not distinct from sc.scope
  loop
    -- JSON clients read numbers as doubles: refuse rather than round.
    if jsonb_path_exists(result.figures, '$.** ? (@.type() == "number" && (@ > 9007199254740991 || @ < -9007199254740991))') then
      raise exception 'a figure exceeds the JSON-safe integer range (2^53-1)' using errcode = '22003';
    end if;
    mentor_id := result.scope;
    figures := result.figures;
    return next;
  end loop;
end
$_$;



COMMENT ON FUNCTION private.figure_documents(rules public.bufdir_counting_rules, period_start date, period_end date, cells private.figure_cell[], distinct_counts jsonb, scopes uuid[]) IS 'Builds the figure document of each scope (null: the organisation) from additive cells and {scope: [unique participants, active mentors]}.';

CREATE OR REPLACE FUNCTION private.figure_shape() RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
  select jsonb_build_object(
    'shape_version', 1,
    'totals', jsonb_build_array(
      'activity_days', 'activities_total', 'activities_non_counting', 'proxy_duplicates_merged',
      'participations', 'unique_participants', 'unique_participants_is_lower_bound',
      'minutes_total', 'active_mentors'),
    'flag_total', 'unique_participants_is_lower_bound',
    'breakdowns', jsonb_build_array(
      jsonb_build_object('name', 'activity_days_by_kind', 'keys', 'activity_kind'),
      jsonb_build_object('name', 'activities_by_kind', 'keys', 'activity_kind'),
      jsonb_build_object('name', 'activities_by_path', 'keys', 'registration_path'),
      jsonb_build_object('name', 'activity_days_by_month', 'keys', 'month'),
      jsonb_build_object('name', 'activity_days_by_county', 'keys', 'county')),
    'key_patterns', jsonb_build_object(
      'activity_kind', '^(' || array_to_string(enum_range(null::public.activity_kind)::text[], '|') || ')$',
      'registration_path', '^(' || array_to_string(enum_range(null::public.registration_path)::text[], '|') || ')$',
      'month', '^[0-9]{4}-(0[1-9]|1[0-2])$',
      'county', '^([0-9]{2}|unknown)$'))
$_$;



COMMENT ON FUNCTION private.figure_shape() IS 'The figures'' shape, version 1, defined once: the totals in their documented order, the one flag among them, the breakdowns in their documented order with the domain of their keys, and each domain''s key pattern. The allow-list reads it; make gen writes the client''s copy from it.';

alter type private.figure_cell drop attribute left_out;
comment on type private.figure_cell is 'Additive figures of one scope (an organisation, or a mentor), day (or month) and breakdown keys; the unit the aggregation sums.';
drop type public.left_out_reason;
