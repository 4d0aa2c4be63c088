-- The fixture loads cleanly and holds what db/fixtures/README.md describes.
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
select plan(9);

select results_eq($$select org_id::text, count(*)::int from public.members group by 1 order by 1$$,
  $$values ('00000000-0000-4000-a000-00000000000a', 7), ('00000000-0000-4000-a000-00000000000b', 5), ('00000000-0000-4000-a000-00000000000c', 4)$$,
  'A has 7 members, B 5 and C 4');
select results_eq($$select org_id::text, count(*)::int from public.activities group by 1 order by 1$$,
  $$values ('00000000-0000-4000-a000-00000000000a', 21), ('00000000-0000-4000-a000-00000000000b', 3), ('00000000-0000-4000-a000-00000000000c', 15)$$,
  'A has 21 activities (A01..A21), B 3 and C 15 (C01..C15)');
select is((select count(*)::int from public.activities where deleted_at is not null), 1, 'one activity is soft-deleted (A14)');
select results_eq($$select registration_path::text, count(*)::int from public.activities group by 1 order by 1$$,
  $$values ('bulk', 1), ('direct', 34), ('proxy', 4)$$,
  'every registration path is present: bulk A15, proxy A06 (twin of A05), A20, C04 and C06 (twin of C07)');
select is((select count(*)::int from public.activity_mentors), 43, 'activities name 43 mentors in all');
select is((select count(*)::int from public.activity_participants), 39, 'activities name 39 participants in all');
select is(
  (select count(distinct org_id)::int from public.members where user_id = '00000000-0000-4000-b000-000000000003'),
  2, 'mentor.ab is a mentor in both organisations');

\set figures_csv `cat db/fixtures/expected-figures.csv`
select is(tests.load_expected_figures(:'figures_csv'), 95, 'the hand-worked table loads 95 figures');
select is((select count(*)::int from tests.expected_figures where rule = ''), 0, 'every figure names the rule behind it');

select * from finish();
rollback;
