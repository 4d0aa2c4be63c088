-- Every entry's verdict comes from the aggregation's own classification, so the
-- explanation and the figures agree: counting the entries by verdict gives the
-- figures' activity-days (in total, by kind and by month), activities, merged
-- duplicates, non-counting activities and entries left out by reason, for the
-- organisation and for each mentor (rule 7). Checked on the hand-worked fixture
-- (each verdict as its table in db/fixtures/README.md states it) and on generated
-- organisations over many periods. The seed comes from AGGREGATION_SEED when
-- set, else from the clock; every assertion names it.
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
\ir ../../fixtures/rule-cases-fixture.sql
\set chosen_seed ''
\getenv chosen_seed AGGREGATION_SEED
select coalesce(nullif(:'chosen_seed', ''), (extract(microseconds from clock_timestamp())::int % 1000000)::text) as seed \gset
select plan(2 + 1 + 6 + 1 + 2 * 24 + 1);

-- The figures a set of verdicts implies, in the figures' own keys; and the same
-- keys taken from the figures.
create function pg_temp.figures_of_verdicts(verdicts public.activity_verdict[], mentor_id uuid)
returns jsonb language sql stable as $$
  with v as (
    select x.* from unnest(verdicts) x
    where x.verdict <> 'deleted'
      and (mentor_id is null or exists (select from public.activity_mentors am
                                        where am.org_id = x.org_id and am.activity_id = x.activity_id
                                          and am.mentor_id = figures_of_verdicts.mentor_id))
  )
  select jsonb_build_object(
    'activity_days', (select count(*) from v where v.counts),
    'activities_total', (select count(*) from v where v.verdict not in ('merged_proxy_twin', 'no_active_mentor', 'held_for_review')),
    'activities_non_counting', (select count(*) from v where v.verdict in
                                  ('kind_not_counted', 'abroad', 'too_few_participants', 'too_short', 'same_day_repeat')),
    'proxy_duplicates_merged', (select count(*) from v where v.verdict = 'merged_proxy_twin'),
    'no_active_mentor', (select count(*) from v where v.verdict = 'no_active_mentor'),
    'held_for_review', (select count(*) from v where v.verdict = 'held_for_review'),
    'activity_days_by_kind', (select coalesce(jsonb_object_agg(k.kind, k.n), '{}') from (
        select v.kind, count(*) as n from v where v.counts group by v.kind) k),
    'activity_days_by_month', (select coalesce(jsonb_object_agg(m.month, m.n), '{}') from (
        select to_char(v.activity_date, 'YYYY-MM') as month, count(*) as n from v where v.counts group by 1) m))
