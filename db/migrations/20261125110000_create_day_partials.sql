-- Purpose: the aggregation made incremental by day.
-- Objects: type private.figure_cell; tables private.day_partials, day_cells,
--          day_contacts, day_active_mentors; functions private.classify_activities(),
--          private.stale_days(), private.refresh_day_partials(),
--          private.figure_documents(); private.aggregate_figures() rebuilt on them;
--          refresh_metric_snapshot() and export_bufdir_report() keep the partials fresh.
-- Why: every counting rule but the period-wide distinct counts is local to one
-- (organisation, day). The organisation's figures of a day are kept as partials,
-- each marked with the change of private.activity_day_stats and of
-- private.roster_changes it reflects; a day whose marker no longer matches (an
-- activity, a link, a roster change, in this transaction or a committed one) is
-- classified again from the raw activities. A refresh after a small change then
-- costs the changed days plus the distinct counts, not the whole period. Reads
-- (stable, read-only) use the fresh partials and classify stale days on the fly;
-- the volatile refresh and export write the partials back. Per-mentor figures
-- (summaries) classify every day in one run. Partials are internals: private
-- schema, row-level security on, no policy, no grant.

-- migrate:up
create type private.figure_cell as (
  scope uuid,
  day date,
  kind public.activity_kind,
  path public.registration_path,
  county text,
  activity_days bigint,
  activities bigint,
  duplicates bigint,
  participations bigint,
  lower_bound boolean,
  minutes bigint
);
comment on type private.figure_cell is
  'Additive figures of one scope (an organisation, or a mentor), day (or month) and breakdown keys; the unit the aggregation sums.';

create table private.day_partials (
  org_id uuid not null references public.organisations (id) on delete cascade,
  day date not null,
  rule_version text not null,
  change_xid xid8 not null,
  change_seq bigint not null,
  roster_xid xid8,
  roster_seq bigint,
  primary key (org_id, day)
);
comment on table private.day_partials is
  'One row per (organisation, day) whose partial figures are stored: the activity_day_stats and roster_changes markers and the rule version they reflect.';
alter table private.day_partials enable row level security;

create table private.day_cells (
  org_id uuid not null,
  day date not null,
  kind public.activity_kind not null,
  path public.registration_path not null,
  county text not null,
  activity_days bigint not null,
  activities bigint not null,
  duplicates bigint not null,
  participations bigint not null,
  lower_bound boolean not null,
  minutes bigint not null,
  primary key (org_id, day, kind, path, county),
  foreign key (org_id, day) references private.day_partials (org_id, day) on delete cascade
);
comment on table private.day_cells is 'The organisation''s additive figures of one day, per activity kind, registration path and county.';
alter table private.day_cells enable row level security;

create table private.day_contacts (
  org_id uuid not null,
  contact_id uuid not null,
  day date not null,
  primary key (org_id, contact_id, day),
  foreign key (org_id, day) references private.day_partials (org_id, day) on delete cascade
);
comment on table private.day_contacts is 'The contacts who took part in an activity of the organisation on a day (for unique participants over any period).';
create index day_contacts_day_idx on private.day_contacts (org_id, day);
alter table private.day_contacts enable row level security;

create table private.day_active_mentors (
  org_id uuid not null,
  mentor_id uuid not null,
  day date not null,
  primary key (org_id, mentor_id, day),
  foreign key (org_id, day) references private.day_partials (org_id, day) on delete cascade
);
comment on table private.day_active_mentors is 'The active, approved mentors of the organisation''s counting activities on a day (for active mentors over any period).';
create index day_active_mentors_day_idx on private.day_active_mentors (org_id, day);
alter table private.day_active_mentors enable row level security;

