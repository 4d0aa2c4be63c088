create or replace function hidden.export_bufdir_report(org_id uuid, period_start date, period_end date, refresh boolean default false) returns public.bufdir_export_audit_log
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  snapshot public.bufdir_metric_snapshots;
  status public.metric_snapshot_status;
  mismatches text;
  payload jsonb;
  generation pg_snapshot;
  logged public.bufdir_export_audit_log;
begin
  perform hidden.check_snapshot_key(org_id => export_bufdir_report.org_id, period_start => export_bufdir_report.period_start,
                                    period_end => export_bufdir_report.period_end);
  perform hidden.require_role(org_id => export_bufdir_report.org_id, roles => '{coordinator,admin}');
  if export_bufdir_report.refresh is null then
    raise exception 'refresh must not be null' using errcode = '22004';
  end if;

  if export_bufdir_report.refresh then
    -- As refresh_metric_snapshot: the generation is taken before computing, so
    -- whatever commits in between counts as unseen for later staleness checks.
    -- The upsert locks the snapshot row until this transaction ends.
    generation := pg_catalog.pg_current_snapshot();
    perform private.refresh_day_partials(org_id => export_bufdir_report.org_id, period_start => export_bufdir_report.period_start,
                                         period_end => export_bufdir_report.period_end);
    snapshot := private.store_snapshot(
      org_id => export_bufdir_report.org_id, period_start => export_bufdir_report.period_start,
      period_end => export_bufdir_report.period_end,
      figures => private.compute_metrics(org_id => export_bufdir_report.org_id, period_start => export_bufdir_report.period_start,
                                         period_end => export_bufdir_report.period_end),
      generation => generation);
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

    status := private.snapshot_status(org_id => export_bufdir_report.org_id, period_start => export_bufdir_report.period_start,
                                      period_end => export_bufdir_report.period_end);
    if status.is_stale then
      raise exception 'export refused: the snapshot is stale (%)', array_to_string(status.reasons, ', ')
        using errcode = 'BF003', detail = array_to_string(status.reasons, ','), hint = 'Export with refresh => true.';
    end if;

    -- Fresh, so its rule version is the one in force; recomputed under the
    -- snapshot's own version all the same, as verify_metric_snapshot does.
    perform private.refresh_day_partials(org_id => export_bufdir_report.org_id, period_start => export_bufdir_report.period_start,
                                         period_end => export_bufdir_report.period_end);
    select string_agg(d.figure, ', ') into mismatches
    from private.figure_differences(
      persisted => snapshot.snapshot_json,
      recomputed => private.compute_metrics(
        org_id => export_bufdir_report.org_id, period_start => export_bufdir_report.period_start,
        period_end => export_bufdir_report.period_end, rule_version => snapshot.rule_version)) d;
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

comment on function hidden.export_bufdir_report(org_id uuid, period_start date, period_end date, refresh boolean) is 'The security-definer body of public.export_bufdir_report, where PostgREST does not expose it; public.export_bufdir_report (security invoker) calls it. Exports the snapshot: writes an audit row and returns it with the payload. With refresh => true, first computes the figures and saves them as the snapshot, all in one transaction (never stale, never starved by edits). Otherwise exports the saved snapshot only when it is fresh and verified. Coordinators, admins, service role. Errors: 22004, 22023, 42501, BF002 (no snapshot), BF003 (stale), BF004 (differs from a recomputation); the last three only without refresh.';

revoke all on function hidden.export_bufdir_report(org_id uuid, period_start date, period_end date, refresh boolean) from public, anon, authenticated, service_role;
grant execute on function hidden.export_bufdir_report(org_id uuid, period_start date, period_end date, refresh boolean) to authenticated;
grant execute on function hidden.export_bufdir_report(org_id uuid, period_start date, period_end date, refresh boolean) to service_role;
