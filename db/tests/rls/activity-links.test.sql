-- RLS matrix for activity_mentors and activity_participants: readable with their
-- activity, written by whoever may edit it, never linking across organisations;
-- a registrant names only themselves, a participant is a contact the caller can
-- read; pending mentors keep to their own entries, revoked members do nothing.
-- Fixture: activity_mentors A 23 / B 3; activity_participants A 22 / B 5.
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
select plan(76);

select tests.fingerprint('public.activity_mentors') as mentors_before \gset
select tests.fingerprint('public.activity_participants') as participants_before \gset

select tests.authenticate_as_anon();
select is(tests.outcome('select count(*) from public.activity_mentors'), 'error:42501',
  'anon reads no activity mentor (no privilege)');
select is(tests.outcome('select count(*) from public.activity_participants'), 'error:42501',
  'anon reads no participant (no privilege)');
select is(tests.outcome($$insert into public.activity_mentors
  values (tests.organisation_id('A'), tests.activity_id('A01'), tests.user_id('mentor.ab@fixture.example'))$$),
  'error:42501', 'anon cannot add a mentor to an activity');
select is(tests.outcome($$insert into public.activity_participants
  values (tests.organisation_id('A'), tests.activity_id('A01'), tests.contact_id('a03'))$$), 'error:42501',
  'anon cannot add a participant');
select is(tests.outcome($$update public.activity_mentors set mentor_id = mentor_id$$), 'error:42501',
  'anon updates no activity mentor (no privilege)');
select is(tests.outcome($$update public.activity_participants set contact_id = contact_id$$), 'error:42501',
  'anon updates no participant (no privilege)');
select is(tests.outcome($$delete from public.activity_mentors$$), 'error:42501',
  'anon deletes no activity mentor (no privilege)');
select is(tests.outcome($$delete from public.activity_participants$$), 'error:42501',
  'anon deletes no participant (no privilege)');

select tests.authenticate_as('mentor.a@fixture.example');
select is((select count(*)::int from public.activity_mentors), 16, 'a mentor reads the mentors of their 15 activities');
select is((select count(*)::int from public.activity_participants), 12,
  'a mentor reads the participants of their 15 activities');
select is(tests.outcome($$insert into public.activity_mentors
  values (tests.organisation_id('A'), tests.activity_id('A06'), tests.user_id('mentor.ab@fixture.example'))$$),
  'error:42501', 'a mentor cannot add a mentor to a proxy entry');
select is(tests.outcome($$insert into public.activity_participants
  values (tests.organisation_id('A'), tests.activity_id('A15'), tests.contact_id('a03'))$$), 'error:42501',
  'a mentor cannot add a participant to a bulk entry');
select is(tests.outcome($$update public.activity_mentors set mentor_id = tests.user_id('mentor.ab@fixture.example')
  where activity_id = tests.activity_id('A01')$$), 'error:42501',
  'links are never updated in place, not even the mentor''s own (no privilege)');
select is(tests.outcome($$update public.activity_participants set contact_id = tests.contact_id('a03')
  where activity_id = tests.activity_id('A01')$$), 'error:42501',
  'participants are never updated in place (no privilege)');
select is(tests.outcome($$delete from public.activity_mentors where activity_id = tests.activity_id('A20')$$), 'ok:0',
  'a mentor cannot remove themselves from a proxy entry');
select is(tests.outcome($$delete from public.activity_participants
  where activity_id = tests.activity_id('A06')$$), 'ok:0',
  'a mentor cannot remove participants of a proxy entry');
-- Who may name whom: in a direct entry the registrant is the only mentor they name.
select is(tests.outcome($$insert into public.activity_mentors
  values (tests.organisation_id('A'), tests.activity_id('A01'), tests.user_id('mentor.ab@fixture.example'))$$),
  'error:42501', 'a mentor cannot name a co-mentor in their own direct entry');
select is(tests.outcome($$insert into public.activity_mentors
  values (tests.organisation_id('A'), tests.activity_id('A08'), tests.user_id('mentor.a@fixture.example'))$$),
  'error:42501', 'a mentor cannot add themselves to a colleague''s direct entry');
select is(tests.fingerprint('public.activity_mentors'), :'mentors_before',
  'after the mentor''s denied attempts every activity mentor is unchanged');
