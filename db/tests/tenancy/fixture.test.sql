-- The fixture loads cleanly and holds what db/fixtures/README.md describes.
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
select plan(9);

select results_eq($$select org_id::text, count(*)::int from public.members group by 1 order by 1$$,
  $$values (tests.organisation_id('A')::text, 7), (tests.organisation_id('B')::text, 5)$$,
  'A has 7 members and B 5');
select results_eq($$select org_id::text, count(*)::int from public.activities group by 1 order by 1$$,
  $$values (tests.organisation_id('A')::text, 21), (tests.organisation_id('B')::text, 3)$$,
  'A has 21 activities (A01..A21) and B 3');
select is((select count(*)::int from public.activities where deleted_at is not null), 1, 'one activity is soft-deleted (A14)');
select results_eq($$select registration_path::text, count(*)::int from public.activities group by 1 order by 1$$,
  $$values ('bulk', 1), ('direct', 21), ('proxy', 2)$$,
  'every registration path is present: bulk A15, proxy A06 (twin of A05) and A20');
select is((select count(*)::int from public.activity_mentors), 26, 'activities name 26 mentors in all');
select is((select count(*)::int from public.activity_participants), 27, 'activities name 27 participants in all');
select is(
  (select count(distinct org_id)::int from public.members where user_id = tests.user_id('mentor.ab@fixture.example')),
  2, 'mentor.ab is a mentor in both organisations');

\set figures_csv `cat db/fixtures/expected-figures.csv`
select is(tests.load_expected_figures(:'figures_csv'), 106, 'the hand-worked table loads 106 figures');
select is((select count(*)::int from tests.expected_figures where rule = ''), 0, 'every figure names the rule behind it');

select * from finish();
rollback;
