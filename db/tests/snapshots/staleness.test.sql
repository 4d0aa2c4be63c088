-- Staleness: every kind of change the aggregation reads makes A's H1 snapshot
-- stale; changes outside the period or in another organisation do not. Each case
-- refreshes first, changes one thing, and asks metric_snapshot_status.
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
select plan(31);

create function pg_temp.refresh() returns void language sql as $$
  select tests.authenticate_as_service_role();
  select public.refresh_metric_snapshot(tests.organisation_id('A'), '2026-01-01', '2026-06-30');
  select tests.clear_authentication();
$$;
create function pg_temp.status() returns public.metric_snapshot_status language sql as $$
  select tests.authenticate_as('coordinator.a@fixture.example');
  select s from public.metric_snapshot_status(tests.organisation_id('A'), '2026-01-01', '2026-06-30') s;
$$;
create function pg_temp.after(change text) returns text[] language plpgsql as $$
declare
  status public.metric_snapshot_status;
begin
  perform pg_temp.refresh();
  execute change;
  status := pg_temp.status();
  perform tests.clear_authentication();
  return status.reasons;
end
$$;

select is((pg_temp.status()).reasons, array['missing'], 'with no snapshot the status says missing');
select tests.clear_authentication();
select is((pg_temp.status()).is_stale, true, '... and stale');
select tests.clear_authentication();
select is((pg_temp.status()).snapshot_exists, false, '... and that it does not exist');
select tests.clear_authentication();

select pg_temp.refresh();
select is((pg_temp.status()).is_stale, false, 'a fresh snapshot is not stale');
select tests.clear_authentication();
select is((pg_temp.status()).record_count_now, 18::bigint, 'record_count_now counts the 18 live activities of A in H1');
select tests.clear_authentication();

-- Activities
select is(pg_temp.after($$insert into public.activities (org_id, kind, activity_date, duration_minutes, registration_path, registered_by)
  values (tests.organisation_id('A'), 'other', '2026-03-03', 10, 'direct', tests.user_id('mentor.a@fixture.example'))$$),
  array['activities_changed'], 'an inserted activity makes it stale');
select is((pg_temp.status()).record_count_now, 19::bigint, '... and record_count_now shows one more');
select tests.clear_authentication();
select is(pg_temp.after($$update public.activities set duration_minutes = 61 where id = tests.activity_id('A01')$$),
  array['activities_changed'], 'an edited activity makes it stale');
select is(pg_temp.after($$update public.activities set activity_date = '2026-07-15' where id = tests.activity_id('A07')$$),
  array['activities_changed'], 'an activity moved out of the period makes it stale');
select is(pg_temp.after($$update public.activities set deleted_at = now() where id = tests.activity_id('A16')$$),
  array['activities_changed'], 'a soft delete makes it stale');
select is(pg_temp.after($$delete from public.activities where id = tests.activity_id('A21')$$),
  array['activities_changed'], 'a hard delete makes it stale');
select is((pg_temp.status()).record_count_now, (pg_temp.status()).record_count_at_generation - 1, '... and the live count drops by one');
select tests.clear_authentication();
select is(pg_temp.after($$
  insert into public.activities (org_id, id, kind, activity_date, duration_minutes, registration_path, registered_by)
  values (tests.organisation_id('A'), '00000000-0000-4000-d000-0000000000f1', 'other', '2026-04-04', 10, 'direct', tests.user_id('mentor.a@fixture.example'));
  delete from public.activities where id = tests.activity_id('A12')$$),
  array['activities_changed'], 'an insert plus a delete that leave the count unchanged make it stale');
select is((pg_temp.status()).record_count_now, (pg_temp.status()).record_count_at_generation, '... although the count is the same');
select tests.clear_authentication();

-- What an activity counts as
select is(pg_temp.after($$insert into public.activity_participants values (tests.organisation_id('A'), tests.activity_id('A08'), tests.contact_id('a03'))$$),
  array['activities_changed'], 'an added participant makes it stale');
