-- Purpose: nothing PostgREST exposes runs as its owner. Every RPC in public that
-- was security definer becomes a security-invoker function of the same name,
-- arguments, result and errors, which calls its security-definer body in
-- hidden (not exposed; the API roles hold USAGE on it).
-- Objects: hidden.compute_bufdir_metrics, export_bufdir_report,
--          generate_periodic_summaries, invalidate_periodic_summaries,
--          list_member_names, list_periodic_summaries_since,
--          metric_snapshot_status, refresh_metric_snapshot, save_metric_snapshot,
--          set_summaries_enabled, verify_metric_snapshot (the bodies, moved as they
--          were); the public functions of those names (now one-line wrappers).
-- Why: Supabase's guidance and its advisor (splinter's
-- authenticated_security_definer_function_executable): a definer function in an
-- exposed schema is callable by anyone signed in, straight over HTTP, with the
-- owner's rights; a mistake in its checks is then a hole in the API. In hidden
-- the bodies are reachable only through the wrappers (or a SQL session), and
-- each still checks the caller first. EXECUTE on each body goes to exactly the
-- roles that may call its wrapper (authenticated, service_role).

-- migrate:up
-- compute_bufdir_metrics
create function hidden.compute_bufdir_metrics(org_id uuid, period_start date, period_end date)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  perform hidden.check_snapshot_key(compute_bufdir_metrics.org_id, compute_bufdir_metrics.period_start, compute_bufdir_metrics.period_end);
  perform hidden.require_role(compute_bufdir_metrics.org_id, '{coordinator,admin}');
  return private.compute_metrics(compute_bufdir_metrics.org_id, compute_bufdir_metrics.period_start, compute_bufdir_metrics.period_end);
end
$function$;


comment on function hidden.compute_bufdir_metrics(uuid,date,date) is
  'The security-definer body of public.compute_bufdir_metrics, where PostgREST does not expose it; public.compute_bufdir_metrics (security invoker) calls it. Computes (without saving) the Bufdir figures of an organisation for an inclusive period. Coordinators, admins and the service role. Errors: 22004, 22023, 42501.';

revoke all on function hidden.compute_bufdir_metrics(uuid,date,date) from public, anon;
grant execute on function hidden.compute_bufdir_metrics(uuid,date,date) to authenticated, service_role;

create or replace function public.compute_bufdir_metrics(org_id uuid, period_start date, period_end date)
returns jsonb
language sql stable security invoker
set search_path = pg_catalog, pg_temp
as $$
  select hidden.compute_bufdir_metrics(compute_bufdir_metrics.org_id, compute_bufdir_metrics.period_start, compute_bufdir_metrics.period_end)
$$;

-- export_bufdir_report
create function hidden.export_bufdir_report(org_id uuid, period_start date, period_end date)
 RETURNS public.bufdir_export_audit_log
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
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
$function$;


comment on function hidden.export_bufdir_report(uuid,date,date) is
  'The security-definer body of public.export_bufdir_report, where PostgREST does not expose it; public.export_bufdir_report (security invoker) calls it. Exports a fresh, verified snapshot: writes an audit row and returns it with the payload. Coordinators, admins, service role. Errors: 22004, 22023, 42501, BF002 (no snapshot), BF003 (stale), BF004 (differs from a recomputation).';

revoke all on function hidden.export_bufdir_report(uuid,date,date) from public, anon;
grant execute on function hidden.export_bufdir_report(uuid,date,date) to authenticated, service_role;

create or replace function public.export_bufdir_report(org_id uuid, period_start date, period_end date)
returns public.bufdir_export_audit_log
language sql volatile security invoker
set search_path = pg_catalog, pg_temp
as $$
  select * from hidden.export_bufdir_report(export_bufdir_report.org_id, export_bufdir_report.period_start, export_bufdir_report.period_end)
$$;

