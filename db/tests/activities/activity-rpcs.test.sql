-- register_activity, edit_activity, delete_activity, list_activities: one atomic
-- call each, the registration rules enforced in the database (who may name whom,
-- proxy and bulk for coordinators, revoked members refused, the schema's
-- thresholds as 22023), and nothing changed by any refusal.
-- Fixture ids: organisation A …a000-00000000000a; mentor.a …b001, mentor.ab
-- …b003, inactive.a …b004 (revoked below), pending.a …b005, coordinator.a …b006,
-- mentor.b …b009 (a member of B only); contacts …c000-000000000aNN.
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
select plan(48);

update public.members set approval_status = 'revoked'
where user_id = tests.user_id('inactive.a@fixture.example');
-- A contact of A that no mentor has registered or met: mentors cannot read it.
insert into public.contacts (org_id, id, full_name, created_by) values
  (tests.organisation_id('A'), '00000000-0000-4000-c000-000000000a99', 'Unmet Contact', tests.user_id('coordinator.a@fixture.example'));

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

-- A mentor: direct entries, naming only themselves.
select tests.authenticate_as('mentor.a@fixture.example');
select is((select count(*)::int from public.contacts where id = '00000000-0000-4000-c000-000000000a99'), 0,
  'mentor.a cannot read contact a99 (the contact the link attempts below use)');
select is(tests.outcome($$select public.register_activity(tests.organisation_id('A'), 'direct', 'in_person_outreach', '2026-06-01', 60,
  array[tests.user_id('mentor.a@fixture.example'), tests.user_id('mentor.ab@fixture.example')]::uuid[])$$), 'error:42501',
  'a mentor cannot name a co-mentor in their own direct entry');
select is(tests.outcome($$select public.register_activity(tests.organisation_id('A'), 'direct', 'in_person_outreach', '2026-06-01', 60,
  array[tests.user_id('mentor.ab@fixture.example')]::uuid[])$$), 'error:42501',
  'a mentor cannot register a direct entry naming only someone else');
select is(tests.outcome($$select public.register_activity(tests.organisation_id('A'), 'proxy', 'in_person_outreach', '2026-06-01', 60,
  array[tests.user_id('mentor.ab@fixture.example')]::uuid[])$$), 'error:42501', 'a mentor cannot register a proxy entry');
select is(tests.outcome($$select public.register_activity(tests.organisation_id('A'), 'bulk', 'group_meeting', '2026-06-01', 60,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[])$$), 'error:42501', 'a mentor cannot register a bulk entry');
select is(tests.outcome($$select public.register_activity(tests.organisation_id('A'), 'direct', 'in_person_outreach', '2026-06-01', 60,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[], array['00000000-0000-4000-c000-000000000a99']::uuid[])$$), 'error:23503',
  'a mentor cannot link a contact they cannot read');
select is(tests.outcome($$select public.register_activity(tests.organisation_id('A'), 'direct', 'in_person_outreach', '2026-06-01', 60,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[], array['00000000-0000-4000-c000-0000000000ff']::uuid[])$$), 'error:23503',
  '... and gets the same error for a contact that does not exist');
select is(tests.outcome($$select public.register_activity(tests.organisation_id('A'), 'direct', 'in_person_outreach', '2026-06-01', 0,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[])$$), 'error:22023', 'a duration of 0 minutes is refused as an invalid argument');
select is(tests.outcome($$select public.register_activity(tests.organisation_id('A'), 'direct', 'in_person_outreach', '2026-06-01', 1441,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[])$$), 'error:22023', 'a duration over a day is refused');
select is(tests.outcome($$select public.register_activity(tests.organisation_id('A'), 'direct', 'in_person_outreach', '1999-12-31', 60,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[])$$), 'error:22023', 'a date before 2000 is refused');
select is(tests.outcome($$select public.register_activity(tests.organisation_id('A'), 'direct', 'in_person_outreach', '2026-06-01', 60,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[], '{}', 100001)$$), 'error:22023', 'more than 100 000 anonymous participants are refused');
select is(tests.outcome($$select public.register_activity(tests.organisation_id('A'), 'direct', 'in_person_outreach', '2026-06-01', 60,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[], '{}', 0, '301', '2024')$$), 'error:22023', 'a municipality code of three digits is refused');
select is(tests.outcome($$select public.register_activity(tests.organisation_id('A'), 'direct', 'in_person_outreach', '2026-06-01', 60,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[], '{}', 0, '0301')$$), 'error:22023', 'a municipality code without its code-list version is refused');
select is(tests.outcome($$select public.register_activity(tests.organisation_id('A'), 'direct', 'in_person_outreach', '2026-06-01', 60, '{}')$$),
  'error:22023', 'an activity without a mentor is refused');
