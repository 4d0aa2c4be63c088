create or replace function hidden.verify_metric_snapshot(org_id uuid, period_start date, period_end date) returns table(figure text, persisted_value jsonb, recomputed_value jsonb)
    language plpgsql stable security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  persisted jsonb;
  persisted_rules text;
begin
  perform hidden.check_snapshot_key(org_id => verify_metric_snapshot.org_id, period_start => verify_metric_snapshot.period_start,
                                    period_end => verify_metric_snapshot.period_end);
  perform hidden.require_role(org_id => verify_metric_snapshot.org_id, roles => '{coordinator,admin}');
  select s.snapshot_json, s.rule_version into persisted, persisted_rules from public.bufdir_metric_snapshots s
  where s.org_id = verify_metric_snapshot.org_id and s.period_start = verify_metric_snapshot.period_start
    and s.period_end = verify_metric_snapshot.period_end;
  if persisted is null then
    raise exception 'no snapshot for organisation % from % to %',
      verify_metric_snapshot.org_id, verify_metric_snapshot.period_start, verify_metric_snapshot.period_end
      using errcode = 'P0002';
  end if;
  -- Recomputed under the snapshot's own rule version (thresholds and logic): a
  -- later version, in force or not, changes what a new snapshot would say, not
  -- whether this one was computed right.
  return query select * from private.figure_differences(
    persisted => persisted,
    recomputed => private.compute_metrics(
      org_id => verify_metric_snapshot.org_id, period_start => verify_metric_snapshot.period_start,
      period_end => verify_metric_snapshot.period_end, rule_version => persisted_rules));
end
$$;

comment on function hidden.verify_metric_snapshot(org_id uuid, period_start date, period_end date) is 'The security-definer body of public.verify_metric_snapshot, where PostgREST does not expose it; public.verify_metric_snapshot (security invoker) calls it. Recomputes the figures under the snapshot''s own rule version and lists every one that differs from the persisted snapshot (none when it is sound). Coordinators, admins, service role. Errors: 22004, 22023, 42501, P0002.';

revoke all on function hidden.verify_metric_snapshot(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function hidden.verify_metric_snapshot(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function hidden.verify_metric_snapshot(org_id uuid, period_start date, period_end date) to service_role;