-- generate_periodic_summaries
create function hidden.generate_periodic_summaries(org_id uuid, period_type public.summary_period_type, period_start date)
 RETURNS SETOF public.periodic_summaries
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  if generate_periodic_summaries.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(generate_periodic_summaries.org_id, '{coordinator,admin}');
  perform private.require_summaries_enabled(generate_periodic_summaries.org_id);
  return query select * from private.generate_summaries(
    generate_periodic_summaries.org_id, generate_periodic_summaries.period_type, generate_periodic_summaries.period_start);
end
$function$;


comment on function hidden.generate_periodic_summaries(uuid,public.summary_period_type,date) is
  'The security-definer body of public.generate_periodic_summaries, where PostgREST does not expose it; public.generate_periodic_summaries (security invoker) calls it. Generates the organisation-wide and per-mentor summaries of a period (month, quarter, half_year, year starting at period_start). Coordinators, admins, service role. Errors: 22004, 22023, 42501, BF005.';

revoke all on function hidden.generate_periodic_summaries(uuid,public.summary_period_type,date) from public, anon;
grant execute on function hidden.generate_periodic_summaries(uuid,public.summary_period_type,date) to authenticated, service_role;

create or replace function public.generate_periodic_summaries(org_id uuid, period_type public.summary_period_type, period_start date)
returns SETOF public.periodic_summaries
language sql volatile security invoker
set search_path = pg_catalog, pg_temp
as $$
  select * from hidden.generate_periodic_summaries(generate_periodic_summaries.org_id, generate_periodic_summaries.period_type, generate_periodic_summaries.period_start)
$$;

-- invalidate_periodic_summaries
create function hidden.invalidate_periodic_summaries(org_id uuid, period_start date, period_end date)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  marked integer;
begin
  perform hidden.check_snapshot_key(invalidate_periodic_summaries.org_id, invalidate_periodic_summaries.period_start, invalidate_periodic_summaries.period_end);
  perform hidden.require_role(invalidate_periodic_summaries.org_id, '{coordinator,admin}');
  perform private.require_summaries_enabled(invalidate_periodic_summaries.org_id);
  update public.periodic_summaries s
  set invalidated_at = now(), updated_at = now()
  where s.org_id = invalidate_periodic_summaries.org_id
    and s.period_start <= invalidate_periodic_summaries.period_end
    and s.period_end >= invalidate_periodic_summaries.period_start
    and s.invalidated_at is null;
  get diagnostics marked = row_count;
  return marked;
end
$function$;


comment on function hidden.invalidate_periodic_summaries(uuid,date,date) is
  'The security-definer body of public.invalidate_periodic_summaries, where PostgREST does not expose it; public.invalidate_periodic_summaries (security invoker) calls it. Marks every summary of the organisation overlapping the period as invalidated; clients learn it on their next sync. Returns how many. Coordinators, admins, service role. Errors: 22004, 22023, 42501, BF005.';

revoke all on function hidden.invalidate_periodic_summaries(uuid,date,date) from public, anon;
grant execute on function hidden.invalidate_periodic_summaries(uuid,date,date) to authenticated, service_role;

create or replace function public.invalidate_periodic_summaries(org_id uuid, period_start date, period_end date)
returns integer
language sql volatile security invoker
set search_path = pg_catalog, pg_temp
as $$
  select hidden.invalidate_periodic_summaries(invalidate_periodic_summaries.org_id, invalidate_periodic_summaries.period_start, invalidate_periodic_summaries.period_end)
$$;

-- list_member_names
create function hidden.list_member_names(org_id uuid)
 RETURNS TABLE(user_id uuid, display_name text, email text, role public.member_role)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  perform hidden.require_role(list_member_names.org_id);
  return query
    select m.user_id,
           coalesce(
             nullif(pg_catalog.btrim(u.raw_user_meta_data ->> 'full_name'), ''),
             nullif(pg_catalog.btrim(u.raw_user_meta_data ->> 'name'), ''),
             u.email::text
           ),
           u.email::text,
           m.role
    from public.members m
    join auth.users u on u.id = m.user_id
    where m.org_id = list_member_names.org_id
    order by 2, 3, 1;
