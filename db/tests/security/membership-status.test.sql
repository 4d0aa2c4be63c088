-- Membership status gates every RPC: a revoked member is refused (42501) from
-- the next statement on, summary sync included; a pending mentor registers and
-- maintains only their own direct entries, naming only themselves, and reads
-- nothing else of the organisation; a pending coordinator does nothing. No
-- refusal changes anything.
-- Fixture ids: organisation A …a000-00000000000a; mentor.a …b001, mentor.ab
-- …b003, pending.a …b005, coordinator.a …b006, admin.a …b007; contacts
-- …c000-000000000aNN; activities …d000-000000000aNN.
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
select plan(47);

-- A's figures exist, so each read below has something to refuse.
select tests.authenticate_as('coordinator.a@fixture.example');
select lives_ok($$select public.refresh_metric_snapshot(tests.organisation_id('A'), '2026-01-01', '2026-06-30')$$, 'a coordinator refreshes A''s H1 snapshot');
select lives_ok($$select public.generate_periodic_summaries(tests.organisation_id('A'), 'half_year', '2026-01-01')$$, '... and generates A''s H1 summaries');
select tests.clear_authentication();
select isnt(tests.create_user('pending.coordinator@fixture.example', '00000000-0000-4000-b000-000000000103'), null, 'a pending coordinator exists');
insert into public.members (org_id, user_id, role, approval_status) values
  (tests.organisation_id('A'), '00000000-0000-4000-b000-000000000103', 'coordinator', 'pending');

create temporary table fingerprints on commit drop as
select tests.fingerprint('public.activities') as activities,
       tests.fingerprint('public.activity_mentors') as mentors,
       tests.fingerprint('public.activity_participants') as participants,
       tests.fingerprint('public.contacts') as contacts,
       tests.fingerprint('public.members') as members,
       tests.fingerprint('public.bufdir_metric_snapshots') as snapshots,
       tests.fingerprint('public.bufdir_export_audit_log') as audit,
       tests.fingerprint('public.periodic_summaries') as summaries;
grant select, update on fingerprints to anon, authenticated, service_role;
create function pg_temp.nothing_changed() returns boolean language sql as $$
  select tests.fingerprint('public.activities') = f.activities
     and tests.fingerprint('public.activity_mentors') = f.mentors
     and tests.fingerprint('public.activity_participants') = f.participants
     and tests.fingerprint('public.contacts') = f.contacts
     and tests.fingerprint('public.members') = f.members
     and tests.fingerprint('public.bufdir_metric_snapshots') = f.snapshots
     and tests.fingerprint('public.bufdir_export_audit_log') = f.audit
     and tests.fingerprint('public.periodic_summaries') = f.summaries
  from fingerprints f
$$;
create function pg_temp.remember() returns void language sql as $$
  update fingerprints set activities = tests.fingerprint('public.activities'),
                          mentors = tests.fingerprint('public.activity_mentors'),
                          participants = tests.fingerprint('public.activity_participants'),
                          contacts = tests.fingerprint('public.contacts'),
                          members = tests.fingerprint('public.members')
$$;
grant execute on function pg_temp.nothing_changed(), pg_temp.remember() to anon, authenticated, service_role;

-- Pending mentor: nothing of the organisation beyond their own entries.
select tests.authenticate_as('pending.a@fixture.example');
select is(tests.outcome($$select public.list_member_names(tests.organisation_id('A'))$$), 'error:42501', 'a pending mentor reads no member names');
select is(tests.outcome($$select public.get_metric_snapshot(tests.organisation_id('A'), '2026-01-01', '2026-06-30')$$), 'error:42501', 'a pending mentor reads no snapshot');
select is(tests.outcome($$select public.metric_snapshot_status(tests.organisation_id('A'), '2026-01-01', '2026-06-30')$$), 'error:42501', 'a pending mentor reads no snapshot status');
select is(tests.outcome($$select * from public.list_periodic_summaries_since(tests.organisation_id('A'))$$), 'error:42501', 'a pending mentor syncs no summaries');
select results_eq($$select id::text from public.list_activities(tests.organisation_id('A'), '2026-01-01', '2026-12-31')$$,
  $$values (tests.activity_id('A21')::text)$$, 'a pending mentor lists only the entry they registered');
