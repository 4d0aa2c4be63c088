-- The organisation's day partials always give the figures of a full
-- recomputation (the oracle of tests/support/30-metrics-oracle.sql), for many
-- periods, after inserts, edits, date moves, soft deletes, link changes, approval
-- and active-period changes, made in this same transaction; a refresh rebuilds
-- exactly the days that changed; the API roles cannot read them.
begin;
set local search_path = extensions, tests, public;
select plan(25);

select tests.generate_organisation('00000000-0000-4000-a000-0000000000e1', 0.4242, 300);

-- Every figure of every comparison period that differs from the oracle (null: none).
create function pg_temp.differences() returns text language sql volatile as $$
  select string_agg(format('%s..%s %s %s vs %s', p.period_start, p.period_end, f.figure, f.persisted_value, f.recomputed_value), '; ')
  from tests.comparison_periods(0.4242) p
  cross join lateral private.figure_differences(
    private.compute_metrics(org_id => '00000000-0000-4000-a000-0000000000e1', period_start => p.period_start, period_end => p.period_end),
    tests.compute_metrics_oracle('00000000-0000-4000-a000-0000000000e1', p.period_start, p.period_end)) f
$$;
create function pg_temp.refresh() returns integer language sql volatile as $$
  select private.refresh_day_partials(org_id => '00000000-0000-4000-a000-0000000000e1', period_start => '2025-12-01', period_end => '2027-04-30')
$$;
create function pg_temp.stale() returns date[] language sql stable as $$
  select private.stale_days(org_id => '00000000-0000-4000-a000-0000000000e1', period_start => '2025-12-01', period_end => '2027-04-30', rule_version => '2026.1')
$$;

select is(pg_temp.differences(), null, 'with no partials stored, every period gives the oracle''s figures');
select cmp_ok(pg_temp.refresh(), '>', 10, 'the first refresh stores every day with activities');
select is(pg_temp.refresh(), 0, 'a second refresh finds nothing to rebuild');
select is(pg_temp.stale(), '{}'::date[], 'no day is stale');
select is(pg_temp.differences(), null, 'from the partials alone, every period gives the oracle''s figures');
select is((select jsonb_object_agg(r.reason, coalesce((select sum(l.entries) from private.day_left_out l
                                                        where l.org_id = '00000000-0000-4000-a000-0000000000e1' and l.reason = r.reason), 0))
           from unnest(enum_range(null::public.left_out_reason)) r(reason)),
  tests.compute_metrics_oracle('00000000-0000-4000-a000-0000000000e1', '2025-12-01', '2027-04-30') -> 'entries_left_out_by_reason',
  'the partials keep, per day and reason, the entries left out for want of an active mentor and those held for review');

-- A new activity on a day that has others.
create temporary table moved as
select a.id, a.activity_date from public.activities a
where a.org_id = '00000000-0000-4000-a000-0000000000e1' and a.deleted_at is null and a.registration_path = 'direct'
order by a.activity_date, a.id limit 1;
insert into public.activities (org_id, id, kind, activity_date, duration_minutes, registration_path, registered_by)
select '00000000-0000-4000-a000-0000000000e1', '00000000-0000-4000-d000-0000000000e1', 'in_person_outreach', m.activity_date, 60, 'direct',
       (select am.mentor_id from public.activity_mentors am where am.org_id = '00000000-0000-4000-a000-0000000000e1' and am.activity_id = m.id limit 1)
from moved m;
insert into public.activity_mentors (org_id, activity_id, mentor_id)
select '00000000-0000-4000-a000-0000000000e1', '00000000-0000-4000-d000-0000000000e1', am.mentor_id
from public.activity_mentors am join moved m on am.activity_id = m.id
where am.org_id = '00000000-0000-4000-a000-0000000000e1';
insert into public.activity_participants (org_id, activity_id, contact_id)
select '00000000-0000-4000-a000-0000000000e1', '00000000-0000-4000-d000-0000000000e1', c.id
from public.contacts c where c.org_id = '00000000-0000-4000-a000-0000000000e1' order by c.id limit 2;
select is(pg_temp.stale(), (select array[m.activity_date] from moved m), 'a new activity makes exactly its day stale');
select is(pg_temp.differences(), null, 'with that day stale, every period gives the oracle''s figures');
select is(pg_temp.refresh(), 1, 'the refresh rebuilds that one day');
select is(pg_temp.differences(), null, 'after the rebuild, every period gives the oracle''s figures');

