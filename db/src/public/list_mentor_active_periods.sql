create or replace function public.list_mentor_active_periods(org_id uuid) returns setof public.mentor_active_periods
    language plpgsql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
begin
  if list_mentor_active_periods.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(org_id => list_mentor_active_periods.org_id);
  -- Row-level security decides: coordinators and admins read every period, a mentor their own.
  return query
    select p.* from public.mentor_active_periods p
    where p.org_id = list_mentor_active_periods.org_id
    order by p.mentor_id, p.active_from;
end
$$;

comment on function public.list_mentor_active_periods(org_id uuid) is 'The active periods of the organisation''s mentors the caller may read (coordinators, admins and the service role all; an approved mentor their own), by mentor and start. Errors: 22004, 42501.';

revoke all on function public.list_mentor_active_periods(org_id uuid) from public, anon, authenticated, service_role;
grant execute on function public.list_mentor_active_periods(org_id uuid) to authenticated;
grant execute on function public.list_mentor_active_periods(org_id uuid) to service_role;
