-- save, refresh, get and delete, acted out per caller; two organisations x two
-- periods prove every RPC reads or writes exactly one (organisation, period).
-- A = ...00a, B = ...00b; H1 = 2026-01-01..2026-06-30, H2 = 2026-07-01..2026-12-31.
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
select plan(53);

-- Four snapshots, made by the service role.
select tests.authenticate_as_service_role();
select isnt((public.refresh_metric_snapshot(o, s, e)).id, null, format('service role refreshes %s %s', right(o::text, 1), s))
from (values (tests.organisation_id('A')), (tests.organisation_id('B'))) orgs(o)
cross join (values ('2026-01-01'::date, '2026-06-30'::date), ('2026-07-01', '2026-12-31')) periods(s, e);
select is((select count(*)::int from public.bufdir_metric_snapshots), 4, 'four snapshots exist: two organisations x two periods');
select is((select generated_by from public.bufdir_metric_snapshots limit 1), null, 'a snapshot made by the service role names no user');
select tests.fingerprint('public.bufdir_metric_snapshots') as before \gset

-- anon
select tests.authenticate_as_anon();
select throws_ok($$select * from public.get_metric_snapshot(tests.organisation_id('A'), '2026-01-01', '2026-06-30')$$,
  '42501', null, 'anon cannot call get_metric_snapshot');
select throws_ok($$select public.delete_metric_snapshot(tests.organisation_id('A'), '2026-01-01', '2026-06-30')$$,
  '42501', null, 'anon cannot call delete_metric_snapshot');
select is(tests.outcome('select count(*) from public.bufdir_metric_snapshots'), 'error:42501', 'anon reads no snapshot from the table (no privilege)');

-- mentor of A
select tests.authenticate_as('mentor.a@fixture.example');
select is((select count(*)::int from public.get_metric_snapshot(tests.organisation_id('A'), '2026-01-01', '2026-06-30')), 1,
  'a mentor of A gets A''s H1 snapshot');
