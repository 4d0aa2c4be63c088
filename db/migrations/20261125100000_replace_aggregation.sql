-- Purpose: the aggregation rewritten so its cost does not depend on the
-- planner's row estimates, and one run yields the organisation's figures and
-- every mentor's.
-- Objects: private.aggregate_figures() (new: the one implementation);
--          private.compute_metrics() and private.generate_summaries() now call it.
-- Why: the chained CTEs of the first version were planned as nested loops over
-- materialised CTEs whenever the tables had no statistics yet (a fresh load, a
-- restore, a new organisation): minutes for a quarter of 5 000 activities. Here
-- every join is a hash join (nested loops are switched off for the function,
-- so a one-row guess cannot make a join rescan a derived set), rule 2 looks up
-- only the proxy entries' events, rule 5 is one ordered pass over narrow rows,
-- and all breakdowns come from one hashed grouping. Summaries for every mentor
-- classify the organisation once instead of once per mentor. The figures are
-- those of the first version, checked against it by a differential test
-- (db/tests/support/30-metrics-oracle.sql keeps that version for tests only).

-- migrate:up
create function private.aggregate_figures(org_id uuid, period_start date, period_end date, every_mentor boolean, mentor_ids uuid[])
returns table (mentor_id uuid, figures jsonb)
language plpgsql stable
set search_path = pg_catalog, pg_temp
set jit = off
set enable_nestloop = off
set work_mem = '64MB'
as $$
declare
  rules public.bufdir_counting_rules;
  zero_days_by_kind jsonb;
  zero_by_kind jsonb;
  zero_by_path jsonb;
  zero_by_month jsonb;
  computed_in text := pg_catalog.pg_current_snapshot()::text;
  result record;
