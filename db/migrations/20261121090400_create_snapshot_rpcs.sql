-- Purpose: the snapshot RPCs: save, refresh, get, delete, status, verify.
-- Objects: type metric_snapshot_status; private.store_snapshot(),
--          private.snapshot_status(); RPCs save_metric_snapshot,
--          refresh_metric_snapshot, get_metric_snapshot, delete_metric_snapshot,
--          metric_snapshot_status, verify_metric_snapshot.
-- Why: one row per (organisation, period) whatever the concurrency (upsert on the
-- unique key); a cache hit is one indexed lookup that never aggregates; deletes
-- go through row-level security; staleness compares the generation's MVCC
-- snapshot with the bookkeeping of every change since.

-- migrate:up
create type public.metric_snapshot_status as (
  snapshot_exists boolean,
  snapshot_id uuid,
  computed_at timestamptz,
  age_seconds bigint,
  rule_version text,
  rule_version_in_force text,
  record_count_at_generation bigint,
  record_count_now bigint,
  is_stale boolean,
  reasons text[]
);
comment on type public.metric_snapshot_status is
  'Whether a snapshot exists and is stale. Reasons: missing, older_than_24h, activities_changed, roster_changed, rules_changed, generation_unknown.';

-- Upserts figures and records what the staleness check needs. `generation` is an
-- MVCC snapshot taken no later than the one the figures were computed in, so any
-- change the computation could have missed counts as unseen (at worst a snapshot
-- looks stale too early, never fresh too long).
create function private.store_snapshot(org_id uuid, period_start date, period_end date, figures jsonb, generation pg_snapshot)
returns public.bufdir_metric_snapshots
language plpgsql volatile
set search_path = ''
as $$
declare
  rules public.bufdir_counting_rules := hidden.rules_in_force(store_snapshot.period_start);
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
comment on function private.store_snapshot(uuid, date, date, jsonb, pg_snapshot) is
  'Upserts a snapshot on (org_id, period_start, period_end) and records its generation for the staleness check.';
revoke all on function private.store_snapshot(uuid, date, date, jsonb, pg_snapshot) from public;

-- Security definer: every column but the figures is set here, so writes cannot
-- go through the table API; the permission check comes first.
create function public.save_metric_snapshot(org_id uuid, period_start date, period_end date, snapshot_json jsonb)
returns public.bufdir_metric_snapshots
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  generation pg_snapshot;
begin
  perform hidden.check_snapshot_key(save_metric_snapshot.org_id, save_metric_snapshot.period_start, save_metric_snapshot.period_end);
  if save_metric_snapshot.snapshot_json is null then
    raise exception 'snapshot_json must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(save_metric_snapshot.org_id, '{coordinator,admin}');
  -- Figures computed in an earlier call carry the MVCC snapshot they were read in
  -- (computed_in), so changes made between computing and saving count as unseen.
  -- The allow-list has checked the token's form; one from the future is refused.
  if save_metric_snapshot.snapshot_json ->> 'computed_in' ~ '^[0-9]{1,20}:[0-9]{1,20}:([0-9]{1,20}(,[0-9]{1,20})*)?$' then
    generation := (save_metric_snapshot.snapshot_json ->> 'computed_in')::pg_snapshot;
    if pg_catalog.pg_snapshot_xmax(generation) > pg_catalog.pg_snapshot_xmax(pg_catalog.pg_current_snapshot()) then
      raise exception 'snapshot_json.computed_in names a snapshot that has not been taken yet' using errcode = '22023';
    end if;
  end if;
  return private.store_snapshot(save_metric_snapshot.org_id, save_metric_snapshot.period_start,
                                save_metric_snapshot.period_end, save_metric_snapshot.snapshot_json,
                                coalesce(generation, pg_catalog.pg_current_snapshot()));
end
$$;
comment on function public.save_metric_snapshot(uuid, date, date, jsonb) is
  'Idempotently saves figures for an organisation and inclusive period (one row per key). Coordinators, admins, service role. Errors: 22004, 22023, 42501, BF001 (allow-list).';
revoke all on function public.save_metric_snapshot(uuid, date, date, jsonb) from public, anon;
grant execute on function public.save_metric_snapshot(uuid, date, date, jsonb) to authenticated, service_role;

-- Security definer for the same reason as save: compute and save in one transaction.
create function public.refresh_metric_snapshot(org_id uuid, period_start date, period_end date)
returns public.bufdir_metric_snapshots
language plpgsql volatile security definer
set search_path = ''
as $$
declare
  generation pg_snapshot;
  figures jsonb;
