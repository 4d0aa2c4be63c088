-- add_mentor_active_period and list_mentor_active_periods by actor:
-- coordinators and admins record a peer mentor's active periods (never
-- overlapping, inside the dates the API accepts, only for peer mentors who are
-- members); mentors, other organisations and anon record nothing and every
-- refusal leaves the periods as they were. A mentor lists their own periods; a
-- recorded period makes the organisation's figures stale (roster change).
-- Fixture: A = ...00a; pending.a (…05) has a period from 2026-01-01, open;
-- inactive.a (…04) one from 2025-01-01 to 2026-02-28.
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
select plan(30);

\set org_a '''00000000-0000-4000-a000-00000000000a'''
select tests.fingerprint('public.mentor_active_periods') as before \gset

-- anon, a mentor, an admin of B
select tests.authenticate_as_anon();
select is(tests.outcome($$select public.add_mentor_active_period(tests.organisation_id('A'), tests.user_id('inactive.a@fixture.example'), '2026-04-01')$$), 'error:42501', 'anon cannot record an active period');
select is(tests.outcome($$select * from public.list_mentor_active_periods(tests.organisation_id('A'))$$), 'error:42501', 'anon cannot list active periods');
select tests.authenticate_as('mentor.a@fixture.example');
select is(tests.outcome($$select public.add_mentor_active_period(tests.organisation_id('A'), tests.user_id('inactive.a@fixture.example'), '2026-04-01')$$), 'error:42501', 'a mentor cannot record an active period');
select results_eq($$select mentor_id from public.list_mentor_active_periods(tests.organisation_id('A'))$$,
  $$values (tests.user_id('mentor.a@fixture.example'))$$, 'a mentor lists their own period only');
select tests.authenticate_as('admin.b@fixture.example');
select is(tests.outcome($$select public.add_mentor_active_period(tests.organisation_id('A'), tests.user_id('inactive.a@fixture.example'), '2026-04-01')$$), 'error:42501', 'an admin of B cannot record a period in A');
select is(tests.outcome($$select * from public.list_mentor_active_periods(tests.organisation_id('A'))$$), 'error:42501', 'an admin of B cannot list A''s periods');
select is(tests.fingerprint('public.mentor_active_periods'), :'before', 'after their attempts the periods are unchanged');

-- coordinator of A: refusals
select tests.authenticate_as('coordinator.a@fixture.example');
select is(tests.outcome($$select public.add_mentor_active_period(tests.organisation_id('A'), tests.user_id('inactive.a@fixture.example'), '2026-02-01', '2026-03-31')$$), 'error:22023', 'a period overlapping another of the mentor is invalid (22023)');
select is(tests.outcome($$select public.add_mentor_active_period(tests.organisation_id('A'), tests.user_id('inactive.a@fixture.example'), '2026-05-01', '2026-04-01')$$), 'error:22023', 'an end before the start is invalid (22023)');
select is(tests.outcome($$select public.add_mentor_active_period(tests.organisation_id('A'), tests.user_id('inactive.a@fixture.example'), '1999-12-31')$$), 'error:22023', 'a start before 2000 is invalid (22023)');
select is(tests.outcome($$select public.add_mentor_active_period(tests.organisation_id('A'), tests.user_id('coordinator.a@fixture.example'), '2026-04-01')$$), 'error:22023', 'a coordinator is no peer mentor (22023)');
select is(tests.outcome($$select public.add_mentor_active_period(tests.organisation_id('A'), tests.user_id('mentor.b@fixture.example'), '2026-04-01')$$), 'error:23503', 'a user who is no member of A is refused (23503)');
select is(tests.outcome($$select public.add_mentor_active_period(tests.organisation_id('A'), tests.user_id('inactive.a@fixture.example'), null)$$), 'error:22004', 'a null start is 22004');
select is(tests.fingerprint('public.mentor_active_periods'), :'before', 'after the coordinator''s refused attempts the periods are unchanged');

