create or replace function private.snapshot_status(org_id uuid, period_start date, period_end date) returns public.metric_snapshot_status
    language plpgsql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  snapshot public.bufdir_metric_snapshots;
  generation private.snapshot_generations;
  status public.metric_snapshot_status;
begin
  select s.* into snapshot from public.bufdir_metric_snapshots s
  where s.org_id = snapshot_status.org_id and s.period_start = snapshot_status.period_start
    and s.period_end = snapshot_status.period_end;

  status.rule_version_in_force := (hidden.rules_in_force(on_date => snapshot_status.period_start)).version;
  status.record_count_now := (
    select coalesce(sum(d.live_activities), 0) from private.activity_day_stats d
    where d.org_id = snapshot_status.org_id and d.day between snapshot_status.period_start and snapshot_status.period_end);
  if snapshot.id is null then
    status.snapshot_exists := false;
    status.is_stale := true;
    status.reasons := array['missing'];
    return status;
  end if;

  status.snapshot_exists := true;
  status.snapshot_id := snapshot.id;
  status.computed_at := snapshot.computed_at;
  status.age_seconds := floor(extract(epoch from now() - snapshot.computed_at))::bigint;
  status.rule_version := snapshot.rule_version;
  status.record_count_at_generation := snapshot.record_count_at_generation;
  status.reasons := '{}';

  if status.age_seconds > 24 * 60 * 60 then
    status.reasons := array_append(status.reasons, 'older_than_24h');
  end if;
  -- The snapshot's own rule version against the one in force for its period: a
  -- version in force since (a retroactive one) makes it stale, with that reason;
  -- a later version for later periods does not. Its figures are recomputed
  -- (verify, export) under its own version either way.
  if snapshot.rule_version is distinct from status.rule_version_in_force then
    status.reasons := array_append(status.reasons, 'rules_changed');
  end if;

  select g.* into generation from private.snapshot_generations g
  where g.org_id = snapshot.org_id and g.snapshot_id = snapshot.id;
  if generation.snapshot_id is null then
    status.reasons := array_append(status.reasons, 'generation_unknown');
  else
    -- At most one day row per day of the period, read through the primary key.
    if exists (
      select from private.activity_day_stats d
      where d.org_id = snapshot.org_id and d.day between snapshot.period_start and snapshot.period_end
        and (not pg_catalog.pg_visible_in_snapshot(d.last_change_xid, generation.generation_snapshot)
               and d.last_change_xid <> generation.generation_xid
             or d.last_change_xid = generation.generation_xid and d.last_change_seq > generation.generation_seq)) then
      status.reasons := array_append(status.reasons, 'activities_changed');
    end if;
    if exists (
      select from private.roster_changes r
      where r.org_id = snapshot.org_id
        and (not pg_catalog.pg_visible_in_snapshot(r.last_change_xid, generation.generation_snapshot)
               and r.last_change_xid <> generation.generation_xid
             or r.last_change_xid = generation.generation_xid and r.last_change_seq > generation.generation_seq)) then
      status.reasons := array_append(status.reasons, 'roster_changed');
    end if;
  end if;
  status.is_stale := cardinality(status.reasons) > 0;
  return status;
end
$$;

comment on function private.snapshot_status(org_id uuid, period_start date, period_end date) is 'The staleness of a snapshot (see type metric_snapshot_status).';

revoke all on function private.snapshot_status(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
