-- Purpose: hard plausibility limits, versioned with the counting rules, that refuse
-- an implausible activity on every write path.
-- Objects: columns max_minutes_per_activity, max_minutes_per_mentor_day,
--          max_anonymous_participants, max_known_participants on
--          public.bufdir_counting_rules; table private.mentor_write_locks;
--          trigger functions private.check_activity_limits(),
--          private.check_known_participant_limit(), private.check_mentor_day_links(),
--          private.check_mentor_day_changes() and their triggers on activities,
--          activity_participants and activity_mentors; functions
--          private.lock_mentors(uuid[], uuid[]) and private.check_mentor_days(uuid[], uuid[], date[]).
-- Why: approved and pending mentors alike could register a group meeting of
-- 1 440 minutes and 100 000 anonymous participants, or name fifty contacts they
-- created themselves, and every figure took it in. The schema's own thresholds
-- (1-1 440 minutes, 0-100 000 anonymous) only keep numbers representable. The
-- limits below say what one person's activity can plausibly be. They are checked
-- by triggers, so the RPCs, the table path, the service role and the table owner
-- are all held to them (bad data is bad data); what raises them is a new rule
-- version. An activity already stored beyond them stays readable and may be
-- edited downwards: a write is refused only when it makes a value larger (or
-- brings a soft-deleted entry back) and the result exceeds the limit.
-- The per-mentor-day check is serialised per (organisation, mentor) by a row lock
-- on a private row no API role can read or lock, so two concurrent registrations
-- for one mentor's day cannot together pass it; an advisory lock would not do,
-- since any login can take any advisory key.

-- migrate:up
-- Limits for 2026.1 (db/fixtures/README.md, "Plausibility limits"):
-- - 720 minutes per activity: the longest single activity a mentor plausibly
--   registers is a full course or excursion day (12 hours); more is a typing error
--   (hours entered as minutes, an extra digit).
-- - 1 440 minutes per mentor-day: a day has no more minutes, summed over every
--   live activity naming the mentor that day.
-- - 500 anonymous participants per activity: a large open event or stand;
--   anything above is not one mentor's head count.
-- - 200 known participants per activity: more named contacts than a lecture hall
--   holds is not a meeting a mentor registers contact by contact.
alter table public.bufdir_counting_rules
  add column max_minutes_per_activity integer not null default 720
    check (max_minutes_per_activity between 1 and 1440),
  add column max_minutes_per_mentor_day integer not null default 1440
    check (max_minutes_per_mentor_day between 1 and 1440),
  add column max_anonymous_participants integer not null default 500
    check (max_anonymous_participants between 0 and 100000),
  add column max_known_participants integer not null default 200
    check (max_known_participants >= 0);
comment on column public.bufdir_counting_rules.max_minutes_per_activity is
  'Hard limit: an activity''s duration_minutes above it is refused (22023).';
comment on column public.bufdir_counting_rules.max_minutes_per_mentor_day is
  'Hard limit: the minutes of all live activities naming one mentor on one day, summed, above it are refused (22023).';
comment on column public.bufdir_counting_rules.max_anonymous_participants is
  'Hard limit: an activity''s anonymous_participants above it is refused (22023).';
comment on column public.bufdir_counting_rules.max_known_participants is
  'Hard limit: an activity with more known participants (contact links) than this is refused (22023).';

-- One row per (organisation, mentor) whose day sums were checked: the lock that
-- serialises writers of one mentor's days. Owner only.
create table private.mentor_write_locks (
  org_id uuid not null,
  mentor_id uuid not null,
  primary key (org_id, mentor_id)
);
comment on table private.mentor_write_locks is
  'Per organisation and mentor: a row whose lock serialises the writers of that mentor''s activities while the per-mentor-day limit is checked. Owner only.';
alter table private.mentor_write_locks enable row level security;

create function private.lock_mentors(org_ids uuid[], mentor_ids uuid[])
returns void
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  insert into private.mentor_write_locks (org_id, mentor_id)
  select distinct l.org_id, l.mentor_id from unnest(lock_mentors.org_ids, lock_mentors.mentor_ids) l(org_id, mentor_id)
  order by 1, 2
  on conflict do nothing;
  -- Always in key order, so two writers never wait for each other crosswise.
  perform from private.mentor_write_locks w
  where (w.org_id, w.mentor_id) in (
    select l.org_id, l.mentor_id from unnest(lock_mentors.org_ids, lock_mentors.mentor_ids) l(org_id, mentor_id))
  order by w.org_id, w.mentor_id
  for update;