begin
  rules := hidden.rules_in_force(aggregate_figures.period_start);
  if rules.version is null then
    raise exception 'no counting rules are in force on %', aggregate_figures.period_start using errcode = 'P0002';
  end if;
  zero_days_by_kind := (select jsonb_object_agg(k, 0) from unnest(rules.counting_kinds) k);
  zero_by_kind := (select jsonb_object_agg(k, 0) from unnest(enum_range(null::public.activity_kind)) k);
  zero_by_path := (select jsonb_object_agg(p, 0) from unnest(enum_range(null::public.registration_path)) p);
  zero_by_month := (select jsonb_object_agg(to_char(m, 'YYYY-MM'), 0)
                    from generate_series(date_trunc('month', aggregate_figures.period_start::timestamp),
                                         aggregate_figures.period_end::timestamp, interval '1 month') m);

  for result in
  with scope as materialized (
    select a.id, a.activity_date as day, a.kind, a.registration_path as path, a.duration_minutes as minutes,
           a.anonymous_participants as anonymous, a.in_norway, coalesce(left(a.municipality_code, 2), 'unknown') as county,
           a.created_at
    from public.activities a
    where a.org_id = aggregate_figures.org_id
      and a.activity_date between aggregate_figures.period_start and aggregate_figures.period_end
      and a.deleted_at is null
  ), eligibility as (
    -- Rule 4's inputs: the organisation's approved mentors and their active periods.
    select p.mentor_id, p.active_from, coalesce(p.active_to, 'infinity'::date) as active_to
    from public.mentor_active_periods p
    join public.members mem on mem.org_id = p.org_id and mem.user_id = p.mentor_id
    where p.org_id = aggregate_figures.org_id and mem.approval_status = 'approved'
  ), mentor_sets as (
    select l.activity_id, array_agg(l.mentor_id order by l.mentor_id) as mentors,
           array_agg(l.mentor_id order by l.mentor_id) filter (where l.active) as active_mentors
    from (
      select am.activity_id, am.mentor_id,
             bool_or(e.mentor_id is not null) as active
      from public.activity_mentors am
      join scope s on s.id = am.activity_id
      left join eligibility e on e.mentor_id = am.mentor_id and s.day between e.active_from and e.active_to
      where am.org_id = aggregate_figures.org_id
      group by am.activity_id, am.mentor_id
    ) l
    group by l.activity_id
  ), contact_sets as (
    select ap.activity_id, array_agg(ap.contact_id order by ap.contact_id) as contacts
    from public.activity_participants ap
    join scope s on s.id = ap.activity_id
    where ap.org_id = aggregate_figures.org_id
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
    select c.*,
      not c.is_duplicate
      and (c.in_norway or not rules.require_in_norway)
      and c.kind = any (rules.counting_kinds)
      and cardinality(c.active_mentors) > 0
      and case c.kind
            when 'in_person_outreach' then cardinality(c.contacts) + c.anonymous >= rules.outreach_min_participants
            when 'group_meeting' then cardinality(c.contacts) + c.anonymous >= rules.group_min_participants
                                      and c.minutes >= rules.group_min_minutes
            when 'mentor_course' then c.minutes >= rules.course_min_minutes
            else true
          end as qualifies
    from (
      select s.*, s.path = 'proxy' and t.day is not null as is_duplicate
      from activity_sets s
      left join twinned_events t on t.day = s.day and t.kind = s.kind and t.mentors = s.mentors and t.contacts = s.contacts
    ) c
  ), same_day as (
    -- Rule 5: per (mentor, day) and per (mentor, day, contact), the first
    -- qualifying activity in registration order. One sort over narrow rows.
    select q.id, x.contact_id,
      q.id = first_value(q.id) over (partition by m.mentor_id, q.day order by q.created_at, q.id) as first_of_day,
      q.id = first_value(q.id) over (partition by m.mentor_id, q.day, x.contact_id order by q.created_at, q.id) as first_with_contact
    from qualified q
    cross join lateral unnest(q.active_mentors) m(mentor_id)
    left join lateral unnest(q.contacts) x(contact_id) on true
    where q.qualifies
  ), same_day_verdicts as (
    select c.id, bool_and(c.first_of_day) or coalesce(bool_or(c.new_for_every_mentor), false) as counts
    from (select d.id, d.contact_id, bool_and(d.first_of_day) as first_of_day,
                 d.contact_id is not null and bool_and(d.first_with_contact) as new_for_every_mentor
          from same_day d group by d.id, d.contact_id) c
    group by c.id
  ), final as (
    select q.*, coalesce(v.counts, false) as counts
    from qualified q left join same_day_verdicts v on v.id = q.id
  ), scoped as (
    select coalesce(sc.mentor_id, '00000000-0000-0000-0000-000000000000'::uuid) as scope, f.*
    from final f
    cross join lateral unnest(array_prepend(null::uuid, f.mentors)) sc(mentor_id)
    where sc.mentor_id is null or aggregate_figures.every_mentor or sc.mentor_id = any (aggregate_figures.mentor_ids)
  ), cells as (
    -- One hashed pass: every figure per scope and combination of breakdown keys.
    select s.scope, s.kind, s.path, to_char(s.day, 'YYYY-MM') as month, s.county,
      count(*) filter (where s.counts) as activity_days,
      count(*) filter (where not s.is_duplicate) as activities,
      count(*) filter (where s.is_duplicate) as duplicates,
      sum(cardinality(s.contacts) + s.anonymous) filter (where not s.is_duplicate) as participations,
      bool_or(s.anonymous > 0) filter (where not s.is_duplicate) as lower_bound,
      sum(s.minutes::bigint) filter (where not s.is_duplicate) as minutes
    from scoped s
    group by s.scope, s.kind, s.path, to_char(s.day, 'YYYY-MM'), s.county
  ), grouped as (
    select c.scope,
      case when grouping(c.kind) = 0 then 'kind' when grouping(c.path) = 0 then 'path'
           when grouping(c.month) = 0 then 'month' when grouping(c.county) = 0 then 'county' else 'total' end as dimension,
      coalesce(c.kind::text, c.path::text, c.month, c.county) as key,
      sum(c.activity_days) as activity_days, sum(c.activities) as activities, sum(c.duplicates) as duplicates,
      sum(c.participations) as participations, bool_or(c.lower_bound) as lower_bound, sum(c.minutes) as minutes
    from cells c
    group by grouping sets ((c.scope), (c.scope, c.kind), (c.scope, c.path), (c.scope, c.month), (c.scope, c.county))
  ), distinct_counts as (
    select u.scope,
      count(*) filter (where u.fact = 'contact') as unique_participants,
      count(*) filter (where u.fact = 'mentor') as active_mentors
    from (
      select s.scope, 'contact' as fact, x.member from scoped s cross join lateral unnest(s.contacts) x(member) where not s.is_duplicate
      union
      select s.scope, 'mentor', y.member from scoped s cross join lateral unnest(s.active_mentors) y(member) where s.counts
    ) u
    group by u.scope
  ), documents as (
    select g.scope,
      max(g.activity_days) filter (where g.dimension = 'total') as activity_days,
      max(g.activities) filter (where g.dimension = 'total') as activities,
      max(g.duplicates) filter (where g.dimension = 'total') as duplicates,
      max(g.participations) filter (where g.dimension = 'total') as participations,
      bool_or(g.lower_bound) filter (where g.dimension = 'total') as lower_bound,
      max(g.minutes) filter (where g.dimension = 'total') as minutes,
      jsonb_object_agg(g.key, g.activity_days) filter (where g.dimension = 'kind' and g.key = any (rules.counting_kinds::text[])) as days_by_kind,
      jsonb_object_agg(g.key, g.activities) filter (where g.dimension = 'kind' and g.activities > 0) as by_kind,
      jsonb_object_agg(g.key, g.activities) filter (where g.dimension = 'path' and g.activities > 0) as by_path,
      jsonb_object_agg(g.key, g.activity_days) filter (where g.dimension = 'month' and g.activity_days > 0) as days_by_month,
      jsonb_object_agg(g.key, g.activity_days) filter (where g.dimension = 'county' and g.activity_days > 0) as days_by_county
    from grouped g
    group by g.scope
  ), scopes as (
    select '00000000-0000-0000-0000-000000000000'::uuid as scope
    union
    select unnest(aggregate_figures.mentor_ids)
    union
    select d.scope from documents d
  )
  select nullif(sc.scope, '00000000-0000-0000-0000-000000000000'::uuid) as mentor_id, jsonb_build_object(
    'shape_version', 1,
    'rule_version', rules.version,
    'computed_in', computed_in,
    'period', jsonb_build_object('start', aggregate_figures.period_start, 'end', aggregate_figures.period_end),
    'totals', jsonb_build_object(
      'activity_days', coalesce(d.activity_days, 0),
      'activities_total', coalesce(d.activities, 0),
      'activities_non_counting', coalesce(d.activities - d.activity_days, 0),
      'proxy_duplicates_merged', coalesce(d.duplicates, 0),
      'participations', coalesce(d.participations, 0),
      'unique_participants', coalesce(u.unique_participants, 0),
      'unique_participants_is_lower_bound', coalesce(d.lower_bound, false),
      'minutes_total', coalesce(d.minutes, 0),
      'active_mentors', coalesce(u.active_mentors, 0)),
    'activity_days_by_kind', zero_days_by_kind || coalesce(d.days_by_kind, '{}'),
    'activities_by_kind', zero_by_kind || coalesce(d.by_kind, '{}'),
    'activities_by_path', zero_by_path || coalesce(d.by_path, '{}'),
    'activity_days_by_month', zero_by_month || coalesce(d.days_by_month, '{}'),
    'activity_days_by_county', coalesce(d.days_by_county, '{}')) as figures
  from scopes sc
  left join documents d on d.scope = sc.scope
  left join distinct_counts u on u.scope = sc.scope
  order by sc.scope
  loop
    -- JSON clients read numbers as doubles: refuse rather than round.
    if jsonb_path_exists(result.figures, '$.** ? (@.type() == "number" && (@ > 9007199254740991 || @ < -9007199254740991))') then
      raise exception 'a figure exceeds the JSON-safe integer range (2^53-1)' using errcode = '22003';
    end if;
    mentor_id := result.mentor_id;
    figures := result.figures;
    return next;
  end loop;
