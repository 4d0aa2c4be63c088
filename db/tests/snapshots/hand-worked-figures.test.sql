-- The aggregation reproduces every figure of db/fixtures/expected-figures.csv,
-- worked out by hand from the counting rules before the aggregation was written.
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
\ir ../../fixtures/rule-cases-fixture.sql
\set figures_csv `cat db/fixtures/expected-figures.csv`
select plan(109);

select is(tests.load_expected_figures(:'figures_csv'), 106, 'the hand-worked table holds 106 figures');

-- One assertion per hand-worked figure: "org / mentor / period / metric = value (rule)".
select is(
  private.compute_metrics(org_id => e.org_id, period_start => e.period_start, period_end => e.period_end, mentor_id => e.mentor_id)
    #>> case when e.metric like '%.%' then string_to_array(e.metric, '.') else array['totals', e.metric] end,
  e.value,
  format('%s%s %s..%s %s = %s (%s)',
         case e.org_id when tests.organisation_id('A') then 'A' when tests.organisation_id('B') then 'B' else 'C' end,
         coalesce(' mentor ' || right(e.mentor_id::text, 2), ''),
         e.period_start, e.period_end, e.metric, e.value, e.rule))
from tests.expected_figures e
order by e.org_id, e.mentor_id nulls first, e.period_start, e.metric;

-- Shape: every counting kind, every kind and path, every month of the period is present.
select is(
  (select array_agg(k order by k) from jsonb_object_keys(
     private.compute_metrics(org_id => tests.organisation_id('A'), period_start => '2026-01-01', period_end => '2026-06-30') -> 'activity_days_by_month') k),
  array['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'],
  'a half-year has one month entry per month, zeros included');
select is(
  private.compute_metrics(org_id => tests.organisation_id('B'), period_start => '2026-01-01', period_end => '2026-06-30') -> 'activities_by_kind',
  '{"other": 0, "group_meeting": 1, "mentor_course": 0, "phone_or_digital": 0, "in_person_outreach": 1}'::jsonb,
  'every activity kind is listed, zeros included');

select * from finish();
rollback;