-- coordinator of A: a new period, and what it does to the figures
select public.refresh_metric_snapshot(:org_a, '2026-01-01', '2026-06-30') is not null as refreshed \gset
select is((public.metric_snapshot_status(:org_a, '2026-01-01', '2026-06-30')).is_stale, false, 'the snapshot is fresh before the period is recorded');
select results_eq(
  $$select mentor_id, active_from, active_to from public.add_mentor_active_period(tests.organisation_id('A'), tests.user_id('inactive.a@fixture.example'), '2026-04-01', null)$$,
  $$values (tests.user_id('inactive.a@fixture.example'), '2026-04-01'::date, null::date)$$,
  'a coordinator records an open-ended period after the mentor''s break');
select is((public.metric_snapshot_status(:org_a, '2026-01-01', '2026-06-30')).is_stale, true, 'the snapshot turns stale');
select is((select count(*)::int from public.list_mentor_active_periods(:org_a)), 6, 'the coordinator lists all 6 periods of A');
select results_eq(
  $$select active_from from public.list_mentor_active_periods(tests.organisation_id('A')) where mentor_id = tests.user_id('inactive.a@fixture.example')$$,
  $$values ('2025-01-01'::date), ('2026-04-01'::date)$$, 'a mentor''s periods are listed by start');

-- admin of A
select tests.authenticate_as('admin.a@fixture.example');
select is(tests.outcome($$select public.add_mentor_active_period(tests.organisation_id('A'), tests.user_id('dual@fixture.example'), '2025-01-01', '2025-12-31')$$), 'ok:1', 'an admin records a closed period before an open one');

-- ending a period
select tests.fingerprint('public.mentor_active_periods') as before_end \gset
select tests.authenticate_as('mentor.a@fixture.example');
select is(tests.outcome($$select public.end_mentor_active_period(tests.organisation_id('A'), '00000000-0000-4000-e000-000000000a01', '2026-06-30')$$), 'error:42501', 'a mentor cannot end their own period');
select tests.authenticate_as('coordinator.b@fixture.example');
select is(tests.outcome($$select public.end_mentor_active_period(tests.organisation_id('A'), '00000000-0000-4000-e000-000000000a01', '2026-06-30')$$), 'error:42501', 'a coordinator of B cannot end a period of A');
select tests.authenticate_as('coordinator.a@fixture.example');
select is(tests.outcome($$select public.end_mentor_active_period(tests.organisation_id('A'), '00000000-0000-4000-e000-000000000a01', '2024-12-31')$$), 'error:22023', 'an end before the period''s start is invalid (22023)');
select is(tests.outcome($$select public.end_mentor_active_period(tests.organisation_id('A'), '00000000-0000-4000-e000-000000000a04', '2026-05-01')$$), 'error:22023', 'moving an end into the mentor''s next period is invalid (22023)');
select is(tests.outcome($$select public.end_mentor_active_period(tests.organisation_id('B'), '00000000-0000-4000-e000-000000000b01', '2026-06-30')$$), 'error:42501', 'a coordinator of A cannot end a period of B');
select is(tests.outcome($$select public.end_mentor_active_period(tests.organisation_id('A'), '00000000-0000-4000-e000-00000000ffff', '2026-06-30')$$), 'error:P0002', 'a missing period is not_found (P0002)');
select is(tests.fingerprint('public.mentor_active_periods'), :'before_end', 'after the refused attempts the periods are unchanged');
select results_eq(
  $$select active_from, active_to from public.end_mentor_active_period(tests.organisation_id('A'), '00000000-0000-4000-e000-000000000a01', '2026-06-30')$$,
  $$values ('2025-01-01'::date, '2026-06-30'::date)$$, 'a coordinator ends a mentor''s open period');

-- the mentor sees the new period
select tests.authenticate_as('inactive.a@fixture.example');
select is((select count(*)::int from public.list_mentor_active_periods(:org_a)), 2, 'the mentor lists both their periods');

-- service role
select tests.authenticate_as_service_role();
select is((select count(*)::int from public.list_mentor_active_periods(:org_a)), 7, 'the service role lists every period of A');

select * from finish();
rollback;
