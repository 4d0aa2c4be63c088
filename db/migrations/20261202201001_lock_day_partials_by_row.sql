-- Purpose: one rebuild of an organisation's day partials at a time, by a lock no
-- API role or other login can take, with a bounded wait.
-- Objects: table private.day_partial_locks (new: one row per organisation, made
--          with it by trigger create_day_partial_lock on organisations and
--          private.create_day_partial_lock(), or on demand);
--          private.lock_day_partials(uuid) (new: the row lock, at most a 5 s wait
--          or the caller's shorter lock_timeout, then 55P03 with a clear message);
--          private.refresh_day_partials() (replaced: takes it instead of an
--          advisory lock).
-- Why: refresh_day_partials serialised rebuilds with
-- pg_advisory_xact_lock(hashtext('private.day_partials'), hashtext(org_id)).
-- Advisory locks need no privilege and the key is easy to compute: any login,
-- anon included, could hold an organisation's key and stall every refresh and
-- every export with refresh of that organisation, and the refresh waited
-- without a limit. A row of a private table can be locked only by code that may
-- read it: the owner's functions. The row is its own (not the sync horizon's or
-- the roster bookkeeping's), so a rebuild waits for nothing but another rebuild
-- of the same organisation.

-- migrate:up
create table private.day_partial_locks (
  org_id uuid primary key references public.organisations (id) on delete cascade
);
comment on table private.day_partial_locks is
  'One row per organisation whose row lock serialises rebuilds of its day partials (private.refresh_day_partials takes it FOR UPDATE until the transaction ends). Nobody but the owner may read or lock it.';
alter table private.day_partial_locks enable row level security;
revoke all on table private.day_partial_locks from public;

insert into private.day_partial_locks (org_id) select o.id from public.organisations o order by o.id;

-- Made with the organisation, so a first rebuild does not make the others wait
-- for its commit to see the row.
create function private.create_day_partial_lock() returns trigger
language plpgsql security definer
set search_path = pg_catalog, pg_temp
as $$
-- Definer: whoever creates the organisation, the row belongs to the owner's private table.
begin
  insert into private.day_partial_locks (org_id)
  select n.id from new_rows n order by n.id
  on conflict on constraint day_partial_locks_pkey do nothing;
  return null;
end
$$;
comment on function private.create_day_partial_lock() is
  'Statement trigger on organisations: makes each new organisation''s day-partials lock row.';
revoke all on function private.create_day_partial_lock() from public;
create trigger create_day_partial_lock after insert on public.organisations
  referencing new table as new_rows for each statement execute function private.create_day_partial_lock();

create function private.lock_day_partials(org_id uuid)
returns void
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  -- In milliseconds; 0 means no timeout.
  caller_timeout bigint := (select s.setting::bigint from pg_catalog.pg_settings s where s.name = 'lock_timeout');
  wait_ms bigint := case when caller_timeout between 1 and 5000 then caller_timeout else 5000 end;
begin
  -- Rows come with their organisations; one that is missing is made here.
  if not exists (select from private.day_partial_locks l where l.org_id = lock_day_partials.org_id) then
    insert into private.day_partial_locks (org_id) values (lock_day_partials.org_id)
    on conflict on constraint day_partial_locks_pkey do nothing;
  end if;
  -- The caller's lock_timeout when it is shorter, else 5 s; the caller's setting
  -- is restored afterwards (an error ends the transaction anyway).
  perform pg_catalog.set_config('lock_timeout', wait_ms::text, true);
  begin
    perform from private.day_partial_locks l where l.org_id = lock_day_partials.org_id for update;
  exception when lock_not_available then
    raise exception 'the day partials of organisation % are being rebuilt by another transaction, still running after % ms',
      lock_day_partials.org_id, wait_ms
      using errcode = '55P03', hint = 'Nothing was changed; try again shortly.';
  end;
  perform pg_catalog.set_config('lock_timeout', caller_timeout::text, true);
end
$$;
comment on function private.lock_day_partials(uuid) is
  'Takes the organisation''s day-partials lock (a row lock on private.day_partial_locks, making the row when missing) until the transaction ends, waiting at most 5 s or the caller''s shorter lock_timeout; then 55P03 (another rebuild is still running).';
revoke all on function private.lock_day_partials(uuid) from public;

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
  -- One rebuild per organisation at a time: a row lock only the owner can take.
  perform private.lock_day_partials(refresh_day_partials.org_id);
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
  'Classifies the stale days of an organisation''s period again and stores their partial figures (cells, and entries left out per reason) and the days of its contacts and mentors, one rebuild per organisation at a time (private.lock_day_partials: at most a 5 s wait, then 55P03); returns how many days it rebuilt.';

-- migrate:down
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

drop function private.lock_day_partials(uuid);
drop trigger create_day_partial_lock on public.organisations;
drop function private.create_day_partial_lock();
drop table private.day_partial_locks;
