-- Periodic summaries: generation through the shared aggregation, RLS per caller,
-- invalidation and regeneration, the change log behind delta sync (tombstones,
-- pages), the feature switch, push events and the scheduled job.
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
\set figures_csv `cat db/fixtures/expected-figures.csv`
select plan(81);

-- Generation
select tests.authenticate_as('coordinator.a@fixture.example');
select is((select count(*)::int from public.generate_periodic_summaries(tests.organisation_id('A'), 'half_year', '2026-01-01')), 6,
  'A''s H1 gets an organisation-wide summary and one for each of the 5 mentors with activities');
select throws_ok($$select public.generate_periodic_summaries(tests.organisation_id('A'), 'month', '2026-01-15')$$, '22023', null,
  'a period_start that does not start a month is 22023');
select throws_ok($$select public.generate_periodic_summaries(tests.organisation_id('A'), 'quarter', '2026-02-01')$$, '22023', null,
  'a quarter must start in January, April, July or October');
select throws_ok($$select public.generate_periodic_summaries(null, 'year', '2026-01-01')$$, '22004', null, 'a null org_id is 22004');
select throws_ok($$select public.generate_periodic_summaries(tests.organisation_id('B'), 'half_year', '2026-01-01')$$, '42501', null,
  'a coordinator of A cannot generate B''s summaries');
select tests.authenticate_as('coordinator.b@fixture.example');
select is((select count(*)::int from public.generate_periodic_summaries(tests.organisation_id('B'), 'half_year', '2026-01-01')), 3,
  'B''s H1 gets an organisation-wide summary and two mentor summaries');
select tests.authenticate_as('mentor.a@fixture.example');
select throws_ok($$select public.generate_periodic_summaries(tests.organisation_id('A'), 'half_year', '2026-01-01')$$, '42501', null,
  'a mentor cannot generate summaries');

-- Figures match the hand-worked table (one assertion per figure of H1).
select tests.clear_authentication();
select is(tests.load_expected_figures(:'figures_csv'), 106, 'the hand-worked table is loaded');
select is(
  p.summary_data #>> case when e.metric like '%.%' then string_to_array(e.metric, '.') else array['totals', e.metric] end,
  e.value,
  format('summary %s%s H1 %s = %s', case e.org_id when tests.organisation_id('A') then 'A' else 'B' end,
         coalesce(' mentor ' || right(e.mentor_id::text, 2), ''), e.metric, e.value))
from tests.expected_figures e
join public.periodic_summaries p
  on p.org_id = e.org_id and p.mentor_id is not distinct from e.mentor_id
 and p.period_type = 'half_year' and p.period_start = e.period_start
where e.period_start = '2026-01-01' and e.metric in ('activity_days', 'activities_total', 'participations', 'minutes_total')
order by e.org_id, e.mentor_id nulls first, e.metric;

-- RLS
select tests.fingerprint('public.periodic_summaries') as before \gset
select tests.authenticate_as_anon();
select is(tests.outcome('select count(*) from public.periodic_summaries'), 'error:42501', 'anon reads no summary (no privilege)');
select tests.authenticate_as('mentor.a@fixture.example');
select results_eq($$select mentor_id from public.periodic_summaries$$, $$values (tests.user_id('mentor.a@fixture.example'))$$,
  'a mentor reads only their own summary');
select is(tests.outcome($$update public.periodic_summaries set version = 99$$), 'error:42501', 'a mentor cannot update summaries (no privilege)');
select is(tests.outcome($$delete from public.periodic_summaries$$), 'error:42501', 'a mentor cannot delete summaries (no privilege)');
select tests.authenticate_as('coordinator.a@fixture.example');
select is((select count(*)::int from public.periodic_summaries), 6, 'a coordinator of A reads A''s 6 summaries, none of B''s');
select is(tests.outcome($$insert into public.periodic_summaries (org_id, period_type, period_start, period_end, summary_data) select org_id, 'year', '2026-01-01', '2026-12-31', summary_data from public.periodic_summaries limit 1$$),
  'error:42501', 'a coordinator cannot write summaries directly');