end
$function$;


comment on function hidden.list_member_names(uuid) is
  'The security-definer body of public.list_member_names, where PostgREST does not expose it; public.list_member_names (security invoker) calls it. The members of an organisation with a readable name each: user_id, display_name (full_name or name from the user''s metadata, else the e-mail), email and role. Any member of the organisation (the roster they may read already), or the service role. Errors: 42501.';

revoke all on function hidden.list_member_names(uuid) from public, anon;
grant execute on function hidden.list_member_names(uuid) to authenticated, service_role;

create or replace function public.list_member_names(org_id uuid)
returns TABLE(user_id uuid, display_name text, email text, role public.member_role)
language sql stable security invoker
set search_path = pg_catalog, pg_temp
as $$
  select * from hidden.list_member_names(list_member_names.org_id)
$$;

-- list_periodic_summaries_since
create function hidden.list_periodic_summaries_since(org_id uuid, since_cursor text DEFAULT NULL::text, page_size integer DEFAULT 500)
 RETURNS TABLE(cursor text, operation text, summary_id uuid, mentor_id uuid, period_type public.summary_period_type, period_start date, period_end date, summary_data jsonb, generated_at timestamp with time zone, updated_at timestamp with time zone, invalidated_at timestamp with time zone, version integer)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  sees_all boolean;
begin
  if list_periodic_summaries_since.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(list_periodic_summaries_since.org_id);
  perform private.require_summaries_enabled(list_periodic_summaries_since.org_id);
  sees_all := hidden.is_service_role_request()
    or exists (select from hidden.caller_org_ids('{coordinator,admin}') o where o = list_periodic_summaries_since.org_id);
  return query select * from private.list_summary_changes(
    list_periodic_summaries_since.org_id, list_periodic_summaries_since.since_cursor, list_periodic_summaries_since.page_size,
    case when sees_all then null else (select auth.uid()) end);
end
$function$;


comment on function hidden.list_periodic_summaries_since(uuid,text,integer) is
  'The security-definer body of public.list_periodic_summaries_since, where PostgREST does not expose it; public.list_periodic_summaries_since (security invoker) calls it. Delta sync: the summary changes after since_cursor (null for everything), oldest first, at most page_size (1..5000). Deletions arrive as tombstones (operation delete). Pass the last row''s cursor (the change id as text; an old "<xid>.<change id>" cursor is still accepted) to continue. Waits up to 1 s for running writers of the same organisation, and lists nothing while one still runs, so no change committed late is ever skipped; transactions elsewhere never delay it. Mentors see their own. Errors: 0A000 (isolation other than read committed), 22004, 22023, 42501, BF005.';

revoke all on function hidden.list_periodic_summaries_since(uuid,text,integer) from public, anon;
grant execute on function hidden.list_periodic_summaries_since(uuid,text,integer) to authenticated, service_role;

create or replace function public.list_periodic_summaries_since(org_id uuid, since_cursor text DEFAULT NULL::text, page_size integer DEFAULT 500)
returns TABLE(cursor text, operation text, summary_id uuid, mentor_id uuid, period_type public.summary_period_type, period_start date, period_end date, summary_data jsonb, generated_at timestamp with time zone, updated_at timestamp with time zone, invalidated_at timestamp with time zone, version integer)
language sql stable security invoker
set search_path = pg_catalog, pg_temp
as $$
  select * from hidden.list_periodic_summaries_since(list_periodic_summaries_since.org_id, list_periodic_summaries_since.since_cursor, list_periodic_summaries_since.page_size)
$$;

