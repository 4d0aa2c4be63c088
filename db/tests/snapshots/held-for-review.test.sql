-- Entries held for review leave the figures and come back as a coordinator
-- confirms them; editing a confirmed entry or changing the limits moves them
-- again, and the day partials follow each change (rule-case fixture, C16..C18).
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
\ir ../../fixtures/rule-cases-fixture.sql
select plan(23);

-- The organisation's H2 figures as its coordinator computes them.
create function pg_temp.figures() returns jsonb language plpgsql volatile as $$
declare result jsonb;
begin
  perform tests.authenticate_as('coordinator.c@fixture.example');
  result := public.compute_bufdir_metrics(tests.organisation_id('C'), '2026-07-01', '2026-12-31');
  perform tests.clear_authentication();
  return result;
end
$$;
-- Each of the figures that differs from the oracle's (null: none).
create function pg_temp.differences() returns text language sql volatile as $$
  select string_agg(format('%s %s vs %s', f.figure, f.persisted_value, f.recomputed_value), '; ')
  from private.figure_differences(
    private.compute_metrics(org_id => tests.organisation_id('C'), period_start => '2026-07-01', period_end => '2026-12-31'),
    tests.compute_metrics_oracle(tests.organisation_id('C'), '2026-07-01', '2026-12-31')) f
$$;
create function pg_temp.refresh() returns integer language sql volatile as $$
  select private.refresh_day_partials(org_id => tests.organisation_id('C'), period_start => '2026-07-01', period_end => '2026-12-31')
$$;
create function pg_temp.stale() returns date[] language sql stable as $$
  select private.stale_days(org_id => tests.organisation_id('C'), period_start => '2026-07-01', period_end => '2026-12-31', rule_version => '2026.1')
$$;
create function pg_temp.summary(figures jsonb) returns text language sql immutable as $$
  select format('days %s, activities %s, minutes %s, participants %s, held %s',
                figures #>> '{totals,activity_days}', figures #>> '{totals,activities_total}', figures #>> '{totals,minutes_total}',
                figures #>> '{totals,unique_participants}', figures #>> '{entries_left_out_by_reason,held_for_review}')
$$;

-- Before: C16 and C18 held, C17 (confirmed) counts; the partials stored.
select is(pg_temp.summary(pg_temp.figures()), 'days 1, activities 1, minutes 240, participants 1, held 2',
  'before: C17 counts, C16 and C18 are held out of every figure');
select cmp_ok(pg_temp.refresh(), '>', 0, 'the refresh stores the period''s days');
select is(pg_temp.stale(), '{}'::date[], 'no day is stale');
select is(pg_temp.differences(), null, 'from the partials, the oracle''s figures');

-- As coordinator.c: the held entries are listed, and C16 is confirmed.
select tests.authenticate_as('coordinator.c@fixture.example');
select is(array(select h.activity_id from public.list_held_activities(tests.organisation_id('C'), '2026-07-01', '2026-12-31') h),
  array[tests.activity_id('C16'), tests.activity_id('C18')]::uuid[],
  'the coordinator sees C16 and C18 held');
select is((public.confirm_activity(tests.organisation_id('C'), tests.activity_id('C16'))).exceeded_limits,
  '{minutes_per_activity}'::text[], 'the coordinator confirms C16, above the minutes limit');
select tests.clear_authentication();
select is(pg_temp.stale(), '{2026-09-01}'::date[], 'the confirmation makes C16''s day stale');
select is(pg_temp.summary(pg_temp.figures()), 'days 2, activities 2, minutes 480, participants 1, held 1',
  'after the confirmation: C16 counts (one more activity-day and activity, 240 more minutes, one held fewer)');
select is(pg_temp.differences(), null, 'with that day stale, the oracle''s figures');
select is(pg_temp.refresh(), 1, 'the refresh rebuilds that one day');
select is(pg_temp.differences(), null, 'after the rebuild, the oracle''s figures');

-- C16 edited upwards: its confirmation is cleared and it is held again.
update public.activities set duration_minutes = 250
where org_id = tests.organisation_id('C') and id = tests.activity_id('C16');
select is((select a.review_confirmed_at from public.activities a
           where a.org_id = tests.organisation_id('C') and a.id = tests.activity_id('C16')),
  null, 'editing the confirmed C16 upwards clears its confirmation');
select is(pg_temp.stale(), '{2026-09-01}'::date[], 'the edit makes C16''s day stale');
select is(pg_temp.summary(pg_temp.figures()), 'days 1, activities 1, minutes 240, participants 1, held 2',
  'after the edit: C16 is held again');
select is(pg_temp.refresh(), 1, 'the refresh rebuilds that one day');
select is(pg_temp.differences(), null, 'after the rebuild, the oracle''s figures');

-- The limits raised to 300 minutes: C16 (250) and C18 (300) are within them.
update public.organisation_review_limits set max_minutes_per_activity = 300
where org_id = tests.organisation_id('C');
select is(pg_temp.stale(), '{2026-09-01,2026-09-02,2026-09-03}'::date[], 'changing the limits makes every day of the period stale');
select is(pg_temp.summary(pg_temp.figures()), 'days 3, activities 3, minutes 790, participants 2, held 0',
  'after raising the limits: nothing is held, C16 C17 C18 count');
select is(pg_temp.refresh(), 3, 'the refresh rebuilds those days');
select is(pg_temp.differences(), null, 'after the rebuild, the oracle''s figures');

-- A mentor cannot confirm an entry: refused, nothing changed.
update public.organisation_review_limits set max_minutes_per_activity = 180
where org_id = tests.organisation_id('C');
select tests.fingerprint('public.activities') as before \gset
select tests.authenticate_as('mentor2.c@fixture.example');
select is(tests.outcome($$select public.confirm_activity(tests.organisation_id('C'), tests.activity_id('C18'))$$),
  'error:42501', 'a mentor cannot confirm their own held entry');
select tests.clear_authentication();
select is(tests.fingerprint('public.activities'), :'before', 'after the refused confirmation, no activity changed');
select is(pg_temp.summary(pg_temp.figures()), 'days 1, activities 1, minutes 240, participants 1, held 2',
  'and C16 and C18 are held again under the old limits');

select * from finish();
rollback;
