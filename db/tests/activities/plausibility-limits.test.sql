-- The hard plausibility limits of the counting rules (2026.1: 720 minutes per
-- activity, 1 440 per mentor-day, 500 anonymous and 200 known participants per
-- activity) refuse a write with 22023 on every path: the RPCs, the table path,
-- the service role and the table owner; nothing changes on a refusal. Entries
-- stored beyond a limit before it existed stay readable and can be edited
-- downwards.
-- Fixture ids: organisation A …a000-00000000000a; mentor.a …b001, mentor.ab …b003,
-- coordinator.a …b006. Every entry below falls in November 2026, where the fixture
-- has none.
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
select plan(54);

-- 201 contacts mentor.a registered (so they may link them).
insert into public.contacts (org_id, id, full_name, created_by)
select tests.organisation_id('A'), ('00000000-0000-4000-c000-0000000f' || lpad(to_hex(n), 4, '0'))::uuid,
       'Many ' || n, tests.user_id('mentor.a@fixture.example')
from generate_series(1, 201) n;
create function pg_temp.contacts(n integer) returns uuid[] language sql as $$
  select array_agg(('00000000-0000-4000-c000-0000000f' || lpad(to_hex(i), 4, '0'))::uuid order by i) from generate_series(1, n) i
$$;
grant execute on function pg_temp.contacts(integer) to authenticated, service_role;

create temporary table fingerprints on commit drop as
select tests.fingerprint('public.activities') as activities,
       tests.fingerprint('public.activity_mentors') as mentors,
       tests.fingerprint('public.activity_participants') as participants;
grant select, update on fingerprints to anon, authenticated, service_role;
create function pg_temp.nothing_changed() returns boolean language sql as $$
  select tests.fingerprint('public.activities') = f.activities
     and tests.fingerprint('public.activity_mentors') = f.mentors
     and tests.fingerprint('public.activity_participants') = f.participants
  from fingerprints f
$$;
create function pg_temp.remember() returns void language sql as $$
  update fingerprints set activities = tests.fingerprint('public.activities'),
                          mentors = tests.fingerprint('public.activity_mentors'),
                          participants = tests.fingerprint('public.activity_participants')
$$;
grant execute on function pg_temp.nothing_changed(), pg_temp.remember() to anon, authenticated, service_role;

select is((select row(max_minutes_per_activity, max_minutes_per_mentor_day, max_anonymous_participants, max_known_participants)::text
           from public.bufdir_counting_rules where version = '2026.1'), '(720,1440,500,200)',
  'the 2026.1 rules carry the limits documented in db/fixtures/README.md');

-- An entry stored beyond the limits before they existed (loaded without the triggers).
alter table public.activities disable trigger check_limits_insert;
alter table public.activity_participants disable trigger check_limits_insert;
insert into public.activities (org_id, id, kind, activity_date, duration_minutes, anonymous_participants, registration_path, registered_by)
values (tests.organisation_id('A'), '00000000-0000-4000-d000-0000000f0001', 'group_meeting', '2026-11-02', 900, 600,
        'direct', tests.user_id('mentor.a@fixture.example'));
insert into public.activity_mentors (org_id, activity_id, mentor_id)
values (tests.organisation_id('A'), '00000000-0000-4000-d000-0000000f0001', tests.user_id('mentor.a@fixture.example'));
insert into public.activity_participants (org_id, activity_id, contact_id)
select tests.organisation_id('A'), '00000000-0000-4000-d000-0000000f0001', c from unnest(pg_temp.contacts(201)) c;
alter table public.activities enable trigger check_limits_insert;
alter table public.activity_participants enable trigger check_limits_insert;
select pg_temp.remember();

-- A mentor, through the RPCs.
select tests.authenticate_as('mentor.a@fixture.example');
select is(tests.outcome($$select public.register_activity(tests.organisation_id('A'), 'direct', 'mentor_course', '2026-11-16', 721,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[])$$), 'error:22023', 'register_activity refuses 721 minutes (max_minutes_per_activity 720)');
select is(tests.outcome($$select public.register_activity(tests.organisation_id('A'), 'direct', 'group_meeting', '2026-11-16', 60,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[], '{}', 501)$$), 'error:22023', 'register_activity refuses 501 anonymous participants (max 500)');
select is(tests.outcome($$select public.register_activity(tests.organisation_id('A'), 'direct', 'group_meeting', '2026-11-16', 60,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[], pg_temp.contacts(201))$$), 'error:22023', 'register_activity refuses 201 known participants (max 200)');
select ok(pg_temp.nothing_changed(), 'after the refused registrations nothing changed');
select is(tests.outcome($$select public.register_activity(tests.organisation_id('A'), 'direct', 'mentor_course', '2026-11-16', 720,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[], pg_temp.contacts(200), 500)$$), 'ok:1',
  'register_activity accepts every value at its limit: 720 minutes, 500 anonymous, 200 known participants');
