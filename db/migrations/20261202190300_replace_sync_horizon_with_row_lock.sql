-- Purpose: a sync horizon that no API role or other login can take, and a busy
--          signal that is not "no changes".
-- Objects: table private.summary_horizons (new: one row per organisation, made
--          with it by trigger create_summary_horizon on organisations and
--          private.create_summary_horizon(), or on demand); private.share_summary_horizons(uuid[]) (new: the writers'
--          shared lock, bounded by a lock timeout); private.record_summary_changes()
--          (replaced: takes it instead of an advisory lock);
--          private.await_summary_writers(uuid) (replaced: the reader's exclusive
--          row lock, BF010 when a writer still runs after 1 s);
--          private.list_summary_changes (replaced: raises BF010 instead of
--          returning an empty page); hidden. and public.list_periodic_summaries_since
--          (volatile now: the reader locks a row, which a read-only transaction
--          may not; comments name BF010).
-- Why: the horizon was an advisory lock whose keys anyone can compute, and
-- advisory locks need no privilege: any login, anon included, could hold an
-- organisation's key and so empty its sync pages and block its summary writers
-- (who waited without a timeout) for as long as it liked. A row lock on a row of
-- a private table can be taken only by code that may read the table: the owner's
-- functions. Writers take the organisation's row FOR SHARE until they commit,
-- waiting at most 5 s (or the caller's shorter lock_timeout), so a stuck reader
-- cannot hold them forever; the reader takes it FOR UPDATE, waiting at most 1 s.
-- When the wait runs out, the reader raises BF010 ("busy, try again"): an empty
-- page meant "no changes" to the client, which then wiped its mirror on a full
-- sync and re-stamped every row on a delta sync. The change-id cursor and its
-- guarantees are unchanged: once the reader holds the row every writer of the
-- organisation has ended and none can start before the read is done.

-- migrate:up
create table private.summary_horizons (
  org_id uuid primary key references public.organisations (id) on delete cascade
);
comment on table private.summary_horizons is
  'One row per organisation whose row lock is the delta-sync horizon: summary writers hold it FOR SHARE until they commit, the sync reader takes it FOR UPDATE. Rows are made on demand; nobody but the owner may read or lock them.';
alter table private.summary_horizons enable row level security;
revoke all on table private.summary_horizons from public;

insert into private.summary_horizons (org_id) select o.id from public.organisations o order by o.id;

-- Made with the organisation, so writers and readers find it committed: a row
-- made on demand by a writer would make every other writer and reader of the
-- organisation wait for that writer's commit.
create function private.create_summary_horizon() returns trigger
language plpgsql security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  insert into private.summary_horizons (org_id)
  select n.id from new_rows n order by n.id
  on conflict on constraint summary_horizons_pkey do nothing;
  return null;
end
$$;
comment on function private.create_summary_horizon() is
  'Statement trigger on organisations: makes each new organisation''s sync-horizon row.';
revoke all on function private.create_summary_horizon() from public;
create trigger create_summary_horizon after insert on public.organisations
  referencing new table as new_rows for each statement execute function private.create_summary_horizon();

create function private.share_summary_horizons(org_ids uuid[])
returns void
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  -- In milliseconds; 0 means no timeout.
  caller_timeout bigint := (select s.setting::bigint from pg_catalog.pg_settings s where s.name = 'lock_timeout');
begin
  -- Rows come with their organisations; one that is missing is made here.
  insert into private.summary_horizons (org_id)
  select distinct o from pg_catalog.unnest(share_summary_horizons.org_ids) o
  where not exists (select from private.summary_horizons h where h.org_id = o)
  order by o
  on conflict on constraint summary_horizons_pkey do nothing;
  -- The caller's lock_timeout when it is shorter, else 5 s; the caller's setting
  -- is restored afterwards (an error ends the transaction anyway).
  perform pg_catalog.set_config('lock_timeout',
    case when caller_timeout between 1 and 5000 then caller_timeout::text else '5000' end, true);
  perform from private.summary_horizons h
  where h.org_id = any (share_summary_horizons.org_ids)
  order by h.org_id
  for share;
  perform pg_catalog.set_config('lock_timeout', caller_timeout::text, true);
end
$$;
comment on function private.share_summary_horizons(uuid[]) is
  'Takes the sync horizon of each organisation in shared mode until the transaction ends (making its row when missing), in organisation order, waiting at most 5 s or the caller''s shorter lock_timeout (then 55P03).';
revoke all on function private.share_summary_horizons(uuid[]) from public;

create or replace function private.record_summary_changes() returns trigger
language plpgsql security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  -- The organisations' horizons first, in shared mode and held to commit: the
  -- sync reader waits for them, so no change id it has not seen can still commit.
  if tg_op = 'DELETE' then
    perform private.share_summary_horizons(array(select distinct r.org_id from old_rows r));
    insert into private.summary_changes (org_id, summary_id, mentor_id, operation)
    select o.org_id, o.id, o.mentor_id, 'delete' from old_rows o order by o.org_id, o.id;
  else
    perform private.share_summary_horizons(array(select distinct r.org_id from new_rows r));
    insert into private.summary_changes (org_id, summary_id, mentor_id, operation)
    select n.org_id, n.id, n.mentor_id, 'upsert' from new_rows n order by n.org_id, n.id;

    insert into public.summary_push_outbox (org_id, event, mentor_id, period_type, period_start, version)
    select n.org_id, case when n.invalidated_at is null then 'generated' else 'invalidated' end,
           n.mentor_id, n.period_type, n.period_start, n.version
    from new_rows n order by n.org_id, n.id;
  end if;
  return null;
end
$$;
comment on function private.record_summary_changes() is
  'Statement trigger on periodic_summaries: takes each organisation''s sync horizon in shared mode (held to commit, at most a 5 s wait), appends to the change log and queues push events (which announce themselves).';

-- lock_timeout bounds the wait behind the organisation's own writers; the
-- setting is restored when the function returns.
create or replace function private.await_summary_writers(org_id uuid)
returns boolean
language plpgsql volatile
set search_path = pg_catalog, pg_temp
set lock_timeout = '1s'
as $$
begin
  if not exists (select from private.summary_horizons h where h.org_id = await_summary_writers.org_id) then
    insert into private.summary_horizons (org_id) values (await_summary_writers.org_id)
    on conflict on constraint summary_horizons_pkey do nothing;
  end if;
  perform from private.summary_horizons h where h.org_id = await_summary_writers.org_id for update;
  return true;
exception when lock_not_available then
  return false;
end
$$;
comment on function private.await_summary_writers(uuid) is
  'Takes the organisation''s sync horizon exclusively until the transaction ends: true once every writer of its summary changes has ended (none can start meanwhile), false when one is still running after 1 s.';

create or replace function private.list_summary_changes(org_id uuid, since_cursor text, page_size integer, only_mentor uuid)
returns table (cursor text, operation text, summary_id uuid, mentor_id uuid, period_type public.summary_period_type,
               period_start date, period_end date, summary_data jsonb, generated_at timestamptz, updated_at timestamptz,
               invalidated_at timestamptz, version integer)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  own_first_change bigint;
begin
  -- Under repeatable read the snapshot predates the wait and could miss a commit.
  if pg_catalog.current_setting('transaction_isolation') <> 'read committed' then
    raise exception 'delta sync needs read committed isolation, not %', pg_catalog.current_setting('transaction_isolation')
      using errcode = '0A000';
  end if;
  -- Checks the arguments before waiting (a read of nothing).
  perform from private.summary_changes_after(list_summary_changes.org_id, list_summary_changes.since_cursor,
    list_summary_changes.page_size, list_summary_changes.only_mentor, 0);
  if not private.await_summary_writers(list_summary_changes.org_id) then
    -- A writer of this organisation is still running: nothing is final beyond
    -- the cursor yet. Busy, not "no changes": the caller keeps its cursor and
    -- everything it holds, and asks again.
    raise exception 'summary sync is busy: a writer of the organisation''s summaries is still running'
      using errcode = 'BF010', hint = 'Keep the cursor and the mirror as they are, and try again shortly.';
  end if;
  -- The caller's own transaction may have written changes that could still roll
  -- back: list only what lies below them.
  select min(c.change_id) into own_first_change
  from private.summary_changes c
  where c.org_id = list_summary_changes.org_id and c.writer_xid = pg_catalog.pg_current_xact_id_if_assigned();
  return query select * from private.summary_changes_after(list_summary_changes.org_id, list_summary_changes.since_cursor,
    list_summary_changes.page_size, list_summary_changes.only_mentor, own_first_change);
end
$$;
comment on function private.list_summary_changes(uuid, text, integer, uuid) is
  'Delta sync''s read: waits up to 1 s for the organisation''s running summary writers, then lists the changes after the cursor (none of the caller''s own transaction). Errors: 0A000 outside read committed, 22023, BF010 when a writer still runs after the wait.';

-- Volatile: the reader locks a row (and may make it), which a read-only
-- transaction (PostgREST's for stable functions) refuses.
alter function hidden.list_periodic_summaries_since(uuid, text, integer) volatile;
comment on function hidden.list_periodic_summaries_since(uuid, text, integer) is
  'The security-definer body of public.list_periodic_summaries_since, where PostgREST does not expose it; public.list_periodic_summaries_since (security invoker) calls it. Delta sync: the summary changes after since_cursor (null for everything), oldest first, at most page_size (1..5000). Deletions arrive as tombstones (operation delete). Pass the last row''s cursor (the change id as text; an old "<xid>.<change id>" cursor is still accepted) to continue. Waits up to 1 s for running writers of the same organisation and raises BF010 (busy: keep the cursor, try again) while one still runs, so no change committed late is ever skipped; transactions elsewhere never delay it. Mentors see their own. Errors: 0A000 (isolation other than read committed), 22004, 22023, 42501, BF005, BF010.';
alter function public.list_periodic_summaries_since(uuid, text, integer) volatile;
comment on function public.list_periodic_summaries_since(uuid, text, integer) is
  'Delta sync: the summary changes after since_cursor (null for everything), oldest first, at most page_size (1..5000). Deletions arrive as tombstones (operation delete). Pass the last row''s cursor (the change id as text; an old "<xid>.<change id>" cursor is still accepted) to continue. Waits up to 1 s for running writers of the same organisation and raises BF010 (busy: keep the cursor, try again) while one still runs, so no change committed late is ever skipped; transactions elsewhere never delay it. Mentors see their own. Errors: 0A000 (isolation other than read committed), 22004, 22023, 42501, BF005, BF010.';

-- migrate:down
alter function public.list_periodic_summaries_since(uuid, text, integer) stable;
comment on function public.list_periodic_summaries_since(uuid, text, integer) is
  'Delta sync: the summary changes after since_cursor (null for everything), oldest first, at most page_size (1..5000). Deletions arrive as tombstones (operation delete). Pass the last row''s cursor (the change id as text; an old "<xid>.<change id>" cursor is still accepted) to continue. Waits up to 1 s for running writers of the same organisation, and lists nothing while one still runs, so no change committed late is ever skipped; transactions elsewhere never delay it. Mentors see their own. Errors: 0A000 (isolation other than read committed), 22004, 22023, 42501, BF005.';
alter function hidden.list_periodic_summaries_since(uuid, text, integer) stable;
comment on function hidden.list_periodic_summaries_since(uuid, text, integer) is
  'The security-definer body of public.list_periodic_summaries_since, where PostgREST does not expose it; public.list_periodic_summaries_since (security invoker) calls it. Delta sync: the summary changes after since_cursor (null for everything), oldest first, at most page_size (1..5000). Deletions arrive as tombstones (operation delete). Pass the last row''s cursor (the change id as text; an old "<xid>.<change id>" cursor is still accepted) to continue. Waits up to 1 s for running writers of the same organisation, and lists nothing while one still runs, so no change committed late is ever skipped; transactions elsewhere never delay it. Mentors see their own. Errors: 0A000 (isolation other than read committed), 22004, 22023, 42501, BF005.';

create or replace function private.list_summary_changes(org_id uuid, since_cursor text, page_size integer, only_mentor uuid)
returns table (cursor text, operation text, summary_id uuid, mentor_id uuid, period_type public.summary_period_type,
               period_start date, period_end date, summary_data jsonb, generated_at timestamptz, updated_at timestamptz,
               invalidated_at timestamptz, version integer)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  own_first_change bigint;
begin
  if pg_catalog.current_setting('transaction_isolation') <> 'read committed' then
    raise exception 'delta sync needs read committed isolation, not %', pg_catalog.current_setting('transaction_isolation')
      using errcode = '0A000';
  end if;
  perform from private.summary_changes_after(list_summary_changes.org_id, list_summary_changes.since_cursor,
    list_summary_changes.page_size, list_summary_changes.only_mentor, 0);
  if not private.await_summary_writers(list_summary_changes.org_id) then
    return;
  end if;
  select min(c.change_id) into own_first_change
  from private.summary_changes c
  where c.org_id = list_summary_changes.org_id and c.writer_xid = pg_catalog.pg_current_xact_id_if_assigned();
  return query select * from private.summary_changes_after(list_summary_changes.org_id, list_summary_changes.since_cursor,
    list_summary_changes.page_size, list_summary_changes.only_mentor, own_first_change);
end
$$;
comment on function private.list_summary_changes(uuid, text, integer, uuid) is
  'Delta sync''s read: waits up to 1 s for the organisation''s running summary writers, then lists the changes after the cursor (none while a writer still runs, none of the caller''s own transaction). Errors: 0A000 outside read committed, 22023.';

create or replace function private.await_summary_writers(org_id uuid)
returns boolean
language plpgsql volatile
set search_path = pg_catalog, pg_temp
set lock_timeout = '1s'
as $$
begin
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('private.summary_changes'), pg_catalog.hashtext(await_summary_writers.org_id::text));
  return true;
exception when lock_not_available then
  return false;
end
$$;
comment on function private.await_summary_writers(uuid) is
  'Takes the organisation''s sync lock exclusively until the transaction ends: true once every writer of its summary changes has ended (none can start meanwhile), false when one is still running after 1 s.';

create or replace function private.record_summary_changes() returns trigger
language plpgsql security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  if tg_op = 'DELETE' then
    perform pg_catalog.pg_advisory_xact_lock_shared(pg_catalog.hashtext('private.summary_changes'), pg_catalog.hashtext(o.org_id::text))
    from (select distinct r.org_id from old_rows r order by r.org_id) o;
    insert into private.summary_changes (org_id, summary_id, mentor_id, operation)
    select o.org_id, o.id, o.mentor_id, 'delete' from old_rows o order by o.org_id, o.id;
  else
    perform pg_catalog.pg_advisory_xact_lock_shared(pg_catalog.hashtext('private.summary_changes'), pg_catalog.hashtext(o.org_id::text))
    from (select distinct r.org_id from new_rows r order by r.org_id) o;
    insert into private.summary_changes (org_id, summary_id, mentor_id, operation)
    select n.org_id, n.id, n.mentor_id, 'upsert' from new_rows n order by n.org_id, n.id;

    insert into public.summary_push_outbox (org_id, event, mentor_id, period_type, period_start, version)
    select n.org_id, case when n.invalidated_at is null then 'generated' else 'invalidated' end,
           n.mentor_id, n.period_type, n.period_start, n.version
    from new_rows n order by n.org_id, n.id;
  end if;
  return null;
end
$$;
comment on function private.record_summary_changes() is
  'Statement trigger on periodic_summaries: takes each organisation''s shared sync lock (held to commit), appends to the change log and queues push events (which announce themselves).';

drop function private.share_summary_horizons(uuid[]);
drop trigger create_summary_horizon on public.organisations;
drop function private.create_summary_horizon();
drop table private.summary_horizons;
