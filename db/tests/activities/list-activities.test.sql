-- list_activities is one set-based query: it answers every caller exactly what
-- reading each visible activity with hidden.activity_registration() answers (the
-- same rows, columns, sorted ids and order, under the same row-level security),
-- without calling that function once per row.
-- Fixture: organisation A …a000-00000000000a (21 activities, a14 soft-deleted);
-- mentor.a …b001, mentor.ab …b003 (also in B), pending.a …b005, coordinator.a
-- …b006; a co-mentored entry (a10, a11) and entries with several participants.
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
select plan(12);

-- The answer row by row, as list_activities gave it before it became one query.
create function pg_temp.row_by_row(org uuid, first date, last date) returns setof public.activity_registration
language sql stable as $$
  select r.*
  from public.activities a
  cross join lateral hidden.activity_registration(a.org_id, a.id) r
  where a.org_id = org and a.activity_date between first and last and a.deleted_at is null
  order by a.activity_date, a.created_at, a.id
$$;
grant execute on function pg_temp.row_by_row(uuid, date, date) to authenticated, service_role;

select tests.authenticate_as('coordinator.a@fixture.example');
select results_eq(
  $$select * from public.list_activities(tests.organisation_id('A'), '2026-01-01', '2026-12-31')$$,
  $$select * from pg_temp.row_by_row(tests.organisation_id('A'), '2026-01-01', '2026-12-31')$$,
  'a coordinator gets every live activity of A, as read row by row, in the same order');
select is((select count(*)::int from public.list_activities(tests.organisation_id('A'), '2026-01-01', '2026-12-31')), 19,
  '... that is the 19 live ones of 2026 (the soft-deleted a14 is left out)');
select is((select mentor_ids from public.list_activities(tests.organisation_id('A'), '2026-03-19', '2026-03-19')),
  array[tests.user_id('dual@fixture.example'), tests.user_id('mentor.ab@fixture.example')]::uuid[],
  '... with a co-mentored entry''s mentor ids sorted');
select is((select participant_ids from public.list_activities(tests.organisation_id('A'), '2026-03-12', '2026-03-12')),
  array[tests.contact_id('a01'), tests.contact_id('a02'), tests.contact_id('a03')]::uuid[],
  '... and its participant ids sorted');
select is((select participant_ids from public.list_activities(tests.organisation_id('A'), '2026-04-09', '2026-04-09')),
  '{}'::uuid[], '... and an entry without known participants has an empty list, not null');

select tests.authenticate_as('mentor.a@fixture.example');
select results_eq(
  $$select * from public.list_activities(tests.organisation_id('A'), '2026-01-01', '2026-12-31')$$,
  $$select * from pg_temp.row_by_row(tests.organisation_id('A'), '2026-01-01', '2026-12-31')$$,
  'a mentor gets what they may read, as read row by row');
select is((select count(*)::int from public.list_activities(tests.organisation_id('A'), '2026-01-01', '2026-12-31')), 13,
  '... that is their 13 live entries of A in 2026, proxy and bulk entries they took part in among them');

select tests.authenticate_as('mentor.ab@fixture.example');
select results_eq(
  $$select * from public.list_activities(tests.organisation_id('A'), '2026-01-01', '2026-12-31')$$,
  $$select * from pg_temp.row_by_row(tests.organisation_id('A'), '2026-01-01', '2026-12-31')$$,
  'a co-mentor gets the entries they took part in with all their mentors, as read row by row');

select tests.authenticate_as('pending.a@fixture.example');
select results_eq(
  $$select * from public.list_activities(tests.organisation_id('A'), '2026-01-01', '2026-12-31')$$,
  $$select * from pg_temp.row_by_row(tests.organisation_id('A'), '2026-01-01', '2026-12-31')$$,
  'a pending mentor gets their own entry with its links, as read row by row');

select tests.authenticate_as_service_role();
select results_eq(
  $$select * from public.list_activities(tests.organisation_id('A'), '2026-01-01', '2026-12-31')$$,
  $$select * from pg_temp.row_by_row(tests.organisation_id('A'), '2026-01-01', '2026-12-31')$$,
  'the service role gets every live activity, as read row by row');
select tests.clear_authentication();

-- Calls made in this transaction, as the statistics system counts them.
set local track_functions = 'all';
create function pg_temp.registration_calls() returns bigint language sql as $$
  select coalesce((select calls from pg_stat_xact_user_functions where schemaname = 'hidden' and funcname = 'activity_registration'), 0)
$$;
select pg_temp.registration_calls() as calls_before \gset
select tests.authenticate_as('coordinator.a@fixture.example');
select is((select count(*)::int from public.list_activities(tests.organisation_id('A'), '2026-01-01', '2026-12-31')), 19,
  'a coordinator lists the 19 live activities of A in 2026 again');
select tests.clear_authentication();
select is(pg_temp.registration_calls(), :'calls_before'::bigint,
  '... without a single call of hidden.activity_registration (no function call per row)');

select * from finish();
rollback;