select is(tests.fingerprint('public.activity_participants'), :'participants_before',
  'after the mentor''s denied attempts every participant is unchanged');
select is(tests.outcome($$insert into public.activity_participants
  values (tests.organisation_id('A'), tests.activity_id('A01'), tests.contact_id('a02'))$$), 'ok:1',
  'a mentor adds a participant they can read to their own direct entry');
select is(tests.outcome($$delete from public.activity_mentors where activity_id = tests.activity_id('A11')
  and mentor_id = tests.user_id('mentor.ab@fixture.example')$$), 'ok:1',
  'a mentor removes a co-mentor from their own direct entry');
select is(tests.outcome($$delete from public.activity_participants where activity_id = tests.activity_id('A01')
  and contact_id = tests.contact_id('a02')$$), 'ok:1',
  'a mentor removes the participant again');

-- Linking discloses nothing: mentor.ab reads a01..a03 (met) only; a04 exists, a fresh id does not.
select tests.clear_authentication();
select tests.fingerprint('public.activity_mentors') as mentors_before \gset
select tests.fingerprint('public.activity_participants') as participants_before \gset
select tests.authenticate_as('mentor.ab@fixture.example');
select is((select count(*)::int from public.contacts where org_id = tests.organisation_id('A')), 3,
  'mentor.ab reads the 3 contacts of A they met');
select is(tests.outcome($$insert into public.activity_participants
  values (tests.organisation_id('A'), tests.activity_id('A16'), tests.contact_id('a04'))$$), 'error:42501',
  'a mentor cannot link a contact they cannot read to their own direct entry');
select is(tests.outcome($$insert into public.activity_participants
  values (tests.organisation_id('A'), tests.activity_id('A16'), gen_random_uuid())$$), 'error:42501',
  '... with the same error as a contact that does not exist (no existence oracle)');
select is((select count(*)::int from public.contacts where org_id = tests.organisation_id('A')), 3,
  '... and still reads only those 3 contacts');
select is(tests.fingerprint('public.activity_participants'), :'participants_before',
  'after the refused links every participant is unchanged');
select is(tests.outcome($$insert into public.activity_participants
  values (tests.organisation_id('A'), tests.activity_id('A16'), tests.contact_id('a01'))$$), 'ok:1',
  'a mentor links a contact they met to their own direct entry');
select tests.clear_authentication();
update public.contacts set deleted_at = now() where id = tests.contact_id('a02');
select tests.authenticate_as('mentor.ab@fixture.example');
select is(tests.outcome($$insert into public.activity_participants
  values (tests.organisation_id('A'), tests.activity_id('A16'), tests.contact_id('a02'))$$), 'error:42501',
  'a soft-deleted contact is refused as a missing one');
select is(tests.outcome($$delete from public.activity_participants where activity_id = tests.activity_id('A16')
  and contact_id = tests.contact_id('a01')$$), 'ok:1',
  'the mentor removes their link again');
select is(tests.fingerprint('public.activity_participants'), :'participants_before',
  '... leaving every participant as it was');
select tests.clear_authentication();
update public.contacts set deleted_at = null where id = tests.contact_id('a02');

select tests.authenticate_as('coordinator.b@fixture.example');
select is((select count(*)::int from public.activity_mentors), 3,
  'a coordinator of B reads B''s 3 activity mentors only');
select is((select count(*)::int from public.activity_participants), 5,
  'a coordinator of B reads B''s 5 participants only');
select is(tests.outcome($$insert into public.activity_participants
  values (tests.organisation_id('A'), tests.activity_id('A01'), tests.contact_id('a03'))$$), 'error:42501',
  'a coordinator of B cannot add participants to A''s activities');
select is(tests.outcome($$insert into public.activity_participants
  values (tests.organisation_id('B'), tests.activity_id('B01'), tests.contact_id('a03'))$$), 'error:42501',
  'a contact of A cannot be linked to an activity of B (it is not a contact of B the coordinator can read)');
select is(tests.outcome($$insert into public.activity_mentors
  values (tests.organisation_id('B'), tests.activity_id('B01'), tests.user_id('mentor.a@fixture.example'))$$),
  'error:42501', 'a mentor who is not a member of B cannot be linked to B''s activity');
