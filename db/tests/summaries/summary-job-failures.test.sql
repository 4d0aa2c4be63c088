-- The scheduled job's failures have one writer, private.record_summary_job_failure,
-- which only the owner may call: the job's own handler (run_summary_job_for) and
-- the CLI's `summaries run-job` (after an organisation's time limit) use it. Bad
-- input is refused and writes nothing; no API role can record a failure. The
-- time limit itself needs a command per organisation and several sessions:
-- cli/test/bufdir-summary-job.test.ts.
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
select plan(15);

create temporary table failures_before as select tests.fingerprint('public.summary_job_failures') as digest;

-- the owner (the job's login)
select is(tests.outcome($$select private.record_summary_job_failure(null, '2026-07-01', null, null, '57014', 'x')$$), 'error:22004',
  'the owner cannot record a failure without an organisation');
select is(tests.outcome($$select private.record_summary_job_failure(tests.organisation_id('A'), null, null, null, '57014', 'x')$$), 'error:22004',
  'nor without the run''s day');
select is(tests.outcome($$select private.record_summary_job_failure(tests.organisation_id('A'), '2026-07-01', null, null, null, 'x')$$), 'error:22004',
  'nor without a SQLSTATE');
select is(tests.outcome($$select private.record_summary_job_failure(tests.organisation_id('A'), '2026-07-01', null, null, '57014', null)$$), 'error:22004',
  'nor without a message');
select is(tests.outcome($$select private.record_summary_job_failure(tests.organisation_id('A'), '2026-07-01', null, null, 'timeout', 'x')$$), 'error:22023',
  'nor with a SQLSTATE that is not five digits or capital letters');
select is(tests.fingerprint('public.summary_job_failures'), (select digest from failures_before),
  'after the refused records nothing was written');

select is(tests.outcome($$select private.record_summary_job_failure(tests.organisation_id('A'), '2026-07-01', null, null, '57014',
  'canceling statement due to statement timeout')$$), 'ok:1', 'the owner records a time limit outside any period');
select results_eq(
  $$select org_id::text, as_of::text, period_type::text, period_start::text, sqlstate, message from public.summary_job_failures$$,
  $$values (tests.organisation_id('A')::text, '2026-07-01', null::text, null::text, '57014', 'canceling statement due to statement timeout')$$,
  'and it is there as given, with no period');

-- run_summary_job_for's handler writes through it: a period the rules do not cover is recorded with the period.
select is(private.run_summary_job_for(tests.organisation_id('B'), '1990-01-01', 1000), null,
  'an organisation the job cannot serve returns null');
select is((select count(*)::int from public.summary_job_failures where org_id = tests.organisation_id('B')
           and as_of = '1990-01-01' and period_type = 'month' and period_start = '1989-12-01'), 1,
  'and its failure is recorded once, with the period it was generating');

create temporary table failures_recorded as select tests.fingerprint('public.summary_job_failures') as digest;
grant select on failures_recorded to anon, authenticated, service_role;

-- the service role
select tests.authenticate_as_service_role();
select is(tests.outcome($$select private.record_summary_job_failure(tests.organisation_id('A'), '2026-07-01', null, null, '57014', 'x')$$), 'error:42501',
  'the service role cannot record a failure');
select is(tests.outcome($$insert into public.summary_job_failures (org_id, as_of, sqlstate, message) values (tests.organisation_id('A'), '2026-07-01', '57014', 'x')$$), 'error:42501',
  'nor write the table directly');

-- a coordinator and anon
select tests.authenticate_as('coordinator.a@fixture.example');
select is(tests.outcome($$select private.record_summary_job_failure(tests.organisation_id('A'), '2026-07-01', null, null, '57014', 'x')$$), 'error:42501',
  'a coordinator cannot record a failure');
select tests.authenticate_as_anon();
select is(tests.outcome($$select private.record_summary_job_failure(tests.organisation_id('A'), '2026-07-01', null, null, '57014', 'x')$$), 'error:42501',
  'nor can anon');

select tests.clear_authentication();
select is(tests.fingerprint('public.summary_job_failures'), (select digest from failures_recorded),
  'after the refused attempts of the service role, a coordinator and anon nothing was written');

select * from finish();
rollback;
