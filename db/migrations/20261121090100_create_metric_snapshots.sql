-- Purpose: persisted Bufdir metric snapshots, one per organisation and period.
-- Objects: table bufdir_metric_snapshots; private.snapshot_generations (what the
--          staleness check needs); trigger private.reject_pii_in_figures() (the
--          allow-list of the figures' shape); helper hidden.require_role().
-- Why: the snapshot is the cached result of the aggregation, read on every
-- request and exported to Bufdir. It may hold aggregated numbers only: the
-- allow-list runs as a trigger, so no RPC and no direct write can store a name,
-- an e-mail address, a person id, free text or a fraction.

-- migrate:up
create table public.bufdir_metric_snapshots (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  period_start date not null,
  period_end date not null,
  snapshot_json jsonb not null,
  rule_version text not null references public.bufdir_counting_rules (version),
  record_count_at_generation bigint not null check (record_count_at_generation >= 0),
  computed_at timestamptz not null default now(),
  generated_by uuid,
  content_hash text not null,
  primary key (org_id, id),
  unique (org_id, period_start, period_end),
  check (period_end >= period_start)
);
comment on table public.bufdir_metric_snapshots is
  'Cached, PII-free Bufdir figures for one organisation and inclusive period. Written only through the snapshot RPCs; every column but the figures is set by the database.';
comment on column public.bufdir_metric_snapshots.snapshot_json is 'The figures, in the documented shape (db/README.md, "Snapshot shape"); checked by an allow-list.';
comment on column public.bufdir_metric_snapshots.record_count_at_generation is 'Live (not deleted) activities of the organisation in the period when the figures were generated.';
comment on column public.bufdir_metric_snapshots.generated_by is 'The user who generated it; null for the service role.';
comment on column public.bufdir_metric_snapshots.content_hash is 'SHA-256 (hex) of snapshot_json''s text.';
create index bufdir_metric_snapshots_rule_version_idx on public.bufdir_metric_snapshots (rule_version);
alter table public.bufdir_metric_snapshots enable row level security;
create trigger forbid_tenant_change before update on public.bufdir_metric_snapshots
  for each row execute function private.forbid_tenant_change();

create policy select_members on public.bufdir_metric_snapshots for select to authenticated
  using (org_id in (select hidden.caller_org_ids()));
comment on policy select_members on public.bufdir_metric_snapshots is 'Every member of the organisation reads its snapshots.';
create policy delete_managers on public.bufdir_metric_snapshots for delete to authenticated
  using (org_id in (select hidden.caller_org_ids('{coordinator,admin}')));
comment on policy delete_managers on public.bufdir_metric_snapshots is 'Only coordinators and admins delete snapshots; a mentor''s delete is filtered out here.';

-- The generation's MVCC snapshot (and, for changes made earlier in the generating
-- transaction itself, its id and a sequence number): changes it could not see
-- make the snapshot stale.
create table private.snapshot_generations (
  org_id uuid not null,
  snapshot_id uuid not null,
  generation_snapshot pg_snapshot not null,
  generation_xid xid8 not null,
  generation_seq bigint not null,
  primary key (org_id, snapshot_id),
  foreign key (org_id, snapshot_id) references public.bufdir_metric_snapshots (org_id, id) on delete cascade
);
comment on table private.snapshot_generations is 'For each snapshot, the MVCC snapshot its figures were computed in (for the staleness check).';
alter table private.snapshot_generations enable row level security;

-- The allow-list. Inline (no calls into private) so it also runs for direct writes
-- by roles that cannot use schema private. tg_argv[0] names the jsonb column.
create function private.reject_pii_in_figures() returns trigger
language plpgsql
as $$
declare
  doc jsonb := to_jsonb(new) -> tg_argv[0];
  section text;
  entry record;
  key_pattern text;
  bad_path text;
  metric_keys constant text[] := array[
    'activity_days', 'activities_total', 'activities_non_counting', 'proxy_duplicates_merged',
    'participations', 'unique_participants', 'unique_participants_is_lower_bound',
    'minutes_total', 'active_mentors'];
  kind_pattern constant text := '^(in_person_outreach|phone_or_digital|group_meeting|mentor_course|other)$';
  sections constant jsonb := jsonb_build_object(
    'activity_days_by_kind', kind_pattern,
    'activities_by_kind', kind_pattern,
    'activities_by_path', '^(direct|proxy|bulk)$',
    'activity_days_by_month', '^[0-9]{4}-(0[1-9]|1[0-2])$',
    'activity_days_by_county', '^([0-9]{2}|unknown)$');
