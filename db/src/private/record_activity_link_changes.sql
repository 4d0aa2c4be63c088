-- Mentors and participants change what an activity counts as: mark its day.
create or replace function private.record_activity_link_changes() returns trigger
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  org_ids uuid[];
  activity_ids uuid[];
begin
  if tg_op = 'INSERT' then
    select array_agg(n.org_id), array_agg(n.activity_id) into org_ids, activity_ids from new_rows n;
  else
    select array_agg(o.org_id), array_agg(o.activity_id) into org_ids, activity_ids from old_rows o;
  end if;
  -- Links removed together with their activity find no activity: its own trigger marked the day.
  perform private.add_day_changes(org_ids => array_agg(a.org_id), days => array_agg(a.activity_date), deltas => array_agg(0))
  from (select distinct l.org_id, l.activity_id from unnest(org_ids, activity_ids) l(org_id, activity_id)) l
  join public.activities a on a.org_id = l.org_id and a.id = l.activity_id;
  return null;
end
$$;

comment on function private.record_activity_link_changes() is 'Statement trigger on activity_mentors and activity_participants: marks the day of every touched activity as changed.';

revoke all on function private.record_activity_link_changes() from public, anon, authenticated, service_role;
