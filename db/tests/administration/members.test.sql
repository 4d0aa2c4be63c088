-- add_member, set_member_status, list_members by actor: admins add any role and
-- approve or revoke anyone; coordinators add, approve and revoke peer mentors
-- only; nobody changes their own membership; mentors, pending and revoked
-- members, other organisations' managers and anon change nothing. A member is
-- found by an existing user's e-mail (not_found otherwise). Every refusal is
-- followed by a check that the roster did not change.
-- Fixture: A = ...00a (admin.a, coordinator.a, mentors), B = ...00b.
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
select tests.create_user('new.mentor@fixture.example', '00000000-0000-4000-b000-000000000101') as new_mentor_id \gset
select tests.create_user('new.coordinator@fixture.example', '00000000-0000-4000-b000-000000000102') as new_coordinator_id \gset
select plan(40);

\set org_a '''00000000-0000-4000-a000-00000000000a'''
select tests.fingerprint('public.members') as before \gset

-- anon
select tests.authenticate_as_anon();
select is(tests.outcome($$select public.add_member(tests.organisation_id('A'), 'new.mentor@fixture.example', 'peer_mentor')$$), 'error:42501', 'anon cannot add a member');
select is(tests.outcome($$select public.set_member_status(tests.organisation_id('A'), tests.user_id('pending.a@fixture.example'), 'approved')$$), 'error:42501', 'anon cannot approve a member');
select is(tests.outcome($$select * from public.list_members(tests.organisation_id('A'))$$), 'error:42501', 'anon cannot list members');

-- an approved mentor of A
select tests.authenticate_as('mentor.a@fixture.example');
select is(tests.outcome($$select public.add_member(tests.organisation_id('A'), 'new.mentor@fixture.example', 'peer_mentor')$$), 'error:42501', 'a mentor cannot add a member');
select is(tests.outcome($$select public.set_member_status(tests.organisation_id('A'), tests.user_id('pending.a@fixture.example'), 'approved')$$), 'error:42501', 'a mentor cannot approve a pending mentor');
select is((select count(*)::int from public.list_members(:org_a)), 7, 'a mentor lists A''s roster of 7 (what the policies show them already)');

-- a pending mentor of A
select tests.authenticate_as('pending.a@fixture.example');
select is(tests.outcome($$select * from public.list_members(tests.organisation_id('A'))$$), 'error:42501', 'a pending mentor cannot list the roster');
select is(tests.outcome($$select public.set_member_status(tests.organisation_id('A'), tests.user_id('pending.a@fixture.example'), 'approved')$$), 'error:42501', 'a pending mentor cannot approve themselves');

-- a coordinator and an admin of B, in A
select tests.authenticate_as('coordinator.b@fixture.example');
select is(tests.outcome($$select public.add_member(tests.organisation_id('A'), 'new.mentor@fixture.example', 'peer_mentor')$$), 'error:42501', 'a coordinator of B cannot add a member to A');
select tests.authenticate_as('admin.b@fixture.example');
select is(tests.outcome($$select public.set_member_status(tests.organisation_id('A'), tests.user_id('mentor.a@fixture.example'), 'revoked')$$), 'error:42501', 'an admin of B cannot revoke a member of A');
select is(tests.outcome($$select * from public.list_members(tests.organisation_id('A'))$$), 'error:42501', 'an admin of B cannot list A''s members');
select is(tests.fingerprint('public.members'), :'before', 'after the attempts of outsiders, mentors and anon the roster is unchanged');

-- coordinator of A: peer mentors only, never themselves
select tests.authenticate_as('coordinator.a@fixture.example');
select is(tests.outcome($$select public.add_member(tests.organisation_id('A'), 'new.coordinator@fixture.example', 'coordinator')$$), 'error:42501', 'a coordinator cannot add a coordinator');
select is(tests.outcome($$select public.add_member(tests.organisation_id('A'), 'new.coordinator@fixture.example', 'admin')$$), 'error:42501', 'a coordinator cannot add an admin');
select is(tests.outcome($$select public.set_member_status(tests.organisation_id('A'), tests.user_id('admin.a@fixture.example'), 'revoked')$$), 'error:42501', 'a coordinator cannot revoke an admin');
select is(tests.outcome($$select public.set_member_status(tests.organisation_id('A'), tests.user_id('coordinator.a@fixture.example'), 'revoked')$$), 'error:42501', 'a coordinator cannot revoke themselves');
select is(tests.outcome($$select public.add_member(tests.organisation_id('A'), 'nobody@fixture.example', 'peer_mentor')$$), 'error:P0002', 'an e-mail no user has is not_found (P0002)');
select is(tests.outcome($$select public.add_member(tests.organisation_id('A'), 'mentor.a@fixture.example', 'peer_mentor')$$), 'error:23505', 'a member already is a conflict (23505)');
select is(tests.outcome($$select public.add_member(tests.organisation_id('A'), null, 'peer_mentor')$$), 'error:22004', 'a null e-mail is 22004');
select is(tests.outcome($$select public.set_member_status(tests.organisation_id('A'), tests.user_id('pending.a@fixture.example'), 'pending')$$), 'error:22023', 'setting pending is invalid (22023)');
select is(tests.outcome($$select public.set_member_status(tests.organisation_id('A'), '00000000-0000-4000-b000-000000000101', 'approved')$$), 'error:P0002', 'approving a user who is no member is not_found (P0002)');
select is(tests.fingerprint('public.members'), :'before', 'after the coordinator''s refused attempts the roster is unchanged');

