-- export_bufdir_report(..., refresh => true) computes, saves and exports in one
-- transaction: with no snapshot, with a stale one and with a tampered one, the
-- export is of fresh figures, and the saved snapshot is then fresh and verified.
-- Refused callers change nothing. The default (refresh false) is unchanged
-- (tests/snapshots/export.test.sql); edits racing the export are in
-- tests/concurrency/export-under-edits.test.ts.
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
select plan(24);

create function pg_temp.export_as(email text, refresh boolean default true) returns text language plpgsql as $$
begin
  perform tests.authenticate_as(email);
  return tests.outcome(format($q$select public.export_bufdir_report(tests.organisation_id('A'), '2026-01-01', '2026-06-30', refresh => %L)$q$, refresh));
end
$$;
create function pg_temp.state() returns text language sql security definer as $$
  select tests.fingerprint('public.bufdir_export_audit_log') || tests.fingerprint('public.bufdir_metric_snapshots')
    || tests.fingerprint('private.snapshot_generations')
$$;
create function pg_temp.audit_rows() returns int language sql security definer as $$
  select count(*)::int from public.bufdir_export_audit_log
$$;

-- Refused callers, with nothing saved yet
create temporary table before_refusals as select pg_temp.state() as digest;
select tests.clear_authentication();
select is(pg_temp.export_as('mentor.a@fixture.example'), 'error:42501', 'a mentor cannot export with refresh');
select tests.clear_authentication();
select is(pg_temp.export_as('pending.a@fixture.example'), 'error:42501', 'nor can a pending mentor');
select tests.clear_authentication();
select is(pg_temp.export_as('coordinator.b@fixture.example'), 'error:42501', 'nor a coordinator of another organisation');
select tests.authenticate_as_anon();
select is(tests.outcome($q$select public.export_bufdir_report(tests.organisation_id('A'), '2026-01-01', '2026-06-30', refresh => true)$q$),
  'error:42501', 'nor anon');
select tests.authenticate_as('coordinator.a@fixture.example');
select is(tests.outcome($q$select public.export_bufdir_report(tests.organisation_id('A'), '2026-01-01', '2026-06-30', refresh => null)$q$),
  'error:22004', 'a null refresh is 22004');
select is(tests.outcome($q$select public.export_bufdir_report(tests.organisation_id('A'), '2026-06-30', '2026-01-01', refresh => true)$q$),
  'error:22023', 'a period ending before it starts is 22023');
select tests.clear_authentication();
select is(pg_temp.state(), (select digest from before_refusals), '... and none of them changed the audit log, the snapshots or their generations');

-- With no snapshot
select tests.clear_authentication();
select is(pg_temp.export_as('coordinator.a@fixture.example', false), 'error:BF002', 'without refresh, no snapshot is still BF002');
select tests.clear_authentication();
select is(pg_temp.export_as('coordinator.a@fixture.example'), 'ok:1', 'with refresh, the coordinator exports with no snapshot saved before');
select tests.clear_authentication();
select is(pg_temp.audit_rows(), 1, '... writing one audit row');
select is((select count(*)::int from public.bufdir_metric_snapshots where org_id = tests.organisation_id('A')), 1,
  '... and saving the snapshot it exported');
select is((select l.snapshot_id from public.bufdir_export_audit_log l), (select s.id from public.bufdir_metric_snapshots s),
  '... the audit row names that snapshot');
select is((select (l.payload -> 'figures')::text from public.bufdir_export_audit_log l), (select s.snapshot_json::text from public.bufdir_metric_snapshots s),
  '... and exports its figures');
select is((select l.payload #>> '{figures,totals,activity_days}' from public.bufdir_export_audit_log l),
  (select private.compute_metrics(org_id => tests.organisation_id('A'), period_start => '2026-01-01', period_end => '2026-06-30') #>> '{totals,activity_days}'),
  '... which are a fresh computation');

-- With a stale snapshot
insert into public.activities (org_id, kind, activity_date, duration_minutes, registration_path, registered_by)
values (tests.organisation_id('A'), 'in_person_outreach', '2026-05-30', 60, 'direct', tests.user_id('mentor.a@fixture.example'));
select tests.clear_authentication();
select is(pg_temp.export_as('coordinator.a@fixture.example', false), 'error:BF003', 'after a new activity, the export without refresh is refused (BF003)');
select tests.clear_authentication();
select is(pg_temp.export_as('admin.a@fixture.example'), 'ok:1', 'an admin''s export with refresh succeeds');
select tests.clear_authentication();
select is(pg_temp.audit_rows(), 2, '... writing a second audit row');
select is((private.snapshot_status(tests.organisation_id('A'), '2026-01-01', '2026-06-30')).is_stale, false,
  '... and the saved snapshot is fresh again');

-- With a tampered snapshot
alter table public.bufdir_metric_snapshots disable trigger stamp_snapshot;
update public.bufdir_metric_snapshots set snapshot_json = jsonb_set(snapshot_json, '{totals,activity_days}', '90');
alter table public.bufdir_metric_snapshots enable trigger stamp_snapshot;
select tests.clear_authentication();
select is(pg_temp.export_as('coordinator.a@fixture.example', false), 'error:BF004', 'a tampered snapshot is refused without refresh (BF004)');
select tests.clear_authentication();
select is(pg_temp.export_as('coordinator.a@fixture.example'), 'ok:1', 'with refresh it is replaced by fresh figures and exported');
select tests.clear_authentication();
select isnt((select l.payload #>> '{figures,totals,activity_days}' from public.bufdir_export_audit_log l order by l.exported_at desc, l.id limit 1), '90',
  '... so the tampered figure is never exported');
select is((select count(*)::int from private.figure_differences(
    (select s.snapshot_json from public.bufdir_metric_snapshots s),
    private.compute_metrics(org_id => tests.organisation_id('A'), period_start => '2026-01-01', period_end => '2026-06-30'))), 0,
  '... and the saved snapshot matches a recomputation');

-- The service role may export with refresh too.
select tests.authenticate_as_service_role();
select is(tests.outcome($q$select public.export_bufdir_report(tests.organisation_id('A'), '2026-01-01', '2026-06-30', refresh => true)$q$),
  'ok:1', 'the service role exports with refresh');
select tests.clear_authentication();
select is((select count(*)::int from public.bufdir_export_audit_log where exported_by is null), 1, '... recorded with no user');

select * from finish();
rollback;
