-- The caller is the `sub` of request.jwt.claims, never the legacy
-- request.jwt.claim.sub setting (which auth.uid() reads first): a member of B who
-- writes coordinator.a's id there reads nothing of A and may do nothing in A,
-- through the tables or the RPCs, and nothing changes. Their own rights in B stay
-- their own.
-- Fixture: organisation A …a000-00000000000a, B …a000-00000000000b; mentor.b
-- (…b009) is a mentor of B only; coordinator.a is …b006.
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
select plan(17);

create function pg_temp.everything() returns text language sql as $$
  select string_agg(tests.fingerprint(t), ',' order by t::text)
  from unnest(array['public.activities', 'public.activity_mentors', 'public.activity_participants',
                    'public.contacts', 'public.members', 'public.mentor_active_periods']::regclass[]) t
$$;
select pg_temp.everything() as before \gset

-- mentor.b, with coordinator.a's id in the legacy setting
select tests.authenticate_as('mentor.b@fixture.example');
do $$ begin perform set_config('request.jwt.claim.sub', tests.user_id('coordinator.a@fixture.example')::text, true); end $$;
select is(auth.uid(), tests.user_id('coordinator.a@fixture.example'), 'auth.uid() does read the legacy setting (the trap this guards against)');
select is((select count(*)::int from public.activities where org_id = tests.organisation_id('A')), 0,
  'the legacy sub reads no activity of A');
select is((select count(*)::int from public.contacts where org_id = tests.organisation_id('A')), 0,
  '... no contact of A');
select is((select count(*)::int from public.members where org_id = tests.organisation_id('A')), 0,
  '... and no member of A');
select is(tests.outcome($$select * from public.list_activities(tests.organisation_id('A'), '2026-01-01', '2026-06-30')$$), 'error:42501',
  'list_activities in A is refused');
select is(tests.outcome($$select public.register_activity(tests.organisation_id('A'), 'proxy', 'in_person_outreach', '2026-06-01', 60,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[])$$), 'error:42501', 'register_activity of a proxy entry in A is refused');
select is(tests.outcome($$select public.edit_activity(tests.organisation_id('A'), tests.activity_id('A20'), 'in_person_outreach', '2026-06-10', 90,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[])$$), 'error:42501', 'edit_activity of a proxy entry of A is refused');
select is(tests.outcome($$insert into public.activities (org_id, kind, activity_date, duration_minutes, registration_path, registered_by)
  values (tests.organisation_id('A'), 'in_person_outreach', '2026-06-01', 60, 'proxy', tests.user_id('coordinator.a@fixture.example'))$$), 'error:42501',
  'a proxy entry in A in coordinator.a''s name is refused on the table path');
select is(tests.outcome($$update public.activities set duration_minutes = 1 where org_id = tests.organisation_id('A')$$), 'ok:0',
  'an update of A''s activities changes no row');
select is(tests.outcome($$delete from public.contacts where org_id = tests.organisation_id('A')$$), 'ok:0',
  'a delete of A''s contacts removes no row');
select is(tests.outcome($$update public.members set role = 'admin' where org_id = tests.organisation_id('A')$$), 'ok:0',
  'an update of A''s members changes no row');
select is(tests.outcome($$insert into public.contacts (org_id, full_name) values (tests.organisation_id('A'), 'Planted')$$), 'error:42501',
  'registering a contact in A is refused');
select is(tests.outcome($$select public.metric_snapshot_status(tests.organisation_id('A'), '2026-01-01', '2026-06-30')$$), 'error:42501',
  'the snapshot status of A is refused');
select tests.clear_authentication();
select is(pg_temp.everything(), :'before', 'after every refused read and write with a legacy sub nothing changed');

-- mentor.b keeps their own rights in B, the legacy setting notwithstanding
select tests.authenticate_as('mentor.b@fixture.example');
do $$ begin perform set_config('request.jwt.claim.sub', tests.user_id('coordinator.a@fixture.example')::text, true); end $$;
select is((select count(*)::int from public.activities where org_id = tests.organisation_id('B')), 2,
  'mentor.b reads their own 2 activities of B');
select is(tests.outcome($$select public.register_activity(tests.organisation_id('B'), 'direct', 'in_person_outreach', '2026-06-01', 60,
  array[tests.user_id('mentor.b@fixture.example')]::uuid[])$$), 'ok:1', '... and registers their own direct entry in B');
select is((select registered_by from public.activities where org_id = tests.organisation_id('B') and activity_date = '2026-06-01'),
  tests.user_id('mentor.b@fixture.example'), '... registered in their own name, not the legacy one');

select * from finish();
rollback;
