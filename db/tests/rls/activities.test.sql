-- RLS matrix for activities: mentors register and edit their own direct entries;
-- coordinators and admins manage their organisation's and register proxy and bulk
-- entries, and they alone restore a soft-deleted one; nobody reaches another
-- organisation's; pending mentors keep to their own direct entries, revoked
-- members do nothing. Fixture: A has 21, B 3.
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
select plan(74);

select tests.fingerprint('public.activities') as before \gset

select tests.authenticate_as_anon();
select is(tests.outcome('select count(*) from public.activities'), 'error:42501',
  'anon reads no activity (no privilege)');
select is(tests.outcome($$insert into public.activities
  (org_id, kind, activity_date, duration_minutes, registration_path, registered_by)
  values (tests.organisation_id('A'), 'other', '2026-01-10', 10, 'direct',
    tests.user_id('mentor.a@fixture.example'))$$), 'error:42501',
  'anon cannot register an activity');
select is(tests.outcome($$update public.activities set duration_minutes = 1$$), 'error:42501',
  'anon updates no activity (no privilege)');
select is(tests.outcome($$delete from public.activities$$), 'error:42501', 'anon deletes no activity (no privilege)');

select tests.authenticate_as('mentor.a@fixture.example');
select is((select count(*)::int from public.activities), 15,
  'a mentor reads the 15 activities they took part in or registered');
select is((select count(*)::int from public.activities where id = tests.activity_id('A08')), 0,
  '... not a colleague''s (A08)');
select is(tests.outcome($$insert into public.activities
  (org_id, kind, activity_date, duration_minutes, registration_path)
  values (tests.organisation_id('A'), 'in_person_outreach', '2026-06-01', 60, 'proxy')$$), 'error:42501',
  'a mentor cannot register a proxy entry');
select is(tests.outcome($$insert into public.activities
  (org_id, kind, activity_date, duration_minutes, registration_path, registered_by)
  values (tests.organisation_id('A'), 'in_person_outreach', '2026-06-01', 60, 'direct',
    tests.user_id('mentor.ab@fixture.example'))$$), 'error:42501',
  'a mentor cannot register in a colleague''s name');
select is(tests.outcome($$insert into public.activities
  (org_id, kind, activity_date, duration_minutes, registration_path)
  values (tests.organisation_id('B'), 'in_person_outreach', '2026-06-01', 60, 'direct')$$), 'error:42501',
  'a mentor of A cannot register in B');
select is(tests.outcome($$update public.activities set duration_minutes = 600
  where id = tests.activity_id('A06')$$), 'ok:0',
  'a mentor cannot edit the coordinator''s proxy entry for them');
select is(tests.outcome($$update public.activities set duration_minutes = 600
  where id = tests.activity_id('A15')$$), 'ok:0',
  'a mentor cannot edit a bulk entry they appear in');
select is(tests.outcome($$delete from public.activities where id = tests.activity_id('A20')$$), 'ok:0',
  'a mentor cannot delete a proxy entry');
select is(tests.outcome($$update public.activities set registration_path = 'bulk'
  where id = tests.activity_id('A01')$$), 'error:42501',
  'a mentor cannot turn their entry into a bulk entry');
select is(tests.fingerprint('public.activities'), :'before',
  'after the mentor''s denied attempts every activity is unchanged');
select is(tests.outcome($$insert into public.activities
  (org_id, kind, activity_date, duration_minutes, registration_path)
  values (tests.organisation_id('A'), 'in_person_outreach', '2026-06-01', 60, 'direct') returning id$$), 'ok:1',
  'a mentor registers their own direct entry and reads it back (INSERT … RETURNING, as supabase-js does)');
select is(tests.outcome($$update public.activities set duration_minutes = 75
  where id = tests.activity_id('A01')$$), 'ok:1',
  'a mentor edits their own direct entry');
select is(tests.outcome($$update public.activities set deleted_at = now()
  where id = tests.activity_id('A02')$$), 'ok:1',
  'a mentor soft-deletes their own direct entry');
