-- Upserts figures and records what the staleness check needs. `generation` is an
-- MVCC snapshot taken no later than the one the figures were computed in, so any
-- change the computation could have missed counts as unseen (at worst a snapshot
-- looks stale too early, never fresh too long).
create or replace function private.store_snapshot(org_id uuid, period_start date, period_end date, figures jsonb, generation pg_snapshot) returns public.bufdir_metric_snapshots
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  rules public.bufdir_counting_rules := hidden.rules_in_force(on_date => store_snapshot.period_start);
  saved public.bufdir_metric_snapshots;
begin
  -- The allow-list trigger checks the shape first (BF001); consistency with the
  -- key is checked after, and a failure rolls the upsert back with the statement.
  insert into public.bufdir_metric_snapshots as s
    (org_id, period_start, period_end, snapshot_json, rule_version, record_count_at_generation, generated_by, content_hash)
  values (
    store_snapshot.org_id, store_snapshot.period_start, store_snapshot.period_end, store_snapshot.figures,
    coalesce(rules.version, store_snapshot.figures ->> 'rule_version'),
    (select coalesce(sum(d.live_activities), 0) from private.activity_day_stats d
     where d.org_id = store_snapshot.org_id and d.day between store_snapshot.period_start and store_snapshot.period_end),
    (select auth.uid()),
    '')
  on conflict on constraint bufdir_metric_snapshots_org_id_period_start_period_end_key do update
    set snapshot_json = excluded.snapshot_json,
        rule_version = excluded.rule_version,
        record_count_at_generation = excluded.record_count_at_generation,
        generated_by = excluded.generated_by
  returning s.* into saved;

  if store_snapshot.figures ->> 'rule_version' is distinct from rules.version then
    raise exception 'snapshot_json.rule_version (%) is not the rule version in force for the period (%)',
      store_snapshot.figures ->> 'rule_version', rules.version using errcode = '22023';
  end if;
  if store_snapshot.figures -> 'period' ->> 'start' is distinct from store_snapshot.period_start::text
     or store_snapshot.figures -> 'period' ->> 'end' is distinct from store_snapshot.period_end::text then
    raise exception 'snapshot_json.period (% to %) does not match period_start and period_end (% to %)',
      store_snapshot.figures -> 'period' ->> 'start', store_snapshot.figures -> 'period' ->> 'end',
      store_snapshot.period_start, store_snapshot.period_end using errcode = '22023';
  end if;

  insert into private.snapshot_generations as g (org_id, snapshot_id, generation_snapshot, generation_xid, generation_seq)
  values (saved.org_id, saved.id, store_snapshot.generation, pg_catalog.pg_current_xact_id(),
          pg_catalog.nextval('private.change_seq'))
  on conflict on constraint snapshot_generations_pkey do update
    set generation_snapshot = excluded.generation_snapshot,
        generation_xid = excluded.generation_xid,
        generation_seq = excluded.generation_seq;
  return saved;
end
$$;

comment on function private.store_snapshot(org_id uuid, period_start date, period_end date, figures jsonb, generation pg_snapshot) is 'Upserts a snapshot on (org_id, period_start, period_end) and records its generation for the staleness check.';

revoke all on function private.store_snapshot(org_id uuid, period_start date, period_end date, figures jsonb, generation pg_snapshot) from public, anon, authenticated, service_role;
