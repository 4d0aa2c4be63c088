-- Purpose: the shared notification channel periodic_summaries carries no tenant
-- ids: each notification is only the id of the summary_push_outbox row it
-- announces, and the receiver (the delivery worker, as the service role) reads
-- the row itself.
-- Objects: private.announce_summary_push() and the statement trigger
--          announce_push on public.summary_push_outbox;
--          private.record_summary_changes() no longer notifies (it queues the
--          outbox rows, which now announce themselves).
-- Why: any session may LISTEN on any channel (there is no privilege for it), so
-- payloads naming organisations, mentors and periods told every listener which
-- tenants were active and when. An outbox id names nothing; reading what it
-- points to goes through the outbox's privileges and row-level security.

-- migrate:up
create function private.announce_summary_push() returns trigger
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
begin
  perform pg_catalog.pg_notify('periodic_summaries', pg_catalog.jsonb_build_object('outbox_id', q.id)::text)
  from (select n.id from queued n order by n.id) q;
  return null;
end
$$;
comment on function private.announce_summary_push() is
  'Statement trigger on summary_push_outbox: announces each queued row on channel periodic_summaries by its id alone.';
revoke all on function private.announce_summary_push() from public;
create trigger announce_push after insert on public.summary_push_outbox
  referencing new table as queued for each statement execute function private.announce_summary_push();

create or replace function private.record_summary_changes() returns trigger
language plpgsql security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  -- The organisation's shared lock first, held to commit: the sync reader waits
  -- for it, so no change id it has not seen can still commit. In organisation
  -- order, one statement at a time.
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

-- migrate:down
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
drop trigger announce_push on public.summary_push_outbox;
drop function private.announce_summary_push();
