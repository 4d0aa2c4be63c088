-- Rule logic is versioned: a snapshot recomputes to the figures it was made with
-- after a later rule version changes the logic, and new periods use the new
-- logic. The later versions and their logic exist only in this rolled-back
-- transaction: rule 5 as "only a mentor's first entry of the day is new" (logic 2),
-- made the way db/fixtures/README.md ("Changing a counting rule") says.
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
\ir ../../fixtures/rule-cases-fixture.sql
select plan(22);

-- Two entries of mentor1.c on one H2 day, the second naming a contact the first
-- did not: under logic 1 both count (rule 5), under logic 2 only the first.
insert into public.activities
  (org_id, id, kind, activity_date, duration_minutes, anonymous_participants,
   municipality_code, municipality_code_version, in_norway, registration_path, registered_by, created_at)
values
  (tests.organisation_id('C'), '00000000-0000-4000-d000-00000000cf01', 'in_person_outreach', '2026-10-05', 60, 0,
   '4601', '2024', true, 'direct', tests.user_id('mentor1.c@fixture.example'), '2026-10-05 10:00+02'),
  (tests.organisation_id('C'), '00000000-0000-4000-d000-00000000cf02', 'in_person_outreach', '2026-10-05', 60, 0,
   '4601', '2024', true, 'direct', tests.user_id('mentor1.c@fixture.example'), '2026-10-05 11:00+02');
insert into public.activity_mentors (org_id, activity_id, mentor_id) values
  (tests.organisation_id('C'), '00000000-0000-4000-d000-00000000cf01', tests.user_id('mentor1.c@fixture.example')),
  (tests.organisation_id('C'), '00000000-0000-4000-d000-00000000cf02', tests.user_id('mentor1.c@fixture.example'));
insert into public.activity_participants (org_id, activity_id, contact_id) values
  (tests.organisation_id('C'), '00000000-0000-4000-d000-00000000cf01', tests.contact_id('c01')),
  (tests.organisation_id('C'), '00000000-0000-4000-d000-00000000cf02', tests.contact_id('c02'));

create function pg_temp.as_coordinator(query text) returns text language plpgsql volatile as $$
declare result text;
begin
  perform tests.authenticate_as('coordinator.c@fixture.example');
  execute query into result;
  perform tests.clear_authentication();
  return result;