select id as at_limit from public.activities where activity_date = '2026-11-16' \gset

select is(tests.outcome($$select public.register_activity(tests.organisation_id('A'), 'direct', 'in_person_outreach', '2026-11-09', 700,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[])$$), 'ok:1', 'a mentor registers 700 minutes on 9 November');
select id as entry_a from public.activities where activity_date = '2026-11-09' \gset
select is(tests.outcome($$select public.register_activity(tests.organisation_id('A'), 'direct', 'in_person_outreach', '2026-11-09', 700,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[])$$), 'ok:1', '... and 700 more: 1 400 minutes that day');
select id as entry_b from public.activities where activity_date = '2026-11-09' and id <> :'entry_a' \gset
select pg_temp.remember();
select is(tests.outcome($$select public.register_activity(tests.organisation_id('A'), 'direct', 'in_person_outreach', '2026-11-09', 41,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[])$$), 'error:22023', 'register_activity refuses 41 minutes more: the mentor-day would hold 1 441');
select ok(pg_temp.nothing_changed(), '... and nothing changed');
select is(tests.outcome($$select public.register_activity(tests.organisation_id('A'), 'direct', 'in_person_outreach', '2026-11-09', 40,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[])$$), 'ok:1', '40 minutes more fill the day to exactly 1 440');
select pg_temp.remember();

select is(tests.outcome(format($$select public.edit_activity(tests.organisation_id('A'), %L, 'mentor_course', '2026-11-16', 721,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[], pg_temp.contacts(200), 500)$$, :'at_limit')), 'error:22023',
  'edit_activity refuses 721 minutes');
select is(tests.outcome(format($$select public.edit_activity(tests.organisation_id('A'), %L, 'mentor_course', '2026-11-16', 720,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[], pg_temp.contacts(200), 501)$$, :'at_limit')), 'error:22023',
  'edit_activity refuses 501 anonymous participants');
select is(tests.outcome(format($$select public.edit_activity(tests.organisation_id('A'), %L, 'mentor_course', '2026-11-16', 720,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[], pg_temp.contacts(201), 500)$$, :'at_limit')), 'error:22023',
  'edit_activity refuses a 201st known participant');
select is(tests.outcome(format($$select public.edit_activity(tests.organisation_id('A'), %L, 'in_person_outreach', '2026-11-09', 701,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[])$$, :'entry_b')), 'error:22023',
  'edit_activity refuses lengthening an entry of the full day by one minute');
select is(tests.outcome(format($$select public.edit_activity(tests.organisation_id('A'), %L, 'mentor_course', '2026-11-09', 720,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[], pg_temp.contacts(200), 500)$$, :'at_limit')), 'error:22023',
  'edit_activity refuses moving an entry onto the full day');
select ok(pg_temp.nothing_changed(), 'after the refused edits nothing changed');

-- The entry stored beyond the limits: readable, and editable downwards.
select is((select duration_minutes from public.list_activities(tests.organisation_id('A'), '2026-11-01', '2026-11-30')
           where id = '00000000-0000-4000-d000-0000000f0001'), 900, 'an entry stored beyond the limits is still listed');
select is(tests.outcome($$select public.edit_activity(tests.organisation_id('A'), '00000000-0000-4000-d000-0000000f0001', 'group_meeting',
  '2026-11-02', 900, array[tests.user_id('mentor.a@fixture.example')]::uuid[], pg_temp.contacts(201), 600, '0301', '2024')$$), 'ok:1',
  'it can be edited without raising any value (a municipality added)');
select is(tests.outcome($$select public.edit_activity(tests.organisation_id('A'), '00000000-0000-4000-d000-0000000f0001', 'group_meeting',
  '2026-11-02', 800, array[tests.user_id('mentor.a@fixture.example')]::uuid[], pg_temp.contacts(150), 550, '0301', '2024')$$), 'ok:1',
  'it can be edited downwards while still beyond the limits (800 minutes, 550 anonymous)');
