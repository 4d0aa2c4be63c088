create or replace function hidden.create_organisation(name text, admin_email text) returns public.organisations
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
-- Definer: reads auth.users to find the first admin by e-mail, which no API role
-- may read; only the service role gets past the first check.
declare
  admin_id uuid;
  created public.organisations;
begin
  if not hidden.is_service_role_request() then
    raise exception 'permission denied: organisations are created by the operator (the service role)' using errcode = '42501';
  end if;
  if create_organisation.name is null then
    raise exception 'name must not be null' using errcode = '22004';
  elsif create_organisation.admin_email is null then
    raise exception 'admin_email must not be null' using errcode = '22004';
  elsif pg_catalog.length(pg_catalog.btrim(create_organisation.name)) not between 1 and 200 then
    raise exception 'name must be 1 to 200 characters besides surrounding spaces' using errcode = '22023';
  end if;
  if exists (select from public.organisations o
             where pg_catalog.lower(o.name) = pg_catalog.lower(pg_catalog.btrim(create_organisation.name))) then
    raise exception 'an organisation named "%" exists already', pg_catalog.btrim(create_organisation.name) using errcode = '23505';
  end if;
  select u.id into admin_id from auth.users u
  where pg_catalog.lower(u.email) = pg_catalog.lower(pg_catalog.btrim(create_organisation.admin_email));
  if admin_id is null then
    raise exception 'no user with e-mail %: users sign up (Supabase Auth) before they are made admins',
      create_organisation.admin_email using errcode = 'P0002';
  end if;
  insert into public.organisations as o (name) values (pg_catalog.btrim(create_organisation.name))
  returning o.* into created;
  insert into public.members (org_id, user_id, role, approval_status)
  values (created.id, admin_id, 'admin', 'approved');
  return created;
end
$$;

comment on function hidden.create_organisation(name text, admin_email text) is 'The security-definer body of public.create_organisation, where PostgREST does not expose it; public.create_organisation (security invoker) calls it.';

revoke all on function hidden.create_organisation(name text, admin_email text) from public, anon, authenticated, service_role;
grant execute on function hidden.create_organisation(name text, admin_email text) to service_role;