end
$$;
comment on function private.lock_mentors(uuid[], uuid[]) is
  'Locks the (organisation, mentor) rows of private.mentor_write_locks, in key order, until the transaction ends; creates missing ones. Called by the per-mentor-day limit trigger.';
revoke all on function private.lock_mentors(uuid[], uuid[]) from public;

-- Per-activity limits (minutes, anonymous participants) and, when an entry comes
-- back from a soft delete, its known participants.
create function private.check_activity_limits()
returns trigger
language plpgsql security definer
set search_path = pg_catalog, pg_temp
as $$
-- Definer: the known-participant count of a restored entry counts every link,
-- also those the caller cannot read.
declare
  ids uuid[];
  org_ids uuid[];
  days date[];
  minutes integer[];
  anonymous integer[];
  minutes_grew boolean[];
  anonymous_grew boolean[];
  restored boolean[];
  bad record;
begin
  -- Each branch names only the transition tables its event has. Only live rows
  -- whose checked values are new or larger can break a limit.
  if tg_op = 'INSERT' then
    select array_agg(n.id), array_agg(n.org_id), array_agg(n.activity_date), array_agg(n.duration_minutes),
           array_agg(n.anonymous_participants), array_agg(true), array_agg(true), array_agg(false)
    into ids, org_ids, days, minutes, anonymous, minutes_grew, anonymous_grew, restored
    from new_rows n
    where n.deleted_at is null;
  else
    select array_agg(c.id), array_agg(c.org_id), array_agg(c.activity_date), array_agg(c.duration_minutes),
           array_agg(c.anonymous_participants), array_agg(c.is_new or c.duration_minutes > c.old_minutes),
           array_agg(c.is_new or c.anonymous_participants > c.old_anonymous), array_agg(c.is_new)
    into ids, org_ids, days, minutes, anonymous, minutes_grew, anonymous_grew, restored
    from (
      select n.id, n.org_id, n.activity_date, n.duration_minutes, n.anonymous_participants,
             o.id is null or o.deleted_at is not null as is_new,
             o.duration_minutes as old_minutes, o.anonymous_participants as old_anonymous
      from new_rows n
      left join old_rows o on o.org_id = n.org_id and o.id = n.id
      where n.deleted_at is null
    ) c
    where c.is_new or c.duration_minutes > c.old_minutes or c.anonymous_participants > c.old_anonymous;
  end if;
  if ids is null then
    return null;
  end if;
  with changed as (
    select * from unnest(ids, org_ids, days, minutes, anonymous, minutes_grew, anonymous_grew, restored)
      c(id, org_id, day, minutes, anonymous, minutes_grew, anonymous_grew, restored)
  ), rules as materialized (
    select d.day, r.version, r.max_minutes_per_activity, r.max_anonymous_participants, r.max_known_participants
    from (select distinct c.day from changed c) d
    cross join lateral hidden.rules_in_force(d.day) r
  ), verdicts as (
    select c.id, c.minutes, c.anonymous, r.version, r.max_minutes_per_activity, r.max_anonymous_participants,
           r.max_known_participants,
           c.minutes_grew and c.minutes > r.max_minutes_per_activity as too_long,
           c.anonymous_grew and c.anonymous > r.max_anonymous_participants as too_many_anonymous,
           c.restored and (select pg_catalog.count(*) from public.activity_participants ap
                           where ap.org_id = c.org_id and ap.activity_id = c.id) > r.max_known_participants as too_many_known
    from changed c
    join rules r on r.day = c.day
  )
  select * into bad from verdicts v
  where v.too_long or v.too_many_anonymous or v.too_many_known
  limit 1;
  if bad.too_long then
    raise exception 'duration_minutes (%) exceeds the limit of % minutes per activity (max_minutes_per_activity, rules %)',
      bad.minutes, bad.max_minutes_per_activity, bad.version using errcode = '22023';
  elsif bad.too_many_anonymous then
    raise exception 'anonymous_participants (%) exceeds the limit of % per activity (max_anonymous_participants, rules %)',
      bad.anonymous, bad.max_anonymous_participants, bad.version using errcode = '22023';
  elsif bad.too_many_known then
    raise exception 'activity % has more known participants than the limit of % (max_known_participants, rules %): it cannot be restored',
      bad.id, bad.max_known_participants, bad.version using errcode = '22023';
  end if;
  return null;