select pg_temp.remember();
select is(tests.outcome($$select public.edit_activity(tests.organisation_id('A'), '00000000-0000-4000-d000-0000000f0001', 'group_meeting',
  '2026-11-02', 801, array[tests.user_id('mentor.a@fixture.example')]::uuid[], pg_temp.contacts(150), 550, '0301', '2024')$$), 'error:22023',
  'raising its minutes again is refused');
select is(tests.outcome($$select public.edit_activity(tests.organisation_id('A'), '00000000-0000-4000-d000-0000000f0001', 'group_meeting',
  '2026-11-02', 800, array[tests.user_id('mentor.a@fixture.example')]::uuid[], pg_temp.contacts(150), 551, '0301', '2024')$$), 'error:22023',
  'raising its anonymous participants again is refused');
select ok(pg_temp.nothing_changed(), '... and nothing changed');

-- A mentor, on the table path.
select is(tests.outcome($$insert into public.activities (org_id, kind, activity_date, duration_minutes, registration_path)
  values (tests.organisation_id('A'), 'in_person_outreach', '2026-11-10', 721, 'direct')$$),
  'error:22023', 'a mentor cannot insert an activity of 721 minutes');
select is(tests.outcome($$insert into public.activities (org_id, kind, activity_date, duration_minutes, anonymous_participants, registration_path)
  values (tests.organisation_id('A'), 'group_meeting', '2026-11-10', 60, 501, 'direct')$$),
  'error:22023', 'a mentor cannot insert an activity of 501 anonymous participants');
select ok(pg_temp.nothing_changed(), '... and nothing changed');
select is(tests.outcome($$insert into public.activities (org_id, kind, activity_date, duration_minutes, registration_path)
  values (tests.organisation_id('A'), 'in_person_outreach', '2026-11-09', 30, 'direct')$$),
  'ok:1', 'a mentor inserts a 30-minute entry on the full day (it names no mentor yet)');
-- The server chose its id (clients may not write one); as the owner, name it for the statements below.
select tests.clear_authentication();
update public.activities set id = '00000000-0000-4000-d000-0000000f0002'
where org_id = tests.organisation_id('A') and activity_date = '2026-11-09' and duration_minutes = 30;
select tests.authenticate_as('mentor.a@fixture.example');
select pg_temp.remember();
select is(tests.outcome($$insert into public.activity_mentors (org_id, activity_id, mentor_id)
  values (tests.organisation_id('A'), '00000000-0000-4000-d000-0000000f0002', tests.user_id('mentor.a@fixture.example'))$$),
  'error:22023', 'naming themselves in it is refused: their day would hold 1 470 minutes');
select ok(pg_temp.nothing_changed(), '... and nothing changed');
select is(tests.outcome($$update public.activities set activity_date = '2026-11-10'
  where id = '00000000-0000-4000-d000-0000000f0002'$$), 'ok:1', 'moved to another day,');
select is(tests.outcome($$insert into public.activity_mentors (org_id, activity_id, mentor_id)
  values (tests.organisation_id('A'), '00000000-0000-4000-d000-0000000f0002', tests.user_id('mentor.a@fixture.example'))$$),
  'ok:1', '... they may name themselves');
select pg_temp.remember();
select is(tests.outcome($$update public.activities set activity_date = '2026-11-09' where id = '00000000-0000-4000-d000-0000000f0002'$$),
  'error:22023', 'moving it back onto the full day is refused');
select is(tests.outcome(format($$update public.activities set duration_minutes = 701 where id = %L$$, :'entry_b')),
  'error:22023', 'lengthening an entry of the full day by one minute is refused');
select is(tests.outcome($$update public.activities set duration_minutes = 721 where id = '00000000-0000-4000-d000-0000000f0002'$$),
  'error:22023', 'an update to 721 minutes is refused');
select is(tests.outcome($$update public.activities set anonymous_participants = 501 where id = '00000000-0000-4000-d000-0000000f0002'$$),
  'error:22023', 'an update to 501 anonymous participants is refused');
select ok(pg_temp.nothing_changed(), '... and nothing changed');
select is(tests.outcome($$insert into public.activity_participants (org_id, activity_id, contact_id)
  select tests.organisation_id('A'), '00000000-0000-4000-d000-0000000f0002', c from unnest(pg_temp.contacts(201)) c$$),
  'error:22023', 'linking 201 known participants on the table path is refused');