select is(tests.outcome($$delete from public.activity_mentors where org_id = tests.organisation_id('A')$$), 'ok:0',
  'a coordinator of B removes no mentor of A''s activities');
select is(tests.fingerprint('public.activity_mentors'), :'mentors_before',
  'after B''s attempts every activity mentor is unchanged');
select is(tests.fingerprint('public.activity_participants'), :'participants_before',
  'after B''s attempts every participant is unchanged');

select tests.authenticate_as('dual@fixture.example');
select is((select count(*)::int from public.activity_mentors), 7,
  'a mentor in A and coordinator in B reads 4 activity mentors in A and 3 in B');
select is((select count(*)::int from public.activity_participants), 12, '... and 7 participants in A and 5 in B');

select tests.authenticate_as('coordinator.a@fixture.example');
select is((select count(*)::int from public.activity_mentors), 22,
  'a coordinator of A reads all 22 activity mentors of A (mentor.a removed a co-mentor)');
select is((select count(*)::int from public.activity_participants), 22,
  'a coordinator of A reads all 22 participants of A');
select is(tests.outcome($$insert into public.activity_participants
  values (tests.organisation_id('A'), tests.activity_id('A20'), tests.contact_id('a04'))$$), 'ok:1',
  'a coordinator adds a participant to a proxy entry');
select is(tests.outcome($$delete from public.activity_mentors where activity_id = tests.activity_id('A10')
  and mentor_id = tests.user_id('mentor.ab@fixture.example')$$), 'ok:1',
  'a coordinator removes a mentor from a mentor''s entry');

select is(tests.outcome($$insert into public.activity_mentors
  values (tests.organisation_id('A'), tests.activity_id('A01'), tests.user_id('mentor.ab@fixture.example'))$$), 'ok:1',
  'a coordinator names a co-mentor in a mentor''s direct entry');

select tests.authenticate_as('admin.a@fixture.example');
select is((select count(*)::int from public.activity_participants), 23, 'an admin of A reads every participant of A');

-- A pending mentor (pending.a registered A21, with a06, a contact a coordinator registered).
select tests.clear_authentication();
select tests.fingerprint('public.activity_mentors') as mentors_before \gset
select tests.fingerprint('public.activity_participants') as participants_before \gset
insert into public.activity_mentors values
  (tests.organisation_id('A'), tests.activity_id('A20'), tests.user_id('pending.a@fixture.example'));
select tests.authenticate_as('pending.a@fixture.example');
select results_eq($$select activity_id from public.activity_mentors$$, $$values (tests.activity_id('A21'))$$,
  'a pending mentor reads the mentors of the entry they registered, not of the proxy entry a coordinator named them in');
select results_eq($$select contact_id from public.activity_participants$$, $$values (tests.contact_id('a06'))$$,
  'a pending mentor reads the participants of the entry they registered');
select is(tests.outcome($$insert into public.activity_mentors
  values (tests.organisation_id('A'), tests.activity_id('A21'), tests.user_id('mentor.a@fixture.example'))$$),
  'error:42501',
  'a pending mentor cannot name an approved mentor on their own entry (their entries would start counting)');
select is(tests.outcome($$insert into public.activity_mentors
  values (tests.organisation_id('A'), tests.activity_id('A01'), tests.user_id('pending.a@fixture.example'))$$),
  'error:42501', 'a pending mentor cannot add themselves to another mentor''s entry');
select is(tests.outcome($$insert into public.activity_participants
  values (tests.organisation_id('A'), tests.activity_id('A21'), tests.contact_id('a01'))$$), 'error:42501',
  'a pending mentor cannot link a contact they did not register');
select is(tests.outcome($$update public.activity_mentors set mentor_id = tests.user_id('mentor.a@fixture.example')
  where activity_id = tests.activity_id('A21')$$), 'error:42501',
  'a pending mentor updates no activity mentor (no privilege)');
select is(tests.outcome($$update public.activity_participants set contact_id = tests.contact_id('a01')
  where activity_id = tests.activity_id('A21')$$), 'error:42501',
  'a pending mentor updates no participant (no privilege)');
select is(tests.outcome($$delete from public.activity_mentors where activity_id = tests.activity_id('A20')$$), 'ok:0',
  'a pending mentor removes nobody from a proxy entry');