select is(tests.outcome($$select public.register_activity(tests.organisation_id('A'), 'direct', null, '2026-06-01', 60,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[])$$), 'error:22004', 'a null kind is refused as a null argument');
select is(tests.outcome($$select public.register_activity(null, 'direct', 'in_person_outreach', '2026-06-01', 60,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[])$$), 'error:22004', 'a null org_id is refused as a null argument');
select ok(pg_temp.nothing_changed(), 'after every refused registration no activity, mentor or participant changed');

select r.id as own_activity,
       row(r.registration_path, r.registered_by, r.mentor_ids, r.participant_ids, r.duration_minutes, r.deleted_at)::text as own_row
from public.register_activity(tests.organisation_id('A'), 'direct', 'in_person_outreach', '2026-06-01', 75,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[], array[tests.contact_id('a01')]::uuid[]) r \gset
select is(:'own_row',
  row('direct'::public.registration_path, tests.user_id('mentor.a@fixture.example'), array[tests.user_id('mentor.a@fixture.example')]::uuid[],
      array[tests.contact_id('a01')]::uuid[], 75, null::timestamptz)::text,
  'a mentor registers a direct entry with a contact they registered: one call returns the row with its mentor and participant');
select is((select count(*)::int from public.activity_mentors where activity_id = :'own_activity'), 1, 'the activity has its one mentor row');
select is((select count(*)::int from public.activity_participants where activity_id = :'own_activity'), 1, 'and its one participant row');
select pg_temp.remember();

select is(tests.outcome(format($$select public.edit_activity(tests.organisation_id('A'), %L, 'in_person_outreach', '2026-06-01', 90,
  array[tests.user_id('mentor.a@fixture.example'), tests.user_id('mentor.ab@fixture.example')]::uuid[])$$, :'own_activity')), 'error:42501',
  'a mentor cannot add a co-mentor to their own entry by editing it');
select is(tests.outcome(format($$select public.edit_activity(tests.organisation_id('A'), %L, 'in_person_outreach', '2026-06-01', 90,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[], array['00000000-0000-4000-c000-000000000a99']::uuid[])$$, :'own_activity')), 'error:23503',
  'a mentor cannot link an unreadable contact by editing');
select is(tests.outcome($$select public.edit_activity(tests.organisation_id('A'), tests.activity_id('A06'), 'in_person_outreach', '2026-02-03', 90,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[])$$), 'error:42501', 'a mentor cannot edit a coordinator''s proxy entry they took part in');
select is(tests.outcome($$select public.edit_activity(tests.organisation_id('A'), '00000000-0000-4000-d000-0000000000ff', 'in_person_outreach', '2026-02-03', 90,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[])$$), 'error:P0002', 'editing an activity that does not exist is not_found');
select is(tests.outcome($$select public.delete_activity(tests.organisation_id('A'), tests.activity_id('A06'))$$), 'error:42501',
  'a mentor cannot delete a proxy entry');
select ok(pg_temp.nothing_changed(), 'after the refused edits and delete nothing changed');

select is((select row(r.duration_minutes, r.participant_ids)::text
           from public.edit_activity(tests.organisation_id('A'), :'own_activity', 'in_person_outreach', '2026-06-01', 90,
             array[tests.user_id('mentor.a@fixture.example')]::uuid[], array[tests.contact_id('a02')]::uuid[]) r),
  row(90, array[tests.contact_id('a02')]::uuid[])::text,
  'a mentor edits their own entry: new duration, one participant replaced by another');
select is((select array_agg(contact_id)::text from public.activity_participants where activity_id = :'own_activity'),
  '{00000000-0000-4000-c000-000000000a02}', 'the participant links were replaced, not added to');
select isnt((select r.deleted_at from public.delete_activity(tests.organisation_id('A'), :'own_activity') r), null,
  'a mentor soft-deletes their own entry');
select is(tests.outcome(format($$select public.delete_activity(tests.organisation_id('A'), %L)$$, :'own_activity')), 'error:P0002',
  'deleting it again is not_found');
select is(tests.outcome(format($$select public.edit_activity(tests.organisation_id('A'), %L, 'in_person_outreach', '2026-06-01', 60,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[])$$, :'own_activity')), 'error:P0002', 'a deleted activity cannot be edited (nor restored by editing)');
select is((select count(*)::int from public.list_activities(tests.organisation_id('A'), '2026-01-01', '2026-12-31')),
          (select count(*)::int from public.activities where deleted_at is null and activity_date between '2026-01-01' and '2026-12-31'),
  'list_activities gives a mentor exactly the live activities they may read');