-- An edit that moves an activity to another day, and one that changes its kind.
update public.activities set activity_date = activity_date + 40
where org_id = '00000000-0000-4000-a000-0000000000e1' and id = (select m.id from moved m);
update public.activities set kind = 'group_meeting', anonymous_participants = 5
where org_id = '00000000-0000-4000-a000-0000000000e1' and id = '00000000-0000-4000-d000-0000000000e1';
select is(cardinality(pg_temp.stale()), 2, 'moving an activity makes its old and its new day stale (the kind change shares the old day)');
select is(pg_temp.differences(), null, 'after the edits, every period gives the oracle''s figures');
select is(pg_temp.refresh(), 2, 'the refresh rebuilds those two days');
select is(pg_temp.differences(), null, 'after the rebuild, the same');

-- A soft delete, a new participant and a removed co-mentor.
update public.activities set deleted_at = now()
where org_id = '00000000-0000-4000-a000-0000000000e1'
  and id = (select a.id from public.activities a where a.org_id = '00000000-0000-4000-a000-0000000000e1' and a.deleted_at is null
            and a.kind = 'in_person_outreach' order by a.id limit 1);
insert into public.activity_participants (org_id, activity_id, contact_id)
select a.org_id, a.id, (select c.id from public.contacts c where c.org_id = a.org_id order by c.id desc limit 1)
from public.activities a
where a.org_id = '00000000-0000-4000-a000-0000000000e1' and a.deleted_at is null and a.kind = 'group_meeting'
  and not exists (select from public.activity_participants p where p.org_id = a.org_id and p.activity_id = a.id)
order by a.id limit 3;
delete from public.activity_mentors
where (org_id, activity_id, mentor_id) in (
  select am.org_id, am.activity_id, max(am.mentor_id::text)::uuid from public.activity_mentors am
  where am.org_id = '00000000-0000-4000-a000-0000000000e1'
  group by am.org_id, am.activity_id having count(*) > 1 order by am.activity_id limit 3);
select is(pg_temp.differences(), null, 'after a soft delete and link changes, every period gives the oracle''s figures');
select cmp_ok(pg_temp.refresh(), '>', 0, 'the refresh rebuilds the changed days');
select is(pg_temp.differences(), null, 'after the rebuild, the same');

-- The roster: a mentor's approval revoked, another's active period cut short.
update public.members set approval_status = 'revoked'
where org_id = '00000000-0000-4000-a000-0000000000e1'
  and user_id = (select tests.user_id('mentor1-00000000-0000-4000-a000-0000000000e1@generated.example'));
select is(cardinality(pg_temp.stale()),
  (select count(*)::int from private.activity_day_stats s where s.org_id = '00000000-0000-4000-a000-0000000000e1'),
  'a roster change makes every day stale');
select is(pg_temp.differences(), null, 'after a revoked approval, every period gives the oracle''s figures');
select cmp_ok(pg_temp.refresh(), '>', 10, 'the refresh rebuilds every day');
update public.mentor_active_periods set active_to = '2026-06-30'
where org_id = '00000000-0000-4000-a000-0000000000e1'
  and mentor_id = (select tests.user_id('mentor2-00000000-0000-4000-a000-0000000000e1@generated.example'));
select is(pg_temp.differences(), null, 'after a shortened active period, every period gives the oracle''s figures');
select cmp_ok(pg_temp.refresh(), '>', 10, 'the refresh rebuilds every day again');
select is(pg_temp.differences(), null, 'after the rebuild, the same');

-- The partials are internals.
select tests.authenticate_as('coordinator-00000000-0000-4000-a000-0000000000e1@generated.example');
select is(tests.outcome('select count(*) from private.day_cells'), 'error:42501', 'a coordinator cannot read the partials');
select tests.authenticate_as_anon();
select is(tests.outcome('select count(*) from private.contact_days'), 'error:42501', 'anon cannot read the partials');
select tests.clear_authentication();

select * from finish();
rollback;