end
$$;

comment on function private.aggregate_figures(uuid, date, date, boolean, uuid[]) is
  'The aggregation, one run: the organisation''s figures (mentor_id null) and, per mentor, the figures over the activities they took part in (rule 7), for every mentor of an activity in the period when every_mentor, and for each of mentor_ids (zeros when none). PII-free by construction.';
revoke all on function private.aggregate_figures(uuid, date, date, boolean, uuid[]) from public;

create or replace function private.compute_metrics(org_id uuid, period_start date, period_end date, mentor_id uuid default null)
returns jsonb
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select f.figures
  from private.aggregate_figures(compute_metrics.org_id, compute_metrics.period_start, compute_metrics.period_end,
                                 false, case when compute_metrics.mentor_id is null then '{}'::uuid[] else array[compute_metrics.mentor_id] end) f
  where f.mentor_id is not distinct from compute_metrics.mentor_id
$$;
comment on function private.compute_metrics(uuid, date, date, uuid) is
  'Bufdir figures for an organisation and inclusive period, or for one mentor''s activities when mentor_id is given (private.aggregate_figures). PII-free by construction.';
revoke all on function private.compute_metrics(uuid, date, date, uuid) from public;

-- Computes and upserts the organisation-wide summary and one per mentor who
-- took part in an activity of the period or already has a summary of it, all
-- from one run of the aggregation. Regeneration clears invalidation and bumps
-- the version.
create or replace function private.generate_summaries(org_id uuid, period_type public.summary_period_type, period_start date)
returns setof public.periodic_summaries
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  period_end date := private.summary_period_end(generate_summaries.period_type, generate_summaries.period_start);
begin
  perform hidden.check_snapshot_key(generate_summaries.org_id, generate_summaries.period_start, period_end);
  return query
  insert into public.periodic_summaries as s (org_id, mentor_id, period_type, period_start, period_end, summary_data)
  select generate_summaries.org_id, f.mentor_id, generate_summaries.period_type, generate_summaries.period_start, period_end, f.figures
  from private.aggregate_figures(
    generate_summaries.org_id, generate_summaries.period_start, period_end, true,
    -- A mentor whose activities were all removed since keeps a summary, now of
    -- zeros, rather than stale figures no sync would ever correct.
    array(select s.mentor_id from public.periodic_summaries s
          where s.org_id = generate_summaries.org_id and s.period_type = generate_summaries.period_type
            and s.period_start = generate_summaries.period_start and s.mentor_id is not null)) f
  order by f.mentor_id nulls first
  on conflict on constraint periodic_summaries_period_key do update
    set summary_data = excluded.summary_data,
        updated_at = now(),
        invalidated_at = null,
        version = s.version + 1
  returning s.*;
