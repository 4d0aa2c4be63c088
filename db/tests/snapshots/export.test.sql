-- export_bufdir_report refuses a missing, stale or tampered snapshot without an
-- audit row, exports a sound one with its audit row, and the audit log is
-- append-only for everyone.
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
select plan(31);

create function pg_temp.export_as(email text) returns text language plpgsql as $$
begin
  perform tests.authenticate_as(email);
  return tests.outcome($q$select public.export_bufdir_report(tests.organisation_id('A'), '2026-01-01', '2026-06-30')$q$);
end
$$;
create function pg_temp.audit_rows() returns int language sql security definer as $$
  select count(*)::int from public.bufdir_export_audit_log
$$;

-- Refusals
select is(pg_temp.export_as('coordinator.a@fixture.example'), 'error:BF002', 'with no snapshot the export is refused (BF002)');
select tests.clear_authentication();
select is(pg_temp.audit_rows(), 0, '... and no audit row is written');

select tests.authenticate_as('coordinator.a@fixture.example');
select lives_ok($$select public.refresh_metric_snapshot(tests.organisation_id('A'), '2026-01-01', '2026-06-30')$$, 'a coordinator refreshes');
select tests.clear_authentication();
insert into public.activities (org_id, kind, activity_date, duration_minutes, registration_path, registered_by)
values (tests.organisation_id('A'), 'in_person_outreach', '2026-05-30', 60, 'direct', tests.user_id('mentor.a@fixture.example'));
select is(pg_temp.export_as('coordinator.a@fixture.example'), 'error:BF003', 'after a new activity the stale snapshot is refused (BF003)');
select tests.clear_authentication();
select is(pg_temp.audit_rows(), 0, '... and no audit row is written');

select tests.authenticate_as('coordinator.a@fixture.example');
select lives_ok($$select public.refresh_metric_snapshot(tests.organisation_id('A'), '2026-01-01', '2026-06-30')$$, 'the coordinator refreshes again');
select tests.clear_authentication();
-- Tamper as the table owner, keeping the shape valid and the bookkeeping untouched.
alter table public.bufdir_metric_snapshots disable trigger stamp_snapshot;
update public.bufdir_metric_snapshots set snapshot_json = jsonb_set(snapshot_json, '{totals,activity_days}', '90');
alter table public.bufdir_metric_snapshots enable trigger stamp_snapshot;
select tests.authenticate_as('coordinator.a@fixture.example');
select is((public.metric_snapshot_status(tests.organisation_id('A'), '2026-01-01', '2026-06-30')).is_stale, false,
  'the tampered snapshot does not look stale');
select results_eq($$select figure, persisted_value, recomputed_value from public.verify_metric_snapshot(tests.organisation_id('A'), '2026-01-01', '2026-06-30')$$,
  $$values ('totals.activity_days', '90'::jsonb, '9'::jsonb)$$,
  'verify lists the one tampered figure with its persisted and recomputed values');
select tests.clear_authentication();
select is(pg_temp.export_as('coordinator.a@fixture.example'), 'error:BF004', 'the tampered snapshot is refused (BF004)');
select tests.clear_authentication();
select is(pg_temp.audit_rows(), 0, '... and no audit row is written');

-- Who may export
select tests.authenticate_as('coordinator.a@fixture.example');
select lives_ok($$select public.refresh_metric_snapshot(tests.organisation_id('A'), '2026-01-01', '2026-06-30')$$, 'a refresh repairs it');
select is_empty($$select * from public.verify_metric_snapshot(tests.organisation_id('A'), '2026-01-01', '2026-06-30')$$, 'verify finds no difference now');
select tests.clear_authentication();
select is(pg_temp.export_as('mentor.a@fixture.example'), 'error:42501', 'a mentor cannot export');
select tests.clear_authentication();
select is(pg_temp.export_as('coordinator.b@fixture.example'), 'error:42501', 'a coordinator of another organisation cannot export');
select tests.clear_authentication();
select is(pg_temp.export_as('dual@fixture.example'), 'error:42501', 'a mentor in A who coordinates B cannot export A');
select tests.clear_authentication();
select is(pg_temp.audit_rows(), 0, 'no refused export wrote an audit row');

-- A sound export
select tests.authenticate_as('coordinator.a@fixture.example');
create temporary table exported as
select * from public.export_bufdir_report(tests.organisation_id('A'), '2026-01-01', '2026-06-30');
grant select on exported to authenticated, service_role;
select tests.clear_authentication();
select is(pg_temp.audit_rows(), 1, 'the export wrote one audit row');
select tests.authenticate_as('coordinator.a@fixture.example');
select is((select exported_by from exported), tests.user_id('coordinator.a@fixture.example'), 'the audit row names the exporting user');
select is((select payload_sha256 from exported), (select encode(sha256(convert_to(payload::text, 'UTF8')), 'hex') from exported),
  'payload_sha256 is the SHA-256 of the exported payload');
select is((select payload -> 'figures' #>> '{totals,activity_days}' from exported), '9', 'the payload carries the figures (the added outreach has no participant, so it does not count)');
select is((select snapshot_id from exported), (select id from public.bufdir_metric_snapshots where org_id = tests.organisation_id('A')),
  'the audit row names the exported snapshot');
select is((select rule_version || ' / ' || record_count from exported), '2026.1 / 19', 'the audit row records the rule version and record count');
select is((select count(*)::int from public.bufdir_export_audit_log), 1, 'the coordinator reads the audit row');
select tests.authenticate_as('mentor.a@fixture.example');
select is((select count(*)::int from public.bufdir_export_audit_log), 0, 'a mentor does not read the export history');

-- Append-only for everyone
select tests.authenticate_as('admin.a@fixture.example');
select is(tests.outcome($$update public.bufdir_export_audit_log set record_count = 0$$), 'error:42501', 'an admin cannot update an audit row');
select is(tests.outcome($$delete from public.bufdir_export_audit_log$$), 'error:42501', 'an admin cannot delete an audit row');
select is(tests.outcome($$insert into public.bufdir_export_audit_log (org_id, snapshot_id, period_start, period_end, rule_version, record_count, payload, payload_sha256)
  values (tests.organisation_id('A'), gen_random_uuid(), '2026-01-01', '2026-06-30', '2026.1', 0, '{}', repeat('0', 64))$$),
  'error:42501', 'an admin cannot forge an audit row');
select tests.authenticate_as_service_role();
select is(tests.outcome($$truncate public.bufdir_export_audit_log$$), 'error:42501', 'not even the service role can truncate the audit log');
select is(tests.outcome($$delete from public.bufdir_export_audit_log$$), 'error:42501', 'not even the service role can delete an audit row');
select tests.clear_authentication();
select is(tests.outcome($$update public.bufdir_export_audit_log set record_count = 0$$), 'error:42501', 'the trigger refuses an update even by the table owner');
select is(tests.outcome($$delete from public.bufdir_metric_snapshots$$) || ' / ' || pg_temp.audit_rows(), 'ok:1 / 1',
  'deleting the snapshot later keeps its audit row (no foreign key)');

select * from finish();
rollback;
