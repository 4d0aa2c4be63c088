-- One upsert per distinct (organisation, day) of a statement, in key order so
-- concurrent statements lock day rows in the same order.
create or replace function private.add_day_changes(org_ids uuid[], days date[], deltas integer[]) returns void
    language sql
    set search_path to 'pg_catalog', 'pg_temp'
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

comment on function private.add_day_changes(org_ids uuid[], days date[], deltas integer[]) is 'Adds live-activity deltas per (organisation, day) and marks those days as changed by the current transaction.';

revoke all on function private.add_day_changes(org_ids uuid[], days date[], deltas integer[]) from public, anon, authenticated, service_role;