begin
  if jsonb_typeof(doc) is distinct from 'object' then
    bad_path := '$';
  elsif (select array_agg(k order by k) from jsonb_object_keys(doc) k)
        is distinct from (select array_agg(k order by k) from unnest(
          array['shape_version', 'rule_version', 'computed_in', 'period', 'totals'] || array(select jsonb_object_keys(sections))) k) then
    bad_path := '$ (keys must be exactly the documented ones)';
  elsif doc -> 'shape_version' <> '1'::jsonb then
    bad_path := '$.shape_version';
  elsif jsonb_typeof(doc -> 'rule_version') <> 'string' or doc ->> 'rule_version' !~ '^[0-9]{4}\.[0-9]{1,3}$' then
    bad_path := '$.rule_version';
  elsif jsonb_typeof(doc -> 'computed_in') <> 'string'
        or length(doc ->> 'computed_in') > 2000
        or doc ->> 'computed_in' !~ '^[0-9]{1,20}:[0-9]{1,20}:([0-9]{1,20}(,[0-9]{1,20})*)?$' then
    bad_path := '$.computed_in';
  elsif jsonb_typeof(doc -> 'period') <> 'object'
        or (select array_agg(k order by k) from jsonb_object_keys(doc -> 'period') k) is distinct from array['end', 'start']
        or jsonb_typeof(doc -> 'period' -> 'start') <> 'string' or doc -> 'period' ->> 'start' !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'
        or jsonb_typeof(doc -> 'period' -> 'end') <> 'string' or doc -> 'period' ->> 'end' !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' then
    bad_path := '$.period';
  elsif jsonb_typeof(doc -> 'totals') <> 'object'
        or (select array_agg(k order by k) from jsonb_object_keys(doc -> 'totals') k)
           is distinct from (select array_agg(k order by k) from unnest(metric_keys) k) then
    bad_path := '$.totals (keys must be exactly the documented metrics)';
  end if;

  if bad_path is null then
    for entry in select * from jsonb_each(doc -> 'totals') loop
      if entry.key = 'unique_participants_is_lower_bound' then
        if jsonb_typeof(entry.value) <> 'boolean' then bad_path := '$.totals.' || entry.key; exit; end if;
      elsif jsonb_typeof(entry.value) <> 'number'
            or (entry.value::text)::numeric <> trunc((entry.value::text)::numeric)
            or abs((entry.value::text)::numeric) > 9007199254740991
            or (entry.value::text)::numeric < 0 then
        bad_path := '$.totals.' || entry.key;
        exit;
      end if;
    end loop;
  end if;

  if bad_path is null then
    <<sections_loop>>
    for section, key_pattern in select s.key, s.value #>> '{}' from jsonb_each(sections) s loop
      if jsonb_typeof(doc -> section) <> 'object' then
        bad_path := '$.' || section;
        exit;
      end if;
      for entry in select * from jsonb_each(doc -> section) loop
        if entry.key !~ key_pattern
           or jsonb_typeof(entry.value) <> 'number'
           or (entry.value::text)::numeric <> trunc((entry.value::text)::numeric)
           or (entry.value::text)::numeric < 0
           or (entry.value::text)::numeric > 9007199254740991 then
          bad_path := '$.' || section || '.' || left(entry.key, 40);
          exit sections_loop;
        end if;
      end loop;
    end loop;
  end if;

  if bad_path is not null then
    raise exception 'figures rejected by the allow-list at %', bad_path
      using errcode = 'BF001',
            detail = 'Only the documented shape is stored: fixed keys, non-negative safe integers, a boolean flag and enumerated metadata strings.',
            hint = 'Compute figures with compute_bufdir_metrics; never put names, contact details, ids or free text in them.';
  end if;
  return new;
end
$$;
comment on function private.reject_pii_in_figures() is
  'Trigger: refuses figures outside the documented shape (BF001). Argument: the jsonb column to check.';
create trigger reject_pii_in_figures before insert or update of snapshot_json on public.bufdir_metric_snapshots
  for each row execute function private.reject_pii_in_figures('snapshot_json');

-- Keeps the database-owned columns honest on every write, whatever path it takes.
create function private.stamp_snapshot() returns trigger
language plpgsql
as $$
begin
  new.computed_at := now();
  new.content_hash := encode(sha256(convert_to(new.snapshot_json::text, 'UTF8')), 'hex');
  return new;
end
$$;
comment on function private.stamp_snapshot() is 'Trigger: sets computed_at and content_hash of a snapshot on every write.';
create trigger stamp_snapshot before insert or update on public.bufdir_metric_snapshots
  for each row execute function private.stamp_snapshot();

-- Permission check for RPCs: members (optionally with one of `roles`) of the
-- organisation, or the service role. Raises 42501 otherwise.
create function hidden.require_role(org_id uuid, roles public.member_role[] default null)
returns void
language plpgsql stable
as $$
begin
  if (select auth.role()) = 'service_role' then
    return;
  end if;
  if require_role.org_id is null
     or not exists (select from hidden.caller_org_ids(require_role.roles) o where o = require_role.org_id) then
    raise exception 'permission denied: the caller is not % of organisation %',
      coalesce('a ' || array_to_string(require_role.roles, ' or '), 'a member'), require_role.org_id
      using errcode = '42501';
  end if;
end
$$;
comment on function hidden.require_role(uuid, public.member_role[]) is
  'Raises 42501 unless the caller is the service role or a member of org_id (with one of roles, when given).';
revoke all on function hidden.require_role(uuid, public.member_role[]) from public, anon;
grant execute on function hidden.require_role(uuid, public.member_role[]) to authenticated, service_role;

-- migrate:down
drop function hidden.require_role(uuid, public.member_role[]);
drop table private.snapshot_generations;
drop table public.bufdir_metric_snapshots;
drop function private.stamp_snapshot();
drop function private.reject_pii_in_figures();
