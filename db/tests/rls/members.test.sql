-- RLS matrix for members: the roster is visible inside an organisation; admins
-- manage everyone, coordinators manage peer mentors, nobody crosses organisations;
-- a pending member reads their own membership only, a revoked member nothing.
-- Fixture: A has 7 members, B 5.
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
select plan(51);
select isnt(tests.create_user('new.mentor@fixture.example'), null, 'a new user exists to be added');

-- anon
select tests.fingerprint('public.members') as before \gset
select tests.authenticate_as_anon();
select is(tests.outcome('select count(*) from public.members'), 'error:42501', 'anon reads no member (no privilege)');
select is(tests.outcome($$insert into public.members (org_id, user_id, role)
  values (tests.organisation_id('A'), tests.user_id('new.mentor@fixture.example'), 'admin')$$), 'error:42501',
  'anon cannot add a member');
select is(tests.outcome($$update public.members set role = 'admin'$$), 'error:42501',
  'anon updates no member (no privilege)');
select is(tests.outcome($$delete from public.members$$), 'error:42501', 'anon removes no member (no privilege)');
select is(tests.fingerprint('public.members'), :'before', 'after anon''s attempts the roster is unchanged');

-- mentor of A
select tests.authenticate_as('mentor.a@fixture.example');
select is((select count(*)::int from public.members), 7, 'a mentor of A reads A''s roster of 7');
select is((select count(*)::int from public.members where org_id <> tests.organisation_id('A')), 0,
  '... and nothing of B');
select is(tests.outcome($$insert into public.members (org_id, user_id, role)
  values (tests.organisation_id('A'), tests.user_id('new.mentor@fixture.example'), 'peer_mentor')$$), 'error:42501',
  'a mentor cannot add a member');
select is(tests.outcome($$update public.members set role = 'admin'
  where user_id = tests.user_id('mentor.a@fixture.example')$$), 'ok:0',
  'a mentor cannot promote themselves');
select is(tests.outcome($$delete from public.members where org_id = tests.organisation_id('A')$$), 'ok:0',
  'a mentor removes no member');
select is(tests.fingerprint('public.members'), :'before', 'after the mentor''s attempts the roster is unchanged');

-- coordinator of B (another organisation)
select tests.authenticate_as('coordinator.b@fixture.example');
select is((select count(*)::int from public.members), 5, 'a coordinator of B reads B''s roster of 5 only');
select is(tests.outcome($$insert into public.members (org_id, user_id, role)
  values (tests.organisation_id('A'), tests.user_id('new.mentor@fixture.example'), 'peer_mentor')$$), 'error:42501',
  'a coordinator of B cannot add a member to A');
select is(tests.outcome($$update public.members set approval_status = 'revoked'
  where org_id = tests.organisation_id('A')$$), 'ok:0',
  'a coordinator of B cannot edit A''s members');
select is(tests.outcome($$delete from public.members where org_id = tests.organisation_id('A')$$), 'ok:0',
  'a coordinator of B cannot remove A''s members');
select is(tests.outcome($$update public.members set org_id = tests.organisation_id('A')
  where user_id = tests.user_id('mentor.b@fixture.example')$$), 'error:42501',
  'a coordinator of B cannot move a member of B into A');
select is(tests.fingerprint('public.members'), :'before', 'after B''s attempts both rosters are unchanged');

-- coordinator of A
select tests.authenticate_as('coordinator.a@fixture.example');
select is((select count(*)::int from public.members), 7, 'a coordinator of A reads A''s roster');
select is(tests.outcome($$insert into public.members (org_id, user_id, role)
  values (tests.organisation_id('A'), tests.user_id('new.mentor@fixture.example'), 'admin')$$), 'error:42501',
  'a coordinator cannot add an admin');
select is(tests.outcome($$update public.members set role = 'admin'
  where user_id = tests.user_id('mentor.a@fixture.example') and org_id = tests.organisation_id('A')$$), 'error:42501',
  'a coordinator cannot promote a mentor to admin');
select is(tests.outcome($$update public.members set approval_status = 'revoked'
  where user_id = tests.user_id('admin.a@fixture.example')$$), 'ok:0',
  'a coordinator cannot edit the admin');
select is(tests.outcome($$delete from public.members
  where user_id = tests.user_id('admin.a@fixture.example')$$), 'ok:0',
  'a coordinator cannot remove the admin');
select is(tests.fingerprint('public.members'), :'before',
  'after the coordinator''s denied attempts the roster is unchanged');
select is(tests.outcome($$insert into public.members (org_id, user_id, role)
  values (tests.organisation_id('A'), tests.user_id('new.mentor@fixture.example'), 'peer_mentor')$$), 'ok:1',
  'a coordinator adds a peer mentor');
select is(tests.outcome($$update public.members set approval_status = 'approved'
  where user_id = tests.user_id('pending.a@fixture.example')$$), 'ok:1',
  'a coordinator approves a pending mentor');
select is(tests.outcome($$delete from public.members
  where user_id = tests.user_id('new.mentor@fixture.example')$$), 'ok:1',
  'a coordinator removes a peer mentor');

-- admin of A
select tests.authenticate_as('admin.a@fixture.example');
select is(tests.outcome($$insert into public.members (org_id, user_id, role)
  values (tests.organisation_id('A'), tests.user_id('new.mentor@fixture.example'), 'coordinator')$$), 'ok:1',
  'an admin adds a coordinator');
