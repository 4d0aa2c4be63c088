-- RLS matrix for activity_mentors and activity_participants: readable with their
-- activity, written by whoever may edit it, never linking across organisations.
-- Fixture: activity_mentors A 23 / B 3; activity_participants A 22 / B 5.
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
select plan(38);

select tests.fingerprint('public.activity_mentors') as mentors_before \gset
select tests.fingerprint('public.activity_participants') as participants_before \gset

select tests.authenticate_as_anon();
select is((select count(*)::int from public.activity_mentors), 0, 'anon reads no activity mentor');
select is((select count(*)::int from public.activity_participants), 0, 'anon reads no participant');
select is(tests.outcome($$insert into public.activity_mentors values ('00000000-0000-4000-a000-00000000000a', '00000000-0000-4000-d000-000000000a01', '00000000-0000-4000-b000-000000000003')$$), 'error:42501', 'anon cannot add a mentor to an activity');
select is(tests.outcome($$insert into public.activity_participants values ('00000000-0000-4000-a000-00000000000a', '00000000-0000-4000-d000-000000000a01', '00000000-0000-4000-c000-000000000a03')$$), 'error:42501', 'anon cannot add a participant');
select is(tests.outcome($$update public.activity_mentors set mentor_id = mentor_id$$), 'ok:0', 'anon updates no activity mentor');
select is(tests.outcome($$update public.activity_participants set contact_id = contact_id$$), 'ok:0', 'anon updates no participant');
select is(tests.outcome($$delete from public.activity_mentors$$), 'ok:0', 'anon deletes no activity mentor');
select is(tests.outcome($$delete from public.activity_participants$$), 'ok:0', 'anon deletes no participant');

select tests.authenticate_as('mentor.a@fixture.example');
select is((select count(*)::int from public.activity_mentors), 16, 'a mentor reads the mentors of their 15 activities');
select is((select count(*)::int from public.activity_participants), 12, 'a mentor reads the participants of their 15 activities');
select is(tests.outcome($$insert into public.activity_mentors values ('00000000-0000-4000-a000-00000000000a', '00000000-0000-4000-d000-000000000a06', '00000000-0000-4000-b000-000000000003')$$), 'error:42501', 'a mentor cannot add a mentor to a proxy entry');
select is(tests.outcome($$insert into public.activity_participants values ('00000000-0000-4000-a000-00000000000a', '00000000-0000-4000-d000-000000000a15', '00000000-0000-4000-c000-000000000a03')$$), 'error:42501', 'a mentor cannot add a participant to a bulk entry');
select is(tests.outcome($$update public.activity_mentors set mentor_id = '00000000-0000-4000-b000-000000000003' where activity_id = '00000000-0000-4000-d000-000000000a01'$$), 'ok:0', 'links are never updated in place, not even the mentor''s own');
select is(tests.outcome($$update public.activity_participants set contact_id = '00000000-0000-4000-c000-000000000a03' where activity_id = '00000000-0000-4000-d000-000000000a01'$$), 'ok:0', 'participants are never updated in place');
select is(tests.outcome($$delete from public.activity_mentors where activity_id = '00000000-0000-4000-d000-000000000a20'$$), 'ok:0', 'a mentor cannot remove themselves from a proxy entry');
select is(tests.outcome($$delete from public.activity_participants where activity_id = '00000000-0000-4000-d000-000000000a06'$$), 'ok:0', 'a mentor cannot remove participants of a proxy entry');
select is(tests.fingerprint('public.activity_mentors'), :'mentors_before', 'after the mentor''s denied attempts every activity mentor is unchanged');
select is(tests.fingerprint('public.activity_participants'), :'participants_before', 'after the mentor''s denied attempts every participant is unchanged');
select is(tests.outcome($$insert into public.activity_mentors values ('00000000-0000-4000-a000-00000000000a', '00000000-0000-4000-d000-000000000a01', '00000000-0000-4000-b000-000000000003')$$), 'ok:1', 'a mentor adds a co-mentor to their own direct entry');
select is(tests.outcome($$insert into public.activity_participants values ('00000000-0000-4000-a000-00000000000a', '00000000-0000-4000-d000-000000000a01', '00000000-0000-4000-c000-000000000a02')$$), 'ok:1', 'a mentor adds a participant to their own direct entry');
select is(tests.outcome($$delete from public.activity_mentors where activity_id = '00000000-0000-4000-d000-000000000a01' and mentor_id = '00000000-0000-4000-b000-000000000003'$$), 'ok:1', 'a mentor removes the co-mentor again');
select is(tests.outcome($$delete from public.activity_participants where activity_id = '00000000-0000-4000-d000-000000000a01' and contact_id = '00000000-0000-4000-c000-000000000a02'$$), 'ok:1', 'a mentor removes the participant again');

