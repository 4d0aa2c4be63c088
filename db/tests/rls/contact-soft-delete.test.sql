-- A soft-deleted contact is out of every mentor's reach: they neither read it nor
-- restore it (deleted_at back to null), whether they registered or met it;
-- coordinators and admins alone soft-delete and restore contacts.
-- Fixture: in organisation A, mentor.a registered the contacts a01 and a02 and met
-- a03 (registered by coordinator.a); pending.a is a pending mentor.
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
select plan(17);

-- A coordinator soft-deletes a contact mentor.a registered and one they met.
select tests.authenticate_as('coordinator.a@fixture.example');
select is(tests.outcome($$update public.contacts set deleted_at = now()
  where id in (tests.contact_id('a01'), tests.contact_id('a03'))$$), 'ok:2',
  'a coordinator soft-deletes a contact mentor.a registered and one they met');
select tests.clear_authentication();
select tests.fingerprint('public.contacts') as contacts_before \gset

-- mentor.a
select tests.authenticate_as('mentor.a@fixture.example');
select is((select count(*)::int from public.contacts where id = tests.contact_id('a01')), 0,
  'a mentor no longer reads a soft-deleted contact they registered');
select is((select count(*)::int from public.contacts where id = tests.contact_id('a03')), 0,
  'a mentor no longer reads a soft-deleted contact they met');
select is((select count(*)::int from public.contacts where org_id = tests.organisation_id('A')), 4,
  '... and still reads the 4 live ones of A');
select is(tests.outcome($$update public.contacts set deleted_at = null where id = tests.contact_id('a01')$$), 'ok:0',
  'a mentor cannot restore a contact they registered that a coordinator soft-deleted');
select is(tests.outcome($$update public.contacts set full_name = 'Kari N.'
  where id = tests.contact_id('a01')$$), 'ok:0',
  'a mentor cannot edit a soft-deleted contact they registered');
select is(tests.fingerprint('public.contacts'), :'contacts_before',
  'after the mentor''s refused restore and edit every contact is unchanged');
select is(tests.outcome($$update public.contacts set deleted_at = now()
  where id = tests.contact_id('a02')$$), 'error:42501',
  'a mentor cannot soft-delete a contact, not even one they registered (coordinators and admins remove contacts)');
select is(tests.fingerprint('public.contacts'), :'contacts_before',
  'after the refused soft delete every contact is unchanged');
select is((select count(*)::int from public.contacts where id = tests.contact_id('a02') and deleted_at is null), 1,
  '... and the mentor still reads it, live');
select is(tests.outcome($$update public.contacts set full_name = 'Ola H.' where id = tests.contact_id('a02')$$), 'ok:1',
  'a mentor still edits a live contact they registered');

-- pending.a (a97: a contact added under the fixture's id scheme, so that tests.contact_id('a97') names it)
select tests.authenticate_as('pending.a@fixture.example');
select is(tests.outcome($$insert into public.contacts (org_id, id, full_name) values
  (tests.organisation_id('A'), '00000000-0000-4000-c000-000000000a97', 'Pending Kontakt')$$), 'ok:1',
  'a pending mentor registers a contact');
select tests.authenticate_as('coordinator.a@fixture.example');
update public.contacts set deleted_at = now() where id = tests.contact_id('a97');
select tests.clear_authentication();
select tests.fingerprint('public.contacts') as contacts_before \gset
select tests.authenticate_as('pending.a@fixture.example');
select is((select count(*)::int from public.contacts where id = tests.contact_id('a97')), 0,
  'a pending mentor no longer reads the contact once a coordinator soft-deleted it');
select is(tests.outcome($$update public.contacts set deleted_at = null where id = tests.contact_id('a97')$$), 'ok:0',
  '... and cannot restore it');
select is(tests.fingerprint('public.contacts'), :'contacts_before',
  'after the pending mentor''s refused restore every contact is unchanged');

-- coordinator.a
select tests.authenticate_as('coordinator.a@fixture.example');
select is(tests.outcome($$update public.contacts set deleted_at = null where id = tests.contact_id('a01')$$), 'ok:1',
  'a coordinator restores a soft-deleted contact');
select tests.authenticate_as('mentor.a@fixture.example');
select is((select count(*)::int from public.contacts where id = tests.contact_id('a01')), 1,
  '... which the mentor who registered it reads again');

select * from finish();
rollback;
