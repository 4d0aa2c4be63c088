-- list_member_names: readable names of an organisation's roster, for whoever may
-- read that roster already (its members, the service role), and no one else;
-- a revoked member's row shows their name only: their e-mail address is shown to
-- nobody.
-- Fixture: organisation A = ...00a (7 members), B = ...00b (5 members).
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
select plan(13);

update auth.users set raw_user_meta_data = '{"full_name": "Astrid Mentor"}' where email = 'mentor.a@fixture.example';
update auth.users set raw_user_meta_data = '{"name": "  "}' where email = 'admin.a@fixture.example';

-- mentor of A
select tests.authenticate_as('mentor.a@fixture.example');
select is((select count(*)::int from public.list_member_names(tests.organisation_id('A'))), 7,
  'a mentor of A reads the names of all 7 members of A, as the members policy lets them read the roster');
select results_eq(
  $$select display_name, email, role::text from public.list_member_names(tests.organisation_id('A')) where email like 'mentor.a@%' or email like 'admin.a@%'$$,
  $$values ('Astrid Mentor', 'mentor.a@fixture.example', 'peer_mentor'), ('admin.a@fixture.example', 'admin.a@fixture.example', 'admin')$$,
  'the display name is full_name from the metadata; a blank name falls back to the e-mail address');
select throws_ok($$select * from public.list_member_names(tests.organisation_id('B'))$$, '42501', null,
  'a mentor of A reads no names of B (42501)');
select throws_ok($$select * from public.list_member_names(null)$$, '22004', null, 'a null organisation is bad input (22004)');

-- coordinator of B
select tests.authenticate_as('coordinator.b@fixture.example');
select results_eq($$select count(*)::int from public.list_member_names(tests.organisation_id('B'))$$, $$values (5)$$,
  'a coordinator of B reads the 5 names of B');
select throws_ok($$select * from public.list_member_names(tests.organisation_id('A'))$$, '42501', null,
  'a coordinator of B reads no names of A (42501)');

-- anon and the service role
select tests.authenticate_as_anon();
select throws_ok($$select * from public.list_member_names(tests.organisation_id('A'))$$, '42501', null,
  'anon may not call it');
select tests.authenticate_as_service_role();
select is((select count(*)::int from public.list_member_names(tests.organisation_id('A'))), 7, 'the service role reads every name');

-- a revoked member's row shows their name only, to everyone
select tests.clear_authentication();
update auth.users set raw_user_meta_data = '{"full_name": "Ivar Inaktiv"}' where email = 'inactive.a@fixture.example';
update public.members set approval_status = 'revoked'
where org_id = tests.organisation_id('A')
  and user_id in (tests.user_id('inactive.a@fixture.example'), tests.user_id('mentor.ab@fixture.example'));
select tests.authenticate_as('mentor.a@fixture.example');
select results_eq(
  $$select display_name, email from public.list_member_names(tests.organisation_id('A'))
    where user_id in (tests.user_id('inactive.a@fixture.example'), tests.user_id('mentor.ab@fixture.example')) order by 1$$,
  $$values ('Ivar Inaktiv', null::text), ('former member', null::text)$$,
  'once revoked, a member''s row shows a mentor of A their name (or "former member" without one) and no e-mail address');
select is((select count(*)::int from public.list_member_names(tests.organisation_id('A')) n
           where n.email in ('inactive.a@fixture.example', 'mentor.ab@fixture.example')
              or n.display_name in ('inactive.a@fixture.example', 'mentor.ab@fixture.example')), 0,
  '... and no row carries a revoked member''s address');
select tests.authenticate_as('coordinator.a@fixture.example');
select is((select count(*)::int from public.list_member_names(tests.organisation_id('A')) n
           where n.email is null), 2, 'a coordinator of A does not get the revoked members'' addresses either');
select tests.authenticate_as_service_role();
select is((select count(*)::int from public.list_member_names(tests.organisation_id('A')) n
           where n.email is null), 2, 'nor does the service role');
select tests.authenticate_as('pending.a@fixture.example');
select throws_ok($$select * from public.list_member_names(tests.organisation_id('A'))$$, '42501', null,
  'a pending member reads no names (42501)');

select * from finish();
rollback;
