-- add_contact and list_contacts by actor: approved members and pending mentors
-- register contacts as themselves; anon, outsiders, revoked members, pending
-- coordinators and the service role register none, and bad values are refused
-- with a documented code; each refusal leaves contacts unchanged. Everyone lists
-- exactly the live contacts row-level security lets them read, by name.
-- Fixture: A = ...00a with 6 contacts, B = ...00b with 3.
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
select tests.create_user('pending.coordinator@fixture.example', '00000000-0000-4000-b000-000000000103') as pending_coordinator_id \gset
insert into public.members (org_id, user_id, role, approval_status)
values (tests.organisation_id('A'), '00000000-0000-4000-b000-000000000103', 'coordinator', 'pending');
select plan(24);

\set org_a '''00000000-0000-4000-a000-00000000000a'''
select tests.fingerprint('public.contacts') as before \gset

create function pg_temp.listed_is_readable() returns boolean language sql as $$
  select array(select id from public.list_contacts(tests.organisation_id('A')) order by id)
       = array(select id from public.contacts where org_id = tests.organisation_id('A') and deleted_at is null order by id)
$$;
grant execute on function pg_temp.listed_is_readable() to public;

-- who may not register
select tests.authenticate_as_anon();
select is(tests.outcome($$select public.add_contact(tests.organisation_id('A'), 'Ny Kontakt')$$), 'error:42501', 'anon cannot register a contact');
select is(tests.outcome($$select * from public.list_contacts(tests.organisation_id('A'))$$), 'error:42501', 'anon cannot list contacts');
select tests.authenticate_as('mentor.b@fixture.example');
select is(tests.outcome($$select public.add_contact(tests.organisation_id('A'), 'Ny Kontakt')$$), 'error:42501', 'a mentor of B cannot register a contact in A');
select is(tests.outcome($$select * from public.list_contacts(tests.organisation_id('A'))$$), 'error:42501', 'a mentor of B cannot list A''s contacts');
select tests.authenticate_as('pending.coordinator@fixture.example');
select is(tests.outcome($$select public.add_contact(tests.organisation_id('A'), 'Ny Kontakt')$$), 'error:42501', 'a pending coordinator cannot register a contact');
select tests.authenticate_as_service_role();
select is(tests.outcome($$select public.add_contact(tests.organisation_id('A'), 'Ny Kontakt')$$), 'error:42501', 'the service role registers no contact (a contact is registered by a user)');
select is(tests.fingerprint('public.contacts'), :'before', 'after their attempts the contacts are unchanged');

-- bad values, as an approved mentor of A
select tests.authenticate_as('mentor.a@fixture.example');
select is(tests.outcome($$select public.add_contact(tests.organisation_id('A'), '  ')$$), 'error:22023', 'a blank name is invalid (22023)');
select is(tests.outcome($$select public.add_contact(tests.organisation_id('A'), null)$$), 'error:22004', 'a null name is 22004');
select is(tests.outcome($$select public.add_contact(tests.organisation_id('A'), 'Ny Kontakt', birth_year => 1899)$$), 'error:22023', 'a birth year before 1900 is invalid (22023)');
select is(tests.outcome($$select public.add_contact(tests.organisation_id('A'), 'Ny Kontakt', municipality_code => '0301')$$), 'error:22023', 'a municipality code without its code-list version is invalid (22023)');
select is(tests.outcome($$select public.add_contact(tests.organisation_id('A'), 'Ny Kontakt', municipality_code => '301', municipality_code_version => '2024')$$), 'error:22023', 'a municipality code of three digits is invalid (22023)');
select is(tests.fingerprint('public.contacts'), :'before', 'after the refused values the contacts are unchanged');

-- registering and listing
select results_eq(
  $$select full_name, birth_year, municipality_code, created_by from public.add_contact(tests.organisation_id('A'), ' Åse Ørnes ', 1970, municipality_code => '0301', municipality_code_version => '2024')$$,
  $$values ('Åse Ørnes', 1970, '0301', tests.user_id('mentor.a@fixture.example'))$$,
  'an approved mentor registers a contact as themselves, the name trimmed');
select ok(pg_temp.listed_is_readable(), 'the mentor lists exactly the live contacts they may read');
select ok(not exists (select from public.list_contacts(:org_a) where created_by <> tests.user_id('mentor.a@fixture.example')
                      and id not in (select ap.contact_id from public.activity_participants ap)), '... none they neither registered nor met');
select ok(exists (select from public.list_contacts(:org_a) where full_name = 'Åse Ørnes'), '... among them the one just registered');

select tests.authenticate_as('pending.a@fixture.example');
select results_eq($$select full_name from public.add_contact(tests.organisation_id('A'), 'Bjørn Vik')$$,
  $$values ('Bjørn Vik')$$, 'a pending mentor registers a contact');
select results_eq($$select full_name from public.list_contacts(tests.organisation_id('A'))$$,
  $$values ('Bjørn Vik')$$, 'a pending mentor lists only what they registered');

select tests.authenticate_as('coordinator.a@fixture.example');
select ok(pg_temp.listed_is_readable(), 'a coordinator lists exactly the live contacts they may read');
select is((select count(*)::int from public.list_contacts(:org_a)), 8, '... all 8 of A');
select is((select array_agg(full_name) from (select full_name from public.list_contacts(:org_a) where full_name ~ '^[A-Z]' limit 3) t),
  array['Bjørn Vik', 'Ingrid Berg', 'Kari Nordmann'], 'contacts are listed by name');
update public.contacts set deleted_at = now() where full_name = 'Bjørn Vik';
select is((select count(*)::int from public.list_contacts(:org_a)), 7, 'a soft-deleted contact is not listed');

select tests.authenticate_as_service_role();
select is((select count(*)::int from public.list_contacts(:org_a)), 7, 'the service role lists every live contact');

select * from finish();
rollback;
