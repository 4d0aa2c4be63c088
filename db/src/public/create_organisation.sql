create or replace function public.create_organisation(name text, admin_email text) returns public.organisations
    language sql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select hidden.create_organisation(name => create_organisation.name, admin_email => create_organisation.admin_email)
$$;

comment on function public.create_organisation(name text, admin_email text) is 'Creates an organisation with the existing user of admin_email as its first, approved admin. The service role only. Errors: 22004, 22023 (a blank or over-long name), 23505 (an organisation of that name, in any case, exists), 42501, P0002 (no user with that e-mail).';

revoke all on function public.create_organisation(name text, admin_email text) from public, anon, authenticated, service_role;
grant execute on function public.create_organisation(name text, admin_email text) to service_role;