select is(tests.outcome($$delete from public.activities where activity_date = '2026-06-01'$$), 'ok:1',
  'a mentor deletes their own new entry');

select tests.fingerprint('public.activities') as before \gset
select tests.authenticate_as('coordinator.b@fixture.example');
select is((select count(*)::int from public.activities), 3, 'a coordinator of B reads B''s 3 activities only');
select is(tests.outcome($$insert into public.activities
  (org_id, kind, activity_date, duration_minutes, registration_path)
  values (tests.organisation_id('A'), 'group_meeting', '2026-06-01', 60, 'bulk')$$), 'error:42501',
  'a coordinator of B cannot register in A');
select is(tests.outcome($$update public.activities set duration_minutes = 1
  where org_id = tests.organisation_id('A')$$), 'ok:0',
  'a coordinator of B cannot edit A''s activities');
select is(tests.outcome($$delete from public.activities where org_id = tests.organisation_id('A')$$), 'ok:0',
  'a coordinator of B cannot delete A''s activities');
select is(tests.outcome($$update public.activities set org_id = tests.organisation_id('A')
  where id = tests.activity_id('B01')$$), 'error:42501',
  'a coordinator of B cannot move an activity into A');
select is(tests.fingerprint('public.activities'), :'before', 'after B''s attempts every activity is unchanged');

select tests.authenticate_as('dual@fixture.example');
select is((select count(*)::int from public.activities), 6,
  'a mentor in A and coordinator in B reads their 3 activities in A and all 3 of B');
select is(tests.outcome($$insert into public.activities
  (org_id, kind, activity_date, duration_minutes, registration_path)
  values (tests.organisation_id('A'), 'group_meeting', '2026-06-02', 60, 'bulk')$$), 'error:42501',
  'as a mentor in A they cannot register a bulk entry there');
select is(tests.outcome($$insert into public.activities
  (org_id, kind, activity_date, duration_minutes, registration_path)
  values (tests.organisation_id('B'), 'group_meeting', '2026-06-02', 60, 'bulk')$$), 'ok:1',
  'as a coordinator in B they register a bulk entry there');
select is(tests.outcome($$update public.activities set duration_minutes = 61
  where id = tests.activity_id('A08')$$), 'ok:1',
  'as a mentor in A they edit their own direct entry');

select tests.authenticate_as('coordinator.a@fixture.example');
select is((select count(*)::int from public.activities), 21, 'a coordinator of A reads all 21 of A''s activities');
select is(tests.outcome($$insert into public.activities
  (org_id, kind, activity_date, duration_minutes, registration_path)
  values (tests.organisation_id('A'), 'in_person_outreach', '2026-06-03', 60, 'direct')$$), 'error:42501',
  'a coordinator cannot register a direct entry (that is the mentor''s own)');
select is(tests.outcome($$insert into public.activities
  (org_id, kind, activity_date, duration_minutes, registration_path)
  values (tests.organisation_id('A'), 'in_person_outreach', '2026-06-03', 60, 'proxy')$$), 'ok:1',
  'a coordinator registers a proxy entry');
select is(tests.outcome($$update public.activities set duration_minutes = 50
  where id = tests.activity_id('A09')$$), 'ok:1',
  'a coordinator edits a mentor''s direct entry');
select is(tests.outcome($$delete from public.activities where activity_date = '2026-06-03'$$), 'ok:1',
  'a coordinator deletes an entry');

select tests.authenticate_as('admin.a@fixture.example');
select is((select count(*)::int from public.activities), 21, 'an admin of A reads all 21 of A''s activities');
select is(tests.outcome($$insert into public.activities
  (org_id, kind, activity_date, duration_minutes, registration_path, anonymous_participants)
  values (tests.organisation_id('A'), 'group_meeting', '2026-06-04', 60, 'bulk', 20)$$), 'ok:1',
  'an admin registers a bulk head count');
select is(tests.outcome($$delete from public.activities where activity_date = '2026-06-04'$$), 'ok:1',
  'an admin deletes an entry');

