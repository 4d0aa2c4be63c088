-- create_organisation and list_organisations, by actor: only the service role
-- creates an organisation, with an existing user as its first, approved admin;
-- every refusal (anon, a member, an admin, a missing user, a duplicate or blank
-- name, nulls) leaves organisations and members as they were. Everyone lists
-- exactly the organisations they may read, with their own role there.
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
select tests.create_user('founder@new.example') as founder_id \gset
select plan(22);

create function pg_temp.roster_fingerprint() returns text language sql as $$
  select tests.fingerprint('public.organisations') || tests.fingerprint('public.members')
$$;
grant execute on function pg_temp.roster_fingerprint() to public;
select pg_temp.roster_fingerprint() as before \gset

-- anon
select tests.authenticate_as_anon();
select is(tests.outcome($$select public.create_organisation('Ny forening', 'founder@new.example')$$), 'error:42501', 'anon cannot create an organisation');
select is(tests.outcome($$select * from public.list_organisations()$$), 'error:42501', 'anon cannot list organisations');

-- an admin of A (a signed-in user: creating tenants is the operator's task)
select tests.authenticate_as('admin.a@fixture.example');
select is(tests.outcome($$select public.create_organisation('Ny forening', 'founder@new.example')$$), 'error:42501', 'an admin cannot create an organisation');
select results_eq(
  $$select id, name, role::text, approval_status::text from public.list_organisations()$$,
  $$values (tests.organisation_id('A'), 'Likepersonforeningen Vest', 'admin', 'approved')$$,
  'an admin of A lists A only, with their role and status');

-- a mentor of both A and B
select tests.authenticate_as('mentor.ab@fixture.example');
select is((select count(*)::int from public.list_organisations()), 2, 'a member of A and B lists both');

-- a pending mentor reads their organisation; a revoked one does not
select tests.authenticate_as('pending.a@fixture.example');
select results_eq($$select approval_status::text from public.list_organisations()$$, $$values ('pending')$$,
  'a pending mentor lists their organisation, marked pending');
select tests.authenticate_as('founder@new.example');
select is_empty($$select * from public.list_organisations()$$, 'a user of no organisation lists none');
select is(pg_temp.roster_fingerprint(), :'before', 'after the users'' attempts nothing changed');

-- service role
select tests.authenticate_as_service_role();
select is((select count(*)::int from public.list_organisations()), 2, 'the service role lists every organisation');
select is((select count(*)::int from public.list_organisations() where role is null), 2, '... with no role of its own');
select is(tests.outcome($$select public.create_organisation('Ny forening', 'nobody@new.example')$$), 'error:P0002', 'no user with the admin''s e-mail is not_found (P0002)');
select is(tests.outcome($$select public.create_organisation('  likepersonforeningen VEST ', 'founder@new.example')$$), 'error:23505', 'a name taken in any case and spacing is a conflict (23505)');
select is(tests.outcome($$select public.create_organisation('   ', 'founder@new.example')$$), 'error:22023', 'a blank name is invalid (22023)');
select is(tests.outcome($$select public.create_organisation(repeat('x', 201), 'founder@new.example')$$), 'error:22023', 'a name over 200 characters is invalid (22023)');
select is(tests.outcome($$select public.create_organisation(null, 'founder@new.example')$$), 'error:22004', 'a null name is 22004');
select is(tests.outcome($$select public.create_organisation('Ny forening', null)$$), 'error:22004', 'a null admin e-mail is 22004');
select is(pg_temp.roster_fingerprint(), :'before', 'after every refusal nothing changed');

select public.create_organisation(' Ny forening ', 'FOUNDER@new.example') as created \gset
select is((:'created'::public.organisations).name, 'Ny forening', 'the service role creates an organisation, its name trimmed');
select results_eq(
  format($$select user_id, role::text, approval_status::text from public.members where org_id = %L$$, (:'created'::public.organisations).id),
  format($$values (%L::uuid, 'admin', 'approved')$$, :'founder_id'),
  'the user of the e-mail (in any case) is its approved admin');

select tests.authenticate_as('founder@new.example');
select results_eq($$select name, role::text from public.list_organisations()$$, $$values ('Ny forening', 'admin')$$,
  'the new admin lists their organisation');
select is(tests.outcome(format($$select public.add_member(%L, 'mentor.a@fixture.example', 'peer_mentor')$$, (:'created'::public.organisations).id)), 'ok:1',
  'the new admin can add members at once');
select is((select count(*)::int from public.members where org_id = (:'created'::public.organisations).id), 2, '... and reads the roster');

select * from finish();
rollback;