-- metric_snapshot_status
create function hidden.metric_snapshot_status(org_id uuid, period_start date, period_end date)
 RETURNS public.metric_snapshot_status
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  perform hidden.check_snapshot_key(metric_snapshot_status.org_id, metric_snapshot_status.period_start, metric_snapshot_status.period_end);
  perform hidden.require_role(metric_snapshot_status.org_id);
  return private.snapshot_status(metric_snapshot_status.org_id, metric_snapshot_status.period_start, metric_snapshot_status.period_end);
end
$function$;


comment on function hidden.metric_snapshot_status(uuid,date,date) is
  'The security-definer body of public.metric_snapshot_status, where PostgREST does not expose it; public.metric_snapshot_status (security invoker) calls it. Whether the snapshot exists and is stale: older than 24 h, or anything the aggregation reads changed for the organisation and period since generation. Any member. Errors: 22004, 22023, 42501.';

revoke all on function hidden.metric_snapshot_status(uuid,date,date) from public, anon;
grant execute on function hidden.metric_snapshot_status(uuid,date,date) to authenticated, service_role;

create or replace function public.metric_snapshot_status(org_id uuid, period_start date, period_end date)
returns public.metric_snapshot_status
language sql stable security invoker
set search_path = pg_catalog, pg_temp
as $$
  select * from hidden.metric_snapshot_status(metric_snapshot_status.org_id, metric_snapshot_status.period_start, metric_snapshot_status.period_end)
$$;

-- refresh_metric_snapshot
create function hidden.refresh_metric_snapshot(org_id uuid, period_start date, period_end date)
 RETURNS public.bufdir_metric_snapshots
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  generation pg_snapshot;
  figures jsonb;
begin
  perform hidden.check_snapshot_key(refresh_metric_snapshot.org_id, refresh_metric_snapshot.period_start, refresh_metric_snapshot.period_end);
  perform hidden.require_role(refresh_metric_snapshot.org_id, '{coordinator,admin}');
  -- Taken before computing: under READ COMMITTED each statement has a newer
  -- snapshot, so whatever commits in between counts as unseen.
  generation := pg_catalog.pg_current_snapshot();
  perform private.refresh_day_partials(refresh_metric_snapshot.org_id, refresh_metric_snapshot.period_start, refresh_metric_snapshot.period_end);
  figures := private.compute_metrics(refresh_metric_snapshot.org_id, refresh_metric_snapshot.period_start, refresh_metric_snapshot.period_end);
  return private.store_snapshot(
    refresh_metric_snapshot.org_id, refresh_metric_snapshot.period_start, refresh_metric_snapshot.period_end, figures, generation);
end
$function$;


comment on function hidden.refresh_metric_snapshot(uuid,date,date) is
  'The security-definer body of public.refresh_metric_snapshot, where PostgREST does not expose it; public.refresh_metric_snapshot (security invoker) calls it. Computes and saves the figures in one transaction: the recommended path, raw data never leaves the database. Coordinators, admins, service role. Errors: 22004, 22023, 42501.';

revoke all on function hidden.refresh_metric_snapshot(uuid,date,date) from public, anon;
grant execute on function hidden.refresh_metric_snapshot(uuid,date,date) to authenticated, service_role;

create or replace function public.refresh_metric_snapshot(org_id uuid, period_start date, period_end date)
returns public.bufdir_metric_snapshots
language sql volatile security invoker
set search_path = pg_catalog, pg_temp
as $$
  select * from hidden.refresh_metric_snapshot(refresh_metric_snapshot.org_id, refresh_metric_snapshot.period_start, refresh_metric_snapshot.period_end)
$$;

-- save_metric_snapshot
create function hidden.save_metric_snapshot(org_id uuid, period_start date, period_end date, snapshot_json jsonb)
 RETURNS public.bufdir_metric_snapshots
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
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
$function$;


