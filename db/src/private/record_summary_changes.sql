create or replace function private.record_summary_changes() returns trigger
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
begin
  -- The organisations' horizons first, in shared mode and held to commit: the
  -- sync reader waits for them, so no change id it has not seen can still commit.
  if tg_op = 'DELETE' then
    perform private.share_summary_horizons(org_ids => array(select distinct r.org_id from old_rows r));
    insert into private.summary_changes (org_id, summary_id, mentor_id, operation)
    select o.org_id, o.id, o.mentor_id, 'delete' from old_rows o order by o.org_id, o.id;
  else
    perform private.share_summary_horizons(org_ids => array(select distinct r.org_id from new_rows r));
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

comment on function private.record_summary_changes() is 'Statement trigger on periodic_summaries: takes each organisation''s sync horizon in shared mode (held to commit, at most a 5 s wait), appends to the change log and queues push events (which announce themselves).';

revoke all on function private.record_summary_changes() from public, anon, authenticated, service_role;
