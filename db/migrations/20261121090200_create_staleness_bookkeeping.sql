-- Purpose: the bookkeeping that tells whether a snapshot is stale.
-- Objects: private.activity_day_stats (per organisation and day: live activity
--          count and the last writer's transaction), private.roster_changes (per
--          organisation: the last change to mentors' status or active periods), and
--          the statement-level triggers that keep them.
-- Why: a snapshot is stale when anything the aggregation reads changed for its
-- organisation and period. Statement-level triggers with transition tables touch
-- one row per (organisation, day) per statement, never one update per activity
-- row (a per-row counter made a 1 000 000-row insert run for minutes). The check
-- then reads at most 366 day rows: no count over the activities themselves.
-- Transaction ids, not timestamps, decide "changed since": a change is unseen by
-- a generation exactly when its writer is not visible in the generation's MVCC
-- snapshot, whatever the commit order. Within the generating transaction itself,
-- a sequence number orders its own statements.

-- migrate:up
create sequence private.change_seq;
comment on sequence private.change_seq is 'Orders changes and generations made within one transaction.';

create table private.activity_day_stats (
  org_id uuid not null,
  day date not null,
  live_activities bigint not null default 0,
  last_change_xid xid8 not null,
  last_change_seq bigint not null,
  primary key (org_id, day)
);
comment on table private.activity_day_stats is 'Per organisation and day: live activities, and the last transaction that changed anything counted on that day.';
alter table private.activity_day_stats enable row level security;

create table private.roster_changes (
  org_id uuid not null primary key,
  last_change_xid xid8 not null,
  last_change_seq bigint not null
);
comment on table private.roster_changes is 'Per organisation: the last transaction that changed a membership, approval or active period.';
alter table private.roster_changes enable row level security;

-- One upsert per distinct (organisation, day) of a statement, in key order so
-- concurrent statements lock day rows in the same order.
create function private.add_day_changes(org_ids uuid[], days date[], deltas integer[])
returns void
language sql volatile
set search_path = ''
as $$
  insert into private.activity_day_stats as s (org_id, day, live_activities, last_change_xid, last_change_seq)
  select c.org_id, c.day, sum(c.delta), pg_catalog.pg_current_xact_id(), pg_catalog.nextval('private.change_seq')
  from unnest(add_day_changes.org_ids, add_day_changes.days, add_day_changes.deltas) c(org_id, day, delta)
  where c.org_id is not null
  group by c.org_id, c.day
  order by c.org_id, c.day
  on conflict (org_id, day) do update
    set live_activities = s.live_activities + excluded.live_activities,
        last_change_xid = excluded.last_change_xid,
        last_change_seq = excluded.last_change_seq
$$;
comment on function private.add_day_changes(uuid[], date[], integer[]) is
  'Adds live-activity deltas per (organisation, day) and marks those days as changed by the current transaction.';
revoke all on function private.add_day_changes(uuid[], date[], integer[]) from public;

-- Security definer: the API roles write activities but may not write these tables.
create function private.record_activity_changes() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  -- Each branch names only the transition tables its event has.
  if tg_op = 'INSERT' then
    perform private.add_day_changes(array_agg(n.org_id), array_agg(n.activity_date),
      array_agg(case when n.deleted_at is null then 1 else 0 end)) from new_rows n;
  elsif tg_op = 'DELETE' then
    perform private.add_day_changes(array_agg(o.org_id), array_agg(o.activity_date),
      array_agg(case when o.deleted_at is null then -1 else 0 end)) from old_rows o;
  else
    perform private.add_day_changes(array_agg(c.org_id), array_agg(c.day), array_agg(c.delta))
    from (
      select n.org_id, n.activity_date as day, case when n.deleted_at is null then 1 else 0 end as delta from new_rows n
      union all
      select o.org_id, o.activity_date, case when o.deleted_at is null then -1 else 0 end from old_rows o
    ) c;
  end if;
  return null;
end
$$;
comment on function private.record_activity_changes() is
  'Statement trigger on activities: adjusts live counts and marks every touched (organisation, day) as changed.';
revoke all on function private.record_activity_changes() from public;

-- Transition tables cannot be shared by several events in one trigger, hence three.
create trigger record_changes_insert after insert on public.activities
  referencing new table as new_rows
  for each statement execute function private.record_activity_changes();
create trigger record_changes_update after update on public.activities
  referencing old table as old_rows new table as new_rows
  for each statement execute function private.record_activity_changes();
create trigger record_changes_delete after delete on public.activities
  referencing old table as old_rows
  for each statement execute function private.record_activity_changes();

-- Mentors and participants change what an activity counts as: mark its day.
create function private.record_activity_link_changes() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  org_ids uuid[];
  activity_ids uuid[];
begin
  if tg_op = 'INSERT' then
    select array_agg(n.org_id), array_agg(n.activity_id) into org_ids, activity_ids from new_rows n;
  else
    select array_agg(o.org_id), array_agg(o.activity_id) into org_ids, activity_ids from old_rows o;
  end if;
  -- Links removed together with their activity find no activity: its own trigger marked the day.
  perform private.add_day_changes(array_agg(a.org_id), array_agg(a.activity_date), array_agg(0))
  from (select distinct l.org_id, l.activity_id from unnest(org_ids, activity_ids) l(org_id, activity_id)) l
  join public.activities a on a.org_id = l.org_id and a.id = l.activity_id;
  return null;
end
$$;
comment on function private.record_activity_link_changes() is
  'Statement trigger on activity_mentors and activity_participants: marks the day of every touched activity as changed.';
revoke all on function private.record_activity_link_changes() from public;

create trigger record_changes_insert after insert on public.activity_mentors
  referencing new table as new_rows
  for each statement execute function private.record_activity_link_changes();
create trigger record_changes_delete after delete on public.activity_mentors
  referencing old table as old_rows
  for each statement execute function private.record_activity_link_changes();
create trigger record_changes_insert after insert on public.activity_participants
  referencing new table as new_rows
  for each statement execute function private.record_activity_link_changes();
create trigger record_changes_delete after delete on public.activity_participants
  referencing old table as old_rows
  for each statement execute function private.record_activity_link_changes();

-- Who counts as an active, approved mentor affects every day of the organisation.
create function private.record_roster_changes() returns trigger
language plpgsql security definer
set search_path = ''
as $$
declare
  org_ids uuid[];
begin
  if tg_op = 'INSERT' then
    select array_agg(distinct n.org_id) into org_ids from new_rows n;
  elsif tg_op = 'DELETE' then
    select array_agg(distinct o.org_id) into org_ids from old_rows o;
  else
    select array_agg(distinct c.org_id) into org_ids
    from (select n.org_id from new_rows n union select o.org_id from old_rows o) c;
  end if;
  insert into private.roster_changes as r (org_id, last_change_xid, last_change_seq)
  select o.org_id, pg_catalog.pg_current_xact_id(), pg_catalog.nextval('private.change_seq')
  from unnest(org_ids) o(org_id)
  where o.org_id is not null
  order by 1
  on conflict (org_id) do update
    set last_change_xid = excluded.last_change_xid, last_change_seq = excluded.last_change_seq;
  return null;
end
$$;
comment on function private.record_roster_changes() is
  'Statement trigger on members and mentor_active_periods: marks the organisation''s roster as changed.';
revoke all on function private.record_roster_changes() from public;

create trigger record_changes_insert after insert on public.members
  referencing new table as new_rows
  for each statement execute function private.record_roster_changes();
create trigger record_changes_update after update on public.members
  referencing old table as old_rows new table as new_rows
  for each statement execute function private.record_roster_changes();
create trigger record_changes_delete after delete on public.members
  referencing old table as old_rows
  for each statement execute function private.record_roster_changes();
create trigger record_changes_insert after insert on public.mentor_active_periods
  referencing new table as new_rows
  for each statement execute function private.record_roster_changes();
create trigger record_changes_update after update on public.mentor_active_periods
  referencing old table as old_rows new table as new_rows
  for each statement execute function private.record_roster_changes();
create trigger record_changes_delete after delete on public.mentor_active_periods
  referencing old table as old_rows
  for each statement execute function private.record_roster_changes();

-- Activities that existed before this migration.
insert into private.activity_day_stats (org_id, day, live_activities, last_change_xid, last_change_seq)
select a.org_id, a.activity_date, count(*) filter (where a.deleted_at is null), pg_current_xact_id(), nextval('private.change_seq')
from public.activities a
group by a.org_id, a.activity_date;

-- migrate:down
drop trigger record_changes_insert on public.mentor_active_periods;
drop trigger record_changes_update on public.mentor_active_periods;
drop trigger record_changes_delete on public.mentor_active_periods;
drop trigger record_changes_insert on public.members;
drop trigger record_changes_update on public.members;
drop trigger record_changes_delete on public.members;
drop trigger record_changes_insert on public.activity_participants;
drop trigger record_changes_delete on public.activity_participants;
drop trigger record_changes_insert on public.activity_mentors;
drop trigger record_changes_delete on public.activity_mentors;
drop trigger record_changes_insert on public.activities;
drop trigger record_changes_update on public.activities;
drop trigger record_changes_delete on public.activities;
drop function private.record_roster_changes();
drop function private.record_activity_link_changes();
drop function private.record_activity_changes();
drop function private.add_day_changes(uuid[], date[], integer[]);
drop table private.roster_changes;
drop table private.activity_day_stats;
drop sequence private.change_seq;
