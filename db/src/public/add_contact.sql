create or replace function public.add_contact(org_id uuid, full_name text, birth_year integer default null::integer, phone text default null::text, email text default null::text, municipality_code text default null::text, municipality_code_version text default null::text) returns public.contacts
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
    as $_$
declare
  added public.contacts;
begin
  if add_contact.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  elsif add_contact.full_name is null then
    raise exception 'full_name must not be null' using errcode = '22004';
  end if;
  -- An approved member or a pending mentor; 42501 for anyone else and for the
  -- service role (a contact is registered by a user).
  perform hidden.caller_membership(org_id => add_contact.org_id);
  if pg_catalog.length(pg_catalog.btrim(add_contact.full_name)) not between 1 and 200 then
    raise exception 'full_name must be 1 to 200 characters besides surrounding spaces' using errcode = '22023';
  elsif add_contact.birth_year not between 1900 and 2100 then
    raise exception 'birth_year (%) must be between 1900 and 2100', add_contact.birth_year using errcode = '22023';
  elsif pg_catalog.length(add_contact.phone) > 40 then
    raise exception 'phone must be at most 40 characters' using errcode = '22023';
  elsif pg_catalog.length(add_contact.email) > 320 then
    raise exception 'email must be at most 320 characters' using errcode = '22023';
  elsif add_contact.municipality_code !~ '^[0-9]{4}$' or add_contact.municipality_code_version !~ '^[0-9]{4}$'
        or (add_contact.municipality_code is null) <> (add_contact.municipality_code_version is null) then
    raise exception 'municipality_code and municipality_code_version must be given together, four digits each' using errcode = '22023';
  end if;
  insert into public.contacts as c (org_id, full_name, birth_year, phone, email, municipality_code, municipality_code_version, created_by)
  values (add_contact.org_id, pg_catalog.btrim(add_contact.full_name), add_contact.birth_year, add_contact.phone, add_contact.email,
          add_contact.municipality_code, add_contact.municipality_code_version, hidden.request_user_id())
  returning c.* into added;
  return added;
end
$_$;

comment on function public.add_contact(org_id uuid, full_name text, birth_year integer, phone text, email text, municipality_code text, municipality_code_version text) is 'Registers a contact (a person mentors meet) as the calling member; row-level security applies (approved members and pending mentors). Errors: 22004, 22023 (a blank or over-long name, a birth year outside 1900-2100, an over-long phone or e-mail, a municipality code without its four-digit version or the reverse), 42501 (not a member, revoked, a pending coordinator or admin, the service role).';

revoke all on function public.add_contact(org_id uuid, full_name text, birth_year integer, phone text, email text, municipality_code text, municipality_code_version text) from public, anon, authenticated, service_role;
grant execute on function public.add_contact(org_id uuid, full_name text, birth_year integer, phone text, email text, municipality_code text, municipality_code_version text) to authenticated;
