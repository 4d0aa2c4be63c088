-- Reads the change log as the caller's snapshot shows it; whoever calls it must
-- make sure no change of the organisation below the cursors it hands out can
-- still commit (private.list_summary_changes does).
create or replace function private.summary_changes_after(org_id uuid, since_cursor text, page_size integer, only_mentor uuid, below_change bigint) returns table(cursor text, operation text, summary_id uuid, mentor_id uuid, period_type public.summary_period_type, period_start date, period_end date, summary_data jsonb, generated_at timestamp with time zone, updated_at timestamp with time zone, invalidated_at timestamp with time zone, version integer)
    language plpgsql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $_$
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
$_$;

comment on function private.summary_changes_after(org_id uuid, since_cursor text, page_size integer, only_mentor uuid, below_change bigint) is 'The summary changes after a cursor (the change id; an old "<writer xid>.<change id>" cursor is mapped so nothing is skipped), below below_change when given, optionally only one mentor''s. 22023 for a bad cursor or page size.';

revoke all on function private.summary_changes_after(org_id uuid, since_cursor text, page_size integer, only_mentor uuid, below_change bigint) from public, anon, authenticated, service_role;
