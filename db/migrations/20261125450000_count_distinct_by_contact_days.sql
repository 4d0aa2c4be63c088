-- Purpose: a refresh after a small change costs the changed days, not the organisation.
-- Objects: functions private.days_as_multirange(), private.links_by_id_limit(); tables private.contact_days and
--          private.mentor_days (replacing day_contacts and day_active_mentors);
--          private.classify_activities(), private.refresh_day_partials() and
--          private.aggregate_figures() rebuilt on them.
-- Why: the distinct counts (unique participants, active mentors) were one hashed
-- pass over a row per (day, contact), 1.3 million rows for a large organisation's
-- half-year, on every read. One row per contact with the days it was seen, as a
-- multirange, makes the count one probe per contact. Classifying a few changed
-- days hash-joined the organisation's whole link tables; their activities' links
-- are now looked up by id, and many days still take the one hashed pass.

-- migrate:up
create function private.days_as_multirange(days date[])
returns datemultirange
language sql immutable
set search_path = pg_catalog, pg_temp
as $$
  select coalesce(range_agg(daterange(d, d, '[]')), '{}'::datemultirange) from unnest(days_as_multirange.days) d
$$;
comment on function private.days_as_multirange(date[]) is 'A set of days as a multirange (empty for none).';
revoke all on function private.days_as_multirange(date[]) from public;

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

create table private.contact_days (
  org_id uuid not null references public.organisations (id) on delete cascade,
  contact_id uuid not null,
  days datemultirange not null,
  primary key (org_id, contact_id)
);
comment on table private.contact_days is
  'The days a contact took part in an activity of the organisation (not a merged proxy twin), as stored with the day partials; trusted only for days whose partials are stored and fresh.';
alter table private.contact_days enable row level security;

create table private.mentor_days (
  org_id uuid not null references public.organisations (id) on delete cascade,
  mentor_id uuid not null,
  days datemultirange not null,
  primary key (org_id, mentor_id)
);
comment on table private.mentor_days is
  'The days a mentor was an active, approved mentor of a counting activity of the organisation, as stored with the day partials; trusted only for days whose partials are stored and fresh.';
alter table private.mentor_days enable row level security;

insert into private.contact_days (org_id, contact_id, days)
select d.org_id, d.contact_id, range_agg(daterange(d.day, d.day, '[]')) from private.day_contacts d group by d.org_id, d.contact_id;
insert into private.mentor_days (org_id, mentor_id, days)
select d.org_id, d.mentor_id, range_agg(daterange(d.day, d.day, '[]')) from private.day_active_mentors d group by d.org_id, d.mentor_id;
drop table private.day_contacts;
drop table private.day_active_mentors;

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

-- migrate:down
create table private.day_contacts (
  org_id uuid not null,
  day date not null,
  contact_id uuid not null,
  primary key (org_id, day, contact_id),
  foreign key (org_id, day) references private.day_partials (org_id, day) on delete cascade
);
comment on table private.day_contacts is 'The contacts who took part in an activity of the organisation on a day (for unique participants over any period).';
alter table private.day_contacts enable row level security;

create table private.day_active_mentors (
  org_id uuid not null,
  day date not null,
  mentor_id uuid not null,
  primary key (org_id, day, mentor_id),
  foreign key (org_id, day) references private.day_partials (org_id, day) on delete cascade
);
comment on table private.day_active_mentors is 'The active, approved mentors of the organisation''s counting activities on a day (for active mentors over any period).';
alter table private.day_active_mentors enable row level security;

insert into private.day_contacts (org_id, day, contact_id)
select c.org_id, p.day, c.contact_id
from private.contact_days c join private.day_partials p on p.org_id = c.org_id and c.days @> p.day;
insert into private.day_active_mentors (org_id, day, mentor_id)
select m.org_id, p.day, m.mentor_id
from private.mentor_days m join private.day_partials p on p.org_id = m.org_id and m.days @> p.day;

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

create or replace function private.refresh_day_partials(org_id uuid, period_start date, period_end date)
returns integer
language plpgsql volatile
set search_path = pg_catalog, pg_temp
set enable_seqscan = off
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
    insert into private.day_contacts (org_id, day, contact_id)
    select distinct refresh_day_partials.org_id, c.day, x.contact_id
    from classified c cross join lateral unnest(c.contacts) x(contact_id)
    where not c.is_duplicate
  )
  insert into private.day_active_mentors (org_id, day, mentor_id)
  select distinct refresh_day_partials.org_id, c.day, x.mentor_id
  from classified c cross join lateral unnest(c.active_mentors) x(mentor_id)
  where c.counts;
  return cardinality(stale);
end
$$;
comment on function private.refresh_day_partials(uuid, date, date) is
  'Classifies the stale days of an organisation''s period again and stores their partial figures; returns how many days it rebuilt.';
revoke all on function private.refresh_day_partials(uuid, date, date) from public;

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
        -- Distinct counts: the fresh days' sets and the stale days' new ones, hashed.
        (select count(*) from (
           select d.contact_id from private.day_contacts d
           where d.org_id = aggregate_figures.org_id
             and d.day between aggregate_figures.period_start and aggregate_figures.period_end and d.day <> all (stale)
           union
           select x.contact_id from classified c cross join lateral unnest(c.contacts) x(contact_id) where not c.is_duplicate) u),
        (select count(*) from (
           select d.mentor_id from private.day_active_mentors d
           where d.org_id = aggregate_figures.org_id
             and d.day between aggregate_figures.period_start and aggregate_figures.period_end and d.day <> all (stale)
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

drop table private.mentor_days;
drop table private.contact_days;
drop function private.links_by_id_limit();
drop function private.days_as_multirange(date[]);