end
$$;
comment on function private.check_activity_limits() is
  'Statement trigger on activities (insert, update): refuses (22023) a live entry whose minutes or anonymous participants exceed the limits of the rules in force on its date, when the entry is new, restored, or the value grew; a restored entry is also held to the known-participant limit.';
revoke all on function private.check_activity_limits() from public;

create trigger check_limits_insert after insert on public.activities
  referencing new table as new_rows
  for each statement execute function private.check_activity_limits();
create trigger check_limits_update after update on public.activities
  referencing old table as old_rows new table as new_rows
  for each statement execute function private.check_activity_limits();

-- Known participants per activity, on every link insert.
create function private.check_known_participant_limit()
returns trigger
language plpgsql security definer
set search_path = pg_catalog, pg_temp
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
    cross join lateral hidden.rules_in_force(d.day) r
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
comment on function private.check_known_participant_limit() is
  'Statement trigger on activity_participants (insert): refuses (22023) links that give a live activity more known participants than the rules in force on its date allow.';
revoke all on function private.check_known_participant_limit() from public;

create trigger check_limits_insert after insert on public.activity_participants
  referencing new table as new_rows
  for each statement execute function private.check_known_participant_limit();

-- Minutes per mentor-day: on a new mentor link, and when an activity's date or
-- minutes grow or it comes back from a soft delete.
create function private.check_mentor_days(org_ids uuid[], mentor_ids uuid[], days date[])
returns void
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
-- Definer: sums every live activity naming the mentor, also those the caller
-- cannot read, and takes the private per-mentor lock.
declare
  bad record;
begin
  if org_ids is null then
    return;
  end if;
  perform private.lock_mentors(org_ids, mentor_ids);
  -- After the lock, in a statement of its own: its snapshot sees what the
  -- writers we waited for committed. A few mentor-days (a registration, an
  -- edit) are summed one by one, each an index lookup of the organisation's
  -- entries that day or of the mentor's links, whichever the planner finds
  -- smaller; a bulk load sums all touched mentor-days in one grouped join.
  if pg_catalog.cardinality(org_ids) <= 1000 then
    with touched as (
      select distinct t.org_id, t.mentor_id, t.day from unnest(org_ids, mentor_ids, days) t(org_id, mentor_id, day)
    ), rules as materialized (
      select d.day, r.version, r.max_minutes_per_mentor_day
      from (select distinct t.day from touched t) d
      cross join lateral hidden.rules_in_force(d.day) r
    )
    select t.org_id, t.mentor_id, t.day, r.version, r.max_minutes_per_mentor_day, s.minutes
    into bad
    from touched t
    join rules r on r.day = t.day
    cross join lateral (
      select pg_catalog.sum(a.duration_minutes) as minutes
      from public.activity_mentors am
      join public.activities a on a.org_id = am.org_id and a.id = am.activity_id
      where am.org_id = t.org_id and am.mentor_id = t.mentor_id
        and a.activity_date = t.day and a.deleted_at is null
    ) s
    where s.minutes > r.max_minutes_per_mentor_day
    limit 1;
  else
    with touched as (
      select distinct t.org_id, t.mentor_id, t.day from unnest(org_ids, mentor_ids, days) t(org_id, mentor_id, day)
    ), rules as materialized (
      select d.day, r.version, r.max_minutes_per_mentor_day
      from (select distinct t.day from touched t) d
      cross join lateral hidden.rules_in_force(d.day) r
    ), sums as (
      select am.org_id, am.mentor_id, a.activity_date as day, pg_catalog.sum(a.duration_minutes) as minutes
      from public.activity_mentors am
      join public.activities a on a.org_id = am.org_id and a.id = am.activity_id
      where a.deleted_at is null
        and (am.org_id, am.mentor_id) in (select distinct t.org_id, t.mentor_id from touched t)
        and a.activity_date in (select r.day from rules r)
      group by am.org_id, am.mentor_id, a.activity_date
    )
    select t.org_id, t.mentor_id, t.day, r.version, r.max_minutes_per_mentor_day, s.minutes
    into bad
    from touched t
    join rules r on r.day = t.day
    join sums s on s.org_id = t.org_id and s.mentor_id = t.mentor_id and s.day = t.day
    where s.minutes > r.max_minutes_per_mentor_day
    limit 1;
  end if;
  if bad.mentor_id is not null then
    raise exception 'mentor % would have % minutes of activities on %, more than the limit of % per mentor-day (max_minutes_per_mentor_day, rules %)',
      bad.mentor_id, bad.minutes, bad.day, bad.max_minutes_per_mentor_day, bad.version using errcode = '22023';
  end if;