select is(tests.outcome($$select public.register_activity(tests.organisation_id('A'), 'direct', 'in_person_outreach', '2026-06-01', 60,
  array[tests.user_id('pending.a@fixture.example'), tests.user_id('mentor.a@fixture.example')]::uuid[])$$), 'error:42501', 'a pending mentor cannot name an approved mentor on their entry');
select is(tests.outcome($$select public.register_activity(tests.organisation_id('A'), 'proxy', 'in_person_outreach', '2026-06-01', 60,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[])$$), 'error:42501', 'a pending mentor cannot register a proxy entry');
select is(tests.outcome($$select public.register_activity(tests.organisation_id('A'), 'direct', 'in_person_outreach', '2026-06-01', 60,
  array[tests.user_id('pending.a@fixture.example')]::uuid[], array[tests.contact_id('a01')]::uuid[])$$), 'error:23503', 'a pending mentor cannot link a contact they did not register');
select is(tests.outcome($$select public.edit_activity(tests.organisation_id('A'), tests.activity_id('A21'), 'in_person_outreach', '2026-03-01', 60,
  array[tests.user_id('pending.a@fixture.example'), tests.user_id('mentor.a@fixture.example')]::uuid[], array[tests.contact_id('a06')]::uuid[])$$), 'error:42501', 'a pending mentor cannot add an approved co-mentor to their entry');
select is(tests.outcome($$select public.delete_activity(tests.organisation_id('A'), tests.activity_id('A01'))$$), 'error:P0002', 'a pending mentor cannot delete another mentor''s entry (not found for them)');
select ok(pg_temp.nothing_changed(), 'the pending mentor''s refused calls changed nothing');
select is(tests.outcome($$select public.register_activity(tests.organisation_id('A'), 'direct', 'in_person_outreach', '2026-06-01', 60,
  array[tests.user_id('pending.a@fixture.example')]::uuid[])$$), 'ok:1', 'a pending mentor registers a direct entry naming themselves');
select is(tests.outcome($$select public.edit_activity(tests.organisation_id('A'), tests.activity_id('A21'), 'in_person_outreach', '2026-03-01', 75,
  array[tests.user_id('pending.a@fixture.example')]::uuid[], array[tests.contact_id('a06')]::uuid[])$$), 'ok:1', 'a pending mentor edits their own entry (the participant already linked stays)');
select is(tests.outcome($$select public.delete_activity(tests.organisation_id('A'), tests.activity_id('A21'))$$), 'ok:1', 'a pending mentor soft-deletes their own entry');

-- Pending coordinator: no management, no figures, no registrations before approval.
select tests.clear_authentication();
select pg_temp.remember();
select tests.authenticate_as('pending.coordinator@fixture.example');
select is(tests.outcome($$select public.list_member_names(tests.organisation_id('A'))$$), 'error:42501', 'a pending coordinator reads no member names');
select is(tests.outcome($$select public.compute_bufdir_metrics(tests.organisation_id('A'), '2026-01-01', '2026-06-30')$$), 'error:42501', 'a pending coordinator computes no figures');
select is(tests.outcome($$select public.list_activities(tests.organisation_id('A'), '2026-01-01', '2026-12-31')$$), 'error:42501', 'a pending coordinator lists no activities');
select is(tests.outcome($$select public.register_activity(tests.organisation_id('A'), 'proxy', 'in_person_outreach', '2026-06-01', 60,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[])$$), 'error:42501', 'a pending coordinator registers no proxy entry');
select is(tests.outcome($$select public.delete_activity(tests.organisation_id('A'), tests.activity_id('A01'))$$), 'error:42501', 'a pending coordinator deletes no activity');
select ok(pg_temp.nothing_changed(), 'the pending coordinator''s refused calls changed nothing');

-- Revoked: mentor.a and coordinator.a call the RPCs until the revocation, and are refused from the next statement on.
select tests.authenticate_as('mentor.a@fixture.example');
select is(tests.outcome($$select * from public.list_periodic_summaries_since(tests.organisation_id('A'))$$), 'ok:0', 'before the revocation mentor.a may sync summaries (none finished yet)');
select isnt((select count(*)::int from public.list_activities(tests.organisation_id('A'), '2026-01-01', '2026-12-31')), 0, '... and lists their activities');
select tests.authenticate_as('coordinator.a@fixture.example');
select is(tests.outcome($$select public.get_metric_snapshot(tests.organisation_id('A'), '2026-01-01', '2026-06-30')$$), 'ok:1', 'before the revocation coordinator.a reads A''s snapshot');
select tests.clear_authentication();
update public.members set approval_status = 'revoked'
where user_id in (tests.user_id('mentor.a@fixture.example'), tests.user_id('coordinator.a@fixture.example'));
select pg_temp.remember();