begin
  perform hidden.check_snapshot_key(refresh_metric_snapshot.org_id, refresh_metric_snapshot.period_start, refresh_metric_snapshot.period_end);
  perform hidden.require_role(refresh_metric_snapshot.org_id, '{coordinator,admin}');
  -- Taken before computing: under READ COMMITTED each statement has a newer
  -- snapshot, so whatever commits in between counts as unseen.
  generation := pg_catalog.pg_current_snapshot();
  figures := private.compute_metrics(refresh_metric_snapshot.org_id, refresh_metric_snapshot.period_start, refresh_metric_snapshot.period_end);
  return private.store_snapshot(
    refresh_metric_snapshot.org_id, refresh_metric_snapshot.period_start, refresh_metric_snapshot.period_end, figures, generation);
end
$$;
comment on function public.refresh_metric_snapshot(uuid, date, date) is
  'Computes and saves the figures in one transaction: the recommended path, raw data never leaves the database. Coordinators, admins, service role. Errors: 22004, 22023, 42501.';
revoke all on function public.refresh_metric_snapshot(uuid, date, date) from public, anon;
grant execute on function public.refresh_metric_snapshot(uuid, date, date) to authenticated, service_role;

create function public.get_metric_snapshot(org_id uuid, period_start date, period_end date)
returns setof public.bufdir_metric_snapshots
language plpgsql stable
as $$
begin
  perform hidden.check_snapshot_key(get_metric_snapshot.org_id, get_metric_snapshot.period_start, get_metric_snapshot.period_end);
  perform hidden.require_role(get_metric_snapshot.org_id);
  -- One lookup on the unique index; never aggregates.
  return query
    select s.* from public.bufdir_metric_snapshots s
    where s.org_id = get_metric_snapshot.org_id
      and s.period_start = get_metric_snapshot.period_start
      and s.period_end = get_metric_snapshot.period_end;
end
$$;
comment on function public.get_metric_snapshot(uuid, date, date) is
  'The cached snapshot for an organisation and inclusive period: zero or one row. Any member. Errors: 22004, 22023, 42501.';
revoke all on function public.get_metric_snapshot(uuid, date, date) from public, anon;
grant execute on function public.get_metric_snapshot(uuid, date, date) to authenticated, service_role;

-- Security invoker: the delete policy decides, so a mentor is refused by RLS itself.
create function public.delete_metric_snapshot(org_id uuid, period_start date, period_end date)
returns void
language plpgsql volatile
as $$
declare
  deleted integer;
begin
  perform hidden.check_snapshot_key(delete_metric_snapshot.org_id, delete_metric_snapshot.period_start, delete_metric_snapshot.period_end);
  perform hidden.require_role(delete_metric_snapshot.org_id);
  delete from public.bufdir_metric_snapshots s
  where s.org_id = delete_metric_snapshot.org_id
    and s.period_start = delete_metric_snapshot.period_start
    and s.period_end = delete_metric_snapshot.period_end;
  get diagnostics deleted = row_count;
  if deleted = 0 then
    if exists (select from public.bufdir_metric_snapshots s
               where s.org_id = delete_metric_snapshot.org_id
                 and s.period_start = delete_metric_snapshot.period_start
                 and s.period_end = delete_metric_snapshot.period_end) then
      raise exception 'permission denied: only coordinators and admins delete snapshots' using errcode = '42501';
    end if;
    raise exception 'no snapshot for organisation % from % to %',
      delete_metric_snapshot.org_id, delete_metric_snapshot.period_start, delete_metric_snapshot.period_end
      using errcode = 'P0002';
  end if;
end
$$;
comment on function public.delete_metric_snapshot(uuid, date, date) is
  'Deletes the snapshot of an organisation and period. Coordinators, admins, service role (enforced by RLS). Errors: 22004, 22023, 42501, P0002 (no such snapshot).';
revoke all on function public.delete_metric_snapshot(uuid, date, date) from public, anon;
grant execute on function public.delete_metric_snapshot(uuid, date, date) to authenticated, service_role;

create function private.snapshot_status(org_id uuid, period_start date, period_end date)
returns public.metric_snapshot_status
language plpgsql stable
set search_path = ''
as $$
declare
  snapshot public.bufdir_metric_snapshots;
  generation private.snapshot_generations;
  status public.metric_snapshot_status;
begin
  select s.* into snapshot from public.bufdir_metric_snapshots s
  where s.org_id = snapshot_status.org_id and s.period_start = snapshot_status.period_start
    and s.period_end = snapshot_status.period_end;

  status.rule_version_in_force := (hidden.rules_in_force(snapshot_status.period_start)).version;
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
comment on function private.snapshot_status(uuid, date, date) is 'The staleness of a snapshot (see type metric_snapshot_status).';
revoke all on function private.snapshot_status(uuid, date, date) from public;