select tests.authenticate_as('coordinator.b@fixture.example');
select is((select count(*)::int from public.activity_mentors), 3, 'a coordinator of B reads B''s 3 activity mentors only');
select is((select count(*)::int from public.activity_participants), 5, 'a coordinator of B reads B''s 5 participants only');
select is(tests.outcome($$insert into public.activity_participants values ('00000000-0000-4000-a000-00000000000a', '00000000-0000-4000-d000-000000000a01', '00000000-0000-4000-c000-000000000a03')$$), 'error:42501', 'a coordinator of B cannot add participants to A''s activities');
select is(tests.outcome($$insert into public.activity_participants values ('00000000-0000-4000-a000-00000000000b', '00000000-0000-4000-d000-000000000b01', '00000000-0000-4000-c000-000000000a03')$$), 'error:23503', 'a contact of A cannot be linked to an activity of B');
select is(tests.outcome($$insert into public.activity_mentors values ('00000000-0000-4000-a000-00000000000b', '00000000-0000-4000-d000-000000000b01', '00000000-0000-4000-b000-000000000001')$$), 'error:23503', 'a mentor who is not a member of B cannot be linked to B''s activity');
select is(tests.outcome($$delete from public.activity_mentors where org_id = '00000000-0000-4000-a000-00000000000a'$$), 'ok:0', 'a coordinator of B removes no mentor of A''s activities');
select is(tests.fingerprint('public.activity_mentors'), :'mentors_before', 'after B''s attempts every activity mentor is unchanged');
select is(tests.fingerprint('public.activity_participants'), :'participants_before', 'after B''s attempts every participant is unchanged');

select tests.authenticate_as('dual@fixture.example');
select is((select count(*)::int from public.activity_mentors), 7, 'a mentor in A and coordinator in B reads 4 activity mentors in A and 3 in B');
select is((select count(*)::int from public.activity_participants), 12, '... and 7 participants in A and 5 in B');

select tests.authenticate_as('coordinator.a@fixture.example');
select is((select count(*)::int from public.activity_mentors), 23, 'a coordinator of A reads all 23 activity mentors of A');
select is((select count(*)::int from public.activity_participants), 22, 'a coordinator of A reads all 22 participants of A');
select is(tests.outcome($$insert into public.activity_participants values ('00000000-0000-4000-a000-00000000000a', '00000000-0000-4000-d000-000000000a20', '00000000-0000-4000-c000-000000000a04')$$), 'ok:1', 'a coordinator adds a participant to a proxy entry');
select is(tests.outcome($$delete from public.activity_mentors where activity_id = '00000000-0000-4000-d000-000000000a10' and mentor_id = '00000000-0000-4000-b000-000000000003'$$), 'ok:1', 'a coordinator removes a mentor from a mentor''s entry');

select tests.authenticate_as('admin.a@fixture.example');
select is((select count(*)::int from public.activity_participants), 23, 'an admin of A reads every participant of A');

select tests.authenticate_as_service_role();
select is((select count(*)::int from public.activity_mentors), 25, 'the service role reads every activity mentor');

select * from finish();
rollback;