comment on function hidden.save_metric_snapshot(uuid,date,date,jsonb) is
  'The security-definer body of public.save_metric_snapshot, where PostgREST does not expose it; public.save_metric_snapshot (security invoker) calls it. Idempotently saves figures for an organisation and inclusive period (one row per key). Coordinators, admins, service role. Errors: 22004, 22023, 42501, BF001 (allow-list).';

revoke all on function hidden.save_metric_snapshot(uuid,date,date,jsonb) from public, anon;
grant execute on function hidden.save_metric_snapshot(uuid,date,date,jsonb) to authenticated, service_role;

create or replace function public.save_metric_snapshot(org_id uuid, period_start date, period_end date, snapshot_json jsonb)
returns public.bufdir_metric_snapshots
language sql volatile security invoker
set search_path = pg_catalog, pg_temp
as $$
  select * from hidden.save_metric_snapshot(save_metric_snapshot.org_id, save_metric_snapshot.period_start, save_metric_snapshot.period_end, save_metric_snapshot.snapshot_json)
$$;

-- set_summaries_enabled
create function hidden.set_summaries_enabled(org_id uuid, enabled boolean)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  if set_summaries_enabled.enabled is null then
    raise exception 'enabled must not be null' using errcode = '22004';
  end if;
  if set_summaries_enabled.org_id is null then
    if not hidden.is_service_role_request() then
      raise exception 'permission denied: only the service role switches summaries globally' using errcode = '42501';
    end if;
  else
    perform hidden.require_role(set_summaries_enabled.org_id, '{admin}');
  end if;
  insert into private.summaries_switches as s (org_id, enabled)
  values (coalesce(set_summaries_enabled.org_id, '00000000-0000-0000-0000-000000000000'), set_summaries_enabled.enabled)
  on conflict on constraint summaries_switches_pkey do update set enabled = excluded.enabled, changed_at = now();
end
$function$;


comment on function hidden.set_summaries_enabled(uuid,boolean) is
  'The security-definer body of public.set_summaries_enabled, where PostgREST does not expose it; public.set_summaries_enabled (security invoker) calls it. Switches periodic summaries on or off for an organisation (its admins, service role) or, with org_id null, everywhere (service role). While off, the summary RPCs raise BF005 for API users.';

revoke all on function hidden.set_summaries_enabled(uuid,boolean) from public, anon;
grant execute on function hidden.set_summaries_enabled(uuid,boolean) to authenticated, service_role;

create or replace function public.set_summaries_enabled(org_id uuid, enabled boolean)
returns void
language sql volatile security invoker
set search_path = pg_catalog, pg_temp
as $$
  select hidden.set_summaries_enabled(set_summaries_enabled.org_id, set_summaries_enabled.enabled)
$$;

-- verify_metric_snapshot
create function hidden.verify_metric_snapshot(org_id uuid, period_start date, period_end date)
 RETURNS TABLE(figure text, persisted_value jsonb, recomputed_value jsonb)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
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
$function$;


comment on function hidden.verify_metric_snapshot(uuid,date,date) is
  'The security-definer body of public.verify_metric_snapshot, where PostgREST does not expose it; public.verify_metric_snapshot (security invoker) calls it. Recomputes the figures and lists every one that differs from the persisted snapshot (none when it is sound). Coordinators, admins, service role. Errors: 22004, 22023, 42501, P0002.';

revoke all on function hidden.verify_metric_snapshot(uuid,date,date) from public, anon;
grant execute on function hidden.verify_metric_snapshot(uuid,date,date) to authenticated, service_role;

create or replace function public.verify_metric_snapshot(org_id uuid, period_start date, period_end date)
returns TABLE(figure text, persisted_value jsonb, recomputed_value jsonb)
language sql stable security invoker
set search_path = pg_catalog, pg_temp
as $$
  select * from hidden.verify_metric_snapshot(verify_metric_snapshot.org_id, verify_metric_snapshot.period_start, verify_metric_snapshot.period_end)
$$;