-- Security definer: reads the private bookkeeping; the permission check comes first.
create function public.metric_snapshot_status(org_id uuid, period_start date, period_end date)
returns public.metric_snapshot_status
language plpgsql stable security definer
set search_path = ''
as $$
begin
  perform hidden.check_snapshot_key(metric_snapshot_status.org_id, metric_snapshot_status.period_start, metric_snapshot_status.period_end);
  perform hidden.require_role(metric_snapshot_status.org_id);
  return private.snapshot_status(metric_snapshot_status.org_id, metric_snapshot_status.period_start, metric_snapshot_status.period_end);
end
$$;
comment on function public.metric_snapshot_status(uuid, date, date) is
  'Whether the snapshot exists and is stale: older than 24 h, or anything the aggregation reads changed for the organisation and period since generation. Any member. Errors: 22004, 22023, 42501.';
revoke all on function public.metric_snapshot_status(uuid, date, date) from public, anon;
grant execute on function public.metric_snapshot_status(uuid, date, date) to authenticated, service_role;

-- Every figure of two documents that differs, by dotted path. computed_in says
-- when, not what, so it is not a figure; an empty section has no figures.
create function private.figure_differences(persisted jsonb, recomputed jsonb)
returns table (figure text, persisted_value jsonb, recomputed_value jsonb)
language sql immutable
set search_path = ''
as $$
  with documents(side, doc) as (
    values ('p', figure_differences.persisted - 'computed_in'), ('r', figure_differences.recomputed - 'computed_in')
  ), leaves as (
    select d.side, top.key || coalesce('.' || inner_.key, '') as figure, coalesce(inner_.value, top.value) as value
    from documents d
    cross join lateral jsonb_each(d.doc) top
    left join lateral jsonb_each(case when jsonb_typeof(top.value) = 'object' then top.value end) inner_ on true
    where jsonb_typeof(top.value) <> 'object' or inner_.key is not null
  )
  select coalesce(p.figure, r.figure), p.value, r.value
  from (select * from leaves where side = 'p') p
  full join (select * from leaves where side = 'r') r on r.figure = p.figure
  where p.value is distinct from r.value
  order by 1
$$;
comment on function private.figure_differences(jsonb, jsonb) is 'Compares two figure documents leaf by leaf; returns only the leaves that differ.';
revoke all on function private.figure_differences(jsonb, jsonb) from public;

-- Security definer: recomputes over the whole organisation; the permission check comes first.
create function public.verify_metric_snapshot(org_id uuid, period_start date, period_end date)
returns table (figure text, persisted_value jsonb, recomputed_value jsonb)
language plpgsql stable security definer
set search_path = ''
as $$
declare
  persisted jsonb;
begin
  perform hidden.check_snapshot_key(verify_metric_snapshot.org_id, verify_metric_snapshot.period_start, verify_metric_snapshot.period_end);
  perform hidden.require_role(verify_metric_snapshot.org_id, '{coordinator,admin}');
  select s.snapshot_json into persisted from public.bufdir_metric_snapshots s
  where s.org_id = verify_metric_snapshot.org_id and s.period_start = verify_metric_snapshot.period_start
    and s.period_end = verify_metric_snapshot.period_end;
  if persisted is null then
    raise exception 'no snapshot for organisation % from % to %',
      verify_metric_snapshot.org_id, verify_metric_snapshot.period_start, verify_metric_snapshot.period_end
      using errcode = 'P0002';
  end if;
  return query select * from private.figure_differences(persisted,
    private.compute_metrics(verify_metric_snapshot.org_id, verify_metric_snapshot.period_start, verify_metric_snapshot.period_end));
end
$$;
comment on function public.verify_metric_snapshot(uuid, date, date) is
  'Recomputes the figures and lists every one that differs from the persisted snapshot (none when it is sound). Coordinators, admins, service role. Errors: 22004, 22023, 42501, P0002.';
revoke all on function public.verify_metric_snapshot(uuid, date, date) from public, anon;
grant execute on function public.verify_metric_snapshot(uuid, date, date) to authenticated, service_role;

-- migrate:down
drop function public.verify_metric_snapshot(uuid, date, date);
drop function private.figure_differences(jsonb, jsonb);
drop function public.metric_snapshot_status(uuid, date, date);
drop function private.snapshot_status(uuid, date, date);
drop function public.delete_metric_snapshot(uuid, date, date);
drop function public.get_metric_snapshot(uuid, date, date);
drop function public.refresh_metric_snapshot(uuid, date, date);
drop function public.save_metric_snapshot(uuid, date, date, jsonb);
drop function private.store_snapshot(uuid, date, date, jsonb, pg_snapshot);
drop type public.metric_snapshot_status;