select is(pg_temp.after($$delete from public.activity_participants where activity_id = tests.activity_id('A10') and contact_id = tests.contact_id('a01')$$),
  array['activities_changed'], 'a removed participant makes it stale');
select is(pg_temp.after($$insert into public.activity_mentors values (tests.organisation_id('A'), tests.activity_id('A13'), tests.user_id('mentor.a@fixture.example'))$$),
  array['activities_changed'], 'an added mentor makes it stale');
select is(pg_temp.after($$delete from public.activity_mentors where activity_id = tests.activity_id('A11') and mentor_id = tests.user_id('mentor.ab@fixture.example')$$),
  array['activities_changed'], 'a removed mentor makes it stale');

-- Mentor status
select is(pg_temp.after($$update public.members set approval_status = 'approved' where user_id = tests.user_id('pending.a@fixture.example') and org_id = tests.organisation_id('A')$$),
  array['roster_changed'], 'a mentor''s approval makes it stale');
select is(pg_temp.after($$update public.mentor_active_periods set active_to = null where mentor_id = tests.user_id('inactive.a@fixture.example')$$),
  array['roster_changed'], 'a changed active period makes it stale');
select is(pg_temp.after($$insert into public.mentor_active_periods (org_id, mentor_id, active_from) values (tests.organisation_id('A'), tests.user_id('pending.a@fixture.example'), '2026-01-01')$$),
  array['roster_changed'], 'a new active period makes it stale');

-- Rules
select is(pg_temp.after($$insert into public.bufdir_counting_rules (version, valid_from, counting_kinds, outreach_min_participants,
    group_min_participants, group_min_minutes, course_min_minutes, require_in_norway, description, logic_version)
  values ('2026.2', '2026-01-01', '{in_person_outreach,group_meeting}', 1, 4, 60, 90, true, 'stricter groups', 1)$$),
  array['rules_changed'], 'a new rule version in force for the period makes it stale');
select is((pg_temp.status()).rule_version_in_force, '2026.2', '... and the status names the version now in force');
select tests.clear_authentication();
delete from public.bufdir_metric_snapshots;

-- Not stale
select is(pg_temp.after($$insert into public.activities (org_id, kind, activity_date, duration_minutes, registration_path, registered_by)
  values (tests.organisation_id('A'), 'other', '2026-07-03', 10, 'direct', tests.user_id('mentor.a@fixture.example'))$$),
  '{}'::text[], 'an activity after the period leaves it fresh');
select is(pg_temp.after($$update public.activities set duration_minutes = 5 where id = tests.activity_id('A18')$$),
  '{}'::text[], 'an edit before the period leaves it fresh');
select is(pg_temp.after($$insert into public.activities (org_id, kind, activity_date, duration_minutes, registration_path, registered_by)
  values (tests.organisation_id('B'), 'other', '2026-03-03', 10, 'direct', tests.user_id('mentor.b@fixture.example'))$$),
  '{}'::text[], 'an activity of another organisation leaves it fresh');
select is(pg_temp.after($$update public.members set approval_status = 'revoked' where user_id = tests.user_id('mentor.b@fixture.example')$$),
  '{}'::text[], 'a roster change in another organisation leaves it fresh');
select is(pg_temp.after($$update public.contacts set phone = null where id = tests.contact_id('a01')$$),
  '{}'::text[], 'editing a contact''s personal details (not read by the aggregation) leaves it fresh');

-- Age
select pg_temp.refresh();
alter table public.bufdir_metric_snapshots disable trigger stamp_snapshot;
update public.bufdir_metric_snapshots set computed_at = now() - interval '24 hours 1 second';
alter table public.bufdir_metric_snapshots enable trigger stamp_snapshot;
select is((pg_temp.status()).reasons, array['older_than_24h'], 'a snapshot older than 24 hours is stale');
select tests.clear_authentication();
select ok((pg_temp.status()).age_seconds >= 86401, '... and its age is given in whole seconds');
select tests.clear_authentication();
select pg_temp.refresh();
select is((pg_temp.status()).is_stale, false, 'refreshing makes it fresh again');

select * from finish();
rollback;