-- migrate:down
CREATE OR REPLACE FUNCTION public.compute_bufdir_metrics(org_id uuid, period_start date, period_end date)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  perform hidden.check_snapshot_key(compute_bufdir_metrics.org_id, compute_bufdir_metrics.period_start, compute_bufdir_metrics.period_end);
  perform hidden.require_role(compute_bufdir_metrics.org_id, '{coordinator,admin}');
  return private.compute_metrics(compute_bufdir_metrics.org_id, compute_bufdir_metrics.period_start, compute_bufdir_metrics.period_end);
end
$function$;

drop function hidden.compute_bufdir_metrics(uuid,date,date);

CREATE OR REPLACE FUNCTION public.export_bufdir_report(org_id uuid, period_start date, period_end date)
 RETURNS public.bufdir_export_audit_log
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
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
$function$;

drop function hidden.export_bufdir_report(uuid,date,date);

CREATE OR REPLACE FUNCTION public.generate_periodic_summaries(org_id uuid, period_type public.summary_period_type, period_start date)
 RETURNS SETOF public.periodic_summaries
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  if generate_periodic_summaries.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(generate_periodic_summaries.org_id, '{coordinator,admin}');
  perform private.require_summaries_enabled(generate_periodic_summaries.org_id);
  return query select * from private.generate_summaries(
    generate_periodic_summaries.org_id, generate_periodic_summaries.period_type, generate_periodic_summaries.period_start);
end
$function$;

drop function hidden.generate_periodic_summaries(uuid,public.summary_period_type,date);

CREATE OR REPLACE FUNCTION public.invalidate_periodic_summaries(org_id uuid, period_start date, period_end date)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  marked integer;
begin
  perform hidden.check_snapshot_key(invalidate_periodic_summaries.org_id, invalidate_periodic_summaries.period_start, invalidate_periodic_summaries.period_end);
  perform hidden.require_role(invalidate_periodic_summaries.org_id, '{coordinator,admin}');
  perform private.require_summaries_enabled(invalidate_periodic_summaries.org_id);
  update public.periodic_summaries s
  set invalidated_at = now(), updated_at = now()
  where s.org_id = invalidate_periodic_summaries.org_id
    and s.period_start <= invalidate_periodic_summaries.period_end
    and s.period_end >= invalidate_periodic_summaries.period_start
    and s.invalidated_at is null;
  get diagnostics marked = row_count;
  return marked;
end
$function$;

drop function hidden.invalidate_periodic_summaries(uuid,date,date);

CREATE OR REPLACE FUNCTION public.list_member_names(org_id uuid)
 RETURNS TABLE(user_id uuid, display_name text, email text, role public.member_role)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  perform hidden.require_role(list_member_names.org_id);
  return query
    select m.user_id,
           coalesce(
             nullif(pg_catalog.btrim(u.raw_user_meta_data ->> 'full_name'), ''),
             nullif(pg_catalog.btrim(u.raw_user_meta_data ->> 'name'), ''),
             u.email::text
           ),
           u.email::text,
           m.role
    from public.members m
    join auth.users u on u.id = m.user_id
    where m.org_id = list_member_names.org_id
    order by 2, 3, 1;
end
$function$;

drop function hidden.list_member_names(uuid);

CREATE OR REPLACE FUNCTION public.list_periodic_summaries_since(org_id uuid, since_cursor text DEFAULT NULL::text, page_size integer DEFAULT 500)
 RETURNS TABLE(cursor text, operation text, summary_id uuid, mentor_id uuid, period_type public.summary_period_type, period_start date, period_end date, summary_data jsonb, generated_at timestamp with time zone, updated_at timestamp with time zone, invalidated_at timestamp with time zone, version integer)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  sees_all boolean;