-- Restoring a soft-deleted entry is for coordinators and admins: A14 is mentor.a's, soft-deleted.
select tests.clear_authentication();
select tests.fingerprint('public.activities') as before \gset
select tests.fingerprint('public.activity_mentors') || tests.fingerprint('public.activity_participants')
  as links_before \gset
select ok((select count(*) from public.activity_mentors where activity_id = tests.activity_id('A14')) > 0,
  'A14 has a mentor link to keep');
select tests.authenticate_as('mentor.a@fixture.example');
select is(tests.outcome($$update public.activities set deleted_at = null where id = tests.activity_id('A14')$$), 'ok:0',
  'a mentor cannot restore their own soft-deleted direct entry');
select is(tests.outcome($$update public.activities set duration_minutes = 61
  where id = tests.activity_id('A14')$$), 'ok:0',
  '... nor edit it while it is deleted');
select is(tests.outcome($$delete from public.activities where id = tests.activity_id('A14')$$), 'ok:0',
  '... nor delete the record the coordinator kept');
select is(tests.outcome($$delete from public.activity_mentors where activity_id = tests.activity_id('A14')$$), 'ok:0',
  '... nor remove its mentors');
select is(tests.outcome($$delete from public.activity_participants
  where activity_id = tests.activity_id('A14')$$), 'ok:0',
  '... nor its participants');
select is(tests.fingerprint('public.activities'), :'before',
  'after the mentor''s attempts every activity is unchanged');
select tests.clear_authentication();
select is(tests.fingerprint('public.activity_mentors') || tests.fingerprint('public.activity_participants'),
  :'links_before', '... and so is every link');
select tests.authenticate_as('mentor.a@fixture.example');
select tests.authenticate_as('coordinator.a@fixture.example');
select is(tests.outcome($$update public.activities set deleted_at = null where id = tests.activity_id('A14')$$), 'ok:1',
  'a coordinator restores it');
select is(tests.outcome($$update public.activities set deleted_at = now()
  where id = tests.activity_id('A14')$$), 'ok:1',
  'a coordinator soft-deletes it again');
select tests.authenticate_as('admin.a@fixture.example');
select is(tests.outcome($$update public.activities set deleted_at = null where id = tests.activity_id('A14')$$), 'ok:1',
  'an admin restores it');

-- A pending mentor: pending.a registered A21 and is named on nothing else.
select tests.clear_authentication();
insert into public.activity_mentors values
  (tests.organisation_id('A'), tests.activity_id('A20'), tests.user_id('pending.a@fixture.example'));
select tests.fingerprint('public.activities') as before \gset
select tests.authenticate_as('pending.a@fixture.example');
select results_eq($$select id from public.activities$$, $$values (tests.activity_id('A21'))$$,
  'a pending mentor reads only the entry they registered, not the proxy entry a coordinator named them in');
select is(tests.outcome($$insert into public.activities
  (org_id, kind, activity_date, duration_minutes, registration_path)
  values (tests.organisation_id('A'), 'in_person_outreach', '2026-06-05', 60, 'proxy')$$), 'error:42501',
  'a pending mentor cannot register a proxy entry');
select is(tests.outcome($$insert into public.activities
  (org_id, kind, activity_date, duration_minutes, registration_path, registered_by)
  values (tests.organisation_id('A'), 'in_person_outreach', '2026-06-05', 60, 'direct',
    tests.user_id('mentor.a@fixture.example'))$$), 'error:42501',
  'a pending mentor cannot register in an approved mentor''s name');
select is(tests.outcome($$update public.activities set duration_minutes = 1
  where id <> tests.activity_id('A21')$$), 'ok:0',
  'a pending mentor edits no other entry');
select is(tests.outcome($$delete from public.activities where id <> tests.activity_id('A21')$$), 'ok:0',
  'a pending mentor deletes no other entry');
select is(tests.fingerprint('public.activities'), :'before',
  'after the pending mentor''s denied attempts every activity is unchanged');
select is(tests.outcome($$insert into public.activities
  (org_id, kind, activity_date, duration_minutes, registration_path)
  values (tests.organisation_id('A'), 'in_person_outreach', '2026-06-05', 60, 'direct') returning id$$), 'ok:1',
  'a pending mentor registers their own direct entry and reads it back');