end
$$;
comment on function private.generate_summaries(uuid, public.summary_period_type, date) is
  'Upserts the organisation-wide and per-mentor summaries of one period from one run of the aggregation.';
revoke all on function private.generate_summaries(uuid, public.summary_period_type, date) from public;

-- migrate:down
create or replace function private.generate_summaries(org_id uuid, period_type public.summary_period_type, period_start date)
returns setof public.periodic_summaries
language plpgsql volatile
set search_path = ''
as $$
declare
  period_end date := private.summary_period_end(generate_summaries.period_type, generate_summaries.period_start);
begin
  perform hidden.check_snapshot_key(generate_summaries.org_id, generate_summaries.period_start, period_end);
  return query
  insert into public.periodic_summaries as s (org_id, mentor_id, period_type, period_start, period_end, summary_data)
  select generate_summaries.org_id, m.mentor_id, generate_summaries.period_type, generate_summaries.period_start, period_end,
         private.compute_metrics(generate_summaries.org_id, generate_summaries.period_start, period_end, m.mentor_id)
  from (
    select null::uuid as mentor_id
    union
    select am.mentor_id
    from public.activity_mentors am
    join public.activities a on a.org_id = am.org_id and a.id = am.activity_id
    where am.org_id = generate_summaries.org_id and a.deleted_at is null
      and a.activity_date between generate_summaries.period_start and period_end
    union
    -- A mentor whose activities were all removed since keeps a summary, now of
    -- zeros, rather than stale figures no sync would ever correct.
    select s.mentor_id
    from public.periodic_summaries s
    where s.org_id = generate_summaries.org_id and s.period_type = generate_summaries.period_type
      and s.period_start = generate_summaries.period_start and s.mentor_id is not null
  ) m
  order by m.mentor_id nulls first
  on conflict on constraint periodic_summaries_period_key do update
    set summary_data = excluded.summary_data,
        updated_at = now(),
        invalidated_at = null,
        version = s.version + 1
  returning s.*;
end
$$;

create or replace function private.compute_metrics(org_id uuid, period_start date, period_end date, mentor_id uuid default null)
returns jsonb
language plpgsql stable
set search_path = ''
-- The CTEs' row estimates are guesses (often billions); with JIT on, compiling for
-- them cost more than the query (265 s against 72 s over a million activities).
set jit = off
as $$
declare
  rules public.bufdir_counting_rules;
  figures jsonb;