$$;
create function pg_temp.figures_compared(figures jsonb)
returns jsonb language sql immutable as $$
  select jsonb_build_object(
    'activity_days', (figures #>> '{totals,activity_days}')::bigint,
    'activities_total', (figures #>> '{totals,activities_total}')::bigint,
    'activities_non_counting', (figures #>> '{totals,activities_non_counting}')::bigint,
    'proxy_duplicates_merged', (figures #>> '{totals,proxy_duplicates_merged}')::bigint,
    'no_active_mentor', (figures #>> '{entries_left_out_by_reason,no_active_mentor}')::bigint,
    'held_for_review', (figures #>> '{entries_left_out_by_reason,held_for_review}')::bigint,
    'activity_days_by_kind', (select coalesce(jsonb_object_agg(k.key, k.value::bigint), '{}')
                              from jsonb_each_text(figures -> 'activity_days_by_kind') k where k.value::bigint > 0),
    'activity_days_by_month', (select coalesce(jsonb_object_agg(k.key, k.value::bigint), '{}')
                               from jsonb_each_text(figures -> 'activity_days_by_month') k where k.value::bigint > 0))
$$;
-- For one organisation and period, as the service role: the organisation's and
-- every mentor's differences between the verdicts' figures and the
-- aggregation's (null when none).
create function pg_temp.disagreements(org_id uuid, period_start date, period_end date)
returns text language plpgsql volatile as $$
declare
  verdicts public.activity_verdict[];
  result text;
begin
  perform tests.authenticate_as_service_role();
  verdicts := array(select v from public.explain_activities(disagreements.org_id, disagreements.period_start, disagreements.period_end) v);
  perform tests.clear_authentication();
  select string_agg(coalesce(f.mentor_id::text, '(organisation)') || ': verdicts ' || pg_temp.figures_of_verdicts(verdicts, f.mentor_id)::text
                    || ' figures ' || pg_temp.figures_compared(f.figures)::text, '; ' order by f.mentor_id nulls first)
  into result
  from private.aggregate_figures(org_id => disagreements.org_id, period_start => disagreements.period_start, period_end => disagreements.period_end, every_mentor => true, mentor_ids => '{}') f
  where pg_temp.figures_of_verdicts(verdicts, f.mentor_id) <> pg_temp.figures_compared(f.figures);
  return result;
end
$$;

-- The hand-worked table of db/fixtures/README.md, entry by entry.
select tests.authenticate_as_service_role();
select results_eq(
  $$select right(v.activity_id::text, 3), v.counts, v.verdict::text, coalesce(v.inactive_mentor::text, ''), coalesce(right(v.merged_into::text, 3), '')
    from public.explain_activities(tests.organisation_id('A'), '2026-01-01', '2026-06-30') v$$,
  $$values ('a01', true, 'counts', '', ''),
           ('a02', true, 'counts', '', ''), ('a03', false, 'same_day_repeat', '', ''), ('a04', true, 'counts', '', ''),
           ('a05', true, 'counts', '', ''), ('a06', false, 'merged_proxy_twin', '', 'a05'),
           ('a07', false, 'kind_not_counted', '', ''),
           ('a21', false, 'no_active_mentor', 'pending_approval', ''),
           ('a08', false, 'too_few_participants', '', ''), ('a09', false, 'too_short', '', ''), ('a10', true, 'counts', '', ''),
           ('a11', true, 'counts', '', ''), ('a12', false, 'too_short', '', ''),
           ('a13', false, 'no_active_mentor', 'outside_active_period', ''),
           ('a14', false, 'deleted', '', ''), ('a19', false, 'abroad', '', ''), ('a15', true, 'counts', '', ''),
           ('a20', true, 'counts', '', ''), ('a16', true, 'counts', '', '')$$,
  'organisation A, 2026-H1: each entry''s verdict is the one worked out by hand (rules 1-5), by date and registration');
select results_eq(
  $$select right(v.activity_id::text, 3), v.counts, v.verdict::text, coalesce(right(v.merged_into::text, 3), '')
    from public.explain_activities(tests.organisation_id('C'), '2026-01-01', '2026-12-31') v$$,
  $$values ('c15', true, 'counts', ''), ('c11', true, 'counts', ''), ('c12', true, 'counts', ''),
           ('c13', false, 'same_day_repeat', ''), ('c14', true, 'counts', ''),
           ('c01', true, 'counts', ''), ('c02', true, 'counts', ''), ('c03', false, 'same_day_repeat', ''),
           ('c04', true, 'counts', ''), ('c05', false, 'abroad', ''),
           ('c06', false, 'merged_proxy_twin', 'c07'), ('c08', false, 'same_day_repeat', ''), ('c07', true, 'counts', ''),
           ('c09', false, 'no_active_mentor', ''), ('c10', false, 'no_active_mentor', ''),
           ('c16', false, 'held_for_review', ''), ('c17', true, 'counts', ''), ('c18', false, 'held_for_review', '')$$,
  'organisation C, 2026: rule 5 per mentor, merged twins at their earliest place, no active mentor before held for review');
select results_eq(
  $$select v.verdict::text, v.entries
    from public.count_entries_by_verdict(tests.organisation_id('A'), '2026-01-01', '2026-06-30') v$$,
  $$values ('counts', 9::bigint), ('no_active_mentor', 2), ('held_for_review', 0), ('merged_proxy_twin', 1),
           ('kind_not_counted', 1), ('abroad', 1), ('too_few_participants', 1), ('too_short', 2),
           ('same_day_repeat', 1), ('deleted', 1)$$,
  'organisation A, 2026-H1: the entries by verdict, every verdict listed, zeros included');
select tests.clear_authentication();

-- The fixture's organisations: the verdicts' figures are the aggregation's.
select is(pg_temp.disagreements(o.org_id, p.period_start, p.period_end), null,
          format('fixture organisation %s, %s..%s: the verdicts give the figures, for the organisation and each mentor',
                 right(o.org_id::text, 1), p.period_start, p.period_end))
from (values (tests.organisation_id('A')), (tests.organisation_id('B')),
             (tests.organisation_id('C'))) o(org_id)
cross join (values (date '2026-01-01', date '2026-06-30'), (date '2026-07-01', date '2026-12-31')) p(period_start, period_end)
order by o.org_id, p.period_start;

-- The same for one activity: its own day classified.
select tests.authenticate_as_service_role();
select is((public.explain_activity(tests.organisation_id('C'), tests.activity_id('C08'))).verdict,
          'same_day_repeat',
          'one activity explained alone: C08 is still after C07, which took its merged twin C06''s place');
select tests.clear_authentication();

-- Generated organisations, many periods.
select tests.generate_organisation('00000000-0000-4000-a000-0000000000d1', :seed / 1000000.0, 400);
select tests.generate_organisation('00000000-0000-4000-a000-0000000000d2', (:seed + 1) % 1000000 / 1000000.0, 150, false);
select is(pg_temp.disagreements(p.org_id, p.period_start, p.period_end), null,
          format('seed %s: organisation %s, %s..%s: the verdicts give the figures, for the organisation and each mentor',
                 :seed, right(p.org_id::text, 2), p.period_start, p.period_end))
from (select o.org_id, c.period_start, c.period_end
      from (values ('00000000-0000-4000-a000-0000000000d1'::uuid), ('00000000-0000-4000-a000-0000000000d2'::uuid)) o(org_id)
      cross join tests.comparison_periods(:seed / 1000000.0) c) p
order by p.org_id, p.period_start, p.period_end;

-- Every verdict occurs in the fixture's and the generated organisations, so the
-- agreement above covers each rule step (an exact proxy twin is rare at random;
-- the fixture has two).
select tests.authenticate_as_service_role();
select is(
  (select array_agg(v.verdict order by v.verdict)
   from (select c.verdict, sum(c.entries) as entries
         from (values (tests.organisation_id('A')), (tests.organisation_id('C')),
                      ('00000000-0000-4000-a000-0000000000d1'), ('00000000-0000-4000-a000-0000000000d2')) o(org_id)
         cross join lateral public.count_entries_by_verdict(o.org_id, '2026-01-01', '2026-12-31') c
         group by c.verdict) v
   where v.entries = 0),
  null,
  format('seed %s: the organisations'' entries of 2026 hold every verdict', :seed));
select tests.clear_authentication();

select * from finish();
rollback;
