-- The Supabase stand-in behaves as Supabase does: roles, claim readers, exposure.
begin;
set local search_path = extensions, tests, public;
select plan(23);

-- Roles
select has_role('anon', 'the anon role exists');
select has_role('authenticated', 'the authenticated role exists');
select has_role('service_role', 'the service_role role exists');
select has_role('authenticator', 'the authenticator role exists');
select has_role('supabase_auth_admin', 'the supabase_auth_admin role exists');
select ok((select rolbypassrls from pg_roles where rolname = 'service_role'), 'service_role bypasses row-level security');
select ok(not (select rolbypassrls from pg_roles where rolname = 'authenticated'), 'authenticated does not bypass row-level security');
select ok(pg_has_role('authenticator', 'authenticated', 'member'), 'authenticator may switch into authenticated');

-- Schemas and the private schema from the first migration
select has_schema('auth', 'schema auth exists');
select has_schema('extensions', 'schema extensions exists');
select has_schema('private', 'schema private exists');
select ok(not has_schema_privilege('authenticated', 'private', 'usage'), 'authenticated cannot use schema private');
select ok(not has_schema_privilege('anon', 'private', 'usage'), 'anon cannot use schema private');

-- Claim readers as an authenticated user
select isnt(tests.create_user('ada@example.org', '00000000-0000-4000-8000-00000000ada1'), null, 'a test user can be created');
select tests.authenticate_as('ada@example.org', '{"app_metadata": {"provider": "email"}}');
select is(auth.uid(), '00000000-0000-4000-8000-00000000ada1'::uuid, 'auth.uid() returns the acting user''s id');
select is(auth.role(), 'authenticated', 'auth.role() returns the role claim');
select is(auth.email(), 'ada@example.org', 'auth.email() returns the email claim');
select is(auth.jwt() -> 'app_metadata' ->> 'provider', 'email', 'auth.jwt() returns every claim of the token');
select is(current_user::text, 'authenticated', 'the request runs as the authenticated role');

-- As anon
select tests.authenticate_as_anon();
select is(auth.uid(), null, 'auth.uid() is null for an anonymous caller');
select throws_ok('select count(*) from auth.users', '42501', null, 'anon cannot read auth.users');

-- As the service role
select tests.authenticate_as_service_role();
select is(auth.role(), 'service_role', 'auth.role() is service_role for the service key');

select tests.clear_authentication();
select is(
  (select count(*)::int from auth.users where email = 'ada@example.org'),
  1,
  'after clearing the request the owner sees the user created in this test'
);

select * from finish();
rollback;
