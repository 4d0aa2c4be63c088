-- RLS matrix for the reporting tables (bufdir_metric_snapshots,
-- bufdir_export_audit_log, periodic_summaries, summary_push_outbox,
-- bufdir_counting_rules) as a pending and a revoked caller: a pending mentor
-- reads none of the organisation's figures, a revoked member loses them from the
-- next statement on, and neither writes anything. The rules are public
-- knowledge: every signed-in user reads them, member or not.
-- Fixture: organisation A, its mentor.a, pending.a and coordinator.a.
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
select plan(48);

-- A's figures: a snapshot, its export, H1 summaries (with push events).
select tests.authenticate_as('coordinator.a@fixture.example');
select lives_ok($$select public.refresh_metric_snapshot(tests.organisation_id('A'), '2026-01-01', '2026-06-30')$$,
  'a coordinator refreshes A''s H1 snapshot');
select lives_ok($$select public.export_bufdir_report(tests.organisation_id('A'), '2026-01-01', '2026-06-30')$$,
  '... exports it');
select lives_ok($$select public.generate_periodic_summaries(tests.organisation_id('A'), 'half_year', '2026-01-01')$$,
  '... and generates A''s H1 summaries');
select tests.clear_authentication();
select tests.fingerprint('public.bufdir_metric_snapshots') as snapshots \gset
select tests.fingerprint('public.bufdir_export_audit_log') as audit \gset
select tests.fingerprint('public.periodic_summaries') as summaries \gset
select tests.fingerprint('public.summary_push_outbox') as outbox \gset
select tests.fingerprint('public.bufdir_counting_rules') as rules \gset
select count(*)::int as rule_count from public.bufdir_counting_rules \gset
-- Documents of the right shape, so only the policies can refuse the writes below.
select snapshot_json::text as snapshot_doc from public.bufdir_metric_snapshots limit 1 \gset
select summary_data::text as summary_doc from public.periodic_summaries limit 1 \gset

-- Pending mentor
select tests.authenticate_as('pending.a@fixture.example');
select is((select count(*)::int from public.bufdir_metric_snapshots), 0, 'a pending mentor reads no snapshot');
select is((select count(*)::int from public.bufdir_export_audit_log), 0, 'a pending mentor reads no export');
select is((select count(*)::int from public.periodic_summaries), 0,
  'a pending mentor reads no summary, not even one about themselves');
select is(tests.outcome('select count(*) from public.summary_push_outbox'), 'error:42501',
  'a pending mentor reads no push event (no privilege)');
select is((select count(*)::int from public.bufdir_counting_rules), :rule_count,
  'a pending mentor reads the counting rules, as every signed-in user does');
select is(tests.outcome(format($$insert into public.bufdir_metric_snapshots
  (org_id, period_start, period_end, snapshot_json, rule_version, record_count_at_generation, content_hash)
  values (tests.organisation_id('A'), '2026-07-01', '2026-07-31', %L, '2024.1', 0, 'x')$$, :'snapshot_doc')),
  'error:42501', 'a pending mentor cannot write a snapshot');
select is(tests.outcome($$update public.bufdir_metric_snapshots set record_count_at_generation = 0$$), 'error:42501',
  'a pending mentor updates no snapshot (no privilege)');
select is(tests.outcome($$delete from public.bufdir_metric_snapshots$$), 'ok:0',
  'a pending mentor deletes no snapshot');
select is(tests.outcome($$delete from public.bufdir_export_audit_log$$), 'error:42501',
  'a pending mentor cannot touch the audit log');
select is(tests.outcome(format($$insert into public.periodic_summaries
  (org_id, mentor_id, period_type, period_start, period_end, summary_data)
  values (tests.organisation_id('A'), tests.user_id('pending.a@fixture.example'), 'month',
    '2026-07-01', '2026-07-31', %L)$$, :'summary_doc')), 'error:42501',
  'a pending mentor cannot write a summary');
select is(tests.outcome($$update public.periodic_summaries set version = version + 1$$), 'error:42501',
  'a pending mentor updates no summary (no privilege)');
select is(tests.outcome($$delete from public.periodic_summaries$$), 'error:42501',
  'a pending mentor deletes no summary (no privilege)');
select is(tests.outcome($$update public.summary_push_outbox set delivered_at = now()$$), 'error:42501',
  'a pending mentor marks no push event delivered (no privilege)');
select is(tests.outcome($$delete from public.summary_push_outbox$$), 'error:42501',
  'a pending mentor deletes no push event (no privilege)');
select is(tests.outcome($$delete from public.bufdir_counting_rules$$), 'error:42501',
  'a pending mentor deletes no counting rule (no privilege)');
select is(tests.fingerprint('public.bufdir_metric_snapshots'), :'snapshots',
  'after the pending mentor''s attempts every snapshot is unchanged');
select is(tests.fingerprint('public.bufdir_export_audit_log'), :'audit', '... every export');
select is(tests.fingerprint('public.periodic_summaries'), :'summaries', '... every summary');
select is(tests.fingerprint('public.summary_push_outbox'), :'outbox', '... every push event');
select is(tests.fingerprint('public.bufdir_counting_rules'), :'rules', '... and every counting rule');

