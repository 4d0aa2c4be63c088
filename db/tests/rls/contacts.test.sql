-- RLS matrix for contacts (personal data): coordinators and admins read their
-- organisation's; mentors only those they registered or met; nobody crosses
-- organisations; a pending mentor only those they registered; a revoked member
-- none. Fixture: A has 6 contacts, B 3.
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
select plan(50);

select tests.fingerprint('public.contacts') as before \gset

select tests.authenticate_as_anon();
select is(tests.outcome('select count(*) from public.contacts'), 'error:42501', 'anon reads no contact (no privilege)');
select is(tests.outcome($$insert into public.contacts (org_id, full_name, created_by)
  values (tests.organisation_id('A'), 'Anon', tests.user_id('mentor.a@fixture.example'))$$), 'error:42501',
  'anon cannot register a contact');
select is(tests.outcome($$update public.contacts set phone = null$$), 'error:42501',
  'anon updates no contact (no privilege)');
select is(tests.outcome($$delete from public.contacts$$), 'error:42501', 'anon deletes no contact (no privilege)');

select tests.authenticate_as('inactive.a@fixture.example');
select results_eq($$select full_name from public.contacts$$, $$values ('Sigrid Lie')$$,
  'a mentor reads only the contact they met (A13: a05)');

select tests.authenticate_as('mentor.ab@fixture.example');
select is((select count(*)::int from public.contacts), 6, 'a mentor in A and B reads the 3 contacts they met in each');

select tests.authenticate_as('mentor.a@fixture.example');
select is((select count(*)::int from public.contacts), 6,
  'mentor.a reads the contacts they registered or met (all 6 of A)');
select is((select count(*)::int from public.contacts where org_id = tests.organisation_id('B')), 0,
  '... and none of B');
select is(tests.outcome($$insert into public.contacts (org_id, full_name, created_by)
  values (tests.organisation_id('A'), 'Forged', tests.user_id('coordinator.a@fixture.example'))$$), 'error:42501',
  'a mentor cannot register a contact in someone else''s name');
select is(tests.outcome($$insert into public.contacts (org_id, full_name)
  values (tests.organisation_id('B'), 'Elsewhere')$$), 'error:42501',
  'a mentor of A cannot register a contact in B');
select is(tests.outcome($$update public.contacts set phone = '1' where id = tests.contact_id('a03')$$), 'ok:0',
  'a mentor cannot edit a contact a coordinator registered');
select is(tests.outcome($$delete from public.contacts$$), 'ok:0', 'a mentor deletes no contact');
select is(tests.fingerprint('public.contacts'), :'before',
  'after the mentor''s denied attempts every contact is unchanged');
select is(tests.outcome($$insert into public.contacts (org_id, full_name)
  values (tests.organisation_id('A'), 'Ny Kontakt')$$), 'ok:1',
  'a mentor registers a contact as themselves');
select is(tests.outcome($$update public.contacts set phone = '+47 900 00 000'
  where id = tests.contact_id('a01')$$), 'ok:1',
  'a mentor edits a contact they registered');

select tests.fingerprint('public.contacts') as before \gset
select tests.authenticate_as('coordinator.b@fixture.example');
select is((select count(*)::int from public.contacts), 3, 'a coordinator of B reads B''s 3 contacts only');
select is(tests.outcome($$update public.contacts set full_name = 'x'
  where org_id = tests.organisation_id('A')$$), 'ok:0',
  'a coordinator of B cannot edit A''s contacts');
select is(tests.outcome($$delete from public.contacts where org_id = tests.organisation_id('A')$$), 'ok:0',
  'a coordinator of B cannot delete A''s contacts');
select is(tests.outcome($$update public.contacts set org_id = tests.organisation_id('A')
  where id = tests.contact_id('b01')$$), 'error:42501',
  'a coordinator of B cannot move a contact into A');
select is(tests.fingerprint('public.contacts'), :'before', 'after B''s attempts every contact is unchanged');

select tests.authenticate_as('dual@fixture.example');
select is((select count(*)::int from public.contacts), 6,
  'a mentor in A and coordinator in B reads the 3 contacts met in A and all 3 of B');
select is(tests.outcome($$update public.contacts set phone = '1' where org_id = tests.organisation_id('A')$$), 'ok:0',
  'as a mentor in A they cannot edit contacts others registered');
select is(tests.outcome($$update public.contacts set phone = '1' where org_id = tests.organisation_id('B')$$), 'ok:3',
  'as a coordinator in B they edit B''s contacts');

select tests.authenticate_as('coordinator.a@fixture.example');
select is((select count(*)::int from public.contacts), 7, 'a coordinator of A reads all of A''s contacts');
select is(tests.outcome($$update public.contacts set email = null where id = tests.contact_id('a05')$$), 'ok:1',
  'a coordinator edits any contact of A');