begin
  if list_periodic_summaries_since.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(list_periodic_summaries_since.org_id);
  perform private.require_summaries_enabled(list_periodic_summaries_since.org_id);
  sees_all := hidden.is_service_role_request()
    or exists (select from hidden.caller_org_ids('{coordinator,admin}') o where o = list_periodic_summaries_since.org_id);
  return query select * from private.list_summary_changes(
    list_periodic_summaries_since.org_id, list_periodic_summaries_since.since_cursor, list_periodic_summaries_since.page_size,
    case when sees_all then null else (select auth.uid()) end);
end
$function$;

drop function hidden.list_periodic_summaries_since(uuid,text,integer);

CREATE OR REPLACE FUNCTION public.metric_snapshot_status(org_id uuid, period_start date, period_end date)
 RETURNS public.metric_snapshot_status
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  perform hidden.check_snapshot_key(metric_snapshot_status.org_id, metric_snapshot_status.period_start, metric_snapshot_status.period_end);
  perform hidden.require_role(metric_snapshot_status.org_id);
  return private.snapshot_status(metric_snapshot_status.org_id, metric_snapshot_status.period_start, metric_snapshot_status.period_end);
end
$function$;

drop function hidden.metric_snapshot_status(uuid,date,date);

CREATE OR REPLACE FUNCTION public.refresh_metric_snapshot(org_id uuid, period_start date, period_end date)
 RETURNS public.bufdir_metric_snapshots
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  generation pg_snapshot;
  figures jsonb;
begin
  perform hidden.check_snapshot_key(refresh_metric_snapshot.org_id, refresh_metric_snapshot.period_start, refresh_metric_snapshot.period_end);
  perform hidden.require_role(refresh_metric_snapshot.org_id, '{coordinator,admin}');
  -- Taken before computing: under READ COMMITTED each statement has a newer
  -- snapshot, so whatever commits in between counts as unseen.
  generation := pg_catalog.pg_current_snapshot();
  perform private.refresh_day_partials(refresh_metric_snapshot.org_id, refresh_metric_snapshot.period_start, refresh_metric_snapshot.period_end);
  figures := private.compute_metrics(refresh_metric_snapshot.org_id, refresh_metric_snapshot.period_start, refresh_metric_snapshot.period_end);
  return private.store_snapshot(
    refresh_metric_snapshot.org_id, refresh_metric_snapshot.period_start, refresh_metric_snapshot.period_end, figures, generation);
end
$function$;

drop function hidden.refresh_metric_snapshot(uuid,date,date);

CREATE OR REPLACE FUNCTION public.save_metric_snapshot(org_id uuid, period_start date, period_end date, snapshot_json jsonb)
 RETURNS public.bufdir_metric_snapshots
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
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
$function$;

drop function hidden.save_metric_snapshot(uuid,date,date,jsonb);

CREATE OR REPLACE FUNCTION public.set_summaries_enabled(org_id uuid, enabled boolean)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  if set_summaries_enabled.enabled is null then
    raise exception 'enabled must not be null' using errcode = '22004';
  end if;
  if set_summaries_enabled.org_id is null then
    if not hidden.is_service_role_request() then
      raise exception 'permission denied: only the service role switches summaries globally' using errcode = '42501';
    end if;
  else
    perform hidden.require_role(set_summaries_enabled.org_id, '{admin}');
  end if;
  insert into private.summaries_switches as s (org_id, enabled)
  values (coalesce(set_summaries_enabled.org_id, '00000000-0000-0000-0000-000000000000'), set_summaries_enabled.enabled)
  on conflict on constraint summaries_switches_pkey do update set enabled = excluded.enabled, changed_at = now();
end
$function$;

drop function hidden.set_summaries_enabled(uuid,boolean);

CREATE OR REPLACE FUNCTION public.verify_metric_snapshot(org_id uuid, period_start date, period_end date)
 RETURNS TABLE(figure text, persisted_value jsonb, recomputed_value jsonb)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
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
$function$;

drop function hidden.verify_metric_snapshot(uuid,date,date);
