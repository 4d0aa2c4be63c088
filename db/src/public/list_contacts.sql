create or replace function public.list_contacts(org_id uuid) returns setof public.contacts
    language plpgsql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
begin
  if list_contacts.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  if not hidden.is_service_role_request() then
    perform hidden.caller_membership(org_id => list_contacts.org_id);
  end if;
  -- Row-level security decides which contacts: coordinators and admins all,
  -- mentors the ones they registered or met.
  return query
    select c.* from public.contacts c
    where c.org_id = list_contacts.org_id and c.deleted_at is null
    order by pg_catalog.lower(c.full_name), c.id;
end
$$;

comment on function public.list_contacts(org_id uuid) is 'The live contacts of the organisation the caller may read, by name: coordinators, admins and the service role all; an approved mentor those they registered or met; a pending mentor those they registered. Errors: 22004, 42501.';

revoke all on function public.list_contacts(org_id uuid) from public, anon, authenticated, service_role;
grant execute on function public.list_contacts(org_id uuid) to authenticated;
grant execute on function public.list_contacts(org_id uuid) to service_role;
