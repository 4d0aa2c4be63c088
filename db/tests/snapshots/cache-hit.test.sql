-- A cache hit is one lookup on the unique index and never runs the aggregation:
-- function-call statistics count zero aggregation calls for get, one for refresh.
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
select plan(6);

select has_index('public', 'bufdir_metric_snapshots', 'bufdir_metric_snapshots_org_id_period_start_period_end_key',
  array['org_id', 'period_start', 'period_end'], 'the composite unique index on (org_id, period_start, period_end) exists');

-- The fixture is tiny, so forbid sequential scans to see the plan the index allows.
set local enable_seqscan = off;
create function pg_temp.lookup_plan() returns text language plpgsql as $$
declare
  line text;
  plan text := '';
begin
  for line in execute $q$explain (costs off)
    select s.* from public.bufdir_metric_snapshots s
    where s.org_id = tests.organisation_id('A') and s.period_start = '2026-01-01' and s.period_end = '2026-06-30'$q$
  loop
    plan := plan || line || E'\n';
  end loop;
  return plan;
end
$$;
select matches(pg_temp.lookup_plan(), 'Index (Only )?Scan using bufdir_metric_snapshots_org_id_period_start_period_end_key',
  'the lookup get_metric_snapshot runs is an index scan on the unique key');

-- Calls made so far in this transaction, as the statistics system counts them.
set local track_functions = 'all';
create function pg_temp.aggregation_calls() returns bigint language sql as $$
  select coalesce((select calls from pg_stat_xact_user_functions where schemaname = 'private' and funcname = 'compute_metrics'), 0)
$$;

select tests.authenticate_as('coordinator.a@fixture.example');
select lives_ok($$select public.refresh_metric_snapshot(tests.organisation_id('A'), '2026-01-01', '2026-06-30')$$, 'a coordinator refreshes');
select tests.clear_authentication();
select is(pg_temp.aggregation_calls(), 1::bigint, 'the refresh (the control) made one aggregation call');

select tests.authenticate_as('mentor.a@fixture.example');
select is((select count(*)::int from public.get_metric_snapshot(tests.organisation_id('A'), '2026-01-01', '2026-06-30')), 1,
  'get returns the cached snapshot');
select tests.clear_authentication();
select is(pg_temp.aggregation_calls(), 1::bigint, 'the cache hit made zero aggregation calls: the count is still one');

select * from finish();
rollback;
