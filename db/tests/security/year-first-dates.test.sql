-- The API reads date text year first. PostgREST logs in as `authenticator`, whose
-- setting in this database is `DateStyle = 'ISO, YMD'` (and the client's direct
-- transport sets the same per request): under it, day-first and month-first text
-- such as '12.06.2026' or '06/12/2026' is refused with 22008 before any RPC body
-- runs, instead of being read as 6 December under PostgreSQL's default 'ISO, MDY'.
-- Every refusal leaves the activities and their links as they were.
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
select plan(9);

create function pg_temp.activity_tables() returns text language sql as $$
  select concat_ws(',', tests.fingerprint('public.activities'), tests.fingerprint('public.activity_mentors'),
                   tests.fingerprint('public.activity_participants'))
$$;
grant execute on function pg_temp.activity_tables() to authenticated;
select pg_temp.activity_tables() as before \gset

-- The role setting: for PostgREST's login role, in this database only.
select ok(exists (
    select from pg_catalog.pg_db_role_setting s
    join pg_catalog.pg_roles r on r.oid = s.setrole
    join pg_catalog.pg_database d on d.oid = s.setdatabase
    where r.rolname = 'authenticator' and d.datname = pg_catalog.current_database()
      and 'DateStyle=ISO, YMD' = any (s.setconfig)),
  'authenticator logs in to this database with DateStyle ISO, YMD');
select ok(not exists (
    select from pg_catalog.pg_db_role_setting s
    join pg_catalog.pg_roles r on r.oid = s.setrole
    where r.rolname = 'authenticator' and s.setdatabase = 0
      and exists (select from unnest(s.setconfig) c where lower(c) like 'datestyle=%')),
  'the setting is not made for every database of the cluster');

-- A mentor, with the date order the API roles run with.
set local datestyle = 'ISO, YMD';
select tests.authenticate_as('mentor.a@fixture.example');
select throws_ok($$select public.register_activity(org_id => tests.organisation_id('A'), registration_path => 'direct',
    kind => 'in_person_outreach', activity_date => '12.06.2026', duration_minutes => 60,
    mentor_ids => array[tests.user_id('mentor.a@fixture.example')]::uuid[])$$,
  '22008', null, 'registering with the day-first date 12.06.2026 is refused with 22008');
select throws_ok($$select public.register_activity(org_id => tests.organisation_id('A'), registration_path => 'direct',
    kind => 'in_person_outreach', activity_date => '06/12/2026', duration_minutes => 60,
    mentor_ids => array[tests.user_id('mentor.a@fixture.example')]::uuid[])$$,
  '22008', null, 'registering with the month-first date 06/12/2026 is refused with 22008');
select throws_ok($$select public.edit_activity(org_id => tests.organisation_id('A'),
    activity_id => tests.activity_id('A01'), kind => 'in_person_outreach', activity_date => '12.06.2026',
    duration_minutes => 60, mentor_ids => array[tests.user_id('mentor.a@fixture.example')]::uuid[])$$,
  '22008', null, 'editing an own entry to the day-first date 12.06.2026 is refused with 22008');
select tests.clear_authentication();
select is(pg_temp.activity_tables(), :'before', 'nothing changed after the refused registrations and edit');

-- A coordinator, for a proxy entry.
select tests.authenticate_as('coordinator.a@fixture.example');
select throws_ok($$select public.register_activity(org_id => tests.organisation_id('A'), registration_path => 'proxy',
    kind => 'group_meeting', activity_date => '12.06.2026', duration_minutes => 90,
    mentor_ids => array[tests.user_id('mentor.a@fixture.example')]::uuid[])$$,
  '22008', null, 'a coordinator''s proxy entry dated 12.06.2026 is refused with 22008');
select tests.clear_authentication();
select is(pg_temp.activity_tables(), :'before', 'nothing changed after the refused proxy entry');

-- The ISO form reads as written.
select tests.authenticate_as('mentor.a@fixture.example');
select is((public.register_activity(org_id => tests.organisation_id('A'), registration_path => 'direct',
    kind => 'in_person_outreach', activity_date => '2026-06-12', duration_minutes => 60,
    mentor_ids => array[tests.user_id('mentor.a@fixture.example')]::uuid[])).activity_date,
  date '2026-06-12', 'the ISO date 2026-06-12 is registered as 12 June 2026');

select * from finish();
rollback;
