-- Purpose: an export that computes, saves and exports in one transaction, so
--          edits in the period cannot starve it.
-- Objects: public.export_bufdir_report(uuid, date, date, boolean) and its
--          security-definer body hidden.export_bufdir_report (replacing the
--          three-argument pair): a fourth argument refresh, default false.
-- Why: refresh and export were separate calls, and any change committed in the
-- period between them made the snapshot stale, so a member editing the period a
-- few times a second (a pending mentor's own, never-counting entry is enough)
-- made every refresh-then-export attempt fail with BF003. With refresh => true
-- the figures are computed, stored as the snapshot (generation and staleness
-- bookkeeping as refresh_metric_snapshot keeps them) and exported from one
-- transaction: the exported figures are the fresh computation itself, so they
-- cannot be stale or differ from one, and a change committed meanwhile belongs
-- to the next export. Without it (the default) the export is unchanged: it
-- refuses a missing (BF002), stale (BF003) or mismatching (BF004) snapshot.

-- migrate:up
drop function public.export_bufdir_report(uuid, date, date);
drop function hidden.export_bufdir_report(uuid, date, date);

create function hidden.export_bufdir_report(org_id uuid, period_start date, period_end date, refresh boolean default false)
returns public.bufdir_export_audit_log
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  snapshot public.bufdir_metric_snapshots;
  status public.metric_snapshot_status;
  mismatches text;
  payload jsonb;
  generation pg_snapshot;
  logged public.bufdir_export_audit_log;
begin
  perform hidden.check_snapshot_key(export_bufdir_report.org_id, export_bufdir_report.period_start, export_bufdir_report.period_end);
  perform hidden.require_role(export_bufdir_report.org_id, '{coordinator,admin}');
  if export_bufdir_report.refresh is null then
    raise exception 'refresh must not be null' using errcode = '22004';
  end if;

  if export_bufdir_report.refresh then
    -- As refresh_metric_snapshot: the generation is taken before computing, so
    -- whatever commits in between counts as unseen for later staleness checks.
    -- The upsert locks the snapshot row until this transaction ends.
    generation := pg_catalog.pg_current_snapshot();
    perform private.refresh_day_partials(export_bufdir_report.org_id, export_bufdir_report.period_start, export_bufdir_report.period_end);
    snapshot := private.store_snapshot(
      export_bufdir_report.org_id, export_bufdir_report.period_start, export_bufdir_report.period_end,
      private.compute_metrics(export_bufdir_report.org_id, export_bufdir_report.period_start, export_bufdir_report.period_end),
      generation);
  else
    -- Lock the snapshot so a concurrent refresh or delete waits for the export.
    select s.* into snapshot from public.bufdir_metric_snapshots s
    where s.org_id = export_bufdir_report.org_id and s.period_start = export_bufdir_report.period_start
      and s.period_end = export_bufdir_report.period_end
    for update;
    if snapshot.id is null then
      raise exception 'export refused: no snapshot for organisation % from % to %',
        export_bufdir_report.org_id, export_bufdir_report.period_start, export_bufdir_report.period_end
        using errcode = 'BF002', hint = 'Export with refresh => true, or run refresh_metric_snapshot first.';
    end if;

    status := private.snapshot_status(export_bufdir_report.org_id, export_bufdir_report.period_start, export_bufdir_report.period_end);
    if status.is_stale then
      raise exception 'export refused: the snapshot is stale (%)', array_to_string(status.reasons, ', ')
        using errcode = 'BF003', detail = array_to_string(status.reasons, ','), hint = 'Export with refresh => true.';
    end if;

    perform private.refresh_day_partials(export_bufdir_report.org_id, export_bufdir_report.period_start, export_bufdir_report.period_end);
    select string_agg(d.figure, ', ') into mismatches
    from private.figure_differences(snapshot.snapshot_json,
      private.compute_metrics(export_bufdir_report.org_id, export_bufdir_report.period_start, export_bufdir_report.period_end)) d;
    if mismatches is not null then
      raise exception 'export refused: the snapshot differs from a fresh recomputation in %', mismatches
        using errcode = 'BF004', detail = mismatches, hint = 'Run verify_metric_snapshot to see the figures, then export with refresh => true.';
    end if;
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
comment on function hidden.export_bufdir_report(uuid, date, date, boolean) is
  'The security-definer body of public.export_bufdir_report, where PostgREST does not expose it; public.export_bufdir_report (security invoker) calls it. Exports the snapshot: writes an audit row and returns it with the payload. With refresh => true, first computes the figures and saves them as the snapshot, all in one transaction (never stale, never starved by edits). Otherwise exports the saved snapshot only when it is fresh and verified. Coordinators, admins, service role. Errors: 22004, 22023, 42501, BF002 (no snapshot), BF003 (stale), BF004 (differs from a recomputation); the last three only without refresh.';
revoke all on function hidden.export_bufdir_report(uuid, date, date, boolean) from public;
grant execute on function hidden.export_bufdir_report(uuid, date, date, boolean) to authenticated, service_role;

create function public.export_bufdir_report(org_id uuid, period_start date, period_end date, refresh boolean default false)
returns public.bufdir_export_audit_log
language sql volatile
set search_path = pg_catalog, pg_temp
as $$
  select * from hidden.export_bufdir_report(export_bufdir_report.org_id, export_bufdir_report.period_start,
    export_bufdir_report.period_end, export_bufdir_report.refresh)
$$;
comment on function public.export_bufdir_report(uuid, date, date, boolean) is
  'Exports the snapshot: writes an audit row and returns it with the payload. With refresh => true, first computes the figures and saves them as the snapshot, all in one transaction (never stale, never starved by edits). Otherwise exports the saved snapshot only when it is fresh and verified. Coordinators, admins, service role. Errors: 22004, 22023, 42501, BF002 (no snapshot), BF003 (stale), BF004 (differs from a recomputation); the last three only without refresh.';
revoke all on function public.export_bufdir_report(uuid, date, date, boolean) from public;
grant execute on function public.export_bufdir_report(uuid, date, date, boolean) to authenticated, service_role;

-- migrate:down
drop function public.export_bufdir_report(uuid, date, date, boolean);
drop function hidden.export_bufdir_report(uuid, date, date, boolean);

create function hidden.export_bufdir_report(org_id uuid, period_start date, period_end date)
returns public.bufdir_export_audit_log
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
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

  perform private.refresh_day_partials(export_bufdir_report.org_id, export_bufdir_report.period_start, export_bufdir_report.period_end);
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
comment on function hidden.export_bufdir_report(uuid, date, date) is
  'The security-definer body of public.export_bufdir_report, where PostgREST does not expose it; public.export_bufdir_report (security invoker) calls it. Exports a fresh, verified snapshot: writes an audit row and returns it with the payload. Coordinators, admins, service role. Errors: 22004, 22023, 42501, BF002 (no snapshot), BF003 (stale), BF004 (differs from a recomputation).';
revoke all on function hidden.export_bufdir_report(uuid, date, date) from public;
grant execute on function hidden.export_bufdir_report(uuid, date, date) to authenticated, service_role;

create function public.export_bufdir_report(org_id uuid, period_start date, period_end date)
returns public.bufdir_export_audit_log
language sql volatile
set search_path = pg_catalog, pg_temp
as $$
  select * from hidden.export_bufdir_report(export_bufdir_report.org_id, export_bufdir_report.period_start, export_bufdir_report.period_end)
$$;
comment on function public.export_bufdir_report(uuid, date, date) is
  'Exports a fresh, verified snapshot: writes an audit row and returns it with the payload. Coordinators, admins, service role. Errors: 22004, 22023, 42501, BF002 (no snapshot), BF003 (stale), BF004 (differs from a recomputation).';
revoke all on function public.export_bufdir_report(uuid, date, date) from public;
grant execute on function public.export_bufdir_report(uuid, date, date) to authenticated, service_role;