select is(tests.outcome($$delete from public.contacts where id = tests.contact_id('a01')$$), 'error:23503',
  'a contact who took part in activities cannot be deleted (the activities keep it)');
select is(tests.outcome($$delete from public.contacts where full_name = 'Ny Kontakt'$$), 'ok:1',
  'a coordinator deletes a contact without activities');

select tests.authenticate_as('admin.a@fixture.example');
select is((select count(*)::int from public.contacts), 6, 'an admin of A reads all of A''s contacts');
select is(tests.outcome($$update public.contacts set birth_year = 1962 where id = tests.contact_id('a01')$$), 'ok:1',
  'an admin edits any contact of A');

-- A pending mentor: pending.a met a06 in the entry they registered (A21) but registered no contact.
select tests.clear_authentication();
select tests.fingerprint('public.contacts') as before \gset
select tests.authenticate_as('pending.a@fixture.example');
select is((select count(*)::int from public.contacts), 0,
  'a pending mentor reads no contact they did not register, not even one met in their own entry');
select is(tests.outcome($$insert into public.contacts (org_id, full_name, created_by)
  values (tests.organisation_id('A'), 'Forged', tests.user_id('coordinator.a@fixture.example'))$$), 'error:42501',
  'a pending mentor cannot register a contact in someone else''s name');
select is(tests.outcome($$update public.contacts set phone = '1'$$), 'ok:0',
  'a pending mentor edits no contact they did not register');
select is(tests.outcome($$delete from public.contacts$$), 'ok:0', 'a pending mentor deletes no contact');
select is(tests.fingerprint('public.contacts'), :'before',
  'after the pending mentor''s denied attempts every contact is unchanged');
select is(tests.outcome($$insert into public.contacts (org_id, full_name)
  values (tests.organisation_id('A'), 'Pending Kontakt') returning id$$), 'ok:1',
  'a pending mentor registers a contact as themselves and reads it back');
select is(tests.outcome($$update public.contacts set phone = '+47 900 00 001'
  where full_name = 'Pending Kontakt'$$), 'ok:1',
  'a pending mentor edits the contact they registered');
select results_eq($$select full_name from public.contacts$$, $$values ('Pending Kontakt')$$,
  'a pending mentor reads the contact they registered, and only that');

-- A revoked mentor: mentor.a reads A's contacts until the revocation, none from the next statement on.
select tests.authenticate_as('mentor.a@fixture.example');
select is((select count(*)::int from public.contacts), 6, 'before the revocation mentor.a reads 6 contacts');
select tests.clear_authentication();
update public.members set approval_status = 'revoked' where user_id = tests.user_id('mentor.a@fixture.example');
select tests.fingerprint('public.contacts') as before \gset
select tests.authenticate_as('mentor.a@fixture.example');
select is((select count(*)::int from public.contacts), 0,
  'a revoked mentor reads no contact, not even those they registered');
select is(tests.outcome($$insert into public.contacts (org_id, full_name)
  values (tests.organisation_id('A'), 'Revoked Kontakt')$$), 'error:42501',
  'a revoked mentor cannot register a contact');
select is(tests.outcome($$update public.contacts set phone = '1'
  where created_by = tests.user_id('mentor.a@fixture.example')$$), 'ok:0',
  'a revoked mentor edits not even the contacts they registered');
select is(tests.outcome($$delete from public.contacts$$), 'ok:0', 'a revoked mentor deletes no contact');
select is(tests.fingerprint('public.contacts'), :'before',
  'after the revoked mentor''s attempts every contact is unchanged');

-- A revoked coordinator as well.
select tests.clear_authentication();
update public.members set approval_status = 'revoked' where user_id = tests.user_id('coordinator.a@fixture.example');
select tests.authenticate_as('coordinator.a@fixture.example');
select is((select count(*)::int from public.contacts), 0, 'a revoked coordinator reads no contact');
select is(tests.outcome($$insert into public.contacts (org_id, full_name)
  values (tests.organisation_id('A'), 'Revoked Kontakt')$$), 'error:42501',
  'a revoked coordinator cannot register a contact');
select is(tests.outcome($$update public.contacts set phone = '1'$$), 'ok:0', 'a revoked coordinator edits no contact');
select is(tests.outcome($$delete from public.contacts where full_name = 'Pending Kontakt'$$), 'ok:0',
  'a revoked coordinator deletes no contact');
select is(tests.fingerprint('public.contacts'), :'before',
  'after the revoked coordinator''s attempts every contact is unchanged');

select tests.authenticate_as_service_role();
select is((select count(*)::int from public.contacts), 10, 'the service role reads every contact');
select is(tests.outcome($$update public.contacts set phone = null where org_id = tests.organisation_id('B')$$), 'ok:3',
  'the service role edits any contact');

select * from finish();
rollback;
