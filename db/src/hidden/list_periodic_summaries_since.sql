create or replace function hidden.list_periodic_summaries_since(org_id uuid, since_cursor text default null::text, page_size integer default 500) returns table(cursor text, operation text, summary_id uuid, mentor_id uuid, period_type public.summary_period_type, period_start date, period_end date, summary_data jsonb, generated_at timestamp with time zone, updated_at timestamp with time zone, invalidated_at timestamp with time zone, version integer)
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  sees_all boolean;
begin
  if list_periodic_summaries_since.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(org_id => list_periodic_summaries_since.org_id);
  perform private.require_summaries_enabled(org_id => list_periodic_summaries_since.org_id);
  sees_all := hidden.is_service_role_request()
    or exists (select from hidden.caller_org_ids(roles => '{coordinator,admin}') o
               where o = list_periodic_summaries_since.org_id);
  return query select * from private.list_summary_changes(
    org_id => list_periodic_summaries_since.org_id, since_cursor => list_periodic_summaries_since.since_cursor,
    page_size => list_periodic_summaries_since.page_size,
    only_mentor => case when sees_all then null else (select auth.uid()) end);
end
$$;

comment on function hidden.list_periodic_summaries_since(org_id uuid, since_cursor text, page_size integer) is 'The security-definer body of public.list_periodic_summaries_since, where PostgREST does not expose it; public.list_periodic_summaries_since (security invoker) calls it. Delta sync: the summary changes after since_cursor (null for everything), oldest first, at most page_size (1..5000). Deletions arrive as tombstones (operation delete). Pass the last row''s cursor (the change id as text; an old "<xid>.<change id>" cursor is still accepted) to continue. Waits up to 1 s for running writers of the same organisation and raises BF010 (busy: keep the cursor, try again) while one still runs, so no change committed late is ever skipped; transactions elsewhere never delay it. Mentors see their own. Errors: 0A000 (isolation other than read committed), 22004, 22023, 42501, BF005, BF010.';

revoke all on function hidden.list_periodic_summaries_since(org_id uuid, since_cursor text, page_size integer) from public, anon, authenticated, service_role;
grant execute on function hidden.list_periodic_summaries_since(org_id uuid, since_cursor text, page_size integer) to authenticated;
grant execute on function hidden.list_periodic_summaries_since(org_id uuid, since_cursor text, page_size integer) to service_role;