select results_eq(
  $$select email, display_name, role::text, approval_status::text from public.add_member(tests.organisation_id('A'), ' NEW.mentor@fixture.example', 'peer_mentor')$$,
  $$values ('new.mentor@fixture.example', 'new.mentor@fixture.example', 'peer_mentor', 'pending')$$,
  'a coordinator adds a peer mentor by e-mail (any case), pending');
select results_eq(
  $$select approval_status::text from public.set_member_status(tests.organisation_id('A'), '00000000-0000-4000-b000-000000000101', 'approved')$$,
  $$values ('approved')$$, 'a coordinator approves the new mentor');
select results_eq(
  $$select email, approval_status::text from public.set_member_status(tests.organisation_id('A'), '00000000-0000-4000-b000-000000000101', 'revoked')$$,
  $$values (null::text, 'revoked')$$, 'a coordinator revokes a mentor, whose e-mail is then no longer shown');
select results_eq(
  $$select approval_status::text from public.set_member_status(tests.organisation_id('A'), '00000000-0000-4000-b000-000000000101', 'approved')$$,
  $$values ('approved')$$, 'approving a revoked mentor reinstates them');
select is((select count(*)::int from public.list_members(:org_a)), 8, 'the coordinator lists 8 members now');
select results_eq(
  $$select role::text from public.list_members(tests.organisation_id('A')) limit 2$$,
  $$values ('admin'), ('coordinator')$$, 'admins are listed first, then coordinators');

-- the changed status takes effect at once, and an unchanged one writes nothing
select tests.authenticate_as('new.mentor@fixture.example');
select is((select count(*)::int from public.list_members(:org_a)), 8, 'the approved mentor reads the roster');
select tests.authenticate_as('coordinator.a@fixture.example');
select tests.fingerprint('public.members') as approved_roster \gset
select lives_ok($$select public.set_member_status(tests.organisation_id('A'), '00000000-0000-4000-b000-000000000101', 'approved')$$, 'approving an approved mentor again is allowed');
select is(tests.fingerprint('public.members'), :'approved_roster', '... and writes nothing');

-- admin of A: any role, never themselves
select tests.authenticate_as('admin.a@fixture.example');
select is(tests.outcome($$select public.set_member_status(tests.organisation_id('A'), tests.user_id('admin.a@fixture.example'), 'revoked')$$), 'error:42501', 'an admin cannot revoke themselves');
select is(tests.fingerprint('public.members'), :'approved_roster', '... and the roster is unchanged');
select results_eq(
  $$select role::text, approval_status::text from public.add_member(tests.organisation_id('A'), 'new.coordinator@fixture.example', 'coordinator')$$,
  $$values ('coordinator', 'pending')$$, 'an admin adds a coordinator, pending');
select tests.authenticate_as('new.coordinator@fixture.example');
select is(tests.outcome($$select public.add_member(tests.organisation_id('A'), 'mentor.b@fixture.example', 'peer_mentor')$$), 'error:42501', 'a pending coordinator cannot add a mentor');
select tests.authenticate_as('admin.a@fixture.example');
select results_eq(
  $$select approval_status::text from public.set_member_status(tests.organisation_id('A'), '00000000-0000-4000-b000-000000000102', 'approved')$$,
  $$values ('approved')$$, 'an admin approves the coordinator');
select tests.authenticate_as('new.coordinator@fixture.example');
select is(tests.outcome($$select public.add_member(tests.organisation_id('A'), 'mentor.b@fixture.example', 'peer_mentor')$$), 'ok:1', 'the approved coordinator adds a mentor');
select tests.authenticate_as('admin.a@fixture.example');
select results_eq(
  $$select approval_status::text from public.set_member_status(tests.organisation_id('A'), tests.user_id('coordinator.a@fixture.example'), 'revoked')$$,
  $$values ('revoked')$$, 'an admin revokes a coordinator');
select tests.authenticate_as('coordinator.a@fixture.example');
select is(tests.outcome($$select * from public.list_members(tests.organisation_id('A'))$$), 'error:42501', 'the revoked coordinator lists nothing at the next statement');

-- service role
select tests.authenticate_as_service_role();
select is((select count(*)::int from public.list_members(:org_a)), 10, 'the service role lists every member');

select * from finish();
rollback;
