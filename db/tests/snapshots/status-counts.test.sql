-- metric_snapshot_status gives a mentor no organisation-wide count:
-- record_count_now (the organisation's live activities of the period, askable
-- for any single day) is null for mentors; coordinators, admins and the service
-- role get it. Everyone still learns whether the snapshot is there and stale.
-- Fixture: organisation A …a000-00000000000a, 18 live activities in 2026-H1, one
-- on 2026-01-15 … three (a02, a03, a04).
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
select plan(9);

create function pg_temp.status(first date, last date) returns public.metric_snapshot_status language sql as $$
  select s from public.metric_snapshot_status(tests.organisation_id('A'), first, last) s
$$;
grant execute on function pg_temp.status(date, date) to authenticated, service_role;

select tests.authenticate_as('mentor.a@fixture.example');
select is((pg_temp.status('2026-01-15', '2026-01-15')).record_count_now, null::bigint,
  'a mentor does not learn how many activities the organisation has on one day');
select is((pg_temp.status('2026-01-01', '2026-06-30')).record_count_now, null::bigint,
  '... nor in a half-year');
select is((pg_temp.status('2026-01-01', '2026-06-30')).reasons, array['missing'],
  '... but learns that there is no snapshot yet');

select tests.authenticate_as('coordinator.a@fixture.example');
select is((pg_temp.status('2026-01-15', '2026-01-15')).record_count_now, 3::bigint,
  'a coordinator sees the 3 live activities of 2026-01-15');
select lives_ok($$select public.refresh_metric_snapshot(tests.organisation_id('A'), '2026-01-01', '2026-06-30')$$,
  'a coordinator refreshes H1');
select is((pg_temp.status('2026-01-01', '2026-06-30')).record_count_now, 18::bigint, '... and sees the 18 live activities of H1');

select tests.authenticate_as('admin.a@fixture.example');
select is((pg_temp.status('2026-01-01', '2026-06-30')).record_count_now, 18::bigint, 'an admin sees them too');

select tests.authenticate_as('mentor.a@fixture.example');
select is((pg_temp.status('2026-01-01', '2026-06-30')).is_stale, false, 'a mentor learns that the snapshot is fresh');

select tests.authenticate_as_service_role();
select is((pg_temp.status('2026-01-01', '2026-06-30')).record_count_now, 18::bigint, 'the service role sees the count');

select * from finish();
rollback;
