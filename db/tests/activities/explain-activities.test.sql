-- explain_activities, explain_activity and count_entries_by_verdict, by actor:
-- each caller gets the verdicts of exactly the entries they may read (the
-- activities' read policy), another organisation's members and anonymous callers
-- get a refusal, and bad input a documented SQLSTATE.
-- Fixture: organisation A …a000-00000000000a (21 activities, a14 soft-deleted);
-- mentor.a …b001, dual …b002 (mentor in A, coordinator in B), mentor.ab …b003
-- (mentor in A and B), pending.a …b005, coordinator.a …b006, admin.a …b007;
-- organisation B's coordinator.b …b008 and mentor.b …b009.
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
select plan(27);

-- The explained entries and the entries the caller reads, as sorted id lists.
create function pg_temp.explained_ids() returns uuid[] language sql stable as $$
  select coalesce(array_agg(v.activity_id order by v.activity_id), '{}')
  from public.explain_activities(tests.organisation_id('A'), '2026-01-01', '2026-12-31') v
$$;
create function pg_temp.readable_ids() returns uuid[] language sql stable as $$
  select coalesce(array_agg(a.id order by a.id), '{}')
  from public.activities a
  where a.org_id = tests.organisation_id('A') and a.activity_date between '2026-01-01' and '2026-12-31'
$$;
create function pg_temp.counted_entries() returns bigint language sql stable as $$
  select sum(c.entries)::bigint
  from public.count_entries_by_verdict(tests.organisation_id('A'), '2026-01-01', '2026-12-31') c
$$;
grant execute on function pg_temp.explained_ids(), pg_temp.readable_ids(), pg_temp.counted_entries()
  to anon, authenticated, service_role;

-- As coordinator and admin: the whole organisation.
select tests.authenticate_as('coordinator.a@fixture.example');
select is(pg_temp.explained_ids(), pg_temp.readable_ids(),
  'a coordinator gets a verdict for every entry of A they read');
select is(cardinality(pg_temp.explained_ids()), 20,
  '... that is all 20 of 2026, the soft-deleted a14 among them');
select is(pg_temp.counted_entries(), 20::bigint, '... and counts them all by verdict');
select is((select v.verdict::text from public.explain_activities(tests.organisation_id('A'), '2026-05-05', '2026-05-05') v),
  'deleted', '... the soft-deleted one as deleted (rule 1)');
select tests.authenticate_as('admin.a@fixture.example');
select is(pg_temp.explained_ids(), pg_temp.readable_ids(), 'an admin gets a verdict for every entry of A they read');

-- As mentors: only what they may read, verdicts unchanged.
select tests.authenticate_as('mentor.a@fixture.example');
select is(pg_temp.explained_ids(), pg_temp.readable_ids(),
  'a mentor gets verdicts for exactly the entries they took part in or registered');
select is(cardinality(pg_temp.explained_ids()), 14, '... that is 14 of A''s 20 in 2026 (their 13 live ones and the soft-deleted a14)');
select is(pg_temp.counted_entries(), 14::bigint, '... and the table by verdict counts those 14 only');
select is((public.explain_activity(tests.organisation_id('A'), tests.activity_id('A03'))).verdict::text,
  'same_day_repeat', '... a03 is a same-day repeat for them as for the coordinator (rule 5)');
select is(tests.outcome($$select public.explain_activity(tests.organisation_id('A'), tests.activity_id('A08'))$$),
  'error:P0002', '... and a colleague''s entry they cannot read is missing (P0002), as a missing one is');
select is(tests.outcome($$select public.explain_activity(tests.organisation_id('A'), '00000000-0000-4000-d000-00000000ffff')$$),
  'error:P0002', '... as an activity that does not exist is');
select tests.authenticate_as('mentor.ab@fixture.example');
select is(pg_temp.explained_ids(), pg_temp.readable_ids(), 'a co-mentor gets verdicts for the entries they took part in');
select is((public.explain_activity(tests.organisation_id('A'), tests.activity_id('A10'))).counts,
  true, '... the co-mentored group a10 counts');
select tests.authenticate_as('pending.a@fixture.example');
select is(pg_temp.explained_ids(), array[tests.activity_id('A21')]::uuid[],
  'a pending mentor gets the verdict of their own entry only');
select is((select row(v.counts, v.verdict, v.inactive_mentor)::text
           from public.explain_activities(tests.organisation_id('A'), '2026-01-01', '2026-12-31') v),
  row(false, 'no_active_mentor'::public.entry_verdict, 'pending_approval'::public.inactive_mentor_reason)::text,
  '... which does not count: no active mentor, as they are pending approval');

-- As another organisation's members and anonymous callers: refused.
select tests.authenticate_as('mentor.b@fixture.example');
select is(tests.outcome($$select public.explain_activities(tests.organisation_id('A'), '2026-01-01', '2026-12-31')$$),
  'error:42501', 'another organisation''s mentor is refused the period''s verdicts (42501)');
select is(tests.outcome($$select public.explain_activity(tests.organisation_id('A'), tests.activity_id('A01'))$$),
  'error:42501', '... and one activity''s verdict');
select is(tests.outcome($$select public.count_entries_by_verdict(tests.organisation_id('A'), '2026-01-01', '2026-12-31')$$),
  'error:42501', '... and the table by verdict');
select tests.authenticate_as('coordinator.b@fixture.example');
select is(tests.outcome($$select public.explain_activities(tests.organisation_id('A'), '2026-01-01', '2026-12-31')$$),
  'error:42501', 'another organisation''s coordinator is refused too');
select is(tests.outcome($$select hidden.explain_entries(tests.organisation_id('A'), '2026-01-01', '2026-12-31', null)$$),
  'error:42501', '... also when calling the definer body directly');
select tests.authenticate_as_anon();
select is(tests.outcome($$select public.explain_activities(tests.organisation_id('A'), '2026-01-01', '2026-12-31')$$),
  'error:42501', 'an anonymous caller is refused (42501)');

-- A revoked member loses the verdicts with their membership.
select tests.clear_authentication();
update public.members set approval_status = 'revoked'
where org_id = tests.organisation_id('A') and user_id = tests.user_id('mentor.a@fixture.example');
select tests.authenticate_as('mentor.a@fixture.example');
select is(tests.outcome($$select public.explain_activities(tests.organisation_id('A'), '2026-01-01', '2026-12-31')$$),
  'error:42501', 'a revoked mentor is refused their former entries'' verdicts');

-- Bad input: documented codes.
select tests.authenticate_as('coordinator.a@fixture.example');
select is(tests.outcome($$select public.explain_activities(null, '2026-01-01', '2026-12-31')$$),
  'error:22004', 'a null organisation is 22004');
select is(tests.outcome($$select public.explain_activities(tests.organisation_id('A'), '2026-12-31', '2026-01-01')$$),
  'error:22023', 'a period ending before it starts is 22023');
select is(tests.outcome($$select public.count_entries_by_verdict(tests.organisation_id('A'), '2026-01-01', '2027-06-30')$$),
  'error:22023', 'a period over 366 days is 22023');
select is(tests.outcome($$select public.explain_activity(tests.organisation_id('A'), null)$$),
  'error:22004', 'a null activity is 22004');

-- As the service role: everything, nothing written.
select tests.authenticate_as_service_role();
select is(pg_temp.explained_ids(), pg_temp.readable_ids(), 'the service role gets a verdict for every entry');

select * from finish();
rollback;