-- Rules 1 to 5 for the activities of an organisation on the given days: one row
-- per activity, with its sets, whether it is a merged proxy twin and whether it
-- counts. The plan must not depend on row estimates, which are guesses on a table
-- no ANALYZE has seen: nested loops and merge joins are off for this function,
-- so every join is a hash join and a one-row guess cannot make a join rescan a
-- derived set or sort a million wide rows; sorts are kept to the window that
-- needs one; tables are read by bitmap or sequential scans, never by random
-- index order. Rule 2 looks up only the proxy entries' events; rule 5 is one
-- ordered pass over narrow rows.
create function private.classify_activities(org_id uuid, days date[], rules public.bufdir_counting_rules)
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
      from public.activity_mentors am
      join scope s on s.id = am.activity_id
      left join eligibility e on e.mentor_id = am.mentor_id and s.day between e.active_from and e.active_to
      where am.org_id = classify_activities.org_id
      group by am.activity_id, am.mentor_id
    ) l
    group by l.activity_id
  ), contact_sets as (
    select ap.activity_id, array_agg(ap.contact_id order by ap.contact_id) as contacts
    from public.activity_participants ap
    join scope s on s.id = ap.activity_id
    where ap.org_id = classify_activities.org_id
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
revoke all on function private.classify_activities(uuid, date[], public.bufdir_counting_rules) from public;

-- The days of a period whose stored partials are missing or no longer match the
-- bookkeeping (as this transaction sees it) or the rule version.
create function private.stale_days(org_id uuid, period_start date, period_end date, rule_version text)
returns date[]
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select coalesce(array_agg(s.day order by s.day), '{}')
  from private.activity_day_stats s
  left join private.roster_changes r on r.org_id = s.org_id
  left join private.day_partials p on p.org_id = s.org_id and p.day = s.day
  where s.org_id = stale_days.org_id and s.day between stale_days.period_start and stale_days.period_end
    and (p.day is null
         or p.rule_version <> stale_days.rule_version
         or p.change_xid <> s.last_change_xid or p.change_seq <> s.last_change_seq
         or p.roster_xid is distinct from r.last_change_xid or p.roster_seq is distinct from r.last_change_seq)
$$;
comment on function private.stale_days(uuid, date, date, text) is
  'The days of an organisation''s period whose partials must be classified again: missing, or marked with an older change, roster change or rule version.';
revoke all on function private.stale_days(uuid, date, date, text) from public;

-- Classifies the stale days of a period again and stores their partials. One
-- rebuild per organisation at a time: a concurrent one waits, then finds the
-- days fresh. The markers are read in the statement that classifies, so a
-- partial always reflects exactly the changes its marker names.
create function private.refresh_day_partials(org_id uuid, period_start date, period_end date)
returns integer
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  rules public.bufdir_counting_rules := hidden.rules_in_force(refresh_day_partials.period_start);
  stale date[];
begin
  if rules.version is null then
    return 0;
  end if;
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('private.day_partials'), pg_catalog.hashtext(refresh_day_partials.org_id::text));
  stale := private.stale_days(refresh_day_partials.org_id, refresh_day_partials.period_start, refresh_day_partials.period_end, rules.version);
  if cardinality(stale) = 0 then
    return 0;
  end if;
  delete from private.day_partials p where p.org_id = refresh_day_partials.org_id and p.day = any (stale);

  -- One statement, so the markers and the classification see the same snapshot;
  -- the foreign keys to day_partials are checked when it ends.
  with classified as materialized (
    select * from private.classify_activities(refresh_day_partials.org_id, stale, rules)
  ), markers as (
    insert into private.day_partials (org_id, day, rule_version, change_xid, change_seq, roster_xid, roster_seq)
    select s.org_id, s.day, rules.version, s.last_change_xid, s.last_change_seq, r.last_change_xid, r.last_change_seq
    from private.activity_day_stats s
    left join private.roster_changes r on r.org_id = s.org_id
    where s.org_id = refresh_day_partials.org_id and s.day = any (stale)
  ), cells as (
    insert into private.day_cells (org_id, day, kind, path, county, activity_days, activities, duplicates, participations, lower_bound, minutes)
    select refresh_day_partials.org_id, c.day, c.kind, c.path, c.county,
           count(*) filter (where c.counts), count(*) filter (where not c.is_duplicate), count(*) filter (where c.is_duplicate),
           coalesce(sum(cardinality(c.contacts) + c.anonymous) filter (where not c.is_duplicate), 0),
           coalesce(bool_or(c.anonymous > 0) filter (where not c.is_duplicate), false),
           coalesce(sum(c.minutes) filter (where not c.is_duplicate), 0)
    from classified c
    group by c.day, c.kind, c.path, c.county
  ), contacts as (
    insert into private.day_contacts (org_id, contact_id, day)
    select distinct refresh_day_partials.org_id, x.contact_id, c.day
    from classified c cross join lateral unnest(c.contacts) x(contact_id)
    where not c.is_duplicate
  )
  insert into private.day_active_mentors (org_id, mentor_id, day)
  select distinct refresh_day_partials.org_id, x.mentor_id, c.day
  from classified c cross join lateral unnest(c.active_mentors) x(mentor_id)
  where c.counts;
  return cardinality(stale);