-- Revoked: mentor.a and coordinator.a read A's figures until the revocation.
select tests.authenticate_as('mentor.a@fixture.example');
select is((select count(*)::int from public.periodic_summaries), 1,
  'before the revocation mentor.a reads their own summary');
select tests.authenticate_as('coordinator.a@fixture.example');
select is((select count(*)::int from public.bufdir_metric_snapshots), 1,
  'before the revocation coordinator.a reads A''s snapshot');
select is((select count(*)::int from public.bufdir_export_audit_log), 1, '... and its export');
select tests.clear_authentication();
update public.members set approval_status = 'revoked'
where user_id in (tests.user_id('mentor.a@fixture.example'), tests.user_id('coordinator.a@fixture.example'));

select tests.authenticate_as('mentor.a@fixture.example');
select is((select count(*)::int from public.periodic_summaries), 0,
  'a revoked mentor reads no summary, not even their own');
select is((select count(*)::int from public.bufdir_metric_snapshots), 0, 'a revoked mentor reads no snapshot');
select is((select count(*)::int from public.bufdir_counting_rules), :rule_count,
  'a revoked mentor still reads the public counting rules, as any signed-in user');

select tests.authenticate_as('coordinator.a@fixture.example');
select is((select count(*)::int from public.bufdir_metric_snapshots), 0, 'a revoked coordinator reads no snapshot');
select is((select count(*)::int from public.bufdir_export_audit_log), 0, 'a revoked coordinator reads no export');
select is((select count(*)::int from public.periodic_summaries), 0, 'a revoked coordinator reads no summary');
select is(tests.outcome('select count(*) from public.summary_push_outbox'), 'error:42501',
  'a revoked coordinator reads no push event (no privilege)');
select is(tests.outcome(format($$insert into public.bufdir_metric_snapshots
  (org_id, period_start, period_end, snapshot_json, rule_version, record_count_at_generation, content_hash)
  values (tests.organisation_id('A'), '2026-07-01', '2026-07-31', %L, '2024.1', 0, 'x')$$, :'snapshot_doc')),
  'error:42501', 'a revoked coordinator cannot write a snapshot');
select is(tests.outcome($$update public.bufdir_metric_snapshots set record_count_at_generation = 0$$), 'error:42501',
  'a revoked coordinator updates no snapshot (no privilege)');
select is(tests.outcome($$delete from public.bufdir_metric_snapshots$$), 'ok:0',
  'a revoked coordinator deletes no snapshot (a coordinator''s right before)');
select is(tests.outcome($$insert into public.bufdir_export_audit_log
  (org_id, snapshot_id, period_start, period_end, rule_version, record_count, payload, payload_sha256)
  values (tests.organisation_id('A'), gen_random_uuid(), '2026-01-01', '2026-06-30', '2024.1', 0, '{}',
    repeat('0', 64))$$), 'error:42501',
  'a revoked coordinator cannot write to the audit log');
select is(tests.outcome(format($$insert into public.periodic_summaries
  (org_id, period_type, period_start, period_end, summary_data)
  values (tests.organisation_id('A'), 'month', '2026-07-01', '2026-07-31', %L)$$, :'summary_doc')), 'error:42501',
  'a revoked coordinator cannot write a summary');
select is(tests.outcome($$update public.periodic_summaries set invalidated_at = now()$$), 'error:42501',
  'a revoked coordinator invalidates no summary (no privilege)');
select is(tests.outcome($$delete from public.periodic_summaries$$), 'error:42501',
  'a revoked coordinator deletes no summary (no privilege)');
select is(tests.outcome($$insert into public.summary_push_outbox (org_id, event, period_type, period_start, version)
  values (tests.organisation_id('A'), 'generated', 'month', '2026-07-01', 1)$$), 'error:42501',
  'a revoked coordinator cannot queue a push event');
select is(tests.outcome($$delete from public.summary_push_outbox$$), 'error:42501',
  'a revoked coordinator deletes no push event (no privilege)');
select is(tests.outcome($$insert into public.bufdir_counting_rules
  (version, valid_from, counting_kinds, outreach_min_participants, group_min_participants, group_min_minutes,
    course_min_minutes, require_in_norway, description, logic_version)
  values ('2099.1', '2099-01-01', '{}', 0, 0, 0, 0, true, 'x', 1)$$), 'error:42501',
  'a revoked coordinator cannot add a counting rule');
select is(tests.fingerprint('public.bufdir_metric_snapshots'), :'snapshots',
  'after the revoked members'' attempts every snapshot is unchanged');
select is(tests.fingerprint('public.bufdir_export_audit_log'), :'audit', '... every export');
select is(tests.fingerprint('public.periodic_summaries'), :'summaries', '... every summary');
select is(tests.fingerprint('public.summary_push_outbox'), :'outbox', '... every push event');
select is(tests.fingerprint('public.bufdir_counting_rules'), :'rules', '... and every counting rule');

select * from finish();
rollback;
