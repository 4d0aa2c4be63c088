create or replace function private.list_summary_changes(org_id uuid, since_cursor text, page_size integer, only_mentor uuid) returns table(cursor text, operation text, summary_id uuid, mentor_id uuid, period_type public.summary_period_type, period_start date, period_end date, summary_data jsonb, generated_at timestamp with time zone, updated_at timestamp with time zone, invalidated_at timestamp with time zone, version integer)
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
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
  perform from private.summary_changes_after(
    org_id => list_summary_changes.org_id, since_cursor => list_summary_changes.since_cursor,
    page_size => list_summary_changes.page_size, only_mentor => list_summary_changes.only_mentor, below_change => 0);
  if not private.await_summary_writers(org_id => list_summary_changes.org_id) then
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
  return query select * from private.summary_changes_after(
    org_id => list_summary_changes.org_id, since_cursor => list_summary_changes.since_cursor,
    page_size => list_summary_changes.page_size, only_mentor => list_summary_changes.only_mentor,
    below_change => own_first_change);
end
$$;

comment on function private.list_summary_changes(org_id uuid, since_cursor text, page_size integer, only_mentor uuid) is 'Delta sync''s read: waits up to 1 s for the organisation''s running summary writers, then lists the changes after the cursor (none of the caller''s own transaction). Errors: 0A000 outside read committed, 22023, BF010 when a writer still runs after the wait.';

revoke all on function private.list_summary_changes(org_id uuid, since_cursor text, page_size integer, only_mentor uuid) from public, anon, authenticated, service_role;
