create or replace function hidden.save_metric_snapshot(org_id uuid, period_start date, period_end date, snapshot_json jsonb) returns public.bufdir_metric_snapshots
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $_$
declare
  generation pg_snapshot;
begin
  perform hidden.check_snapshot_key(org_id => save_metric_snapshot.org_id, period_start => save_metric_snapshot.period_start,
                                    period_end => save_metric_snapshot.period_end);
  if save_metric_snapshot.snapshot_json is null then
    raise exception 'snapshot_json must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(org_id => save_metric_snapshot.org_id, roles => '{coordinator,admin}');
  -- Figures computed in an earlier call carry the MVCC snapshot they were read in
  -- (computed_in), so changes made between computing and saving count as unseen.
  -- The allow-list has checked the token's form; one from the future is refused.
  if save_metric_snapshot.snapshot_json ->> 'computed_in' ~ '^[0-9]{1,20}:[0-9]{1,20}:([0-9]{1,20}(,[0-9]{1,20})*)?$' then
    begin
      generation := (save_metric_snapshot.snapshot_json ->> 'computed_in')::pg_snapshot;
    exception when invalid_text_representation or numeric_value_out_of_range then
      raise exception 'snapshot_json.computed_in is not a snapshot token' using errcode = '22023';
    end;
    if pg_catalog.pg_snapshot_xmax(generation) > pg_catalog.pg_snapshot_xmax(pg_catalog.pg_current_snapshot()) then
      raise exception 'snapshot_json.computed_in names a snapshot that has not been taken yet' using errcode = '22023';
    end if;
  end if;
  return private.store_snapshot(org_id => save_metric_snapshot.org_id, period_start => save_metric_snapshot.period_start,
                                period_end => save_metric_snapshot.period_end, figures => save_metric_snapshot.snapshot_json,
                                generation => coalesce(generation, pg_catalog.pg_current_snapshot()));
end
$_$;

comment on function hidden.save_metric_snapshot(org_id uuid, period_start date, period_end date, snapshot_json jsonb) is 'The security-definer body of public.save_metric_snapshot, where PostgREST does not expose it; public.save_metric_snapshot (security invoker) calls it. Idempotently saves figures for an organisation and inclusive period (one row per key). Coordinators, admins, service role. Errors: 22004, 22023, 42501, BF001 (allow-list).';

revoke all on function hidden.save_metric_snapshot(org_id uuid, period_start date, period_end date, snapshot_json jsonb) from public, anon, authenticated, service_role;
grant execute on function hidden.save_metric_snapshot(org_id uuid, period_start date, period_end date, snapshot_json jsonb) to authenticated;
grant execute on function hidden.save_metric_snapshot(org_id uuid, period_start date, period_end date, snapshot_json jsonb) to service_role;
