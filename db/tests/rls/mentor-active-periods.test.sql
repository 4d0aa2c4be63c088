-- RLS matrix for mentor_active_periods: mentors read their own; coordinators and
-- admins manage their organisation's; pending members read none, revoked members
-- nothing. Fixture: A has 5 periods, B 2.
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
select plan(34);

select tests.fingerprint('public.mentor_active_periods') as before \gset

select tests.authenticate_as_anon();
select is(tests.outcome('select count(*) from public.mentor_active_periods'), 'error:42501',
  'anon reads no active period (no privilege)');
select is(tests.outcome($$insert into public.mentor_active_periods (org_id, mentor_id, active_from)
  values (tests.organisation_id('A'), tests.user_id('inactive.a@fixture.example'), '2026-03-01')$$), 'error:42501',
  'anon cannot record an active period');
select is(tests.outcome($$update public.mentor_active_periods set active_to = null$$), 'error:42501',
  'anon updates no active period (no privilege)');
select is(tests.outcome($$delete from public.mentor_active_periods$$), 'error:42501',
  'anon deletes no active period (no privilege)');

select tests.authenticate_as('mentor.a@fixture.example');
select results_eq($$select mentor_id from public.mentor_active_periods$$,
  $$values (tests.user_id('mentor.a@fixture.example'))$$, 'a mentor reads only their own active period');
select is(tests.outcome($$insert into public.mentor_active_periods (org_id, mentor_id, active_from)
  values (tests.organisation_id('A'), tests.user_id('mentor.a@fixture.example'), '2020-01-01')$$), 'error:42501',
  'a mentor cannot record an active period');
select is(tests.outcome($$update public.mentor_active_periods set active_from = '2020-01-01'$$), 'ok:0',
  'a mentor cannot extend their own period');
select is(tests.outcome($$delete from public.mentor_active_periods$$), 'ok:0', 'a mentor deletes no active period');

select tests.authenticate_as('coordinator.b@fixture.example');
select is((select count(*)::int from public.mentor_active_periods), 2, 'a coordinator of B reads B''s 2 periods only');
select is(tests.outcome($$insert into public.mentor_active_periods (org_id, mentor_id, active_from)
  values (tests.organisation_id('A'), tests.user_id('inactive.a@fixture.example'), '2026-03-01')$$), 'error:42501',
  'a coordinator of B cannot record a period in A');
select is(tests.outcome($$update public.mentor_active_periods set active_to = null
  where org_id = tests.organisation_id('A')$$), 'ok:0',
  'a coordinator of B cannot edit A''s periods');
select is(tests.outcome($$delete from public.mentor_active_periods where org_id = tests.organisation_id('A')$$), 'ok:0',
  'a coordinator of B cannot delete A''s periods');

select tests.authenticate_as('dual@fixture.example');
select is((select count(*)::int from public.mentor_active_periods), 3,
  'a mentor in A and coordinator in B reads their own period in A and B''s two');
select is(tests.outcome($$update public.mentor_active_periods set active_to = '2026-01-31'
  where org_id = tests.organisation_id('A')$$), 'ok:0',
  'as a mentor in A they cannot edit A''s periods');
select is(tests.fingerprint('public.mentor_active_periods'), :'before',
  'after every denied attempt all active periods are unchanged');

select tests.authenticate_as('coordinator.a@fixture.example');
select is((select count(*)::int from public.mentor_active_periods), 5, 'a coordinator of A reads A''s 5 periods');
select is(tests.outcome($$insert into public.mentor_active_periods (org_id, mentor_id, active_from)
  values (tests.organisation_id('A'), tests.user_id('inactive.a@fixture.example'), '2026-05-01')$$), 'ok:1',
  'a coordinator records a new active period');
select is(tests.outcome($$update public.mentor_active_periods set active_to = '2026-12-31'
  where mentor_id = tests.user_id('inactive.a@fixture.example') and active_from = '2026-05-01'$$), 'ok:1',
  'a coordinator closes it');
select is(tests.outcome($$delete from public.mentor_active_periods
  where mentor_id = tests.user_id('inactive.a@fixture.example') and active_from = '2026-05-01'$$), 'ok:1',
  'a coordinator deletes it');

select tests.authenticate_as('admin.a@fixture.example');
select is((select count(*)::int from public.mentor_active_periods), 5, 'an admin of A reads A''s 5 periods');
select is(tests.outcome($$update public.mentor_active_periods set active_to = '2026-12-31'
  where mentor_id = tests.user_id('dual@fixture.example')$$), 'ok:1',
  'an admin edits a period');

-- A pending mentor reads no period, not even their own (pending.a has one), and writes none.
select tests.clear_authentication();
select tests.fingerprint('public.mentor_active_periods') as before \gset
select tests.authenticate_as('pending.a@fixture.example');
select is((select count(*)::int from public.mentor_active_periods), 0, 'a pending mentor reads no active period');
select is(tests.outcome($$insert into public.mentor_active_periods (org_id, mentor_id, active_from)
  values (tests.organisation_id('A'), tests.user_id('pending.a@fixture.example'), '2020-01-01')$$), 'error:42501',
  'a pending mentor cannot record an active period');
select is(tests.outcome($$update public.mentor_active_periods set active_from = '2020-01-01'$$), 'ok:0',
  'a pending mentor cannot extend their period');
select is(tests.outcome($$delete from public.mentor_active_periods$$), 'ok:0',
  'a pending mentor deletes no active period');
select is(tests.fingerprint('public.mentor_active_periods'), :'before',
  'after the pending mentor''s attempts all active periods are unchanged');

-- Revoked: a mentor and a coordinator lose everything from the next statement on.
select tests.clear_authentication();
update public.members set approval_status = 'revoked'
where user_id in (tests.user_id('mentor.a@fixture.example'), tests.user_id('coordinator.a@fixture.example'));
select tests.authenticate_as('mentor.a@fixture.example');
select is((select count(*)::int from public.mentor_active_periods), 0,
  'a revoked mentor reads no active period, not even their own');
select tests.authenticate_as('coordinator.a@fixture.example');
select is((select count(*)::int from public.mentor_active_periods), 0, 'a revoked coordinator reads no active period');
select is(tests.outcome($$insert into public.mentor_active_periods (org_id, mentor_id, active_from)
  values (tests.organisation_id('A'), tests.user_id('inactive.a@fixture.example'), '2026-05-01')$$), 'error:42501',
  'a revoked coordinator cannot record an active period');
select is(tests.outcome($$update public.mentor_active_periods set active_to = '2026-12-31'$$), 'ok:0',
  'a revoked coordinator edits no period');
select is(tests.outcome($$delete from public.mentor_active_periods$$), 'ok:0',
  'a revoked coordinator deletes no period');
select is(tests.fingerprint('public.mentor_active_periods'), :'before',
  'after the revoked members'' attempts all active periods are unchanged');

select tests.authenticate_as_service_role();
select is((select count(*)::int from public.mentor_active_periods), 7, 'the service role reads every period');
select is(tests.outcome($$delete from public.mentor_active_periods
  where mentor_id = tests.user_id('mentor.b@fixture.example')$$), 'ok:1',
  'the service role deletes a period');

select * from finish();
rollback;