select tests.authenticate_as('coordinator.b@fixture.example');
select is((select count(*)::int from public.periodic_summaries where org_id = tests.organisation_id('A')), 0, 'a coordinator of B reads none of A''s');
select is(tests.outcome($$delete from public.periodic_summaries where org_id = tests.organisation_id('A')$$), 'error:42501', 'a coordinator of B deletes none of A''s (no privilege)');
select tests.authenticate_as('dual@fixture.example');
select is((select count(*)::int from public.periodic_summaries), 4, 'a mentor in A and coordinator in B reads their own A summary and B''s three');
select is(tests.fingerprint('public.periodic_summaries'), :'before', 'after every denied attempt the summaries are unchanged');

-- Invalidation and regeneration
select tests.authenticate_as('mentor.a@fixture.example');
select throws_ok($$select public.invalidate_periodic_summaries(tests.organisation_id('A'), '2026-03-01', '2026-03-31')$$, '42501', null,
  'a mentor cannot invalidate');
select tests.authenticate_as('coordinator.a@fixture.example');
select is(public.invalidate_periodic_summaries(tests.organisation_id('A'), '2026-03-01', '2026-03-31'), 6,
  'invalidating March marks the 6 H1 summaries that overlap it');
select is((select count(*)::int from public.periodic_summaries where invalidated_at is not null), 6, '... they carry invalidated_at');
select is(public.invalidate_periodic_summaries(tests.organisation_id('A'), '2026-07-01', '2026-07-31'), 0,
  'invalidating a period no summary overlaps marks nothing');
select tests.authenticate_as('coordinator.b@fixture.example');
select is((select count(*)::int from public.periodic_summaries where invalidated_at is not null), 0, 'B''s summaries were not touched');
select tests.authenticate_as('coordinator.a@fixture.example');
select is((select count(*)::int from public.generate_periodic_summaries(tests.organisation_id('A'), 'half_year', '2026-01-01')), 6,
  'regeneration rewrites the 6 summaries');
select is((select count(*)::int from public.periodic_summaries where invalidated_at is null and version = 2), 6,
  'regeneration clears invalidated_at and bumps the version to 2');
select is(tests.outcome($$update public.activities set deleted_at = now() where id = tests.activity_id('A13')$$), 'ok:1',
  'the coordinator soft-deletes inactive.a''s only H1 activity');
select is((select count(*)::int from public.generate_periodic_summaries(tests.organisation_id('A'), 'half_year', '2026-01-01')), 6,
  'regeneration still writes 6 summaries');