select is(tests.outcome($$update public.members set role = 'admin'
  where user_id = tests.user_id('new.mentor@fixture.example')$$), 'ok:1',
  'an admin promotes a member');
select is(tests.outcome($$delete from public.members
  where user_id = tests.user_id('new.mentor@fixture.example')$$), 'ok:1',
  'an admin removes a member');
select is(tests.outcome($$delete from public.members where org_id = tests.organisation_id('B')$$), 'ok:0',
  'an admin of A removes nobody in B');

-- mentor in A and coordinator in B
select tests.authenticate_as('dual@fixture.example');
select is((select count(*)::int from public.members), 12, 'a user in A and B reads both rosters');
select is(tests.outcome($$insert into public.members (org_id, user_id, role)
  values (tests.organisation_id('A'), tests.user_id('new.mentor@fixture.example'), 'peer_mentor')$$), 'error:42501',
  'as a mentor in A they cannot add members to A');
select is(tests.outcome($$insert into public.members (org_id, user_id, role)
  values (tests.organisation_id('B'), tests.user_id('new.mentor@fixture.example'), 'peer_mentor')$$), 'ok:1',
  'as a coordinator in B they add a peer mentor to B');

-- pending mentor: reads their own membership only, changes none (pending.a was approved above; back to pending)
select tests.clear_authentication();
update public.members set approval_status = 'pending' where user_id = tests.user_id('pending.a@fixture.example');
select tests.fingerprint('public.members') as before \gset
select tests.authenticate_as('pending.a@fixture.example');
select results_eq($$select user_id, approval_status::text from public.members$$,
  $$values (tests.user_id('pending.a@fixture.example'), 'pending')$$,
  'a pending mentor reads their own membership only (how they learn it is pending)');
select is(tests.outcome($$insert into public.members (org_id, user_id, role)
  values (tests.organisation_id('A'), tests.user_id('new.mentor@fixture.example'), 'peer_mentor')$$), 'error:42501',
  'a pending mentor cannot add a member');
select is(tests.outcome($$update public.members set approval_status = 'approved'$$), 'ok:0',
  'a pending mentor cannot approve themselves');
select is(tests.outcome($$delete from public.members$$), 'ok:0',
  'a pending mentor removes no member, not even themselves');
select is(tests.fingerprint('public.members'), :'before',
  'after the pending mentor''s attempts the roster is unchanged');

-- pending coordinator: no management before approval
select tests.clear_authentication();
insert into public.members (org_id, user_id, role, approval_status) values
  (tests.organisation_id('A'), tests.user_id('new.mentor@fixture.example'), 'coordinator', 'pending');
select tests.fingerprint('public.members') as before \gset
select tests.authenticate_as('new.mentor@fixture.example');
select is((select count(*)::int from public.members where user_id <> tests.user_id('new.mentor@fixture.example')), 0,
  'a pending coordinator reads no one else''s membership');
select is(tests.outcome($$update public.members set approval_status = 'approved'
  where user_id = tests.user_id('pending.a@fixture.example')$$), 'ok:0',
  'a pending coordinator cannot approve a pending mentor');
select is(tests.outcome($$delete from public.members
  where user_id = tests.user_id('pending.a@fixture.example')$$), 'ok:0',
  'a pending coordinator removes no mentor');
select is(tests.fingerprint('public.members'), :'before',
  'after the pending coordinator''s attempts the roster is unchanged');
select tests.clear_authentication();
delete from public.members where user_id = tests.user_id('new.mentor@fixture.example')
  and org_id = tests.organisation_id('A');

-- revoked: a coordinator manages the roster until the revocation, nothing from the next statement on
select tests.authenticate_as('coordinator.a@fixture.example');
select is((select count(*)::int from public.members), 7, 'before the revocation the coordinator reads A''s roster');
select tests.clear_authentication();
update public.members set approval_status = 'revoked' where user_id = tests.user_id('coordinator.a@fixture.example');
select tests.fingerprint('public.members') as before \gset
select tests.authenticate_as('coordinator.a@fixture.example');
select is((select count(*)::int from public.members), 0, 'a revoked coordinator reads no member, not even themselves');
select is(tests.outcome($$insert into public.members (org_id, user_id, role)
  values (tests.organisation_id('A'), tests.user_id('new.mentor@fixture.example'), 'peer_mentor')$$), 'error:42501',
  'a revoked coordinator cannot add a member');
select is(tests.outcome($$update public.members set approval_status = 'approved'$$), 'ok:0',
  'a revoked coordinator cannot reinstate themselves or approve anyone');
select is(tests.outcome($$delete from public.members where role = 'peer_mentor'$$), 'ok:0',
  'a revoked coordinator removes no mentor');
select is(tests.fingerprint('public.members'), :'before',
  'after the revoked coordinator''s attempts the roster is unchanged');

-- service role
select tests.authenticate_as_service_role();
select is((select count(*)::int from public.members), 13, 'the service role reads every membership');
select is(tests.outcome($$delete from public.members
  where user_id = tests.user_id('new.mentor@fixture.example')$$), 'ok:1',
  'the service role removes a membership');

select * from finish();
rollback;