select is(tests.outcome($$delete from public.activity_participants
  where activity_id <> tests.activity_id('A21')$$), 'ok:0',
  'a pending mentor removes no participant of another entry');
select is(tests.fingerprint('public.activity_participants'), :'participants_before',
  'after the pending mentor''s denied attempts every participant is unchanged');
select is((select count(*)::int from public.activity_mentors
  where mentor_id <> tests.user_id('pending.a@fixture.example')), 0,
  '... and no other mentor was named on their entries');
select is(tests.outcome($$delete from public.activity_participants
  where activity_id = tests.activity_id('A21')$$), 'ok:1',
  'a pending mentor removes a participant from their own entry');
-- a97: a contact added under the fixture's id scheme, so that tests.contact_id('a97') names it.
select is(tests.outcome($$insert into public.contacts (org_id, id, full_name)
  values (tests.organisation_id('A'), '00000000-0000-4000-c000-000000000a97', 'Own Contact')$$), 'ok:1',
  'a pending mentor registers a contact');
select is(tests.outcome($$insert into public.activity_participants
  values (tests.organisation_id('A'), tests.activity_id('A21'), tests.contact_id('a97'))$$), 'ok:1',
  '... and links it to their own entry');

-- A revoked mentor: mentor.a reads links until the revocation, nothing from the next statement on.
select tests.clear_authentication();
select tests.fingerprint('public.activity_mentors') as mentors_before \gset
select tests.fingerprint('public.activity_participants') as participants_before \gset
select tests.authenticate_as('mentor.a@fixture.example');
select isnt((select count(*)::int from public.activity_participants), 0,
  'before the revocation mentor.a reads participants');
select tests.clear_authentication();
update public.members set approval_status = 'revoked' where user_id = tests.user_id('mentor.a@fixture.example');
select tests.fingerprint('public.activity_mentors') as mentors_before \gset
select tests.authenticate_as('mentor.a@fixture.example');
select is((select count(*)::int from public.activity_mentors), 0, 'a revoked mentor reads no activity mentor');
select is((select count(*)::int from public.activity_participants), 0, 'a revoked mentor reads no participant');
select is(tests.outcome($$insert into public.activity_mentors
  values (tests.organisation_id('A'), tests.activity_id('A02'), tests.user_id('mentor.a@fixture.example'))$$),
  'error:42501', 'a revoked mentor names nobody, not even themselves');
select is(tests.outcome($$insert into public.activity_participants
  values (tests.organisation_id('A'), tests.activity_id('A01'), tests.contact_id('a02'))$$), 'error:42501',
  'a revoked mentor links no contact, not even to their own entry');
select is(tests.outcome($$update public.activity_mentors set mentor_id = mentor_id$$), 'error:42501',
  'a revoked mentor updates no activity mentor (no privilege)');
select is(tests.outcome($$update public.activity_participants set contact_id = contact_id$$), 'error:42501',
  'a revoked mentor updates no participant (no privilege)');
select is(tests.outcome($$delete from public.activity_mentors$$), 'ok:0',
  'a revoked mentor removes no activity mentor');
select is(tests.outcome($$delete from public.activity_participants$$), 'ok:0',
  'a revoked mentor removes no participant');
select is(tests.fingerprint('public.activity_mentors'), :'mentors_before',
  'after the revoked mentor''s attempts every activity mentor is unchanged');
select is(tests.fingerprint('public.activity_participants'), :'participants_before',
  'after the revoked mentor''s attempts every participant is unchanged');

-- A coordinator cannot name a revoked member either.
select tests.authenticate_as('coordinator.a@fixture.example');
select is(tests.outcome($$insert into public.activity_mentors
  values (tests.organisation_id('A'), tests.activity_id('A20'), tests.user_id('mentor.a@fixture.example'))$$),
  'error:42501', 'a coordinator cannot name a revoked member');
select is(tests.fingerprint('public.activity_mentors'), :'mentors_before',
  '... and every activity mentor is unchanged');

select tests.authenticate_as_service_role();
select is((select count(*)::int from public.activity_mentors), 26,
  'the service role reads every activity mentor (two co-mentors removed, one named, and pending.a named on A20)');

select * from finish();
rollback;
