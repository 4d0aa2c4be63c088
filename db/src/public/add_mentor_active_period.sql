create or replace function public.add_mentor_active_period(org_id uuid, mentor_id uuid, active_from date, active_to date default null::date) returns public.mentor_active_periods
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  mentor_role public.member_role;
  overlapping public.mentor_active_periods;
  added public.mentor_active_periods;
begin
  if add_mentor_active_period.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  elsif add_mentor_active_period.mentor_id is null then
    raise exception 'mentor_id must not be null' using errcode = '22004';
  elsif add_mentor_active_period.active_from is null then
    raise exception 'active_from must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(org_id => add_mentor_active_period.org_id, roles => '{coordinator,admin}');
  if add_mentor_active_period.active_from not between '2000-01-01'
       and pg_catalog.make_date(pg_catalog.date_part('year', current_date)::integer + 1, 12, 31)
     or add_mentor_active_period.active_to not between '2000-01-01'
       and pg_catalog.make_date(pg_catalog.date_part('year', current_date)::integer + 1, 12, 31) then
    raise exception 'active_from and active_to must lie between 2000-01-01 and the end of next year' using errcode = '22023';
  elsif add_mentor_active_period.active_to < add_mentor_active_period.active_from then
    raise exception 'active_to (%) must not be before active_from (%)', add_mentor_active_period.active_to,
      add_mentor_active_period.active_from using errcode = '22023';
  end if;
  select m.role into mentor_role from public.members m
  where m.org_id = add_mentor_active_period.org_id and m.user_id = add_mentor_active_period.mentor_id;
  if mentor_role is null then
    raise exception 'mentor_id % is not a member of organisation %', add_mentor_active_period.mentor_id,
      add_mentor_active_period.org_id using errcode = '23503';
  elsif mentor_role <> 'peer_mentor' then
    raise exception 'mentor_id % is a % of organisation %, not a peer mentor', add_mentor_active_period.mentor_id, mentor_role,
      add_mentor_active_period.org_id using errcode = '22023';
  end if;
  select p.* into overlapping from public.mentor_active_periods p
  where p.org_id = add_mentor_active_period.org_id and p.mentor_id = add_mentor_active_period.mentor_id
    and daterange(p.active_from, p.active_to, '[]')
        && daterange(add_mentor_active_period.active_from, add_mentor_active_period.active_to, '[]')
  limit 1;
  if overlapping.id is not null then
    raise exception 'the mentor is active from % to % already: a period may not overlap another', overlapping.active_from,
      coalesce(overlapping.active_to::text, 'open end') using errcode = '22023';
  end if;
  insert into public.mentor_active_periods as p (org_id, mentor_id, active_from, active_to)
  values (add_mentor_active_period.org_id, add_mentor_active_period.mentor_id, add_mentor_active_period.active_from,
          add_mentor_active_period.active_to)
  returning p.* into added;
  return added;
end
$$;

comment on function public.add_mentor_active_period(org_id uuid, mentor_id uuid, active_from date, active_to date) is 'Records a period (inclusive; open-ended when active_to is null) in which a peer mentor is active; Bufdir counts only active, approved mentors, and the organisation''s figures turn stale. Coordinators and admins of the organisation, the service role; row-level security applies. Errors: 22004, 22023 (a date out of range, an end before the start, not a peer mentor, an overlap with another period), 23503 (not a member), 42501.';

revoke all on function public.add_mentor_active_period(org_id uuid, mentor_id uuid, active_from date, active_to date) from public, anon, authenticated, service_role;
grant execute on function public.add_mentor_active_period(org_id uuid, mentor_id uuid, active_from date, active_to date) to authenticated;
grant execute on function public.add_mentor_active_period(org_id uuid, mentor_id uuid, active_from date, active_to date) to service_role;