select is(tests.outcome($$update public.activities set duration_minutes = 70
  where id = tests.activity_id('A21')$$), 'ok:1',
  'a pending mentor edits their own direct entry');
select is(tests.outcome($$update public.activities set deleted_at = now() where activity_date = '2026-06-05'$$), 'ok:1',
  'a pending mentor soft-deletes their own direct entry');
select is(tests.outcome($$update public.activities set deleted_at = null where activity_date = '2026-06-05'$$), 'ok:0',
  '... and cannot restore it');
select is(tests.outcome($$delete from public.activities where activity_date = '2026-06-05'$$), 'ok:0',
  '... nor remove the soft-deleted record');
select is(tests.outcome($$insert into public.activities
  (org_id, kind, activity_date, duration_minutes, registration_path)
  values (tests.organisation_id('A'), 'in_person_outreach', '2026-06-06', 60, 'direct')$$), 'ok:1',
  'a pending mentor registers another direct entry');
select is(tests.outcome($$delete from public.activities where activity_date = '2026-06-06'$$), 'ok:1',
  'a pending mentor deletes their own live entry');

-- A revoked mentor: mentor.a reads 15 activities until the revocation, none from the next statement on.
select tests.authenticate_as('mentor.a@fixture.example');
select is((select count(*)::int from public.activities), 15, 'before the revocation mentor.a reads 15 activities');
select tests.clear_authentication();
update public.members set approval_status = 'revoked' where user_id = tests.user_id('mentor.a@fixture.example');
select tests.fingerprint('public.activities') as before \gset
select tests.authenticate_as('mentor.a@fixture.example');
select is((select count(*)::int from public.activities), 0, 'a revoked mentor reads no activity, not even their own');
select is(tests.outcome($$insert into public.activities
  (org_id, kind, activity_date, duration_minutes, registration_path)
  values (tests.organisation_id('A'), 'in_person_outreach', '2026-06-06', 60, 'direct')$$), 'error:42501',
  'a revoked mentor cannot register');
select is(tests.outcome($$update public.activities set duration_minutes = 1
  where registered_by = tests.user_id('mentor.a@fixture.example')$$), 'ok:0',
  'a revoked mentor edits not even their own entries');
select is(tests.outcome($$update public.activities set deleted_at = now()$$), 'ok:0',
  'a revoked mentor soft-deletes nothing');
select is(tests.outcome($$delete from public.activities$$), 'ok:0', 'a revoked mentor deletes nothing');
select is(tests.fingerprint('public.activities'), :'before',
  'after the revoked mentor''s attempts every activity is unchanged');

-- A revoked coordinator loses the organisation's activities as well.
select tests.clear_authentication();
update public.members set approval_status = 'revoked' where user_id = tests.user_id('coordinator.a@fixture.example');
select tests.authenticate_as('coordinator.a@fixture.example');
select is((select count(*)::int from public.activities), 0, 'a revoked coordinator reads no activity');
select is(tests.outcome($$insert into public.activities
  (org_id, kind, activity_date, duration_minutes, registration_path)
  values (tests.organisation_id('A'), 'in_person_outreach', '2026-06-06', 60, 'proxy')$$), 'error:42501',
  'a revoked coordinator cannot register');
select is(tests.outcome($$update public.activities set deleted_at = null$$), 'ok:0',
  'a revoked coordinator restores nothing');
select is(tests.outcome($$delete from public.activities$$), 'ok:0', 'a revoked coordinator deletes nothing');
select is(tests.fingerprint('public.activities'), :'before',
  'after the revoked coordinator''s attempts every activity is unchanged');

select tests.authenticate_as_service_role();
select is((select count(*)::int from public.activities), 26,
  'the service role reads every activity (the pending mentor''s soft-deleted entry is kept)');
select is(tests.outcome($$update public.activities set org_id = tests.organisation_id('B')
  where id = tests.activity_id('A01')$$), 'error:42501',
  'not even the service role moves an activity to another organisation');

select * from finish();
rollback;