select is((select snapshot_json #>> '{totals,activity_days}' from public.get_metric_snapshot(tests.organisation_id('A'), '2026-01-01', '2026-06-30')),
  '9', '... with A''s H1 figures, not another period''s or organisation''s');
select is((select snapshot_json #>> '{totals,activity_days}' from public.get_metric_snapshot(tests.organisation_id('A'), '2026-07-01', '2026-12-31')),
  '1', 'the H2 key returns the H2 snapshot');
select throws_ok($$select public.delete_metric_snapshot(tests.organisation_id('A'), '2026-01-01', '2026-06-30')$$,
  '42501', null, 'a mentor''s delete is refused');
select is(tests.outcome($$delete from public.bufdir_metric_snapshots$$), 'ok:0', 'a mentor''s direct delete is filtered out by RLS');
select throws_ok($$select public.save_metric_snapshot(tests.organisation_id('A'), '2026-01-01', '2026-06-30',
    public.compute_bufdir_metrics(tests.organisation_id('A'), '2026-01-01', '2026-06-30'))$$,
  '42501', null, 'a mentor cannot compute or save');
select throws_ok($$select public.refresh_metric_snapshot(tests.organisation_id('A'), '2026-01-01', '2026-06-30')$$,
  '42501', null, 'a mentor cannot refresh');
select is(tests.outcome($$insert into public.bufdir_metric_snapshots (org_id, period_start, period_end, snapshot_json, rule_version, record_count_at_generation, content_hash) select org_id, '2026-02-01', '2026-02-28', snapshot_json, rule_version, 0, 'x' from public.bufdir_metric_snapshots limit 1$$),
  'error:42501', 'a mentor cannot write the table directly');
select is(tests.outcome($$update public.bufdir_metric_snapshots set record_count_at_generation = 0$$), 'error:42501', 'a mentor cannot update the table (no privilege)');
select is(tests.fingerprint('public.bufdir_metric_snapshots'), :'before', 'after the mentor''s attempts all four snapshots are unchanged');

-- coordinator of B: A's snapshots are out of reach by every path
select tests.authenticate_as('coordinator.b@fixture.example');
select throws_ok($$select * from public.get_metric_snapshot(tests.organisation_id('A'), '2026-01-01', '2026-06-30')$$,
  '42501', null, 'a coordinator of B cannot get A''s snapshot');
select is((select count(*)::int from public.bufdir_metric_snapshots where org_id = tests.organisation_id('A')), 0,
  'a coordinator of B reads none of A''s snapshots from the table');
select throws_ok($$select public.delete_metric_snapshot(tests.organisation_id('A'), '2026-01-01', '2026-06-30')$$,
  '42501', null, 'a coordinator of B cannot delete A''s snapshot');
select throws_ok($$select public.refresh_metric_snapshot(tests.organisation_id('A'), '2026-01-01', '2026-06-30')$$,
  '42501', null, 'a coordinator of B cannot refresh A''s snapshot');
select throws_ok($$select public.compute_bufdir_metrics(tests.organisation_id('A'), '2026-01-01', '2026-06-30')$$,
  '42501', null, 'a coordinator of B cannot compute A''s figures');
select is(tests.outcome($$delete from public.bufdir_metric_snapshots where org_id = tests.organisation_id('A')$$), 'ok:0',
  'a coordinator of B''s direct delete of A''s snapshots removes nothing');
select is(tests.fingerprint('public.bufdir_metric_snapshots'), :'before', 'after B''s attempts all four snapshots are unchanged');

-- dual: mentor in A, coordinator in B
select tests.authenticate_as('dual@fixture.example');
select throws_ok($$select public.delete_metric_snapshot(tests.organisation_id('A'), '2026-07-01', '2026-12-31')$$,
  '42501', null, 'as a mentor in A they cannot delete A''s snapshot');
select is((select count(*)::int from public.get_metric_snapshot(tests.organisation_id('B'), '2026-07-01', '2026-12-31')), 1,
  'as a coordinator in B they get B''s snapshot');
select is(tests.fingerprint('public.bufdir_metric_snapshots'), :'before', 'after the dual member''s attempt all four snapshots are unchanged');

-- Invalid input: the right code, a message naming the argument, nothing written.
select tests.authenticate_as('coordinator.a@fixture.example');
select throws_ok($$select public.refresh_metric_snapshot(null, '2026-01-01', '2026-06-30')$$, '22004', 'org_id must not be null', 'a null org_id is 22004');
select throws_ok($$select public.refresh_metric_snapshot(tests.organisation_id('A'), null, '2026-06-30')$$, '22004', 'period_start must not be null', 'a null period_start is 22004');
select throws_ok($$select * from public.get_metric_snapshot(tests.organisation_id('A'), '2026-01-01', null)$$, '22004', 'period_end must not be null', 'a null period_end is 22004');
select throws_ok($$select public.save_metric_snapshot(tests.organisation_id('A'), '2026-01-01', '2026-06-30', null)$$, '22004', 'snapshot_json must not be null', 'a null snapshot_json is 22004');
select throws_ok($$select public.refresh_metric_snapshot(tests.organisation_id('A'), '2026-06-30', '2026-01-01')$$, '22023', null, 'a reversed period is 22023');
select throws_like($$select public.refresh_metric_snapshot(tests.organisation_id('A'), '2026-06-30', '2026-01-01')$$, '%period_end%before period_start%', '... and the message names both arguments');
select throws_ok($$select public.refresh_metric_snapshot(tests.organisation_id('A'), '2025-01-01', '2026-01-02')$$, '22023', null, 'a span over 366 days is 22023');
select throws_ok($$select public.refresh_metric_snapshot(tests.organisation_id('A'), '1999-12-31', '2000-01-30')$$, '22023', null, 'a period before 2000 is 22023');
select throws_ok(format($$select public.refresh_metric_snapshot(tests.organisation_id('A'), %L, %L)$$,
    (date_trunc('year', now()) + interval '2 years')::date, (date_trunc('year', now()) + interval '2 years 1 month')::date),
  '22023', null, 'a period after the end of next year is 22023');
select is(tests.fingerprint('public.bufdir_metric_snapshots'), :'before', 'after the invalid calls all four snapshots are unchanged');

-- Idempotent save: one row per key, database-owned columns set by the database.
select lives_ok($$select public.save_metric_snapshot(tests.organisation_id('A'), '2026-01-01', '2026-06-30',
    public.compute_bufdir_metrics(tests.organisation_id('A'), '2026-01-01', '2026-06-30'))$$,
  'a coordinator saves computed figures');
select lives_ok($$select public.save_metric_snapshot(tests.organisation_id('A'), '2026-01-01', '2026-06-30',
    public.compute_bufdir_metrics(tests.organisation_id('A'), '2026-01-01', '2026-06-30'))$$,
  'saving the same key again succeeds');
select is((select count(*)::int from public.get_metric_snapshot(tests.organisation_id('A'), '2026-01-01', '2026-06-30')), 1,
  'the key still has exactly one snapshot');
select is((select count(*)::int from public.bufdir_metric_snapshots), 2, 'A still has its two snapshots, H1 and H2');
select is((select generated_by from public.bufdir_metric_snapshots where period_start = '2026-01-01'),
  tests.user_id('coordinator.a@fixture.example'), 'generated_by is the caller from the token, set by the database');
select is((select record_count_at_generation from public.bufdir_metric_snapshots where period_start = '2026-01-01'), 18::bigint,
  'record_count_at_generation counts A''s 18 live activities of H1 (the proxy twin included)');
select is((select content_hash from public.bufdir_metric_snapshots where period_start = '2026-01-01'),
  (select encode(sha256(convert_to(snapshot_json::text, 'UTF8')), 'hex') from public.bufdir_metric_snapshots where period_start = '2026-01-01'),
  'content_hash is the SHA-256 of the stored figures');
select throws_ok($$select public.save_metric_snapshot(tests.organisation_id('A'), '2026-07-01', '2026-12-31',
    public.compute_bufdir_metrics(tests.organisation_id('A'), '2026-01-01', '2026-06-30'))$$,
  '22023', null, 'figures of another period cannot be saved under this key');

select tests.authenticate_as_service_role();
select is(
  (select array_agg(format('%s %s', right(org_id::text, 1), period_start) order by org_id, period_start) from public.bufdir_metric_snapshots),
  array['a 2026-01-01', 'a 2026-07-01', 'b 2026-01-01', 'b 2026-07-01'],
  'the saves touched only A H1: all four keys remain, once each');

-- Delete: one key only, then P0002 for a missing one.
select tests.authenticate_as('admin.a@fixture.example');
select lives_ok($$select public.delete_metric_snapshot(tests.organisation_id('A'), '2026-07-01', '2026-12-31')$$,
  'an admin deletes A''s H2 snapshot');
select is((select count(*)::int from public.get_metric_snapshot(tests.organisation_id('A'), '2026-07-01', '2026-12-31')), 0,
  'get returns no row for a deleted snapshot');
select throws_ok($$select public.delete_metric_snapshot(tests.organisation_id('A'), '2026-07-01', '2026-12-31')$$,
  'P0002', null, 'deleting a missing snapshot is P0002');
select tests.authenticate_as('coordinator.a@fixture.example');
select lives_ok($$select public.delete_metric_snapshot(tests.organisation_id('A'), '2026-01-01', '2026-06-30')$$,
  'a coordinator deletes A''s H1 snapshot');
select tests.authenticate_as_service_role();
select is(
  (select array_agg(format('%s %s', right(org_id::text, 1), period_start) order by org_id, period_start) from public.bufdir_metric_snapshots),
  array['b 2026-01-01', 'b 2026-07-01'],
  'each delete removed exactly its own key: B''s snapshots are intact');

select * from finish();
rollback;
