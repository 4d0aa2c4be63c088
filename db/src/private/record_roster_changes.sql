-- Who counts as an active, approved mentor affects every day of the organisation.
create or replace function private.record_roster_changes() returns trigger
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  org_ids uuid[];
begin
  if tg_op = 'INSERT' then
    select array_agg(distinct n.org_id) into org_ids from new_rows n;
  elsif tg_op = 'DELETE' then
    select array_agg(distinct o.org_id) into org_ids from old_rows o;
  else
    select array_agg(distinct c.org_id) into org_ids
    from (select n.org_id from new_rows n union select o.org_id from old_rows o) c;
  end if;
  insert into private.roster_changes as r (org_id, last_change_xid, last_change_seq)
  select o.org_id, pg_catalog.pg_current_xact_id(), pg_catalog.nextval('private.change_seq')
  from unnest(org_ids) o(org_id)
  where o.org_id is not null
  order by 1
  on conflict (org_id) do update
    set last_change_xid = excluded.last_change_xid, last_change_seq = excluded.last_change_seq;
  return null;
end
$$;

comment on function private.record_roster_changes() is 'Statement trigger on members, mentor_active_periods and organisation_review_limits: marks the organisation''s roster (who and what counts) as changed.';

revoke all on function private.record_roster_changes() from public, anon, authenticated, service_role;
