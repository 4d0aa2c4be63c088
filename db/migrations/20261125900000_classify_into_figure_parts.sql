-- Purpose: the classification hands its callers figures, not a row per activity.
-- Objects: aggregate private.array_concat_agg(anycompatiblearray); function
--          private.figure_parts() replacing private.classify_activities();
--          private.aggregate_figures() and private.refresh_day_partials() built on it;
--          the comment of private.links_by_id_share() names its new reader.
-- Why: every caller grouped the classified activities into cells and distinct
-- contacts and mentors, after a million wide rows had been written out by the
-- classification, kept again by the caller and probed for their verdicts. Now:
-- - the classification groups them itself, by day or by month, for the
--   organisation and any of its mentors, from the rows it already holds;
-- - rule 5 is one sort of the (active mentor, day) rows in order of registration:
--   the first of a mentor's day counts, and a later one counts when it brings a
--   contact missing from the mentor's earlier activities that day (a running union);
-- - counting activities carry their own cell keys, so nothing looks verdicts up;
-- - a mentor's numbers of contacts and active mentors are counted there too, not
--   handed out as a row per (mentor, contact).

-- migrate:up
-- Concatenates arrays: over a window in order, the elements of the earlier rows.
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


drop function private.classify_activities(uuid, date[], public.bufdir_counting_rules);
comment on function private.links_by_id_share() is
  'Up to what share of the organisation''s live activities the days may hold for private.figure_parts to look their links up by id instead of reading the organisation''s link tables in key order.';

-- migrate:down
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
revoke all on function private.classify_activities(uuid, date[], public.bufdir_counting_rules) from public;

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
  ), seen_contacts as (
    select x.contact_id, range_agg(daterange(c.day, c.day, '[]')) as days
    from classified c cross join lateral unnest(c.contacts) x(contact_id)
    where not c.is_duplicate
    group by x.contact_id
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
    select x.mentor_id, range_agg(daterange(c.day, c.day, '[]')) as days
    from classified c cross join lateral unnest(c.active_mentors) x(mentor_id)
    where c.counts
    group by x.mentor_id
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
    with classified as materialized (
      select * from private.classify_activities(aggregate_figures.org_id, stale, rules)
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
         select row(null::uuid, date_trunc('month', c.day)::date, c.kind, c.path, c.county,
                    count(*) filter (where c.counts), count(*) filter (where not c.is_duplicate), count(*) filter (where c.is_duplicate),
                    sum(cardinality(c.contacts) + c.anonymous) filter (where not c.is_duplicate),
                    bool_or(c.anonymous > 0) filter (where not c.is_duplicate),
                    sum(c.minutes) filter (where not c.is_duplicate))::private.figure_cell
         from classified c
         group by date_trunc('month', c.day), c.kind, c.path, c.county) u),
      jsonb_build_object('organisation', jsonb_build_array(
        -- Distinct counts: one row per contact and mentor seen on a fresh day,
        -- and the stale days' new ones, hashed.
        (select count(*) from (
           select d.contact_id from private.contact_days d
           where d.org_id = aggregate_figures.org_id and d.days && fresh_days
           union
           select x.contact_id from classified c cross join lateral unnest(c.contacts) x(contact_id) where not c.is_duplicate) u),
        (select count(*) from (
           select d.mentor_id from private.mentor_days d
           where d.org_id = aggregate_figures.org_id and d.days && fresh_days
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


comment on function private.links_by_id_share() is
  'Up to what share of the organisation''s live activities the days may hold for private.classify_activities to look their links up by id instead of reading the organisation''s link tables in key order.';
drop function private.figure_parts(uuid, date[], public.bufdir_counting_rules, boolean, uuid[], boolean);
drop aggregate private.array_concat_agg(anycompatiblearray);