end
$$;
comment on function private.check_mentor_days(uuid[], uuid[], date[]) is
  'Under the private per-(organisation, mentor) lock, refuses (22023) when any of the given (organisation, mentor, day) triples has live activities summing to more minutes than the rules in force that day allow (max_minutes_per_mentor_day). Called by the mentor-day triggers.';
revoke all on function private.check_mentor_days(uuid[], uuid[], date[]) from public;

create function private.check_mentor_day_links()
returns trigger
language plpgsql security definer
set search_path = pg_catalog, pg_temp
as $$
-- Definer: reads the linked activities whether or not the caller may read them.
declare
  org_ids uuid[];
  mentor_ids uuid[];
  days date[];
begin
  select array_agg(n.org_id), array_agg(n.mentor_id), array_agg(a.activity_date)
  into org_ids, mentor_ids, days
  from (select distinct n.org_id, n.activity_id, n.mentor_id from new_rows n) n
  join public.activities a on a.org_id = n.org_id and a.id = n.activity_id
  where a.deleted_at is null;
  perform private.check_mentor_days(org_ids, mentor_ids, days);
  return null;
end
$$;
comment on function private.check_mentor_day_links() is
  'Statement trigger on activity_mentors (insert): the mentors named anew must stay within their mentor-day limit (private.check_mentor_days).';
revoke all on function private.check_mentor_day_links() from public;

create function private.check_mentor_day_changes()
returns trigger
language plpgsql security definer
set search_path = pg_catalog, pg_temp
as $$
-- Definer: reads every mentor link of the changed activities.
declare
  org_ids uuid[];
  mentor_ids uuid[];
  days date[];
begin
  select array_agg(am.org_id), array_agg(am.mentor_id), array_agg(c.activity_date)
  into org_ids, mentor_ids, days
  from (
    select n.org_id, n.id, n.activity_date
    from new_rows n
    left join old_rows o on o.org_id = n.org_id and o.id = n.id
    where n.deleted_at is null
      and (o.id is null or o.deleted_at is not null or o.activity_date <> n.activity_date
           or n.duration_minutes > o.duration_minutes)
  ) c
  join public.activity_mentors am on am.org_id = c.org_id and am.activity_id = c.id;
  perform private.check_mentor_days(org_ids, mentor_ids, days);
  return null;
end
$$;
comment on function private.check_mentor_day_changes() is
  'Statement trigger on activities (update): an entry moved, lengthened or restored must keep each of its mentors within their mentor-day limit (private.check_mentor_days); other updates are not checked.';
revoke all on function private.check_mentor_day_changes() from public;

create trigger check_mentor_day_insert after insert on public.activity_mentors
  referencing new table as new_rows
  for each statement execute function private.check_mentor_day_links();
create trigger check_mentor_day_update after update on public.activities
  referencing old table as old_rows new table as new_rows
  for each statement execute function private.check_mentor_day_changes();

-- migrate:down
drop trigger check_mentor_day_update on public.activities;
drop trigger check_mentor_day_insert on public.activity_mentors;
drop function private.check_mentor_day_changes();
drop function private.check_mentor_day_links();
drop function private.check_mentor_days(uuid[], uuid[], date[]);
drop trigger check_limits_insert on public.activity_participants;
drop function private.check_known_participant_limit();
drop trigger check_limits_update on public.activities;
drop trigger check_limits_insert on public.activities;
drop function private.check_activity_limits();
drop function private.lock_mentors(uuid[], uuid[]);
drop table private.mentor_write_locks;
alter table public.bufdir_counting_rules
  drop column max_known_participants,
  drop column max_anonymous_participants,
  drop column max_minutes_per_mentor_day,
  drop column max_minutes_per_activity;
