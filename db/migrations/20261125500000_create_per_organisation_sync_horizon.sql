-- Purpose: a sync horizon per organisation. Writers of summary changes and the
--          delta-sync reader coordinate through one advisory lock per
--          organisation, and the sync cursor becomes the change id alone.
-- Objects: private.record_summary_changes() (replaced: takes the organisation's
--          shared lock before numbering changes); private.await_summary_writers(uuid)
--          (new: the reader's bounded wait); private.summary_changes_after
--          (replaced: change-id cursor, old "<xid>.<change id>" cursors still
--          accepted, no horizon argument); private.list_summary_changes (new:
--          wait, then read); public.list_periodic_summaries_since (body: calls
--          private.list_summary_changes instead of passing the cluster's xmin).
-- Why: the old reader listed only changes of transactions below the snapshot's
-- xmin, which is cluster-wide, so any long transaction anywhere on the server
-- (another organisation, another database, a pg_dump) stalled every
-- organisation's sync. Now a writer numbers an organisation's changes only while
-- it holds that organisation's lock in shared mode, until it commits; the reader
-- takes the same lock exclusively, which it gets once every writer of that
-- organisation has ended and which keeps new ones out until the read is done.
-- Change ids come from one sequence with cache 1, so ids are handed out in time
-- order: everything the reader then sees is committed, and every later change of
-- the organisation gets a higher id. A late commit is never skipped, and nobody
-- outside the organisation delays it. The lock key is the two-integer form
-- (class hashtext('private.summary_changes'), hashtext(org_id)), apart from the
-- single-bigint form and from the other classes (private.day_partials). Two
-- organisations whose ids hash alike only share a horizon; nothing is skipped.

-- migrate:up
create or replace function private.record_summary_changes() returns trigger
language plpgsql security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  -- The organisation's shared lock first, held to commit: the sync reader waits
  -- for it, so no change id it has not seen can still commit (see the migration
  -- that adds this). In organisation order, one statement at a time.
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

    perform pg_catalog.pg_notify('periodic_summaries', jsonb_build_object(
      'org_id', n.org_id, 'mentor_id', n.mentor_id, 'period_type', n.period_type,
      'period_start', n.period_start, 'version', n.version,
      'event', case when n.invalidated_at is null then 'generated' else 'invalidated' end)::text)
    from new_rows n;
  end if;
  return null;
end
$$;
comment on function private.record_summary_changes() is
  'Statement trigger on periodic_summaries: takes each organisation''s shared sync lock (held to commit), appends to the change log, queues push events and notifies listeners.';

-- lock_timeout bounds the wait behind the organisation's own writers; the
-- setting is restored when the function returns.
create function private.await_summary_writers(org_id uuid)
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
revoke all on function private.await_summary_writers(uuid) from public;

drop function private.summary_changes_after(uuid, text, integer, xid8, uuid);

-- Reads the change log as the caller's snapshot shows it; whoever calls it must
-- make sure no change of the organisation below the cursors it hands out can
-- still commit (private.list_summary_changes does).
create function private.summary_changes_after(
  org_id uuid, since_cursor text, page_size integer, only_mentor uuid, below_change bigint)
returns table (
  cursor text,
  operation text,
  summary_id uuid,
  mentor_id uuid,
  period_type public.summary_period_type,
  period_start date,
  period_end date,
  summary_data jsonb,
  generated_at timestamptz,
  updated_at timestamptz,
  invalidated_at timestamptz,
  version integer
)
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
declare
  after_change bigint := 0;
begin
  if summary_changes_after.page_size is null or summary_changes_after.page_size not between 1 and 5000 then
    raise exception 'page_size must be between 1 and 5000' using errcode = '22023';
  end if;
  -- A change id (or the old form's change part) beyond bigint is no cursor either.
  if summary_changes_after.since_cursor ~ '^[0-9]{1,19}(\.[0-9]{1,19})?$' then
    if split_part(summary_changes_after.since_cursor, '.', -1)::numeric > 9223372036854775807 then
      raise exception 'since_cursor is not a cursor returned by list_periodic_summaries_since' using errcode = '22023';
    end if;
  end if;
  if summary_changes_after.since_cursor ~ '^[0-9]{1,19}$' then
    after_change := summary_changes_after.since_cursor::bigint;
  elsif summary_changes_after.since_cursor ~ '^[0-9]{1,19}\.[0-9]{1,19}$' then
    -- A cursor of the old "<writer xid>.<change id>" format: every change up to
    -- that pair, in (xid, id) order, was delivered. Resume before the lowest id
    -- of any change after the pair (or after the last change, when there is
    -- none), so nothing is skipped; a few changes may arrive once more.
    select coalesce(min(c.change_id) - 1, (select max(a.change_id) from private.summary_changes a
                                            where a.org_id = summary_changes_after.org_id), 0)
    into after_change
    from private.summary_changes c
    where c.org_id = summary_changes_after.org_id
      and (c.writer_xid, c.change_id) > (split_part(summary_changes_after.since_cursor, '.', 1)::xid8,
                                         split_part(summary_changes_after.since_cursor, '.', 2)::bigint);
  elsif summary_changes_after.since_cursor is not null then
    raise exception 'since_cursor is not a cursor returned by list_periodic_summaries_since' using errcode = '22023';
  end if;
  return query
  select c.change_id::text,
         -- A row deleted since the change is reported as deleted (its delete follows).
         case when s.id is null then 'delete' else c.operation end,
         c.summary_id, c.mentor_id, s.period_type, s.period_start, s.period_end, s.summary_data,
         s.generated_at, s.updated_at, s.invalidated_at, s.version
  from private.summary_changes c
  left join public.periodic_summaries s on s.org_id = c.org_id and s.id = c.summary_id
  where c.org_id = summary_changes_after.org_id
    and c.change_id > after_change
    and (summary_changes_after.below_change is null or c.change_id < summary_changes_after.below_change)
    and (summary_changes_after.only_mentor is null or c.mentor_id = summary_changes_after.only_mentor)
  order by c.change_id
  limit summary_changes_after.page_size;
end
$$;
comment on function private.summary_changes_after(uuid, text, integer, uuid, bigint) is
  'The summary changes after a cursor (the change id; an old "<writer xid>.<change id>" cursor is mapped so nothing is skipped), below below_change when given, optionally only one mentor''s. 22023 for a bad cursor or page size.';
revoke all on function private.summary_changes_after(uuid, text, integer, uuid, bigint) from public;

-- Volatile on purpose: each statement here takes a new snapshot, so the read
-- below sees every writer that committed while await_summary_writers waited.
create function private.list_summary_changes(org_id uuid, since_cursor text, page_size integer, only_mentor uuid)
returns table (
  cursor text,
  operation text,
  summary_id uuid,
  mentor_id uuid,
  period_type public.summary_period_type,
  period_start date,
  period_end date,
  summary_data jsonb,
  generated_at timestamptz,
  updated_at timestamptz,
  invalidated_at timestamptz,
  version integer
)
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
    -- the cursor yet. The caller keeps its cursor and asks again later.
    return;
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
  'Delta sync''s read: waits up to 1 s for the organisation''s running summary writers, then lists the changes after the cursor (none while a writer still runs, none of the caller''s own transaction). Errors: 0A000 outside read committed, 22023.';
revoke all on function private.list_summary_changes(uuid, text, integer, uuid) from public;

-- Security definer: reads the private change log, filtered here exactly as the
-- select policy filters the table (mentors: their own; coordinators, admins: all).
create or replace function public.list_periodic_summaries_since(org_id uuid, since_cursor text default null, page_size integer default 500)
returns table (
  cursor text,
  operation text,
  summary_id uuid,
  mentor_id uuid,
  period_type public.summary_period_type,
  period_start date,
  period_end date,
  summary_data jsonb,
  generated_at timestamptz,
  updated_at timestamptz,
  invalidated_at timestamptz,
  version integer
)
language plpgsql stable security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  sees_all boolean;
begin
  if list_periodic_summaries_since.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(list_periodic_summaries_since.org_id);
  perform private.require_summaries_enabled(list_periodic_summaries_since.org_id);
  sees_all := (select auth.role()) = 'service_role'
    or exists (select from hidden.caller_org_ids('{coordinator,admin}') o where o = list_periodic_summaries_since.org_id);
  return query select * from private.list_summary_changes(
    list_periodic_summaries_since.org_id, list_periodic_summaries_since.since_cursor, list_periodic_summaries_since.page_size,
    case when sees_all then null else (select auth.uid()) end);
end
$$;
comment on function public.list_periodic_summaries_since(uuid, text, integer) is
  'Delta sync: the summary changes after since_cursor (null for everything), oldest first, at most page_size (1..5000). Deletions arrive as tombstones (operation delete). Pass the last row''s cursor (the change id as text; an old "<xid>.<change id>" cursor is still accepted) to continue. Waits up to 1 s for running writers of the same organisation, and lists nothing while one still runs, so no change committed late is ever skipped; transactions elsewhere never delay it. Mentors see their own. Errors: 0A000 (isolation other than read committed), 22004, 22023, 42501, BF005.';

-- migrate:down
create or replace function public.list_periodic_summaries_since(org_id uuid, since_cursor text default null, page_size integer default 500)
returns table (
  cursor text,
  operation text,
  summary_id uuid,
  mentor_id uuid,
  period_type public.summary_period_type,
  period_start date,
  period_end date,
  summary_data jsonb,
  generated_at timestamptz,
  updated_at timestamptz,
  invalidated_at timestamptz,
  version integer
)
language plpgsql stable security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  sees_all boolean;
begin
  if list_periodic_summaries_since.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(list_periodic_summaries_since.org_id);
  perform private.require_summaries_enabled(list_periodic_summaries_since.org_id);
  sees_all := (select auth.role()) = 'service_role'
    or exists (select from hidden.caller_org_ids('{coordinator,admin}') o where o = list_periodic_summaries_since.org_id);
  return query select * from private.summary_changes_after(
    list_periodic_summaries_since.org_id, list_periodic_summaries_since.since_cursor, list_periodic_summaries_since.page_size,
    -- Every transaction below the snapshot's xmin has ended.
    pg_catalog.pg_snapshot_xmin(pg_catalog.pg_current_snapshot()),
    case when sees_all then null else (select auth.uid()) end);
end
$$;
comment on function public.list_periodic_summaries_since(uuid, text, integer) is
  'Delta sync: the summary changes after since_cursor (null for everything), oldest first, at most page_size (1..5000). Deletions arrive as tombstones (operation delete). Pass the last row''s cursor to continue. Only changes of finished transactions are listed, so none committed late is ever skipped. Mentors see their own. Errors: 22004, 22023, 42501, BF005.';

drop function private.list_summary_changes(uuid, text, integer, uuid);
drop function private.summary_changes_after(uuid, text, integer, uuid, bigint);

create function private.summary_changes_after(
  org_id uuid, since_cursor text, page_size integer, horizon xid8, only_mentor uuid)
returns table (
  cursor text,
  operation text,
  summary_id uuid,
  mentor_id uuid,
  period_type public.summary_period_type,
  period_start date,
  period_end date,
  summary_data jsonb,
  generated_at timestamptz,
  updated_at timestamptz,
  invalidated_at timestamptz,
  version integer
)
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
declare
  after_xid xid8 := '0'::xid8;
  after_change bigint := 0;
begin
  if summary_changes_after.page_size is null or summary_changes_after.page_size not between 1 and 5000 then
    raise exception 'page_size must be between 1 and 5000' using errcode = '22023';
  end if;
  if summary_changes_after.since_cursor is not null then
    if summary_changes_after.since_cursor !~ '^[0-9]{1,19}\.[0-9]{1,19}$' then
      raise exception 'since_cursor is not a cursor returned by list_periodic_summaries_since' using errcode = '22023';
    end if;
    after_xid := split_part(summary_changes_after.since_cursor, '.', 1)::xid8;
    after_change := split_part(summary_changes_after.since_cursor, '.', 2)::bigint;
  end if;
  return query
  select c.writer_xid::text || '.' || c.change_id,
         -- A row deleted since the change is reported as deleted (its delete follows).
         case when s.id is null then 'delete' else c.operation end,
         c.summary_id, c.mentor_id, s.period_type, s.period_start, s.period_end, s.summary_data,
         s.generated_at, s.updated_at, s.invalidated_at, s.version
  from private.summary_changes c
  left join public.periodic_summaries s on s.org_id = c.org_id and s.id = c.summary_id
  where c.org_id = summary_changes_after.org_id
    and c.writer_xid < summary_changes_after.horizon
    and (c.writer_xid, c.change_id) > (after_xid, after_change)
    and (summary_changes_after.only_mentor is null or c.mentor_id = summary_changes_after.only_mentor)
  order by c.writer_xid, c.change_id
  limit summary_changes_after.page_size;
end
$$;
comment on function private.summary_changes_after(uuid, text, integer, xid8, uuid) is
  'The summary changes after a cursor, of transactions below horizon, optionally only one mentor''s. Cursor: "<writer xid>.<change id>".';
revoke all on function private.summary_changes_after(uuid, text, integer, xid8, uuid) from public;

drop function private.await_summary_writers(uuid);

create or replace function private.record_summary_changes() returns trigger
language plpgsql security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  if tg_op = 'DELETE' then
    insert into private.summary_changes (org_id, summary_id, mentor_id, operation)
    select o.org_id, o.id, o.mentor_id, 'delete' from old_rows o order by o.org_id, o.id;
  else
    insert into private.summary_changes (org_id, summary_id, mentor_id, operation)
    select n.org_id, n.id, n.mentor_id, 'upsert' from new_rows n order by n.org_id, n.id;

    insert into public.summary_push_outbox (org_id, event, mentor_id, period_type, period_start, version)
    select n.org_id, case when n.invalidated_at is null then 'generated' else 'invalidated' end,
           n.mentor_id, n.period_type, n.period_start, n.version
    from new_rows n order by n.org_id, n.id;

    perform pg_catalog.pg_notify('periodic_summaries', jsonb_build_object(
      'org_id', n.org_id, 'mentor_id', n.mentor_id, 'period_type', n.period_type,
      'period_start', n.period_start, 'version', n.version,
      'event', case when n.invalidated_at is null then 'generated' else 'invalidated' end)::text)
    from new_rows n;
  end if;
  return null;
end
$$;
comment on function private.record_summary_changes() is
  'Statement trigger on periodic_summaries: appends to the change log, queues push events and notifies listeners.';
