-- Security definer: the API roles write activities but may not write these tables.
create or replace function private.record_activity_changes() returns trigger
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
begin
  -- Each branch names only the transition tables its event has.
  if tg_op = 'INSERT' then
    perform private.add_day_changes(org_ids => array_agg(n.org_id), days => array_agg(n.activity_date),
      deltas => array_agg(case when n.deleted_at is null then 1 else 0 end)) from new_rows n;
  elsif tg_op = 'DELETE' then
    perform private.add_day_changes(org_ids => array_agg(o.org_id), days => array_agg(o.activity_date),
      deltas => array_agg(case when o.deleted_at is null then -1 else 0 end)) from old_rows o;
  else
    perform private.add_day_changes(org_ids => array_agg(c.org_id), days => array_agg(c.day), deltas => array_agg(c.delta))
    from (
      select n.org_id, n.activity_date as day, case when n.deleted_at is null then 1 else 0 end as delta from new_rows n
      union all
      select o.org_id, o.activity_date, case when o.deleted_at is null then -1 else 0 end from old_rows o
    ) c;
  end if;
  return null;
end
$$;

comment on function private.record_activity_changes() is 'Statement trigger on activities: adjusts live counts and marks every touched (organisation, day) as changed.';

revoke all on function private.record_activity_changes() from public, anon, authenticated, service_role;
