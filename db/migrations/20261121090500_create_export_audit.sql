-- Purpose: the audited export of a snapshot to Bufdir.
-- Objects: table bufdir_export_audit_log (append-only) and its guards; RPC
--          export_bufdir_report.
-- Why: grant figures have been inflated before, so every export records who
-- exported what, when, from which snapshot (with a SHA-256 of the exact payload)
-- under which rule version. An export is refused when the snapshot is missing,
-- stale, or differs from a fresh recomputation, so a tampered snapshot can never
-- leave. The log keeps no foreign key to snapshots (they may be deleted later)
-- and no API role, not even the service role, may change or remove a row.

-- migrate:up
create table public.bufdir_export_audit_log (
  org_id uuid not null references public.organisations (id),
  id uuid not null default gen_random_uuid(),
  exported_at timestamptz not null default now(),
  exported_by uuid,
  snapshot_id uuid not null,
  period_start date not null,
  period_end date not null,
  rule_version text not null,
  record_count bigint not null,
  payload jsonb not null,
  payload_sha256 text not null check (payload_sha256 ~ '^[0-9a-f]{64}$'),
  primary key (org_id, id)
);
comment on table public.bufdir_export_audit_log is
  'Append-only record of every export to Bufdir: who, when, which snapshot, the exact payload and its SHA-256, rule version and record count.';
comment on column public.bufdir_export_audit_log.exported_by is 'The exporting user; null for the service role.';
comment on column public.bufdir_export_audit_log.snapshot_id is 'The snapshot exported (no foreign key: snapshots may be deleted later; the payload is kept here).';
create index bufdir_export_audit_log_period_idx on public.bufdir_export_audit_log (org_id, period_start, period_end, exported_at);
alter table public.bufdir_export_audit_log enable row level security;

create policy select_managers on public.bufdir_export_audit_log for select to authenticated
  using (org_id in (select hidden.caller_org_ids('{coordinator,admin}')));
comment on policy select_managers on public.bufdir_export_audit_log is 'Coordinators and admins read their organisation''s export history.';

-- Rows are written only by export_bufdir_report, and never changed.
revoke insert, update, delete, truncate on public.bufdir_export_audit_log from anon, authenticated, service_role;

create function private.refuse_audit_change() returns trigger
language plpgsql
as $$
begin
  raise exception 'the export audit log is append-only (% refused)', tg_op using errcode = '42501';
end
$$;
comment on function private.refuse_audit_change() is 'Trigger: refuses UPDATE, DELETE and TRUNCATE on the export audit log, whoever asks.';
create trigger refuse_audit_change before update or delete on public.bufdir_export_audit_log
  for each row execute function private.refuse_audit_change();
create trigger refuse_audit_truncate before truncate on public.bufdir_export_audit_log
  for each statement execute function private.refuse_audit_change();

-- Security definer: it writes the audit log, which no API role may write directly;
-- the permission check comes first.
create function public.export_bufdir_report(org_id uuid, period_start date, period_end date)
returns public.bufdir_export_audit_log
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  snapshot public.bufdir_metric_snapshots;
  status public.metric_snapshot_status;
  mismatches text;
  payload jsonb;
  logged public.bufdir_export_audit_log;
begin
  perform hidden.check_snapshot_key(export_bufdir_report.org_id, export_bufdir_report.period_start, export_bufdir_report.period_end);
  perform hidden.require_role(export_bufdir_report.org_id, '{coordinator,admin}');

  -- Lock the snapshot so a concurrent refresh or delete waits for the export.
  select s.* into snapshot from public.bufdir_metric_snapshots s
  where s.org_id = export_bufdir_report.org_id and s.period_start = export_bufdir_report.period_start
    and s.period_end = export_bufdir_report.period_end
  for update;
  if snapshot.id is null then
    raise exception 'export refused: no snapshot for organisation % from % to %',
      export_bufdir_report.org_id, export_bufdir_report.period_start, export_bufdir_report.period_end
      using errcode = 'BF002', hint = 'Run refresh_metric_snapshot first.';
  end if;

  status := private.snapshot_status(export_bufdir_report.org_id, export_bufdir_report.period_start, export_bufdir_report.period_end);
  if status.is_stale then
    raise exception 'export refused: the snapshot is stale (%)', array_to_string(status.reasons, ', ')
      using errcode = 'BF003', detail = array_to_string(status.reasons, ','), hint = 'Run refresh_metric_snapshot, then export again.';
  end if;

  select string_agg(d.figure, ', ') into mismatches
  from private.figure_differences(snapshot.snapshot_json,
    private.compute_metrics(export_bufdir_report.org_id, export_bufdir_report.period_start, export_bufdir_report.period_end)) d;
  if mismatches is not null then
    raise exception 'export refused: the snapshot differs from a fresh recomputation in %', mismatches
      using errcode = 'BF004', detail = mismatches, hint = 'Run verify_metric_snapshot to see the figures, then refresh.';
  end if;

  payload := jsonb_build_object(
    'org_id', snapshot.org_id,
    'period_start', snapshot.period_start,
    'period_end', snapshot.period_end,
    'rule_version', snapshot.rule_version,
    'snapshot_id', snapshot.id,
    'snapshot_content_hash', snapshot.content_hash,
    -- In UTC whatever the session's time zone, so the payload (and its hash) is
    -- the same text for everyone.
    'computed_at', to_char(snapshot.computed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'figures', snapshot.snapshot_json);

  insert into public.bufdir_export_audit_log
    (org_id, exported_by, snapshot_id, period_start, period_end, rule_version, record_count, payload, payload_sha256)
  values (
    snapshot.org_id, (select auth.uid()), snapshot.id, snapshot.period_start, snapshot.period_end,
    snapshot.rule_version, snapshot.record_count_at_generation, payload,
    encode(sha256(convert_to(payload::text, 'UTF8')), 'hex'))
  returning * into logged;
  return logged;
end
$$;
comment on function public.export_bufdir_report(uuid, date, date) is
  'Exports a fresh, verified snapshot: writes an audit row and returns it with the payload. Coordinators, admins, service role. Errors: 22004, 22023, 42501, BF002 (no snapshot), BF003 (stale), BF004 (differs from a recomputation).';
revoke all on function public.export_bufdir_report(uuid, date, date) from public, anon;
grant execute on function public.export_bufdir_report(uuid, date, date) to authenticated, service_role;

-- migrate:down
drop function public.export_bufdir_report(uuid, date, date);
drop table public.bufdir_export_audit_log;
drop function private.refuse_audit_change();
