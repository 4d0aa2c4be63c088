create or replace function public.end_mentor_active_period(org_id uuid, period_id uuid, active_to date) returns public.mentor_active_periods
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  target public.mentor_active_periods;
  overlapping public.mentor_active_periods;
  ended public.mentor_active_periods;
begin
  if end_mentor_active_period.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  elsif end_mentor_active_period.period_id is null then
    raise exception 'period_id must not be null' using errcode = '22004';
  elsif end_mentor_active_period.active_to is null then
    raise exception 'active_to must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(org_id => end_mentor_active_period.org_id, roles => '{coordinator,admin}');
  select p.* into target from public.mentor_active_periods p
  where p.org_id = end_mentor_active_period.org_id and p.id = end_mentor_active_period.period_id
  for update;
  if target.id is null then
    raise exception 'no active period % in organisation %', end_mentor_active_period.period_id, end_mentor_active_period.org_id
      using errcode = 'P0002';
  elsif end_mentor_active_period.active_to < target.active_from then
    raise exception 'active_to (%) must not be before the period''s start (%)', end_mentor_active_period.active_to, target.active_from
      using errcode = '22023';
  elsif end_mentor_active_period.active_to > pg_catalog.make_date(pg_catalog.date_part('year', current_date)::integer + 1, 12, 31) then
    raise exception 'active_to must not be after the end of next year' using errcode = '22023';
  end if;
  select p.* into overlapping from public.mentor_active_periods p
  where p.org_id = target.org_id and p.mentor_id = target.mentor_id and p.id <> target.id
    and daterange(p.active_from, p.active_to, '[]') && daterange(target.active_from, end_mentor_active_period.active_to, '[]')
  limit 1;
  if overlapping.id is not null then
    raise exception 'the mentor is active from % to % already: a period may not overlap another', overlapping.active_from,
      coalesce(overlapping.active_to::text, 'open end') using errcode = '22023';
  end if;
  update public.mentor_active_periods p set active_to = end_mentor_active_period.active_to
  where p.org_id = target.org_id and p.id = target.id
  returning p.* into ended;
  return ended;
end
$$;

comment on function public.end_mentor_active_period(org_id uuid, period_id uuid, active_to date) is 'Sets the last active day of a mentor''s period (ending an open one, or moving a set end); the organisation''s figures turn stale. Coordinators and admins of the organisation, the service role; row-level security applies. Errors: 22004, 22023 (an end before the start or after next year, an overlap with another period), 42501, P0002 (no such period).';

revoke all on function public.end_mentor_active_period(org_id uuid, period_id uuid, active_to date) from public, anon, authenticated, service_role;
grant execute on function public.end_mentor_active_period(org_id uuid, period_id uuid, active_to date) to authenticated;
grant execute on function public.end_mentor_active_period(org_id uuid, period_id uuid, active_to date) to service_role;