end
$$;
comment on function private.refresh_day_partials(uuid, date, date) is
  'Classifies the stale days of an organisation''s period again and stores their partial figures; returns how many days it rebuilt.';
revoke all on function private.refresh_day_partials(uuid, date, date) from public;

-- The figure documents of every scope from additive cells and the distinct counts.
create function private.figure_documents(
  rules public.bufdir_counting_rules, period_start date, period_end date,
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
$$;
comment on function private.figure_documents(public.bufdir_counting_rules, date, date, private.figure_cell[], jsonb, uuid[]) is
  'Builds the figure document of each scope (null: the organisation) from additive cells and {scope: [unique participants, active mentors]}.';
revoke all on function private.figure_documents(public.bufdir_counting_rules, date, date, private.figure_cell[], jsonb, uuid[]) from public;

create or replace function private.aggregate_figures(org_id uuid, period_start date, period_end date, every_mentor boolean, mentor_ids uuid[])
returns table (mentor_id uuid, figures jsonb)
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
declare
  rules public.bufdir_counting_rules := hidden.rules_in_force(aggregate_figures.period_start);
  stale date[];
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
    with classified as materialized (
      select * from private.classify_activities(aggregate_figures.org_id, stale, rules)
    )
    select
      (select array_agg(x) from (
         select row(null::uuid, c.day, c.kind, c.path, c.county, c.activity_days, c.activities, c.duplicates,
                    c.participations, c.lower_bound, c.minutes)::private.figure_cell as x
         from private.day_cells c
         where c.org_id = aggregate_figures.org_id and c.day between aggregate_figures.period_start and aggregate_figures.period_end
           and c.day <> all (stale)
         union all
         select row(null::uuid, date_trunc('month', c.day)::date, c.kind, c.path, c.county,
                    count(*) filter (where c.counts), count(*) filter (where not c.is_duplicate), count(*) filter (where c.is_duplicate),
                    sum(cardinality(c.contacts) + c.anonymous) filter (where not c.is_duplicate),
                    bool_or(c.anonymous > 0) filter (where not c.is_duplicate),
                    sum(c.minutes) filter (where not c.is_duplicate))::private.figure_cell
         from classified c
         group by date_trunc('month', c.day), c.kind, c.path, c.county) u),
      jsonb_build_object('organisation', jsonb_build_array(
        -- Distinct counts: one index probe per contact and mentor of the
        -- organisation into the fresh days' partials, plus the stale days'.
        (select count(*) from (
           select k.id from public.contacts k
           cross join lateral (select 1 from private.day_contacts d
                               where d.org_id = k.org_id and d.contact_id = k.id
                                 and d.day between aggregate_figures.period_start and aggregate_figures.period_end
                                 and d.day <> all (stale) limit 1) seen
           where k.org_id = aggregate_figures.org_id
           union
           select x.contact_id from classified c cross join lateral unnest(c.contacts) x(contact_id) where not c.is_duplicate) u),
        (select count(*) from (
           select m.user_id from public.members m
           cross join lateral (select 1 from private.day_active_mentors d
                               where d.org_id = m.org_id and d.mentor_id = m.user_id
                                 and d.day between aggregate_figures.period_start and aggregate_figures.period_end
                                 and d.day <> all (stale) limit 1) seen
           where m.org_id = aggregate_figures.org_id
           union
           select x.mentor_id from classified c cross join lateral unnest(c.active_mentors) x(mentor_id) where c.counts) u)))
    into cells, distinct_counts;
    return query select * from private.figure_documents(rules, aggregate_figures.period_start, aggregate_figures.period_end,
                                                         coalesce(cells, '{}'), distinct_counts, array[null::uuid]);
    return;
  end if;

  -- The organisation and mentors: every day of the period classified in one run,
  -- each activity counted for the organisation and for each of its mentors (rule 7).
  with classified as materialized (
    select * from private.classify_activities(aggregate_figures.org_id,
      array(select d::date from generate_series(aggregate_figures.period_start::timestamp, aggregate_figures.period_end::timestamp, interval '1 day') d),
      rules)
  ), scoped as materialized (
    select sc.mentor_id as scope, c.*
    from classified c
    cross join lateral unnest(array_prepend(null::uuid, c.mentors)) sc(mentor_id)
    where sc.mentor_id is null or aggregate_figures.every_mentor or sc.mentor_id = any (aggregate_figures.mentor_ids)
  )
  select
    (select array_agg(g.cell) from (
       select row(s.scope, date_trunc('month', s.day)::date, s.kind, s.path, s.county,
                  count(*) filter (where s.counts), count(*) filter (where not s.is_duplicate), count(*) filter (where s.is_duplicate),
                  sum(cardinality(s.contacts) + s.anonymous) filter (where not s.is_duplicate),
                  bool_or(s.anonymous > 0) filter (where not s.is_duplicate),
                  sum(s.minutes) filter (where not s.is_duplicate))::private.figure_cell as cell
       from scoped s
       group by s.scope, date_trunc('month', s.day), s.kind, s.path, s.county) g),
    (select jsonb_object_agg(coalesce(u.scope::text, 'organisation'), jsonb_build_array(u.contacts, u.mentors))
     from (select v.scope, count(*) filter (where v.fact = 'contact') as contacts, count(*) filter (where v.fact = 'mentor') as mentors
           from (select s.scope, 'contact' as fact, x.member from scoped s cross join lateral unnest(s.contacts) x(member) where not s.is_duplicate
                 union
                 select s.scope, 'mentor', y.member from scoped s cross join lateral unnest(s.active_mentors) y(member) where s.counts) v
           group by v.scope) u),
    array(select null::uuid
          union
          select unnest(aggregate_figures.mentor_ids)
          union
          select distinct s.scope from scoped s where s.scope is not null
          order by 1 nulls first)
  into cells, distinct_counts, scopes;
  return query select * from private.figure_documents(rules, aggregate_figures.period_start, aggregate_figures.period_end,
                                                       coalesce(cells, '{}'), coalesce(distinct_counts, '{}'), scopes);
end
$$;
comment on function private.aggregate_figures(uuid, date, date, boolean, uuid[]) is
  'The aggregation: the organisation''s figures (mentor_id null) from its day partials where fresh, and, per mentor, the figures over the activities they took part in (rule 7), for every mentor of an activity in the period when every_mentor, and for each of mentor_ids (zeros when none), all from one run. PII-free by construction.';

-- Refresh and export write the partials back before computing.
create or replace function public.refresh_metric_snapshot(org_id uuid, period_start date, period_end date)
returns public.bufdir_metric_snapshots
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  generation pg_snapshot;
  figures jsonb;
begin
  perform hidden.check_snapshot_key(refresh_metric_snapshot.org_id, refresh_metric_snapshot.period_start, refresh_metric_snapshot.period_end);
  perform hidden.require_role(refresh_metric_snapshot.org_id, '{coordinator,admin}');
  -- Taken before computing: under READ COMMITTED each statement has a newer
  -- snapshot, so whatever commits in between counts as unseen.
  generation := pg_catalog.pg_current_snapshot();
  perform private.refresh_day_partials(refresh_metric_snapshot.org_id, refresh_metric_snapshot.period_start, refresh_metric_snapshot.period_end);
  figures := private.compute_metrics(refresh_metric_snapshot.org_id, refresh_metric_snapshot.period_start, refresh_metric_snapshot.period_end);
  return private.store_snapshot(
    refresh_metric_snapshot.org_id, refresh_metric_snapshot.period_start, refresh_metric_snapshot.period_end, figures, generation);
end
$$;

create or replace function public.export_bufdir_report(org_id uuid, period_start date, period_end date)
returns public.bufdir_export_audit_log
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  snapshot public.bufdir_metric_snapshots;
  status public.metric_snapshot_status;
  mismatches text;
  payload jsonb;
  logged public.bufdir_export_audit_log;
begin
  perform hidden.check_snapshot_key(export_bufdir_report.org_id, export_bufdir_report.period_start, export_bufdir_report.period_end);
  perform hidden.require_role(export_bufdir_report.org_id, '{coordinator,admin}');

  -- Lock the snapshot so a concurrent refresh or delete waits for the export.
  select s.* into snapshot from public.bufdir_metric_snapshots s
  where s.org_id = export_bufdir_report.org_id and s.period_start = export_bufdir_report.period_start
    and s.period_end = export_bufdir_report.period_end
  for update;
  if snapshot.id is null then
    raise exception 'export refused: no snapshot for organisation % from % to %',
      export_bufdir_report.org_id, export_bufdir_report.period_start, export_bufdir_report.period_end
      using errcode = 'BF002', hint = 'Run refresh_metric_snapshot first.';
  end if;

  status := private.snapshot_status(export_bufdir_report.org_id, export_bufdir_report.period_start, export_bufdir_report.period_end);
  if status.is_stale then
    raise exception 'export refused: the snapshot is stale (%)', array_to_string(status.reasons, ', ')
      using errcode = 'BF003', detail = array_to_string(status.reasons, ','), hint = 'Run refresh_metric_snapshot, then export again.';
  end if;

  perform private.refresh_day_partials(export_bufdir_report.org_id, export_bufdir_report.period_start, export_bufdir_report.period_end);
  select string_agg(d.figure, ', ') into mismatches
  from private.figure_differences(snapshot.snapshot_json,
    private.compute_metrics(export_bufdir_report.org_id, export_bufdir_report.period_start, export_bufdir_report.period_end)) d;
  if mismatches is not null then
    raise exception 'export refused: the snapshot differs from a fresh recomputation in %', mismatches
      using errcode = 'BF004', detail = mismatches, hint = 'Run verify_metric_snapshot to see the figures, then refresh.';
  end if;

  payload := jsonb_build_object(
    'org_id', snapshot.org_id,
    'period_start', snapshot.period_start,
    'period_end', snapshot.period_end,
    'rule_version', snapshot.rule_version,
    'snapshot_id', snapshot.id,
    'snapshot_content_hash', snapshot.content_hash,
    -- In UTC whatever the session's time zone, so the payload (and its hash) is
    -- the same text for everyone.
    'computed_at', to_char(snapshot.computed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'figures', snapshot.snapshot_json);

  insert into public.bufdir_export_audit_log
    (org_id, exported_by, snapshot_id, period_start, period_end, rule_version, record_count, payload, payload_sha256)
  values (
    snapshot.org_id, (select auth.uid()), snapshot.id, snapshot.period_start, snapshot.period_end,
    snapshot.rule_version, snapshot.record_count_at_generation, payload,
    encode(sha256(convert_to(payload::text, 'UTF8')), 'hex'))
  returning * into logged;
  return logged;
end
$$;

-- migrate:down
create or replace function public.export_bufdir_report(org_id uuid, period_start date, period_end date)
returns public.bufdir_export_audit_log
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  snapshot public.bufdir_metric_snapshots;
  status public.metric_snapshot_status;
  mismatches text;
  payload jsonb;
  logged public.bufdir_export_audit_log;
begin
  perform hidden.check_snapshot_key(export_bufdir_report.org_id, export_bufdir_report.period_start, export_bufdir_report.period_end);
  perform hidden.require_role(export_bufdir_report.org_id, '{coordinator,admin}');

  -- Lock the snapshot so a concurrent refresh or delete waits for the export.
  select s.* into snapshot from public.bufdir_metric_snapshots s
  where s.org_id = export_bufdir_report.org_id and s.period_start = export_bufdir_report.period_start
    and s.period_end = export_bufdir_report.period_end
  for update;
  if snapshot.id is null then
    raise exception 'export refused: no snapshot for organisation % from % to %',
      export_bufdir_report.org_id, export_bufdir_report.period_start, export_bufdir_report.period_end
      using errcode = 'BF002', hint = 'Run refresh_metric_snapshot first.';
  end if;

  status := private.snapshot_status(export_bufdir_report.org_id, export_bufdir_report.period_start, export_bufdir_report.period_end);
  if status.is_stale then
    raise exception 'export refused: the snapshot is stale (%)', array_to_string(status.reasons, ', ')
      using errcode = 'BF003', detail = array_to_string(status.reasons, ','), hint = 'Run refresh_metric_snapshot, then export again.';
  end if;

  select string_agg(d.figure, ', ') into mismatches
  from private.figure_differences(snapshot.snapshot_json,
    private.compute_metrics(export_bufdir_report.org_id, export_bufdir_report.period_start, export_bufdir_report.period_end)) d;
  if mismatches is not null then
    raise exception 'export refused: the snapshot differs from a fresh recomputation in %', mismatches
      using errcode = 'BF004', detail = mismatches, hint = 'Run verify_metric_snapshot to see the figures, then refresh.';
  end if;

  payload := jsonb_build_object(
    'org_id', snapshot.org_id,
    'period_start', snapshot.period_start,
    'period_end', snapshot.period_end,
    'rule_version', snapshot.rule_version,
    'snapshot_id', snapshot.id,
    'snapshot_content_hash', snapshot.content_hash,
    -- In UTC whatever the session's time zone, so the payload (and its hash) is
    -- the same text for everyone.
    'computed_at', to_char(snapshot.computed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'figures', snapshot.snapshot_json);

  insert into public.bufdir_export_audit_log
    (org_id, exported_by, snapshot_id, period_start, period_end, rule_version, record_count, payload, payload_sha256)
  values (
    snapshot.org_id, (select auth.uid()), snapshot.id, snapshot.period_start, snapshot.period_end,
    snapshot.rule_version, snapshot.record_count_at_generation, payload,
    encode(sha256(convert_to(payload::text, 'UTF8')), 'hex'))
  returning * into logged;
  return logged;
end
$$;
create or replace function public.refresh_metric_snapshot(org_id uuid, period_start date, period_end date)
returns public.bufdir_metric_snapshots
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  generation pg_snapshot;
  figures jsonb;
begin
  perform hidden.check_snapshot_key(refresh_metric_snapshot.org_id, refresh_metric_snapshot.period_start, refresh_metric_snapshot.period_end);
  perform hidden.require_role(refresh_metric_snapshot.org_id, '{coordinator,admin}');
  -- Taken before computing: under READ COMMITTED each statement has a newer
  -- snapshot, so whatever commits in between counts as unseen.
  generation := pg_catalog.pg_current_snapshot();
  figures := private.compute_metrics(refresh_metric_snapshot.org_id, refresh_metric_snapshot.period_start, refresh_metric_snapshot.period_end);
  return private.store_snapshot(
    refresh_metric_snapshot.org_id, refresh_metric_snapshot.period_start, refresh_metric_snapshot.period_end, figures, generation);
end
$$;
create or replace function private.aggregate_figures(org_id uuid, period_start date, period_end date, every_mentor boolean, mentor_ids uuid[])
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

drop function private.figure_documents(public.bufdir_counting_rules, date, date, private.figure_cell[], jsonb, uuid[]);
drop function private.refresh_day_partials(uuid, date, date);
drop function private.stale_days(uuid, date, date, text);
drop function private.classify_activities(uuid, date[], public.bufdir_counting_rules);
drop table private.day_active_mentors;
drop table private.day_contacts;
drop table private.day_cells;
drop table private.day_partials;
drop type private.figure_cell;