begin
  rules := hidden.rules_in_force(compute_metrics.period_start);
  if rules.version is null then
    raise exception 'no counting rules are in force on %', compute_metrics.period_start using errcode = 'P0002';
  end if;

  with raw as (
    select a.id, a.kind, a.activity_date, a.duration_minutes, a.anonymous_participants,
           a.municipality_code, a.in_norway, a.registration_path, a.created_at
    from public.activities a
    where a.org_id = compute_metrics.org_id
      and a.activity_date between compute_metrics.period_start and compute_metrics.period_end
      and a.deleted_at is null
  ), contact_sets as (
    select ap.activity_id, array_agg(ap.contact_id order by ap.contact_id) as contacts
    from public.activity_participants ap join raw r on r.id = ap.activity_id
    where ap.org_id = compute_metrics.org_id
    group by ap.activity_id
  ), mentor_sets as (
    select am.activity_id, array_agg(am.mentor_id order by am.mentor_id) as mentors
    from public.activity_mentors am join raw r on r.id = am.activity_id
    where am.org_id = compute_metrics.org_id
    group by am.activity_id
  ), scope as (
    select r.*, coalesce(c.contacts, '{}') as contacts, coalesce(m.mentors, '{}') as mentors,
      -- Rule 2's identity of a real event, as one text so matching it is one hash lookup.
      concat_ws('|', r.activity_date, r.kind, array_to_string(m.mentors, ','), array_to_string(c.contacts, ',')) as event_key
    from raw r
    left join contact_sets c on c.activity_id = r.id
    left join mentor_sets m on m.activity_id = r.id
  ), duplicates as (
    -- Rule 2: a proxy entry with a direct twin (same date, kind, mentors, contacts).
    -- A join, not IN (subquery): with CTE row estimates the planner may give up
    -- on hashing the subquery and rescan it for every proxy entry.
    select p.id, p.mentors
    from scope p
    join (select distinct d.event_key from scope d where d.registration_path = 'direct') d on d.event_key = p.event_key
    where p.registration_path = 'proxy'
  ), kept as (
    select s.* from scope s where not exists (select from duplicates d where d.id = s.id)
  ), active_sets as (
    -- Rule 4: the activity's mentors who were approved and active on its date.
    select k.id, array_agg(m.mentor_id order by m.mentor_id) as active_mentors
    from kept k
    cross join lateral unnest(k.mentors) m(mentor_id)
    join public.members mem
      on mem.org_id = compute_metrics.org_id and mem.user_id = m.mentor_id and mem.approval_status = 'approved'
    where exists (
      select from public.mentor_active_periods p
      where p.org_id = compute_metrics.org_id and p.mentor_id = m.mentor_id
        and k.activity_date >= p.active_from and (p.active_to is null or k.activity_date <= p.active_to))
    group by k.id
  ), classified as (
    -- Rule 3: counting kinds and their thresholds, in Norway, with an active mentor.
    select k.*, coalesce(s.active_mentors, '{}') as active_mentors,
      (k.in_norway or not rules.require_in_norway)
      and k.kind = any (rules.counting_kinds)
      and s.active_mentors is not null
      and case k.kind
            when 'in_person_outreach' then cardinality(k.contacts) + k.anonymous_participants >= rules.outreach_min_participants
            when 'group_meeting' then cardinality(k.contacts) + k.anonymous_participants >= rules.group_min_participants
                                      and k.duration_minutes >= rules.group_min_minutes
            when 'mentor_course' then k.duration_minutes >= rules.course_min_minutes
            else true
          end as qualifies
    from kept k left join active_sets s on s.id = k.id
  ), per_mentor_day as (
    -- Rule 5, per (mentor, day) in registration order: is it that mentor's first
    -- activity of the day, and for each of its contacts, the first to bring them?
    select q.id, m.mentor_id,
      row_number() over (partition by m.mentor_id, q.activity_date order by q.created_at, q.id) = 1 as first_of_day
    from classified q cross join lateral unnest(q.active_mentors) m(mentor_id)
    where q.qualifies
  ), first_for_every_mentor as (
    select d.id, bool_and(d.first_of_day) as first_of_day
    from per_mentor_day d group by d.id
  ), per_mentor_day_contact as (
    select q.id, x.contact_id,
      row_number() over (partition by m.mentor_id, q.activity_date, x.contact_id order by q.created_at, q.id) = 1 as first_with_contact
    from classified q
    cross join lateral unnest(q.active_mentors) m(mentor_id)
    cross join lateral unnest(q.contacts) x(contact_id)
    where q.qualifies
  ), new_contacts as (
    select c.id
    from (select d.id, d.contact_id, bool_and(d.first_with_contact) as new_for_all
          from per_mentor_day_contact d group by d.id, d.contact_id) c
    where c.new_for_all
    group by c.id
  ), final as (
    -- Joins, not a correlated EXISTS: in a select list that would rescan
    -- new_contacts for every activity.
    select c.*,
      c.qualifies and (coalesce(f.first_of_day, false) or n.id is not null) as counts
    from classified c
    left join first_for_every_mentor f on f.id = c.id
    left join new_contacts n on n.id = c.id
    -- Rule 7: one mentor's figures are the organisation's classification of their activities.
    where compute_metrics.mentor_id is null or compute_metrics.mentor_id = any (c.mentors)
  ), months as (
    select to_char(m, 'YYYY-MM') as month
    from generate_series(date_trunc('month', compute_metrics.period_start::timestamp),
                         compute_metrics.period_end::timestamp, interval '1 month') m
  )
  select jsonb_build_object(
    'shape_version', 1,
    'rule_version', rules.version,
    -- The MVCC snapshot the figures were read in (a stable function shares its
    -- caller's), so a later save knows exactly which changes they include.
    'computed_in', pg_catalog.pg_current_snapshot()::text,
    'period', jsonb_build_object('start', compute_metrics.period_start, 'end', compute_metrics.period_end),
    'totals', (
      select jsonb_build_object(
        'activity_days', count(*) filter (where f.counts),
        'activities_total', count(*),
        'activities_non_counting', count(*) filter (where not f.counts),
        'proxy_duplicates_merged', (select count(*) from duplicates d
                                    where compute_metrics.mentor_id is null or compute_metrics.mentor_id = any (d.mentors)),
        'participations', coalesce(sum(cardinality(f.contacts) + f.anonymous_participants), 0),
        'unique_participants', (select count(distinct x.contact_id) from final f2 cross join lateral unnest(f2.contacts) x(contact_id)),
        'unique_participants_is_lower_bound', coalesce(bool_or(f.anonymous_participants > 0), false),
        'minutes_total', coalesce(sum(f.duration_minutes::bigint), 0),
        'active_mentors', (select count(distinct m.mentor_id) from final f2 cross join lateral unnest(f2.active_mentors) m(mentor_id)
                           where f2.counts))
      from final f),
    -- Each breakdown is one grouped pass over the activities, joined to its full key list.
    'activity_days_by_kind', (
      select jsonb_object_agg(k.kind, coalesce(c.n, 0))
      from unnest(rules.counting_kinds) k(kind)
      left join (select f.kind, count(*) as n from final f where f.counts group by f.kind) c on c.kind = k.kind),
    'activities_by_kind', (
      select jsonb_object_agg(k.kind, coalesce(c.n, 0))
      from unnest(enum_range(null::public.activity_kind)) k(kind)
      left join (select f.kind, count(*) as n from final f group by f.kind) c on c.kind = k.kind),
    'activities_by_path', (
      select jsonb_object_agg(p.path, coalesce(c.n, 0))
      from unnest(enum_range(null::public.registration_path)) p(path)
      left join (select f.registration_path, count(*) as n from final f group by f.registration_path) c on c.registration_path = p.path),
    'activity_days_by_month', (
      select jsonb_object_agg(m.month, coalesce(c.n, 0))
      from months m
      left join (select to_char(f.activity_date, 'YYYY-MM') as month, count(*) as n from final f where f.counts group by 1) c on c.month = m.month),
    'activity_days_by_county', coalesce((
      select jsonb_object_agg(c.county, c.days)
      from (select coalesce(left(f.municipality_code, 2), 'unknown') as county, count(*) as days
            from final f where f.counts group by 1) c), '{}'::jsonb)
  ) into figures;

  -- JSON clients read numbers as doubles: refuse rather than round.
  if jsonb_path_exists(figures, '$.** ? (@.type() == "number" && (@ > 9007199254740991 || @ < -9007199254740991))') then
    raise exception 'a figure exceeds the JSON-safe integer range (2^53-1)' using errcode = '22003';
  end if;
  return figures;
end
$$;
drop function private.aggregate_figures(uuid, date, date, boolean, uuid[]);
