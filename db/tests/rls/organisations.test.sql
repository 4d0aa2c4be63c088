-- RLS matrix for organisations: who reads, creates, edits and removes a tenant;
-- pending members read their organisation only, revoked members nothing.
-- Fixture: organisations A and B (db/fixtures/README.md).
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
select plan(43);

select tests.fingerprint('public.organisations') as orgs_before \gset

-- anon
select tests.authenticate_as_anon();
select is(tests.outcome('select count(*) from public.organisations'), 'error:42501',
  'anon reads no organisation (no privilege)');
select is(tests.outcome($$insert into public.organisations (name) values ('Anon org')$$), 'error:42501',
  'anon cannot create an organisation');
select is(tests.outcome($$update public.organisations set name = 'x'$$), 'error:42501',
  'anon updates no organisation (no privilege)');
select is(tests.outcome($$delete from public.organisations$$), 'error:42501',
  'anon deletes no organisation (no privilege)');
select is(tests.fingerprint('public.organisations'), :'orgs_before',
  'after anon''s attempts every organisation is unchanged');

-- mentor of A
select tests.authenticate_as('mentor.a@fixture.example');
select results_eq($$select name from public.organisations$$, $$values ('Likepersonforeningen Vest')$$,
  'a mentor of A reads only A');
select is(tests.outcome($$update public.organisations set name = 'Renamed'$$), 'ok:0',
  'a mentor cannot rename the organisation');
select is(tests.outcome($$insert into public.organisations (name) values ('Mentor org')$$), 'error:42501',
  'a mentor cannot create an organisation');
select is(tests.outcome($$delete from public.organisations$$), 'error:42501',
  'a mentor deletes no organisation (no privilege)');
select is(tests.fingerprint('public.organisations'), :'orgs_before',
  'after the mentor''s attempts every organisation is unchanged');

-- coordinator of A
select tests.authenticate_as('coordinator.a@fixture.example');
select is((select count(*)::int from public.organisations), 1, 'a coordinator of A reads one organisation');
select is(tests.outcome($$update public.organisations set name = 'Renamed'$$), 'ok:0',
  'a coordinator cannot rename the organisation');
select is(tests.outcome($$delete from public.organisations$$), 'error:42501',
  'a coordinator deletes no organisation (no privilege)');
select is(tests.fingerprint('public.organisations'), :'orgs_before',
  'after the coordinator''s attempts every organisation is unchanged');

-- coordinator of B
select tests.authenticate_as('coordinator.b@fixture.example');
select results_eq($$select name from public.organisations$$, $$values ('Foreningen Øst')$$,
  'a coordinator of B reads only B');
select is(tests.outcome($$update public.organisations set name = 'Taken'
  where id = tests.organisation_id('A')$$), 'ok:0',
  'a coordinator of B cannot touch A');

-- mentor in A and coordinator in B
select tests.authenticate_as('dual@fixture.example');
select is((select count(*)::int from public.organisations), 2, 'a user in A and B reads both organisations');
select is(tests.outcome($$update public.organisations set name = 'Renamed'$$), 'ok:0',
  'neither role lets them rename an organisation');
select is(tests.fingerprint('public.organisations'), :'orgs_before',
  'after the dual member''s attempt every organisation is unchanged');

-- admin of A
select tests.authenticate_as('admin.a@fixture.example');
select is((select count(*)::int from public.organisations), 1, 'an admin of A reads one organisation');
select is(tests.outcome($$update public.organisations set name = 'Taken'
  where id = tests.organisation_id('B')$$), 'ok:0',
  'an admin of A cannot rename B');
select is(tests.outcome($$delete from public.organisations$$), 'error:42501',
  'an admin deletes no organisation through the API (no privilege)');
select is(tests.outcome($$insert into public.organisations (name) values ('Admin org')$$), 'error:42501',
  'an admin cannot create an organisation');
select is(tests.fingerprint('public.organisations'), :'orgs_before',
  'after the admin''s denied attempts every organisation is unchanged');
select is(tests.outcome($$update public.organisations set name = 'Likepersonforeningen Vest og Nord'$$), 'ok:1',
  'an admin of A renames A');
select is((select name from public.organisations), 'Likepersonforeningen Vest og Nord', 'the new name is stored');

-- pending members: a pending mentor and a pending admin read their organisation, nothing more
select tests.clear_authentication();
select tests.fingerprint('public.organisations') as orgs_before \gset
select isnt(tests.create_user('pending.admin@fixture.example'), null, 'a new user exists');
insert into public.members (org_id, user_id, role, approval_status) values
  (tests.organisation_id('A'), tests.user_id('pending.admin@fixture.example'), 'admin', 'pending');
select tests.authenticate_as('pending.a@fixture.example');
select is((select count(*)::int from public.organisations), 1, 'a pending mentor reads their organisation');
select is(tests.outcome($$update public.organisations set name = 'Renamed'$$), 'ok:0',
  'a pending mentor cannot rename it');
select is(tests.outcome($$insert into public.organisations (name) values ('Pending org')$$), 'error:42501',
  'a pending mentor cannot create an organisation');
select is(tests.outcome($$delete from public.organisations$$), 'error:42501',
  'a pending mentor deletes no organisation (no privilege)');
select tests.authenticate_as('pending.admin@fixture.example');
select is((select count(*)::int from public.organisations), 1, 'a pending admin reads their organisation');
select is(tests.outcome($$update public.organisations set name = 'Renamed'$$), 'ok:0',
  'a pending admin cannot rename it before approval');
select is(tests.outcome($$delete from public.organisations$$), 'error:42501',
  'a pending admin deletes no organisation (no privilege)');
select is(tests.fingerprint('public.organisations'), :'orgs_before',
  'after the pending members'' attempts every organisation is unchanged');

-- a revoked admin: reads and renames A until the revocation, nothing from the next statement on
select tests.clear_authentication();
update public.members set approval_status = 'revoked' where user_id = tests.user_id('admin.a@fixture.example');
select tests.authenticate_as('admin.a@fixture.example');
select is((select count(*)::int from public.organisations), 0, 'a revoked admin reads no organisation');
select is(tests.outcome($$update public.organisations set name = 'Renamed'$$), 'ok:0',
  'a revoked admin cannot rename their former organisation');
select is(tests.outcome($$insert into public.organisations (name) values ('Revoked org')$$), 'error:42501',
  'a revoked admin cannot create an organisation');
select is(tests.outcome($$delete from public.organisations$$), 'error:42501',
  'a revoked admin deletes no organisation (no privilege)');
select is(tests.fingerprint('public.organisations'), :'orgs_before',
  'after the revoked admin''s attempts every organisation is unchanged');

-- service role
select tests.authenticate_as_service_role();
select is((select count(*)::int from public.organisations), 2, 'the service role reads every organisation');
select is(tests.outcome($$insert into public.organisations (name) values ('Ny forening')$$), 'ok:1',
  'the service role creates an organisation');
select is(tests.outcome($$delete from public.organisations where name = 'Ny forening'$$), 'ok:1',
  'the service role removes an organisation');

select * from finish();
rollback;