select is((select (summary_data #>> '{totals,activities_total}') || ' v' || version from public.periodic_summaries
           where mentor_id = tests.user_id('inactive.a@fixture.example')),
  '0 v3', 'the mentor whose activities are gone gets a summary of zeros, not stale figures');

-- Push events: what a worker needs, nothing personal.
select tests.authenticate_as_service_role();
select is((select count(*)::int from public.summary_push_outbox where org_id = tests.organisation_id('A') and event = 'invalidated'), 6,
  'invalidation queued 6 push events');
select is((select count(*)::int from public.summary_push_outbox where org_id = tests.organisation_id('A') and event = 'generated' and version = 2), 6,
  'regeneration queued 6 push events with the new version');
select is(
  (select array_agg(column_name::text order by ordinal_position) from information_schema.columns where table_schema = 'public' and table_name = 'summary_push_outbox'),
  array['org_id', 'id', 'event', 'mentor_id', 'period_type', 'period_start', 'version', 'created_at', 'delivered_at'],
  'a push event holds organisation, mentor id, period and version only');
select tests.authenticate_as('coordinator.a@fixture.example');
select is(tests.outcome('select count(*) from public.summary_push_outbox'), 'error:42501', 'API users do not read the outbox (no privilege)');

-- The change log behind delta sync
select tests.clear_authentication();
-- pending.a leaves: their activity goes first, then the membership (the summary cascades).
delete from public.activities where id = tests.activity_id('A21');
delete from public.members where user_id = tests.user_id('pending.a@fixture.example') and org_id = tests.organisation_id('A');
-- Cursors are change ids: they order as numbers. The pure reader sees this
-- test's own (uncommitted) changes, so it can be checked inside one transaction.
select is((select count(*)::int from private.summary_changes_after(tests.organisation_id('A'), null, 5000, null, null)),
  6 + 6 + 6 + 6 + 1, 'A''s log lists the generation, invalidation, two regenerations and the cascade delete: 25 changes');
select is((select operation from private.summary_changes_after(tests.organisation_id('A'), null, 5000, null, null) order by cursor::bigint desc limit 1),
  'delete', 'removing a mentor''s membership deleted their summary: the log ends with its tombstone');
select is((select count(*)::int from private.summary_changes_after(tests.organisation_id('A'), null, 5000, null, null)
           where summary_id = (select summary_id from private.summary_changes where operation = 'delete' limit 1)),
  5, 'every change of the deleted summary reads as a deletion');
select is((select count(*)::int from private.summary_changes_after(tests.organisation_id('A'), null, 5000, tests.user_id('mentor.a@fixture.example'), null)),
  4, 'filtered for one mentor the log lists only their summary''s 4 changes');
select is((select array_agg(cursor order by cursor::bigint) from private.summary_changes_after(tests.organisation_id('A'), null, 5000, null, null)),
  (select array_agg(change_id::text order by change_id) from private.summary_changes where org_id = tests.organisation_id('A')),
  'each change''s cursor is its change id, in increasing order');
select is((select count(*)::int from private.summary_changes_after(tests.organisation_id('A'), null, 5000, null,
             (select change_id from private.summary_changes where org_id = tests.organisation_id('A') order by change_id offset 3 limit 1))),
  3, 'changes at or above below_change are not listed');
select is((select count(*)::int from private.summary_changes_after(tests.organisation_id('A'),
             (select change_id from private.summary_changes where org_id = tests.organisation_id('A') order by change_id offset 19 limit 1)::text,
             5000, null, null)),
  5, 'after the 20th change''s cursor come the last 5');

-- An old "<writer xid>.<change id>" cursor resumes before the lowest id of any
-- change after that pair, so nothing is skipped. Give the first ten changes a
-- higher writer xid than the rest, as an earlier transaction that wrote late would.
update private.summary_changes set writer_xid = (writer_xid::text::bigint + 1000)::text::xid8
where org_id = tests.organisation_id('A')
  and change_id in (select change_id from private.summary_changes where org_id = tests.organisation_id('A') order by change_id limit 10);
select is((select count(*)::int from private.summary_changes_after(tests.organisation_id('A'),
             (select writer_xid::text || '.' || change_id from private.summary_changes where org_id = tests.organisation_id('A')
              order by writer_xid, change_id offset 14 limit 1), 5000, null, null)),
  25, 'an old cursor that passed the 15 changes of the lower xid resumes before the 10 of the higher xid with lower ids: nothing skipped');
select is((select count(*)::int from private.summary_changes_after(tests.organisation_id('A'),
             (select writer_xid::text || '.' || change_id from private.summary_changes where org_id = tests.organisation_id('A')
              order by writer_xid, change_id offset 17 limit 1), 5000, null, null)),
  22, 'an old cursor at the 3rd change of the higher xid resumes at its 4th: its 7 undelivered changes, and once more the 15 with higher ids');
select is((select count(*)::int from private.summary_changes_after(tests.organisation_id('A'),
             (select writer_xid::text || '.' || change_id from private.summary_changes where org_id = tests.organisation_id('A')
              order by writer_xid desc, change_id desc limit 1), 5000, null, null)),
  0, 'an old cursor at the last change lists nothing more');
update private.summary_changes set writer_xid = pg_current_xact_id() where org_id = tests.organisation_id('A');
select is((select seqcache from pg_sequence where seqrelid = pg_get_serial_sequence('private.summary_changes', 'change_id')::regclass), 1::bigint,
  'change ids are handed out one at a time across sessions (cache 1), so in the order they were taken');

create temporary table pages as
with recursive paged(n, cursor, ids) as (
  select 1, (array_agg(c.cursor order by c.cursor::bigint desc))[1], array_agg(c.cursor)
  from (select cursor from private.summary_changes_after(tests.organisation_id('A'), null, 5, null, null)) c
  union all
  select p.n + 1, (select (array_agg(c.cursor order by c.cursor::bigint desc))[1]
                   from private.summary_changes_after(tests.organisation_id('A'), p.cursor, 5, null, null) c),
         (select array_agg(c.cursor) from private.summary_changes_after(tests.organisation_id('A'), p.cursor, 5, null, null) c)
  from paged p where p.ids is not null and cardinality(p.ids) = 5
)
select * from paged;
select is((select sum(cardinality(ids))::int from pages), 25, 'pages of 5 following each cursor deliver all 25 changes');
select is((select count(distinct x)::int from pages, unnest(ids) x), 25, '... each exactly once');

-- The public RPC
select tests.authenticate_as('coordinator.a@fixture.example');
select is((select count(*)::int from public.list_periodic_summaries_since(tests.organisation_id('A'))), 0,
  'the public RPC lists no change of a transaction still running (here: this test''s own)');
select throws_ok($$select * from public.list_periodic_summaries_since(tests.organisation_id('A'), 'not-a-cursor')$$, '22023', null,
  'a malformed cursor is 22023');
select throws_ok($$select * from public.list_periodic_summaries_since(tests.organisation_id('A'), '9223372036854775808')$$, '22023', null,
  'a change id beyond bigint is 22023');
select lives_ok($$select * from public.list_periodic_summaries_since(tests.organisation_id('A'), '1.0')$$,
  'a cursor of the old "<xid>.<change id>" form is still accepted');
select throws_ok($$select * from public.list_periodic_summaries_since(tests.organisation_id('A'), null, 0)$$, '22023', null,
  'a page size of 0 is 22023');
select tests.authenticate_as('coordinator.b@fixture.example');
select throws_ok($$select * from public.list_periodic_summaries_since(tests.organisation_id('A'))$$, '42501', null,
  'a coordinator of B cannot list A''s changes');

-- Feature switch
select tests.authenticate_as('coordinator.a@fixture.example');
select throws_ok($$select public.set_summaries_enabled(tests.organisation_id('A'), false)$$, '42501', null, 'a coordinator cannot switch summaries off');
select throws_ok($$select public.set_summaries_enabled(null, false)$$, '42501', null, 'a coordinator cannot switch summaries off globally');
select tests.authenticate_as('admin.a@fixture.example');
select lives_ok($$select public.set_summaries_enabled(tests.organisation_id('A'), false)$$, 'an admin switches summaries off for A');
select tests.authenticate_as('coordinator.a@fixture.example');
select throws_ok($$select public.generate_periodic_summaries(tests.organisation_id('A'), 'year', '2026-01-01')$$, 'BF005', null, 'while off, generation is refused with BF005');
select throws_ok($$select * from public.list_periodic_summaries_since(tests.organisation_id('A'))$$, 'BF005', null, 'while off, sync is refused with BF005');
select tests.authenticate_as('coordinator.b@fixture.example');
select lives_ok($$select public.generate_periodic_summaries(tests.organisation_id('B'), 'year', '2026-01-01')$$, 'B is not affected');
select tests.authenticate_as_service_role();
select lives_ok($$select public.invalidate_periodic_summaries(tests.organisation_id('A'), '2026-01-01', '2026-12-31')$$, 'the service role can still repair while it is off');
select lives_ok($$select public.set_summaries_enabled(null, false)$$, 'the service role switches summaries off globally');
select tests.authenticate_as('coordinator.b@fixture.example');
select throws_ok($$select * from public.list_periodic_summaries_since(tests.organisation_id('B'))$$, 'BF005', null, 'the global switch reaches B too');
select tests.authenticate_as_service_role();
select lives_ok($$select public.set_summaries_enabled(null, true); select public.set_summaries_enabled(tests.organisation_id('A'), true)$$, 'switching on again');

-- The scheduled job
select tests.clear_authentication();
select is((select sum(private.run_summary_job_for(o, '2026-07-01'))::int from private.summary_job_organisations() o), (
    select sum(1 + (select count(*) from (
                      select am.mentor_id from public.activities a
                      join public.activity_mentors am on am.org_id = a.org_id and am.activity_id = a.id
                      where a.org_id = o.id and a.deleted_at is null and a.activity_date between p.start_date and '2026-06-30'
                      union
                      select s.mentor_id from public.periodic_summaries s
                      where s.org_id = o.id and s.period_start = p.start_date and s.period_type = p.kind and s.mentor_id is not null) m))::int
    from public.organisations o
    cross join (values ('2026-06-01'::date, 'month'::public.summary_period_type), ('2026-04-01', 'quarter'), ('2026-01-01', 'half_year')) p(start_date, kind)),
  'on 1 July the job writes, for every organisation, the June, Q2 and H1 summaries (organisation-wide and per mentor)');
select is((select array_agg(distinct period_type::text order by period_type::text) from public.periodic_summaries where period_end = '2026-06-30'),
  array['half_year', 'month', 'quarter'], '... month, quarter and half-year, all ending 30 June');

select * from finish();
rollback;