select tests.authenticate_as('mentor.a@fixture.example');
select is(tests.outcome($$select * from public.list_periodic_summaries_since(tests.organisation_id('A'))$$), 'error:42501', 'a revoked mentor syncs no summaries');
select is(tests.outcome($$select public.list_member_names(tests.organisation_id('A'))$$), 'error:42501', 'a revoked mentor reads no member names');
select is(tests.outcome($$select public.metric_snapshot_status(tests.organisation_id('A'), '2026-01-01', '2026-06-30')$$), 'error:42501', 'a revoked mentor reads no snapshot status');
select is(tests.outcome($$select public.list_activities(tests.organisation_id('A'), '2026-01-01', '2026-12-31')$$), 'error:42501', 'a revoked mentor lists no activities');
select is(tests.outcome($$select public.register_activity(tests.organisation_id('A'), 'direct', 'in_person_outreach', '2026-06-01', 60,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[])$$), 'error:42501', 'a revoked mentor cannot register');
select is(tests.outcome($$select public.edit_activity(tests.organisation_id('A'), tests.activity_id('A01'), 'in_person_outreach', '2026-01-01', 61,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[], array[tests.contact_id('a01')]::uuid[])$$), 'error:42501', 'a revoked mentor cannot edit their own entry');
select is(tests.outcome($$select public.delete_activity(tests.organisation_id('A'), tests.activity_id('A01'))$$), 'error:42501', 'a revoked mentor cannot delete their own entry');
select ok(pg_temp.nothing_changed(), 'the revoked mentor''s refused calls changed nothing');

select tests.authenticate_as('coordinator.a@fixture.example');
select is(tests.outcome($$select public.get_metric_snapshot(tests.organisation_id('A'), '2026-01-01', '2026-06-30')$$), 'error:42501', 'a revoked coordinator reads no snapshot');
select is(tests.outcome($$select public.compute_bufdir_metrics(tests.organisation_id('A'), '2026-01-01', '2026-06-30')$$), 'error:42501', 'a revoked coordinator computes no figures');
select is(tests.outcome($$select public.refresh_metric_snapshot(tests.organisation_id('A'), '2026-01-01', '2026-06-30')$$), 'error:42501', 'a revoked coordinator refreshes no snapshot');
select is(tests.outcome($$select public.delete_metric_snapshot(tests.organisation_id('A'), '2026-01-01', '2026-06-30')$$), 'error:42501', 'a revoked coordinator deletes no snapshot');
select is(tests.outcome($$select public.export_bufdir_report(tests.organisation_id('A'), '2026-01-01', '2026-06-30')$$), 'error:42501', 'a revoked coordinator exports nothing');
select is(tests.outcome($$select public.generate_periodic_summaries(tests.organisation_id('A'), 'half_year', '2026-01-01')$$), 'error:42501', 'a revoked coordinator generates no summaries');
select is(tests.outcome($$select public.invalidate_periodic_summaries(tests.organisation_id('A'), '2026-01-01', '2026-06-30')$$), 'error:42501', 'a revoked coordinator invalidates no summaries');
select is(tests.outcome($$select * from public.list_periodic_summaries_since(tests.organisation_id('A'))$$), 'error:42501', 'a revoked coordinator syncs no summaries');
select is(tests.outcome($$select public.register_activity(tests.organisation_id('A'), 'proxy', 'in_person_outreach', '2026-06-01', 60,
  array[tests.user_id('mentor.ab@fixture.example')]::uuid[])$$), 'error:42501', 'a revoked coordinator cannot register');
select is(tests.outcome($$select public.delete_activity(tests.organisation_id('A'), tests.activity_id('A20'))$$), 'error:42501', 'a revoked coordinator cannot delete');
select ok(pg_temp.nothing_changed(), 'the revoked coordinator''s refused calls changed nothing');

-- Coordinators cannot name a revoked member either.
select tests.authenticate_as('admin.a@fixture.example');
select is(tests.outcome($$select public.register_activity(tests.organisation_id('A'), 'proxy', 'in_person_outreach', '2026-06-01', 60,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[])$$), 'error:23503', 'an admin cannot name a revoked mentor');
select ok(pg_temp.nothing_changed(), '... and nothing changed');

select * from finish();
rollback;
