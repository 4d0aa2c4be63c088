-- pgTAP test support: the pgTAP extension and the `tests` helper schema.
--
-- Applied by the test runner after the migrations, never by them, so no deployed
-- database carries it. Helpers act out a request the way PostgREST does: a role
-- switch and the verified claims, both transaction-local (`set_config(..., true)`),
-- so nothing leaks past the test's rollback, not even on the embedded engine
-- whose clients share one backend.

create extension if not exists pgtap with schema extensions;
-- Tests assert while acting as the API roles, so those roles need pgTAP's functions.
grant execute on all functions in schema extensions to anon, authenticated, service_role;

create schema if not exists tests;
comment on schema tests is 'pgTAP helpers: create users and act as them. Test databases only.';
grant usage on schema tests to anon, authenticated, service_role;

create or replace function tests.create_user(email text, user_id uuid default gen_random_uuid())
returns uuid
language sql volatile
as $$
  insert into auth.users (id, email) values (user_id, email) returning id
$$;
comment on function tests.create_user(text, uuid) is 'Adds a user to auth.users and returns its id. Call before acting as anyone.';

create or replace function tests.user_id(email text)
returns uuid
language plpgsql stable security definer
set search_path = ''
as $$
declare
  found_id uuid;
begin
  select u.id into found_id from auth.users u where u.email = user_id.email;
  if found_id is null then
    raise exception 'tests.user_id: no user with e-mail %', user_id.email using errcode = 'P0002';
  end if;
  return found_id;
end
$$;
comment on function tests.user_id(text) is 'The id of the test user with this e-mail; callable while acting as any role.';

create or replace function tests.authenticate_as(email text, extra_claims jsonb default '{}'::jsonb)
returns void
language plpgsql volatile
as $$
declare
  claims jsonb;
begin
  claims := jsonb_build_object(
    'sub', tests.user_id(authenticate_as.email),
    'email', authenticate_as.email,
    'role', 'authenticated',
    'aud', 'authenticated'
  ) || coalesce(extra_claims, '{}'::jsonb);
  perform set_config('role', 'authenticated', true);
  perform set_config('request.jwt.claims', claims::text, true);
end
$$;
comment on function tests.authenticate_as(text, jsonb) is
  'Acts as the user with this e-mail until the transaction ends: role authenticated plus the claims its JWT would carry.';

create or replace function tests.authenticate_as_service_role()
returns void
language plpgsql volatile
as $$
begin
  perform set_config('role', 'service_role', true);
  perform set_config('request.jwt.claims', '{"role":"service_role"}', true);
end
$$;
comment on function tests.authenticate_as_service_role() is 'Acts as the service role (bypasses RLS) until the transaction ends.';

create or replace function tests.authenticate_as_anon()
returns void
language plpgsql volatile
as $$
begin
  perform set_config('role', 'anon', true);
  perform set_config('request.jwt.claims', '{"role":"anon"}', true);
end
$$;
comment on function tests.authenticate_as_anon() is 'Acts as an anonymous API caller until the transaction ends.';

create or replace function tests.clear_authentication()
returns void
language plpgsql volatile
as $$
begin
  perform set_config('role', 'none', true);
  perform set_config('request.jwt.claims', '', true);
end
$$;
comment on function tests.clear_authentication() is 'Returns to the connecting (owner) role with no claims.';

revoke all on all functions in schema tests from public;
grant execute on all functions in schema tests to anon, authenticated, service_role;
