-- Bad input to an RPC answers a documented SQLSTATE (22004, 22023, BF001) with a
-- message of our own, never an error from inside an expression (22008 for
-- infinite dates, 22003 or 22P02 for out-of-range tokens, 0A000 for arrays of
-- arrays); the snapshot allow-list refuses month keys outside the snapshot's
-- period. Every refusal leaves every table as it was.
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
select plan(28);

create function pg_temp.everything() returns text language sql as $$
  select string_agg(tests.fingerprint(t), ',' order by t::text)
  from unnest(array['public.activities', 'public.activity_mentors', 'public.activity_participants',
                    'public.bufdir_metric_snapshots', 'public.periodic_summaries', 'public.summary_push_outbox',
                    'public.bufdir_export_audit_log', 'private.summaries_switches', 'private.summary_changes',
                    'private.snapshot_generations', 'private.day_partials', 'private.day_cells']::regclass[]) t
$$;
grant execute on function pg_temp.everything() to authenticated;

-- Figures for January that the allow-list accepts, to vary one thing at a time.
select tests.authenticate_as_service_role();
select public.compute_bufdir_metrics(tests.organisation_id('A'), '2026-01-01', '2026-01-31') as january \gset
select tests.clear_authentication();
select pg_temp.everything() as before \gset

select tests.authenticate_as('coordinator.a@fixture.example');

-- Infinite and far-away dates
select throws_ok(format($$select public.%s(tests.organisation_id('A'), '2026-01-01', 'infinity')$$, rpc), '22023', null,
  rpc || ' with period_end infinity is 22023')
from unnest(array['compute_bufdir_metrics', 'metric_snapshot_status', 'refresh_metric_snapshot', 'delete_metric_snapshot',
                  'export_bufdir_report', 'invalidate_periodic_summaries']) rpc;
select throws_ok(format($$select * from public.%s(tests.organisation_id('A'), '-infinity', '2026-01-31')$$, rpc), '22023', null,
  rpc || ' with period_start -infinity is 22023')
from unnest(array['get_metric_snapshot', 'verify_metric_snapshot', 'list_activities']) rpc;
select throws_ok($$select public.save_metric_snapshot(tests.organisation_id('A'), '2026-01-01', 'infinity', '{}')$$, '22023', null,
  'save_metric_snapshot with period_end infinity is 22023');
select throws_ok($$select * from public.generate_periodic_summaries(tests.organisation_id('A'), 'month', 'infinity')$$, '22023', null,
  'generate_periodic_summaries for the month starting at infinity is 22023');
select throws_ok($$select * from public.generate_periodic_summaries(tests.organisation_id('A'), 'year', '5874897-01-01')$$, '22023', null,
  'generate_periodic_summaries for the year 5874897 is 22023, not a timestamp overflow');
select throws_ok($$select public.compute_bufdir_metrics(tests.organisation_id('A'), '2026-01-01', 'infinity')$$,
  'period_end must be a calendar date, not infinity', 'the message names the argument, not the internal arithmetic');

-- Arrays of arrays
select throws_ok($$select public.register_activity(tests.organisation_id('A'), 'proxy', 'in_person_outreach', '2026-01-05', 60,
  array[[tests.user_id('mentor.a@fixture.example')]]::uuid[])$$, '22023', null, 'register_activity with a two-dimensional mentor list is 22023');
select throws_ok($$select public.register_activity(tests.organisation_id('A'), 'proxy', 'in_person_outreach', '2026-01-05', 60,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[], array[['00000000-0000-4000-c000-000000000001']]::uuid[])$$, '22023', null,
  'register_activity with a two-dimensional participant list is 22023');
select throws_ok($$select public.edit_activity(tests.organisation_id('A'), tests.activity_id('A01'), 'in_person_outreach', '2026-01-05', 60,
  array[[tests.user_id('mentor.a@fixture.example')]]::uuid[])$$, '22023', null, 'edit_activity with a two-dimensional mentor list is 22023');

-- Tokens out of range and missing values
select throws_ok(format($$select public.save_metric_snapshot(tests.organisation_id('A'), '2026-01-01', '2026-01-31', %L)$$,
  jsonb_set(:'january'::jsonb, '{computed_in}', '"99999999999999999999:99999999999999999999:"')), '22023', null,
  'save_metric_snapshot with a computed_in beyond 64 bits is 22023');
select throws_ok($$select * from public.list_member_names(null)$$, '22004', null, 'list_member_names with a null org_id is 22004');

-- Month keys outside the snapshot's period
select throws_ok(format($$select public.save_metric_snapshot(tests.organisation_id('A'), '2026-01-01', '2026-01-31', %L)$$,
  jsonb_set(:'january'::jsonb, '{activity_days_by_month}', '{"2026-01": 1, "2099-12": 5}')), 'BF001', null,
  'a month key years after the period is refused by the allow-list');
select throws_ok(format($$select public.save_metric_snapshot(tests.organisation_id('A'), '2026-01-01', '2026-01-31', %L)$$,
  jsonb_set(:'january'::jsonb, '{activity_days_by_month}', '{"2025-12": 1}')), 'BF001', null,
  'a month key just before the period is refused by the allow-list');
select throws_ok(format($$select public.save_metric_snapshot(tests.organisation_id('A'), '2026-01-01', '2026-01-31', %L)$$,
  jsonb_set(:'january'::jsonb, '{activity_days_by_month}', '{"2026-02": 1}')), 'BF001', null,
  'a month key just after the period is refused by the allow-list');
select throws_ok(format($$select public.save_metric_snapshot(tests.organisation_id('A'), '2026-01-01', '2026-01-31', %L)$$,
  jsonb_set(:'january'::jsonb, '{activity_days_by_month}',
    (select jsonb_object_agg(to_char(date '2000-01-01' + make_interval(months => m), 'YYYY-MM'), 1) from generate_series(0, 1199) m))),
  'BF001', null, 'a hundred years of month keys are refused by the allow-list');

select tests.clear_authentication();
select is(pg_temp.everything(), :'before', 'nothing changed after any refused call');

-- As the owner, past the RPCs: the allow-list guards the tables themselves.
select throws_ok(format($$insert into public.periodic_summaries (org_id, period_type, period_start, period_end, summary_data)
  values (tests.organisation_id('A'), 'month', '2026-01-01', '2026-01-31', %L)$$,
  jsonb_set(:'january'::jsonb, '{activity_days_by_month}', '{"2030-06": 2}')), 'BF001', null,
  'a summary whose month key lies outside its period is refused');
select is(pg_temp.everything(), :'before', 'nothing changed after the refused insert');

-- What stays accepted
select tests.authenticate_as('coordinator.a@fixture.example');
select lives_ok(format($$select public.save_metric_snapshot(tests.organisation_id('A'), '2026-01-01', '2026-01-31', %L)$$,
  jsonb_set(:'january'::jsonb, '{activity_days_by_month}', '{"2026-01": 3}')), 'a month key inside the period is accepted');
select lives_ok($$select public.save_metric_snapshot(tests.organisation_id('A'), '2026-01-01', '2026-06-30',
  jsonb_set(public.compute_bufdir_metrics(tests.organisation_id('A'), '2026-01-01', '2026-06-30'),
            '{activity_days_by_month}', '{"2026-01": 1, "2026-06": 2}'))$$,
  'the first and the last month of a half-year are accepted');
select is((select count(*)::int from public.list_member_names(tests.organisation_id('A'))) > 0, true,
  'list_member_names still answers for a real organisation');

select * from finish();
rollback;