end
$$;
create function pg_temp.snapshot_days(period_start date) returns int language sql stable as $$
  select (s.snapshot_json #>> '{totals,activity_days}')::int from public.bufdir_metric_snapshots s
  where s.org_id = tests.organisation_id('C') and s.period_start = snapshot_days.period_start
$$;
create function pg_temp.status(period_start date, period_end date) returns public.metric_snapshot_status language plpgsql volatile as $$
declare result public.metric_snapshot_status;
begin
  perform tests.authenticate_as('coordinator.c@fixture.example');
  result := public.metric_snapshot_status(tests.organisation_id('C'), status.period_start, status.period_end);
  perform tests.clear_authentication();
  return result;
end
$$;
create function pg_temp.differences(period_start date, period_end date) returns text language plpgsql volatile as $$
declare result text;
begin
  perform tests.authenticate_as('coordinator.c@fixture.example');
  select coalesce(string_agg(v.figure, ', '), 'none') into result
  from public.verify_metric_snapshot(tests.organisation_id('C'), differences.period_start, differences.period_end) v;
  perform tests.clear_authentication();
  return result;
end
$$;
create function pg_temp.figures(period_start date, period_end date) returns jsonb language plpgsql volatile as $$
declare result jsonb;
begin
  perform tests.authenticate_as('coordinator.c@fixture.example');
  result := public.compute_bufdir_metrics(tests.organisation_id('C'), figures.period_start, figures.period_end);
  perform tests.clear_authentication();
  return result;
end
$$;

-- Snapshots of both halves under rules 2026.1 (logic 1).
do $$
begin
  perform pg_temp.as_coordinator($q$select public.refresh_metric_snapshot(tests.organisation_id('C'), '2026-01-01', '2026-06-30')$q$);
  perform pg_temp.as_coordinator($q$select public.refresh_metric_snapshot(tests.organisation_id('C'), '2026-07-01', '2026-12-31')$q$);
end
$$;
select is(pg_temp.snapshot_days('2026-01-01'), 8, 'H1 under 2026.1: 8 activity-days (C12 and C14 count, each new for a mentor)');
select is(pg_temp.snapshot_days('2026-07-01'), 3, 'H2 under 2026.1: 3 activity-days (C17 and both entries of 2026-10-05)');

-- A later rule version with new logic, test only: the code gains a branch on
-- logic_version in rule 5's test (the old branch stays) and says it implements
-- logic 2; the new version names it and is in force from 2026-07-01. The
-- branch is made in private.figure_parts' own text, where rule 5's test is
-- stated once, as a change to it would be.
create function pg_temp.rule5_logic_1() returns text language sql immutable as $$
  select 'r.rank = 1 or (r.mentor_id, r.day, r.rank) in (select n.mentor_id, n.day, n.rank from rule5_first_mentions n) as new'
$$;
select is((select (length(d) - length(replace(d, pg_temp.rule5_logic_1(), ''))) / length(pg_temp.rule5_logic_1())
           from pg_get_functiondef('private.figure_parts(uuid, date[], public.bufdir_counting_rules, boolean, uuid[], boolean, boolean)'::regprocedure) d),
  1, 'rule 5''s test is stated once in private.figure_parts, where the branch goes');
do $$
begin
  execute replace(
    pg_get_functiondef('private.figure_parts(uuid, date[], public.bufdir_counting_rules, boolean, uuid[], boolean, boolean)'::regprocedure),
    pg_temp.rule5_logic_1(),
    'case when (figure_parts.rules).logic_version >= 2 then r.rank = 1 else '
      || replace(pg_temp.rule5_logic_1(), ' as new', '') || ' end as new');
end
$$;
create or replace function private.latest_counting_logic() returns integer
  language sql immutable parallel safe set search_path = pg_catalog, pg_temp return 2;
insert into public.bufdir_counting_rules
  (version, valid_from, counting_kinds, outreach_min_participants, group_min_participants, group_min_minutes,
   course_min_minutes, require_in_norway, description, max_minutes_per_activity, max_minutes_per_mentor_day,
   max_anonymous_participants, max_known_participants, logic_version)
select '2026.2', '2026-07-01', r.counting_kinds, r.outreach_min_participants, r.group_min_participants, r.group_min_minutes,
       r.course_min_minutes, r.require_in_norway, 'Test only: a mentor''s day counts its first entry alone.',
       r.max_minutes_per_activity, r.max_minutes_per_mentor_day, r.max_anonymous_participants, r.max_known_participants, 2
from public.bufdir_counting_rules r where r.version = '2026.1';

select is(tests.outcome($$insert into public.bufdir_counting_rules
    (version, valid_from, counting_kinds, outreach_min_participants, group_min_participants, group_min_minutes,
     course_min_minutes, require_in_norway, description, logic_version)
  values ('2026.9', '2026-11-01', '{in_person_outreach}', 1, 3, 45, 90, true, 'x', 3)$$), 'error:23514',
  'a rule version naming a logic the code does not implement is refused');

-- The day partials of H2 are stored again under the version now in force, so a
-- recomputation under 2026.1 cannot lean on partials made with logic 1.
select is(private.refresh_day_partials(org_id => tests.organisation_id('C'), period_start => '2026-07-01', period_end => '2026-12-31') > 0,
  true, 'the H2 day partials are stored again under 2026.2');
select is((select array_agg(distinct p.rule_version) from private.day_partials p
           where p.org_id = tests.organisation_id('C') and p.day between '2026-07-01' and '2026-12-31'),
  array['2026.2'], 'every H2 day partial is of 2026.2');

-- The old snapshot of a period the new version does not reach: fresh, verified, exported.
select is((pg_temp.status('2026-01-01', '2026-06-30')).is_stale, false, 'the H1 snapshot is not stale');
select is((pg_temp.status('2026-01-01', '2026-06-30')).rule_version_in_force, '2026.1', 'H1 is still read under 2026.1');
select is(pg_temp.differences('2026-01-01', '2026-06-30'), 'none', 'the H1 snapshot verifies');
select is(pg_temp.as_coordinator($$select tests.outcome($q$select public.export_bufdir_report(tests.organisation_id('C'), '2026-01-01', '2026-06-30')$q$)$$),
  'ok:1', 'the H1 snapshot exports without a refresh');

-- The old snapshot of a period the new version reaches: stale for that stated
-- reason, and still recomputed to what it says under its own version.
select is((pg_temp.status('2026-07-01', '2026-12-31')).reasons, array['rules_changed'],
  'the H2 snapshot made under 2026.1 is stale for one reason: the rules changed');
select is(pg_temp.differences('2026-07-01', '2026-12-31'), 'none',
  'the H2 snapshot verifies: recomputed under 2026.1, logic 1, from the raw entries');
select is(pg_temp.as_coordinator($$select tests.outcome($q$select public.export_bufdir_report(tests.organisation_id('C'), '2026-07-01', '2026-12-31')$q$)$$),
  'error:BF003', 'its export without a refresh is refused as stale');

-- The new period under the new logic.
select is(pg_temp.figures('2026-07-01', '2026-12-31') ->> 'rule_version', '2026.2', 'H2 is now computed under 2026.2');
select is((pg_temp.figures('2026-07-01', '2026-12-31') #>> '{totals,activity_days}')::int, 2,
  'H2 under 2026.2: 2 activity-days (the second entry of 2026-10-05 names a new contact, which logic 2 does not count)');
select is(pg_temp.as_coordinator($$select v.verdict::text || ' ' || v.rule_version
    from public.explain_activity(tests.organisation_id('C'), '00000000-0000-4000-d000-00000000cf02') v$$),
  'same_day_repeat 2026.2', 'the second entry of the day is explained as a same-day repeat under 2026.2');
select is(pg_temp.as_coordinator($$select (public.refresh_metric_snapshot(tests.organisation_id('C'), '2026-07-01', '2026-12-31')).rule_version$$),
  '2026.2', 'refreshed, the H2 snapshot is of 2026.2');
select is(pg_temp.snapshot_days('2026-07-01'), 2, 'and says 2 activity-days');
select is(pg_temp.differences('2026-07-01', '2026-12-31'), 'none', 'and verifies');

-- A version in force from the start of H1 (retroactive), test only: the H1
-- snapshot turns stale for that reason, recomputes as made under 2026.1, and a
-- new computation of H1 uses logic 2.
insert into public.bufdir_counting_rules
  (version, valid_from, counting_kinds, outreach_min_participants, group_min_participants, group_min_minutes,
   course_min_minutes, require_in_norway, description, max_minutes_per_activity, max_minutes_per_mentor_day,
   max_anonymous_participants, max_known_participants, logic_version)
select '2026.3', '2026-01-01', r.counting_kinds, r.outreach_min_participants, r.group_min_participants, r.group_min_minutes,
       r.course_min_minutes, r.require_in_norway, 'Test only: logic 2 from the start of 2026.',
       r.max_minutes_per_activity, r.max_minutes_per_mentor_day, r.max_anonymous_participants, r.max_known_participants, 2
from public.bufdir_counting_rules r where r.version = '2026.2';
do $$
begin
  perform private.refresh_day_partials(org_id => tests.organisation_id('C'), period_start => '2026-01-01', period_end => '2026-06-30');
end
$$;
select is((pg_temp.status('2026-01-01', '2026-06-30')).reasons, array['rules_changed'],
  'the H1 snapshot is stale for one reason: a version in force for its period since');
select is(pg_temp.differences('2026-01-01', '2026-06-30'), 'none', 'the H1 snapshot still verifies under its own 2026.1');
select is((pg_temp.figures('2026-01-01', '2026-06-30') #>> '{totals,activity_days}')::int, 6,
  'H1 computed now, under 2026.3: 6 activity-days (C12 and C14 are not their mentors'' first of 2026-02-10)');

select * from finish();
rollback;