select is(tests.outcome($$insert into public.activity_participants (org_id, activity_id, contact_id)
  select tests.organisation_id('A'), '00000000-0000-4000-d000-0000000f0002', c from unnest(pg_temp.contacts(200)) c$$),
  'ok:200', '200 are accepted');
select pg_temp.remember();
select is(tests.outcome($$insert into public.activity_participants (org_id, activity_id, contact_id)
  values (tests.organisation_id('A'), '00000000-0000-4000-d000-0000000f0002', '00000000-0000-4000-c000-0000000f00c9')$$),
  'error:22023', 'a 201st link, one row on its own, is refused');
select ok(pg_temp.nothing_changed(), '... and nothing changed');

-- A coordinator: a co-mentor link, and a restore.
select tests.authenticate_as('coordinator.a@fixture.example');
select is(tests.outcome($$select public.register_activity(tests.organisation_id('A'), 'proxy', 'group_meeting', '2026-11-09', 60,
  array[tests.user_id('mentor.ab@fixture.example'), tests.user_id('mentor.a@fixture.example')]::uuid[])$$), 'error:22023',
  'a coordinator cannot name a mentor whose day is full in a proxy entry');
select ok(pg_temp.nothing_changed(), '... and nothing changed');
select is(tests.outcome(format($$update public.activities set deleted_at = now() where id = %L$$, :'entry_a')), 'ok:1',
  'a coordinator soft-deletes a 700-minute entry of that day (deleting is never limited)');
select is(tests.outcome($$select public.register_activity(tests.organisation_id('A'), 'proxy', 'group_meeting', '2026-11-09', 60,
  array[tests.user_id('mentor.ab@fixture.example'), tests.user_id('mentor.a@fixture.example')]::uuid[])$$), 'ok:1',
  'the day has room again: a proxy entry naming the mentor is accepted (800 minutes)');
select pg_temp.remember();
select is(tests.outcome(format($$update public.activities set deleted_at = null where id = %L$$, :'entry_a')), 'error:22023',
  'restoring the deleted entry would give the mentor 1 500 minutes that day: refused');
select is(tests.outcome($$update public.activities set deleted_at = now() where id = '00000000-0000-4000-d000-0000000f0001'$$), 'ok:1',
  'the entry stored beyond the limits can be soft-deleted');
select pg_temp.remember();
select is(tests.outcome($$update public.activities set deleted_at = null where id = '00000000-0000-4000-d000-0000000f0001'$$), 'error:22023',
  '... but not restored while it exceeds them');
select ok(pg_temp.nothing_changed(), '... and nothing changed');

-- The service role and the table owner are held to the same limits.
select tests.authenticate_as_service_role();
select is(tests.outcome($$insert into public.activities (org_id, kind, activity_date, duration_minutes, registration_path, registered_by)
  values (tests.organisation_id('A'), 'in_person_outreach', '2026-11-11', 721, 'bulk', tests.user_id('coordinator.a@fixture.example'))$$),
  'error:22023', 'the service role cannot insert 721 minutes');
select is(tests.outcome(format($$insert into public.activity_mentors (org_id, activity_id, mentor_id)
  values (tests.organisation_id('A'), %L, tests.user_id('mentor.ab@fixture.example'))$$, :'entry_b')), 'ok:1',
  'the service role names a co-mentor with room in their day (mentor.ab: 760 minutes on 9 November)');
select pg_temp.remember();
select is(tests.outcome($$update public.activities set anonymous_participants = 501 where id = '00000000-0000-4000-d000-0000000f0002'$$),
  'error:22023', 'the service role cannot raise anonymous participants past 500');
select tests.clear_authentication();
select is(tests.outcome($$insert into public.activities (org_id, kind, activity_date, duration_minutes, registration_path, registered_by)
  values (tests.organisation_id('A'), 'in_person_outreach', '2026-11-11', 721, 'bulk', tests.user_id('coordinator.a@fixture.example'))$$),
  'error:22023', 'the table owner cannot insert 721 minutes either');
select is(tests.outcome(format($$update public.activities set deleted_at = null where id = %L$$, :'entry_a')),
  'error:22023', '... nor restore an entry into a mentor''s full day');
select ok(pg_temp.nothing_changed(), 'after the service role''s and the owner''s refusals nothing changed');

select * from finish();
rollback;