select is((select count(*)::int from public.list_activities(tests.organisation_id('A'), '2026-01-01', '2026-12-31') where id = :'own_activity'), 0,
  'the soft-deleted entry is not listed');

-- A pending mentor may register their own direct entries (which never count).
select tests.authenticate_as('pending.a@fixture.example');
select is(tests.outcome($$select public.register_activity(tests.organisation_id('A'), 'direct', 'in_person_outreach', '2026-06-02', 60,
  array[tests.user_id('pending.a@fixture.example')]::uuid[])$$), 'ok:1', 'a pending mentor registers a direct entry naming themselves');

-- A revoked member does nothing.
select tests.authenticate_as('inactive.a@fixture.example');
select pg_temp.remember();
select is(tests.outcome($$select public.register_activity(tests.organisation_id('A'), 'direct', 'in_person_outreach', '2026-06-02', 60,
  array[tests.user_id('inactive.a@fixture.example')]::uuid[])$$), 'error:42501', 'a revoked mentor cannot register');
select is(tests.outcome($$select public.list_activities(tests.organisation_id('A'), '2026-01-01', '2026-12-31')$$), 'error:42501',
  'a revoked mentor cannot list');
select ok(pg_temp.nothing_changed(), 'the revoked mentor changed nothing');

-- A coordinator: proxy and bulk entries, naming any current member.
select tests.authenticate_as('coordinator.a@fixture.example');
select is(tests.outcome($$select public.register_activity(tests.organisation_id('A'), 'direct', 'in_person_outreach', '2026-06-03', 60,
  array[tests.user_id('coordinator.a@fixture.example')]::uuid[])$$), 'error:42501', 'a coordinator does not register direct entries');
select is(tests.outcome($$select public.register_activity(tests.organisation_id('A'), 'proxy', 'in_person_outreach', '2026-06-03', 60,
  array[tests.user_id('mentor.b@fixture.example')]::uuid[])$$), 'error:23503', 'a coordinator cannot name a mentor of another organisation');
select is(tests.outcome($$select public.register_activity(tests.organisation_id('A'), 'proxy', 'in_person_outreach', '2026-06-03', 60,
  array[tests.user_id('inactive.a@fixture.example')]::uuid[])$$), 'error:23503', 'a coordinator cannot name a revoked member');
select is(tests.outcome($$select public.register_activity(tests.organisation_id('A'), 'proxy', 'in_person_outreach', '2026-06-03', 60,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[], array[tests.contact_id('b01')]::uuid[])$$), 'error:23503',
  'a coordinator cannot link a contact of another organisation');
select ok(pg_temp.nothing_changed(), 'after the coordinator''s refused registrations nothing changed');
select is((select cardinality(r.mentor_ids) + cardinality(r.participant_ids)
           from public.register_activity(tests.organisation_id('A'), 'proxy', 'group_meeting', '2026-06-03', 60,
             array[tests.user_id('mentor.a@fixture.example'), tests.user_id('mentor.ab@fixture.example')]::uuid[],
             array[tests.contact_id('a03'), tests.contact_id('a04'), tests.contact_id('a05')]::uuid[], 2) r),
  5, 'a coordinator registers a proxy group meeting with two mentors and three contacts in one call');

-- Outsiders, anon and the service role.
select tests.authenticate_as('coordinator.b@fixture.example');
select pg_temp.remember();
select is(tests.outcome($$select public.register_activity(tests.organisation_id('A'), 'proxy', 'in_person_outreach', '2026-06-03', 60,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[])$$), 'error:42501', 'a coordinator of B cannot register in A');
select is(tests.outcome($$select public.delete_activity(tests.organisation_id('A'), tests.activity_id('A01'))$$), 'error:42501',
  'a coordinator of B cannot delete A''s activity');
select tests.authenticate_as_anon();
select is(tests.outcome($$select public.register_activity(tests.organisation_id('A'), 'direct', 'in_person_outreach', '2026-06-03', 60,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[])$$), 'error:42501', 'anon cannot register');
select tests.authenticate_as_service_role();
select is(tests.outcome($$select public.register_activity(tests.organisation_id('A'), 'proxy', 'in_person_outreach', '2026-06-03', 60,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[])$$), 'error:42501', 'the service role registers nothing: an activity needs a registering member');
select ok(pg_temp.nothing_changed(), 'the outsiders changed nothing');

select * from finish();
rollback;
