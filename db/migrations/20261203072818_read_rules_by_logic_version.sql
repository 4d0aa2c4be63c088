-- Purpose: read rules by logic version.
-- Why: a snapshot must recompute as it was sent after a later rule version
-- changes the logic. The rules' tests take the rules row's logic_version (and
-- the thresholds they read as values, so the rules and limits tables stay free
-- to change), private.aggregate_figures and private.compute_metrics take a
-- rule_version, and verify_metric_snapshot and the export recompute a snapshot
-- under its own version. private.exceeds_review_limits is as it was before the
-- rule 4 test (a SQL-standard body reading the limits' row would tie its type).
-- Objects: db/src/hidden/compute_bufdir_metrics.sql, db/src/hidden/export_bufdir_report.sql, db/src/hidden/refresh_metric_snapshot.sql, db/src/hidden/verify_metric_snapshot.sql, db/src/private/aggregate_figures.sql, db/src/private/compute_metrics.sql, db/src/private/exceeds_review_limits.sql, db/src/private/figure_parts.sql, db/src/private/rule2_merge_target.sql, db/src/private/rule2_mergeable.sql, db/src/private/rule2_takes_twin_place.sql, db/src/private/rule2_twins.sql, db/src/private/rule3_failure.sql, db/src/private/rule4_active_mentor.sql, db/src/private/rule4_held_for_review.sql, db/src/private/rule4_left_out.sql, db/src/private/rule5_new_for_mentor.sql, db/src/private/rule6_participants.sql, db/src/private/snapshot_status.sql, db/src/private/store_snapshot.sql.
-- Written by `make migration`: up is the new text of these files, down their text at HEAD.

-- migrate:up
comment on function private.aggregate_figures(org_id uuid, period_start date, period_end date, every_mentor boolean, mentor_ids uuid[]) is null;

comment on function private.compute_metrics(org_id uuid, period_start date, period_end date, mentor_id uuid) is null;

comment on function private.rule2_merge_target(rules public.bufdir_counting_rules, path public.registration_path, left_out public.left_out_reason) is null;

comment on function private.rule2_mergeable(rules public.bufdir_counting_rules, path public.registration_path, left_out public.left_out_reason) is null;

comment on function private.rule2_takes_twin_place(rules public.bufdir_counting_rules, twin_created_at timestamp with time zone, twin_id uuid, own_created_at timestamp with time zone, own_id uuid) is null;

comment on function private.rule2_twins(rules public.bufdir_counting_rules, proxy_day date, proxy_kind public.activity_kind, proxy_county text, proxy_minutes integer, proxy_anonymous integer, proxy_in_norway boolean, proxy_mentors uuid[], proxy_contacts uuid[], direct_day date, direct_kind public.activity_kind, direct_county text, direct_minutes integer, direct_anonymous integer, direct_in_norway boolean, direct_mentors uuid[], direct_contacts uuid[]) is null;

comment on function private.rule3_failure(rules public.bufdir_counting_rules, kind public.activity_kind, in_norway boolean, participants integer, minutes integer) is null;

comment on function private.rule4_active_mentor(rules public.bufdir_counting_rules, approval_status public.approval_status, active_from date, active_to date, day date) is null;

comment on function private.rule4_held_for_review(rules public.bufdir_counting_rules, limits public.organisation_review_limits, minutes integer, anonymous integer, known_participants integer, review_confirmed_at timestamp with time zone) is null;

comment on function private.rule4_left_out(rules public.bufdir_counting_rules, has_active_mentor boolean, held_for_review boolean) is null;

comment on function private.rule5_new_for_mentor(rules public.bufdir_counting_rules, first_of_day boolean, first_to_name_a_contact boolean) is null;

comment on function private.rule6_participants(rules public.bufdir_counting_rules, contacts uuid[], anonymous integer) is null;

drop function if exists private.aggregate_figures(uuid, date, date, boolean, uuid[]);

drop function if exists private.compute_metrics(uuid, date, date, uuid);

drop function if exists private.rule2_merge_target(public.bufdir_counting_rules, public.registration_path, public.left_out_reason);

drop function if exists private.rule2_mergeable(public.bufdir_counting_rules, public.registration_path, public.left_out_reason);

drop function if exists private.rule2_takes_twin_place(public.bufdir_counting_rules, timestamp with time zone, uuid, timestamp with time zone, uuid);

drop function if exists private.rule2_twins(public.bufdir_counting_rules, date, public.activity_kind, text, integer, integer, boolean, uuid[], uuid[], date, public.activity_kind, text, integer, integer, boolean, uuid[], uuid[]);

drop function if exists private.rule3_failure(public.bufdir_counting_rules, public.activity_kind, boolean, integer, integer);

drop function if exists private.rule4_active_mentor(public.bufdir_counting_rules, public.approval_status, date, date, date);

drop function if exists private.rule4_held_for_review(public.bufdir_counting_rules, public.organisation_review_limits, integer, integer, integer, timestamp with time zone);

drop function if exists private.rule4_left_out(public.bufdir_counting_rules, boolean, boolean);

drop function if exists private.rule5_new_for_mentor(public.bufdir_counting_rules, boolean, boolean);

drop function if exists private.rule6_participants(public.bufdir_counting_rules, uuid[], integer);

-- db/src/hidden/compute_bufdir_metrics.sql
create or replace function hidden.compute_bufdir_metrics(org_id uuid, period_start date, period_end date) returns jsonb
    language plpgsql stable security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
begin
  perform hidden.check_snapshot_key(compute_bufdir_metrics.org_id, compute_bufdir_metrics.period_start, compute_bufdir_metrics.period_end);
  perform hidden.require_role(compute_bufdir_metrics.org_id, '{coordinator,admin}');
  return private.compute_metrics(org_id => compute_bufdir_metrics.org_id, period_start => compute_bufdir_metrics.period_start,
                                 period_end => compute_bufdir_metrics.period_end);
end
$$;

comment on function hidden.compute_bufdir_metrics(org_id uuid, period_start date, period_end date) is 'The security-definer body of public.compute_bufdir_metrics, where PostgREST does not expose it; public.compute_bufdir_metrics (security invoker) calls it. Computes (without saving) the Bufdir figures of an organisation for an inclusive period. Coordinators, admins and the service role. Errors: 22004, 22023, 42501.';

revoke all on function hidden.compute_bufdir_metrics(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function hidden.compute_bufdir_metrics(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function hidden.compute_bufdir_metrics(org_id uuid, period_start date, period_end date) to service_role;

-- db/src/hidden/export_bufdir_report.sql
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

-- db/src/hidden/refresh_metric_snapshot.sql
create or replace function hidden.refresh_metric_snapshot(org_id uuid, period_start date, period_end date) returns public.bufdir_metric_snapshots
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
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
  perform private.refresh_day_partials(org_id => refresh_metric_snapshot.org_id, period_start => refresh_metric_snapshot.period_start,
                                       period_end => refresh_metric_snapshot.period_end);
  figures := private.compute_metrics(org_id => refresh_metric_snapshot.org_id, period_start => refresh_metric_snapshot.period_start,
                                     period_end => refresh_metric_snapshot.period_end);
  return private.store_snapshot(
    org_id => refresh_metric_snapshot.org_id, period_start => refresh_metric_snapshot.period_start,
    period_end => refresh_metric_snapshot.period_end, figures => figures, generation => generation);
end
$$;

comment on function hidden.refresh_metric_snapshot(org_id uuid, period_start date, period_end date) is 'The security-definer body of public.refresh_metric_snapshot, where PostgREST does not expose it; public.refresh_metric_snapshot (security invoker) calls it. Computes and saves the figures in one transaction: the recommended path, raw data never leaves the database. Coordinators, admins, service role. Errors: 22004, 22023, 42501.';

revoke all on function hidden.refresh_metric_snapshot(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function hidden.refresh_metric_snapshot(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function hidden.refresh_metric_snapshot(org_id uuid, period_start date, period_end date) to service_role;

-- db/src/hidden/verify_metric_snapshot.sql
create or replace function hidden.verify_metric_snapshot(org_id uuid, period_start date, period_end date) returns table(figure text, persisted_value jsonb, recomputed_value jsonb)
    language plpgsql stable security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  persisted jsonb;
  persisted_rules text;
begin
  perform hidden.check_snapshot_key(verify_metric_snapshot.org_id, verify_metric_snapshot.period_start, verify_metric_snapshot.period_end);
  perform hidden.require_role(verify_metric_snapshot.org_id, '{coordinator,admin}');
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

-- db/src/private/rule2_mergeable.sql
-- Rule 2, the proxy side: only a proxy entry in scope (not left out by rule 4)
-- is ever merged into a twin. Bulk entries never are.
create or replace function private.rule2_mergeable(logic_version integer, path public.registration_path, left_out public.left_out_reason) returns boolean
    language sql immutable parallel safe
    return path = 'proxy' and left_out is null;

comment on function private.rule2_mergeable(logic_version integer, path public.registration_path, left_out public.left_out_reason) is 'Rule 2: true for an entry that may be merged into a direct twin (a proxy entry not left out). Read with the given logic (bufdir_counting_rules.logic_version); inlined.';

revoke all on function private.rule2_mergeable(logic_version integer, path public.registration_path, left_out public.left_out_reason) from public, anon, authenticated, service_role;

-- db/src/private/rule2_merge_target.sql
-- Rule 2, the direct side: a proxy entry merges only into a direct entry in
-- scope (not left out by rule 4).
create or replace function private.rule2_merge_target(logic_version integer, path public.registration_path, left_out public.left_out_reason) returns boolean
    language sql immutable parallel safe
    return path = 'direct' and left_out is null;

comment on function private.rule2_merge_target(logic_version integer, path public.registration_path, left_out public.left_out_reason) is 'Rule 2: true for an entry proxy twins may merge into (a direct entry not left out). Read with the given logic (bufdir_counting_rules.logic_version); inlined.';

revoke all on function private.rule2_merge_target(logic_version integer, path public.registration_path, left_out public.left_out_reason) from public, anon, authenticated, service_role;

-- db/src/private/rule2_twins.sql
-- Rule 2's test: a proxy entry and a direct one are twins when they agree on
-- the date, the kind, every value a figure reads, and the sets of mentors and
-- contacts (compared as sets: an activity lists a mentor or a contact once).
-- Inlined, it is a conjunction of equalities the planner hashes on.
create or replace function private.rule2_twins(
    logic_version integer,
    proxy_day date, proxy_kind public.activity_kind, proxy_county text, proxy_minutes integer,
    proxy_anonymous integer, proxy_in_norway boolean, proxy_mentors uuid[], proxy_contacts uuid[],
    direct_day date, direct_kind public.activity_kind, direct_county text, direct_minutes integer,
    direct_anonymous integer, direct_in_norway boolean, direct_mentors uuid[], direct_contacts uuid[]) returns boolean
    language sql immutable parallel safe
    return proxy_day = direct_day and proxy_kind = direct_kind and proxy_county = direct_county
       and proxy_minutes = direct_minutes and proxy_anonymous = direct_anonymous and proxy_in_norway = direct_in_norway
       and cardinality(proxy_mentors) = cardinality(direct_mentors) and proxy_mentors <@ direct_mentors
       and cardinality(proxy_contacts) = cardinality(direct_contacts) and proxy_contacts <@ direct_contacts;

comment on function private.rule2_twins(logic_version integer, proxy_day date, proxy_kind public.activity_kind, proxy_county text, proxy_minutes integer, proxy_anonymous integer, proxy_in_norway boolean, proxy_mentors uuid[], proxy_contacts uuid[], direct_day date, direct_kind public.activity_kind, direct_county text, direct_minutes integer, direct_anonymous integer, direct_in_norway boolean, direct_mentors uuid[], direct_contacts uuid[]) is 'Rule 2: true when a proxy entry is a twin of a direct one (same date, kind, county, minutes, anonymous head count, in-Norway flag, and the same sets of mentors and contacts). Read with the given logic (bufdir_counting_rules.logic_version); inlined.';

revoke all on function private.rule2_twins(logic_version integer, proxy_day date, proxy_kind public.activity_kind, proxy_county text, proxy_minutes integer, proxy_anonymous integer, proxy_in_norway boolean, proxy_mentors uuid[], proxy_contacts uuid[], direct_day date, direct_kind public.activity_kind, direct_county text, direct_minutes integer, direct_anonymous integer, direct_in_norway boolean, direct_mentors uuid[], direct_contacts uuid[]) from public, anon, authenticated, service_role;

-- db/src/private/rule2_takes_twin_place.sql
-- Rule 2's order: a direct entry with merged twins takes, for rule 5, the
-- earliest registration among itself and them (created_at, then id).
create or replace function private.rule2_takes_twin_place(logic_version integer, twin_created_at timestamp with time zone, twin_id uuid, own_created_at timestamp with time zone, own_id uuid) returns boolean
    language sql immutable parallel safe
    return (twin_created_at, twin_id) < (own_created_at, own_id);

comment on function private.rule2_takes_twin_place(logic_version integer, twin_created_at timestamp with time zone, twin_id uuid, own_created_at timestamp with time zone, own_id uuid) is 'Rule 2: true when a direct entry takes its earliest merged twin''s place in registration order (the twin was registered first); null when it has no twin. Read with the given logic (bufdir_counting_rules.logic_version); inlined.';

revoke all on function private.rule2_takes_twin_place(logic_version integer, twin_created_at timestamp with time zone, twin_id uuid, own_created_at timestamp with time zone, own_id uuid) from public, anon, authenticated, service_role;

-- db/src/private/rule3_failure.sql
-- Rule 3's test, one expression: what is wrong with an entry's kind, place or
-- size under the rules' thresholds, the first that applies (null: it qualifies).
-- The figures count only entries it passes, and an entry's verdict names it.
-- It takes the thresholds' values, not the rules row, so that the rules table
-- can change without it (a SQL-standard body reading a row's fields ties the
-- table's row type).
create or replace function private.rule3_failure(logic_version integer, counting_kinds public.activity_kind[], require_in_norway boolean, outreach_min_participants integer, group_min_participants integer, group_min_minutes integer, course_min_minutes integer, kind public.activity_kind, in_norway boolean, participants integer, minutes integer) returns public.entry_verdict
    language sql immutable parallel safe
    return case
      when not kind = any (counting_kinds) then 'kind_not_counted'::public.entry_verdict
      when not (in_norway or not require_in_norway) then 'abroad'::public.entry_verdict
      when kind = 'in_person_outreach' and participants < outreach_min_participants
        then 'too_few_participants'::public.entry_verdict
      when kind = 'group_meeting' and participants < group_min_participants
        then 'too_few_participants'::public.entry_verdict
      when kind = 'group_meeting' and minutes < group_min_minutes then 'too_short'::public.entry_verdict
      when kind = 'mentor_course' and minutes < course_min_minutes then 'too_short'::public.entry_verdict
    end;

comment on function private.rule3_failure(logic_version integer, counting_kinds public.activity_kind[], require_in_norway boolean, outreach_min_participants integer, group_min_participants integer, group_min_minutes integer, course_min_minutes integer, kind public.activity_kind, in_norway boolean, participants integer, minutes integer) is 'Rule 3: why an entry does not qualify under the rules'' thresholds (kind_not_counted, abroad, too_few_participants, too_short; the first that applies), null when it qualifies. Read with the given logic (bufdir_counting_rules.logic_version); inlined.';

revoke all on function private.rule3_failure(logic_version integer, counting_kinds public.activity_kind[], require_in_norway boolean, outreach_min_participants integer, group_min_participants integer, group_min_minutes integer, course_min_minutes integer, kind public.activity_kind, in_norway boolean, participants integer, minutes integer) from public, anon, authenticated, service_role;

-- db/src/private/rule4_active_mentor.sql
-- Rule 4's test for a mentor: approved, with an active period covering the day
-- (an open period has no end).
create or replace function private.rule4_active_mentor(logic_version integer, approval_status public.approval_status, active_from date, active_to date, day date) returns boolean
    language sql immutable parallel safe
    return approval_status = 'approved' and day >= active_from and (active_to is null or day <= active_to);

comment on function private.rule4_active_mentor(logic_version integer, approval_status public.approval_status, active_from date, active_to date, day date) is 'Rule 4: true when a mentor with this approval and active period counts on the day. Read with the given logic (bufdir_counting_rules.logic_version); inlined.';

revoke all on function private.rule4_active_mentor(logic_version integer, approval_status public.approval_status, active_from date, active_to date, day date) from public, anon, authenticated, service_role;

-- db/src/private/rule4_held_for_review.sql
-- Rule 4's test for an entry's values: held for review when above one of its
-- organisation's review limits that is set (null: no limit) and not confirmed.
-- It takes the limits' values, not their row, so that the limits table can
-- change without it (a SQL-standard body reading a row's fields ties the
-- table's row type).
create or replace function private.rule4_held_for_review(logic_version integer, max_minutes_per_activity integer, max_anonymous_participants integer, max_known_participants integer, minutes integer, anonymous integer, known_participants integer, review_confirmed_at timestamp with time zone) returns boolean
    language sql immutable parallel safe
    return review_confirmed_at is null
       and (coalesce(minutes > max_minutes_per_activity, false)
            or coalesce(anonymous > max_anonymous_participants, false)
            or coalesce(known_participants > max_known_participants, false));

comment on function private.rule4_held_for_review(logic_version integer, max_minutes_per_activity integer, max_anonymous_participants integer, max_known_participants integer, minutes integer, anonymous integer, known_participants integer, review_confirmed_at timestamp with time zone) is 'Rule 4: true when an entry is held for review: a value above a set review limit of its organisation (organisation_review_limits; null: none) and no confirmation. Read with the given logic (bufdir_counting_rules.logic_version); inlined.';

revoke all on function private.rule4_held_for_review(logic_version integer, max_minutes_per_activity integer, max_anonymous_participants integer, max_known_participants integer, minutes integer, anonymous integer, known_participants integer, review_confirmed_at timestamp with time zone) from public, anon, authenticated, service_role;

-- db/src/private/rule4_left_out.sql
-- Rule 4's verdict: why an entry is left out of every figure, the first that
-- applies (no active mentor before held for review), null when in scope.
create or replace function private.rule4_left_out(logic_version integer, has_active_mentor boolean, held_for_review boolean) returns public.left_out_reason
    language sql immutable parallel safe
    return case when not has_active_mentor then 'no_active_mentor'::public.left_out_reason
                when held_for_review then 'held_for_review'::public.left_out_reason
           end;

comment on function private.rule4_left_out(logic_version integer, has_active_mentor boolean, held_for_review boolean) is 'Rule 4: the reason an entry is left out of every figure (no_active_mentor first, then held_for_review), null when it is in scope. Read with the given logic (bufdir_counting_rules.logic_version); inlined.';

revoke all on function private.rule4_left_out(logic_version integer, has_active_mentor boolean, held_for_review boolean) from public, anon, authenticated, service_role;

-- db/src/private/rule5_new_for_mentor.sql
-- Rule 5's test, per active mentor and day in registration order: an entry is
-- new for the mentor when it is their first of the day or the first to name one
-- of its known contacts (anonymous head counts never make it new).
create or replace function private.rule5_new_for_mentor(logic_version integer, first_of_day boolean, first_to_name_a_contact boolean) returns boolean
    language sql immutable parallel safe
    return first_of_day or first_to_name_a_contact;

comment on function private.rule5_new_for_mentor(logic_version integer, first_of_day boolean, first_to_name_a_contact boolean) is 'Rule 5: true when an entry is new for one of its active mentors that day (the mentor''s first entry of the day, or the first to name a contact). An entry counts when it is new for at least one. Read with the given logic (bufdir_counting_rules.logic_version); inlined.';

revoke all on function private.rule5_new_for_mentor(logic_version integer, first_of_day boolean, first_to_name_a_contact boolean) from public, anon, authenticated, service_role;

-- db/src/private/rule6_participants.sql
-- Rule 6's participants of an entry: its known contacts and its anonymous head
-- count (rule 3's thresholds count the same).
create or replace function private.rule6_participants(logic_version integer, contacts uuid[], anonymous integer) returns integer
    language sql immutable parallel safe
    return cardinality(contacts) + anonymous;

comment on function private.rule6_participants(logic_version integer, contacts uuid[], anonymous integer) is 'Rules 3 and 6: an entry''s participants, known contacts plus anonymous head count. Read with the given logic (bufdir_counting_rules.logic_version); inlined.';

revoke all on function private.rule6_participants(logic_version integer, contacts uuid[], anonymous integer) from public, anon, authenticated, service_role;

-- db/src/private/aggregate_figures.sql
create or replace function private.aggregate_figures(org_id uuid, period_start date, period_end date, every_mentor boolean, mentor_ids uuid[], rule_version text default null::text) returns table(mentor_id uuid, figures jsonb)
    language plpgsql stable
    set search_path to 'pg_catalog', 'pg_temp'
    set enable_seqscan to 'off'
    set enable_sort to 'off'
    as $$
-- Planner settings: measured (db/README.md, "Measured and tuned").
declare
  -- The rules the period is read under: those in force on its start, or the
  -- version asked for (a snapshot's own, to recompute it as it was made).
  rules public.bufdir_counting_rules := case
    when aggregate_figures.rule_version is null then hidden.rules_in_force(on_date => aggregate_figures.period_start)
    else (select r from public.bufdir_counting_rules r where r.version = aggregate_figures.rule_version) end;
  stale date[];
  fresh_days datemultirange;
  cells private.figure_cell[];
  distinct_counts jsonb;
  scopes uuid[];
begin
  if rules.version is null and aggregate_figures.rule_version is not null then
    raise exception 'no counting rules of version %', aggregate_figures.rule_version using errcode = 'P0002';
  elsif rules.version is null then
    raise exception 'no counting rules are in force on %', aggregate_figures.period_start using errcode = 'P0002';
  end if;

  if not aggregate_figures.every_mentor and cardinality(aggregate_figures.mentor_ids) = 0 then
    -- The organisation alone: stored partials for the fresh days, a new
    -- classification for the stale ones.
    stale := private.stale_days(org_id => aggregate_figures.org_id, period_start => aggregate_figures.period_start,
                                period_end => aggregate_figures.period_end, rule_version => rules.version);
    -- The days whose stored partials (and with them the contacts' and mentors'
    -- days) hold: stored and not stale.
    fresh_days := private.days_as_multirange(days => array(
      select p.day from private.day_partials p
      where p.org_id = aggregate_figures.org_id and p.day between aggregate_figures.period_start and aggregate_figures.period_end
        and p.day <> all (stale)));
    with parts as materialized (
      select * from private.figure_parts(org_id => aggregate_figures.org_id, days => stale, rules => rules,
                                       every_mentor => false, mentor_ids => '{}', by_day => false)
    )
    select
      (select array_agg(x) from (
         select row(null::uuid, date_trunc('month', c.day)::date, c.kind, c.path, c.county, sum(c.activity_days), sum(c.activities),
                    sum(c.duplicates), sum(c.participations), bool_or(c.lower_bound), sum(c.minutes), null)::private.figure_cell as x
         from private.day_cells c
         where c.org_id = aggregate_figures.org_id and c.day between aggregate_figures.period_start and aggregate_figures.period_end
           and c.day <> all (stale)
         group by date_trunc('month', c.day), c.kind, c.path, c.county
         union all
         select row(null::uuid, date_trunc('month', l.day)::date, null, null, null, 0, sum(l.entries), 0, 0, false, 0,
                    l.reason)::private.figure_cell
         from private.day_left_out l
         where l.org_id = aggregate_figures.org_id and l.day between aggregate_figures.period_start and aggregate_figures.period_end
           and l.day <> all (stale)
         group by date_trunc('month', l.day), l.reason
         union all
         select row(null::uuid, p.day, p.kind, p.path, p.county, p.activity_days, p.activities, p.duplicates,
                    p.participations, p.lower_bound, p.minutes, p.left_out)::private.figure_cell
         from parts p
         where p.part = 'cell') u),
      jsonb_build_object('organisation', jsonb_build_array(
        -- Distinct counts: one row per contact and mentor seen on a fresh day,
        -- and the stale days' ones, hashed.
        (select count(*) from (
           select d.contact_id from private.contact_days d
           where d.org_id = aggregate_figures.org_id and d.days && fresh_days
           union
           select p.member from parts p where p.part = 'contact') u),
        (select count(*) from (
           select d.mentor_id from private.mentor_days d
           where d.org_id = aggregate_figures.org_id and d.days && fresh_days
           union
           select p.member from parts p where p.part = 'mentor') u)))
    into cells, distinct_counts;
    return query select * from private.figure_documents(
      rules => rules, period_start => aggregate_figures.period_start, period_end => aggregate_figures.period_end,
      cells => coalesce(cells, '{}'), distinct_counts => distinct_counts, scopes => array[null::uuid]);
    return;
  end if;

  -- The organisation and mentors: every day of the period classified in one run,
  -- each activity counted for the organisation and for each of its mentors (rule 7).
  with parts as materialized (
    select * from private.figure_parts(
      org_id => aggregate_figures.org_id,
      days => array(select d::date from generate_series(aggregate_figures.period_start::timestamp, aggregate_figures.period_end::timestamp, interval '1 day') d),
      rules => rules, every_mentor => aggregate_figures.every_mentor, mentor_ids => aggregate_figures.mentor_ids, by_day => false)
  )
  select
    (select array_agg(row(p.scope, p.day, p.kind, p.path, p.county, p.activity_days, p.activities, p.duplicates,
                          p.participations, p.lower_bound, p.minutes, p.left_out)::private.figure_cell)
     from parts p where p.part = 'cell'),
    (select jsonb_object_agg(coalesce(u.scope::text, 'organisation'), jsonb_build_array(u.contacts, u.mentors))
     from (select p.scope, coalesce(sum(p.members) filter (where p.part = 'contact'), 0)::bigint as contacts,
                  coalesce(sum(p.members) filter (where p.part = 'mentor'), 0)::bigint as mentors
           from parts p
           where p.part <> 'cell'
           group by p.scope) u),
    array(select null::uuid
          union
          select unnest(aggregate_figures.mentor_ids)
          union
          select p.scope from parts p where p.scope is not null
          order by 1 nulls first)
  into cells, distinct_counts, scopes;
  return query select * from private.figure_documents(
    rules => rules, period_start => aggregate_figures.period_start, period_end => aggregate_figures.period_end,
    cells => coalesce(cells, '{}'), distinct_counts => coalesce(distinct_counts, '{}'), scopes => scopes);
end
$$;

comment on function private.aggregate_figures(org_id uuid, period_start date, period_end date, every_mentor boolean, mentor_ids uuid[], rule_version text) is 'The aggregation: the organisation''s figures (mentor_id null) from its day partials (cells and entries left out) where fresh, and, per mentor, the figures over the activities they took part in (rule 7), for every mentor of an activity in the period when every_mentor, and for each of mentor_ids (zeros when none), all from one run, under the rules in force on period_start or, given rule_version, under that version (its thresholds and its logic). PII-free by construction.';

revoke all on function private.aggregate_figures(org_id uuid, period_start date, period_end date, every_mentor boolean, mentor_ids uuid[], rule_version text) from public, anon, authenticated, service_role;

-- db/src/private/compute_metrics.sql
create or replace function private.compute_metrics(org_id uuid, period_start date, period_end date, mentor_id uuid default null::uuid, rule_version text default null::text) returns jsonb
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select f.figures
  from private.aggregate_figures(
    org_id => compute_metrics.org_id, period_start => compute_metrics.period_start, period_end => compute_metrics.period_end,
    every_mentor => false,
    mentor_ids => case when compute_metrics.mentor_id is null then '{}'::uuid[] else array[compute_metrics.mentor_id] end,
    rule_version => compute_metrics.rule_version) f
  where f.mentor_id is not distinct from compute_metrics.mentor_id
$$;

comment on function private.compute_metrics(org_id uuid, period_start date, period_end date, mentor_id uuid, rule_version text) is 'Bufdir figures for an organisation and inclusive period, or for one mentor''s activities when mentor_id is given (private.aggregate_figures), under the rules in force on period_start or the given rule_version. PII-free by construction.';

revoke all on function private.compute_metrics(org_id uuid, period_start date, period_end date, mentor_id uuid, rule_version text) from public, anon, authenticated, service_role;

-- db/src/private/exceeds_review_limits.sql
-- The predicate the figures use to leave held entries out: true when a value
-- exceeds a limit that is set. Null limits (or no limits row) hold nothing.
create or replace function private.exceeds_review_limits(limits public.organisation_review_limits, minutes integer, anonymous integer, known_participants integer) returns boolean
    language sql immutable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select coalesce(exceeds_review_limits.minutes > (exceeds_review_limits.limits).max_minutes_per_activity, false)
      or coalesce(exceeds_review_limits.anonymous > (exceeds_review_limits.limits).max_anonymous_participants, false)
      or coalesce(exceeds_review_limits.known_participants > (exceeds_review_limits.limits).max_known_participants, false)
$$;

comment on function private.exceeds_review_limits(limits public.organisation_review_limits, minutes integer, anonymous integer, known_participants integer) is 'True when an activity''s minutes, anonymous participants or known participants exceed a set review limit of its organisation (null limits: none). An entry is held for review when this is true and review_confirmed_at is null. Its pinned search_path keeps PostgreSQL from inlining it: a query over many activities writes the same three coalesce(value > limit, false) terms inline, with the limits read once (private.review_limits_of).';

revoke all on function private.exceeds_review_limits(limits public.organisation_review_limits, minutes integer, anonymous integer, known_participants integer) from public, anon, authenticated, service_role;

-- db/src/private/figure_parts.sql
-- THE COUNTING RULES IN CODE. The rules are stated in db/fixtures/README.md
-- ("Counting rules"); each has its steps here, named after it, and its test is a
-- small SQL function of its own (private.ruleN_*: SQL-standard bodies with no
-- settings, so PostgreSQL inlines them and they cost no call per row). A change
-- to a rule starts at its test, then its steps; db/fixtures/README.md says what
-- else it touches ("Changing a counting rule").
--
-- Which rules: a period is read under the rules row in force on its start
-- (hidden.rules_in_force: the latest valid_from on or before it); a snapshot
-- keeps its rule_version, and verify_metric_snapshot and the export recompute
-- it under that version (private.aggregate_figures' rule_version). Every test
-- takes the row's logic_version, the logic its thresholds are read with (1 for
-- every version so far; private.latest_counting_logic() is the newest the code
-- implements), and the thresholds it reads as values (a SQL-standard body that
-- read the row's fields would tie the table's row type). A logic change
-- adds a branch on logic_version to the rule's test and keeps the old one, so
-- periods of earlier versions recompute as they were.
--
-- rule 1, period: the live activities of the days, their mentor and contact sets
--   steps      rule1_entries; private.activity_sets_by_id and
--              private.activity_sets_in_key_order (by date, deleted_at is null:
--              the scan's own conditions, no test function)
-- rule 2, proxy twins merge
--   tests      private.rule2_mergeable (the proxy side), private.rule2_merge_target
--              (the direct side), private.rule2_twins (the twin test),
--              private.rule2_takes_twin_place (the merged entry's place),
--              private.rule2_fingerprint_term (the sets' fingerprints, summed in
--              the activity-set functions: a hashed prefilter the twin test implies)
--   steps      rule2_proxies, rule2_twin_candidates (prefilter: the same values
--              and fingerprints), rule2_duplicates, rule2_places; is_duplicate in
--              rule3_qualifying; the place in rule5_mentor_entries
-- rule 3, counting kinds and thresholds
--   tests      private.rule3_failure (null: qualifies), private.rule6_participants
--   steps      rule3_qualifying (fails_rule_3)
-- rule 4, who counts (left out: no active mentor, then held for review)
--   tests      private.rule4_active_mentor, private.rule4_held_for_review,
--              private.rule4_left_out
--   steps      rule4_active_days, rule4_scope; the mentors looked up in
--              rule5_mentor_entries
-- rule 5, same day, per mentor
--   tests      private.rule5_new_for_mentor
--   steps      rule5_mentor_entries, rule5_ranked, rule5_first_mentions,
--              rule5_verdicts, rule5_counting (new for at least one mentor)
-- rule 6, the other figures
--   tests      private.rule6_participants
--   steps      the final select: cells (part 'cell'), distinct contacts and
--              mentors ('contact', 'mentor'); private.figure_documents makes them
--              figures
-- rule 7, per mentor
--   tests      private.rule7_wanted
--   steps      rule7_mentor_entries, rule7_mentor_counting, the mentor scopes of
--              the final select
-- verdicts     part 'entry' of the final select: the step that decided each
--              entry, in the rules' order (hidden.explain_entries)
--
-- Covered by: db/tests/snapshots/hand-worked-figures.test.sql and
-- entry-verdicts.test.sql (the fixture, entry by entry: rules 1-7, every
-- verdict), held-for-review.test.sql and activities/review-limits.test.sql (rule
-- 4's review limits), differential-aggregation.test.sql (generated
-- organisations, every figure of the organisation and each mentor against
-- tests.compute_metrics_oracle), day-partials.test.sql (the same classification
-- stored per day). The oracle (db/tests/support/30-metrics-oracle.sql) shares no
-- test function and no step with this code, on purpose: it states each rule
-- again (rule 2 as one text key, rule 3 as a positive condition, rule 4 from the
-- active periods, rule 5 with windows) so that it cannot agree by construction.
--
-- Planner settings below are measured, not defaults: db/README.md, "Measured
-- and tuned", lists every setting in db/src, why, and the bench line it holds.
create or replace function private.figure_parts(org_id uuid, days date[], rules public.bufdir_counting_rules, every_mentor boolean, mentor_ids uuid[], by_day boolean, entries boolean default false) returns table(scope uuid, part text, day date, kind public.activity_kind, path public.registration_path, county text, left_out public.left_out_reason, activity_days bigint, activities bigint, duplicates bigint, participations bigint, lower_bound boolean, minutes bigint, member uuid, member_days datemultirange, members bigint, entry uuid, verdict public.entry_verdict, merged_into uuid)
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    set jit to 'off'
    set enable_hashjoin to 'on'
    set enable_nestloop to 'off'
    set enable_mergejoin to 'off'
    set enable_hashagg to 'on'
    set enable_sort to 'off'
    set enable_seqscan to 'on'
    set enable_bitmapscan to 'on'
    set enable_indexscan to 'on'
    set max_parallel_workers_per_gather to '0'
    set work_mem to '16MB'
    as $$
  -- Planner settings: measured (db/README.md, "Measured and tuned"). Steps are
  -- named by the counting rule they apply (db/src/private/figure_parts.sql maps
  -- each rule to its steps and tests).
  with links_by_id as (
    -- Look the links up by id when the days hold at most a share of the
    -- organisation's live activities, from the staleness bookkeeping.
    select coalesce(sum(s.live_activities) filter (where s.day = any (figure_parts.days)), 0)
           <= private.links_by_id_share() * coalesce(sum(s.live_activities), 0) as chosen
    from private.activity_day_stats s
    where s.org_id = figure_parts.org_id
  ), rule4_active_days as (
    -- Rule 4: the days (of those asked for) each mentor counts.
    select p.mentor_id, d::date as day
    from public.mentor_active_periods p
    join public.members mem on mem.org_id = p.org_id and mem.user_id = p.mentor_id
    cross join lateral generate_series(
      greatest(p.active_from, (select min(x) from unnest(figure_parts.days) x))::timestamp,
      least(p.active_to, (select max(x) from unnest(figure_parts.days) x))::timestamp, interval '1 day') d
    where p.org_id = figure_parts.org_id
      and private.rule4_active_mentor(logic_version => (figure_parts.rules).logic_version, approval_status => mem.approval_status,
                                      active_from => p.active_from, active_to => p.active_to, day => d::date)
  ), rule1_entries as not materialized (
    -- Rule 1: the live activities of the days with their sets, and the
    -- organisation's review limits (read once, an init plan).
    select u.*, (select private.review_limits_of(org_id => figure_parts.org_id)) as limits
    from (
      select * from private.activity_sets_by_id(org_id => figure_parts.org_id, days => figure_parts.days)
      where (select b.chosen from links_by_id b)
      union all
      select * from private.activity_sets_in_key_order(org_id => figure_parts.org_id, days => figure_parts.days)
      where not (select b.chosen from links_by_id b)
    ) u
  ), rule4_scope as materialized (
    -- Rule 4: each activity with the reason it is left out of every figure, if
    -- any: none of its mentors active on its date, then held for review.
    select s.id, s.day, s.kind, s.path, s.county, s.minutes, s.anonymous, s.in_norway, s.created_at,
           s.mentors, s.mentors_fingerprint, s.contacts, s.contacts_fingerprint,
           private.rule4_left_out(
             logic_version => (figure_parts.rules).logic_version,
             has_active_mentor => case cardinality(s.mentors)
                                    when 0 then false
                                    when 1 then (s.mentors[1], s.day) in (select e.mentor_id, e.day from rule4_active_days e)
                                    else exists (select from unnest(s.mentors) m(mentor_id)
                                                 where (m.mentor_id, s.day) in (select e.mentor_id, e.day from rule4_active_days e))
                                  end,
             held_for_review => private.rule4_held_for_review(
               logic_version => (figure_parts.rules).logic_version,
               max_minutes_per_activity => (s.limits).max_minutes_per_activity,
               max_anonymous_participants => (s.limits).max_anonymous_participants,
               max_known_participants => (s.limits).max_known_participants,
               minutes => s.minutes, anonymous => s.anonymous, known_participants => cardinality(s.contacts),
               review_confirmed_at => s.review_confirmed_at)) as left_out
    from rule1_entries s
  ), rule2_proxies as materialized (
    -- Rule 2 compares the proxy entries, usually a small share, with direct ones.
    select p.id, p.created_at, p.day, p.kind, p.county, p.minutes, p.anonymous, p.in_norway,
           p.mentors_fingerprint, p.contacts_fingerprint, p.mentors, p.contacts
    from rule4_scope p
    where private.rule2_mergeable(logic_version => (figure_parts.rules).logic_version, path => p.path, left_out => p.left_out)
  ), rule2_twin_candidates as materialized (
    -- Direct entries agreeing with a proxy entry on every value rule 2 compares
    -- and the set fingerprints: a prefilter the twin test implies (hashed
    -- lookups, the first of one column).
    select d.id, d.day, d.kind, d.county, d.minutes, d.anonymous, d.in_norway,
           d.mentors_fingerprint, d.contacts_fingerprint, d.mentors, d.contacts
    from rule4_scope d
    where case when private.rule2_merge_target(logic_version => (figure_parts.rules).logic_version, path => d.path, left_out => d.left_out)
                    and d.contacts_fingerprint in (select p.contacts_fingerprint from rule2_proxies p)
            then (d.day, d.kind, d.county, d.minutes, d.anonymous, d.in_norway, d.mentors_fingerprint, d.contacts_fingerprint)
                 in (select p.day, p.kind, p.county, p.minutes, p.anonymous, p.in_norway, p.mentors_fingerprint, p.contacts_fingerprint
                     from rule2_proxies p)
            else false end
  ), rule2_duplicates as materialized (
    -- The proxy entries that are twins of a direct entry, with the direct entry
    -- they merge into.
    select p.id, p.created_at, t.id as direct_id
    from rule2_proxies p
    join rule2_twin_candidates t
      on t.mentors_fingerprint = p.mentors_fingerprint and t.contacts_fingerprint = p.contacts_fingerprint
     and private.rule2_twins(
           logic_version => (figure_parts.rules).logic_version,
           proxy_day => p.day, proxy_kind => p.kind, proxy_county => p.county, proxy_minutes => p.minutes,
           proxy_anonymous => p.anonymous, proxy_in_norway => p.in_norway, proxy_mentors => p.mentors, proxy_contacts => p.contacts,
           direct_day => t.day, direct_kind => t.kind, direct_county => t.county, direct_minutes => t.minutes,
           direct_anonymous => t.anonymous, direct_in_norway => t.in_norway, direct_mentors => t.mentors, direct_contacts => t.contacts)
  ), rule2_places as materialized (
    -- A direct entry with merged twins: the earliest registration of them.
    select distinct on (d.direct_id) d.direct_id, d.created_at, d.id
    from rule2_duplicates d
    order by d.direct_id, d.created_at, d.id
  ), rule3_qualifying as not materialized (
    -- Rule 3: what is wrong with the entry's kind, place or size (null:
    -- nothing); rule 5 counts only entries it passes, and a verdict names it.
    -- With rule 2's mark: a merged proxy twin.
    select a.*,
      case when private.rule2_mergeable(logic_version => (figure_parts.rules).logic_version, path => a.path, left_out => a.left_out)
           then a.id in (select d.id from rule2_duplicates d) else false end as is_duplicate,
      private.rule3_failure(
        logic_version => (figure_parts.rules).logic_version,
        counting_kinds => (figure_parts.rules).counting_kinds, require_in_norway => (figure_parts.rules).require_in_norway,
        outreach_min_participants => (figure_parts.rules).outreach_min_participants,
        group_min_participants => (figure_parts.rules).group_min_participants,
        group_min_minutes => (figure_parts.rules).group_min_minutes, course_min_minutes => (figure_parts.rules).course_min_minutes,
        kind => a.kind, in_norway => a.in_norway,
        participants => private.rule6_participants(logic_version => (figure_parts.rules).logic_version,
                                                   contacts => a.contacts, anonymous => a.anonymous),
        minutes => a.minutes) as fails_rule_3
    from rule4_scope a
  ), rule5_mentor_entries as (
    -- Rule 5's entries: those in scope, not merged, qualifying; one row per
    -- active mentor, with the entry's place in registration order (rule 2).
    -- Arrays are unnested in select lists throughout: no row store per activity.
    select l.*
    from (
      select q.id, q.day, q.kind, q.path, q.county, q.created_at, q.contacts,
             case when private.rule2_takes_twin_place(logic_version => (figure_parts.rules).logic_version, twin_created_at => m.created_at, twin_id => m.id,
                                                      own_created_at => q.created_at, own_id => q.id)
                  then m.created_at else q.created_at end as order_at,
             case when private.rule2_takes_twin_place(logic_version => (figure_parts.rules).logic_version, twin_created_at => m.created_at, twin_id => m.id,
                                                      own_created_at => q.created_at, own_id => q.id)
                  then m.id else q.id end as order_id,
             cardinality(q.mentors) = 1 as one_mentor, case when cardinality(q.mentors) > 1 then q.mentors end as co_mentors,
             unnest(q.mentors) as mentor_id
      from rule3_qualifying q
      left join rule2_places m on m.direct_id = q.id
      where not q.is_duplicate and q.left_out is null and q.fails_rule_3 is null
    ) l
    -- An activity in scope with one mentor has them active (rule 4); others are looked up.
    where l.one_mentor or (l.mentor_id, l.day) in (select e.mentor_id, e.day from rule4_active_days e)
  ), rule5_ranked as materialized (
    -- Rule 5, per active mentor and day: the entries numbered in registration
    -- order (one sort; no array grows).
    select l.id, l.day, l.kind, l.path, l.county, l.mentor_id, l.one_mentor, l.co_mentors, l.contacts,
           row_number() over (partition by l.mentor_id, l.day order by l.order_at, l.order_id, l.created_at, l.id) as rank
    from rule5_mentor_entries l
  ), rule5_first_mentions as (
    -- The entries that are the first of the mentor's day to name a contact: the
    -- least number per (mentor, day, contact), hashed (the lookup below hashes
    -- the repeats away); the first of the day needs no lookup.
    select f.mentor_id, f.day, f.rank
    from (select x.mentor_id, x.day, min(x.rank) as rank
          from (select r.mentor_id, r.day, r.rank, unnest(r.contacts) as contact_id from rule5_ranked r) x
          group by x.mentor_id, x.day, x.contact_id) f
    where f.rank > 1
  ), rule5_verdicts as materialized (
    -- Rule 5's test, per mentor: is the entry new for them?
    select r.id, r.day, r.kind, r.path, r.county, r.mentor_id, r.one_mentor, r.co_mentors,
           private.rule5_new_for_mentor(
             logic_version => (figure_parts.rules).logic_version,
             first_of_day => r.rank = 1,
             first_to_name_a_contact => (r.mentor_id, r.day, r.rank) in (select n.mentor_id, n.day, n.rank from rule5_first_mentions n)) as new
    from rule5_ranked r
  ), rule5_counting as not materialized (
    -- Rule 5: an entry counts when it is new for at least one of its active
    -- mentors: a single mentor's (active, so no arrays), and the co-mentored
    -- ones with their mentors and active mentors.
    select v.id, v.day, v.kind, v.path, v.county, v.mentor_id, null::uuid[] as mentors, null::uuid[] as active_mentors
    from rule5_verdicts v
    where v.one_mentor and v.new
    union all
    select v.id, min(v.day), min(v.kind), min(v.path), min(v.county), null, min(v.co_mentors), array_agg(v.mentor_id)
    from rule5_verdicts v
    where not v.one_mentor
    group by v.id
    having bool_or(v.new)
  ), rule7_mentor_entries as not materialized (
    -- Rule 7: each wanted mentor's entries, classified as for the organisation.
    select m.*
    from (select unnest(a.mentors) as scope, a.* from rule3_qualifying a
          where figure_parts.every_mentor or cardinality(figure_parts.mentor_ids) > 0) m
    where private.rule7_wanted(every_mentor => figure_parts.every_mentor, mentor_ids => figure_parts.mentor_ids, mentor_id => m.scope)
  ), rule7_mentor_counting as not materialized (
    -- Rule 7: each wanted mentor's counting entries.
    select m.*
    from (select unnest(coalesce(c.mentors, array[c.mentor_id])) as scope, c.* from rule5_counting c
          where figure_parts.every_mentor or cardinality(figure_parts.mentor_ids) > 0) m
    where private.rule7_wanted(every_mentor => figure_parts.every_mentor, mentor_ids => figure_parts.mentor_ids, mentor_id => m.scope)
  )
  -- Rule 6, cells: grouped by day first, then by month when asked (a few
  -- thousand rows). Entries left out make cells of their own, keyed by the
  -- reason alone.
  select u.scope, 'cell', case when figure_parts.by_day then u.day else date_trunc('month', u.day::timestamp)::date end,
         u.kind, u.path, u.county, u.left_out,
         sum(u.activity_days)::bigint, sum(u.activities)::bigint, sum(u.duplicates)::bigint, sum(u.participations)::bigint,
         bool_or(u.lower_bound), sum(u.minutes)::bigint, null::uuid, null::datemultirange, null::bigint,
         null::uuid, null::public.entry_verdict, null::uuid
  from (
    select s.scope, s.day, s.kind, s.path, s.county, s.left_out, 0 as activity_days,
           count(*) filter (where not s.is_duplicate) as activities, count(*) filter (where s.is_duplicate) as duplicates,
           coalesce(sum(private.rule6_participants(logic_version => (figure_parts.rules).logic_version, contacts => s.contacts, anonymous => s.anonymous))
                      filter (where not s.is_duplicate), 0) as participations,
           coalesce(bool_or(s.anonymous > 0) filter (where not s.is_duplicate), false) as lower_bound,
           coalesce(sum(s.minutes) filter (where not s.is_duplicate), 0) as minutes
    from (select null::uuid as scope, a.day, a.kind, a.path, a.county, a.left_out, a.is_duplicate, a.contacts, a.anonymous, a.minutes
          from rule3_qualifying a where a.left_out is null
          union all
          select m.scope, m.day, m.kind, m.path, m.county, m.left_out, m.is_duplicate, m.contacts, m.anonymous, m.minutes
          from rule7_mentor_entries m where m.left_out is null) s
    group by s.scope, s.day, s.kind, s.path, s.county, s.left_out
    union all
    select s.scope, s.day, null, null, null, s.left_out, 0, count(*), 0, 0, false, 0
    from (select null::uuid as scope, a.day, a.left_out from rule3_qualifying a where a.left_out is not null
          union all
          select m.scope, m.day, m.left_out from rule7_mentor_entries m where m.left_out is not null) s
    group by s.scope, s.day, s.left_out
    union all
    select c.scope, c.day, c.kind, c.path, c.county, null, count(*), 0, 0, 0, false, 0
    from (select null::uuid as scope, c.day, c.kind, c.path, c.county from rule5_counting c
          union all
          select m.scope, m.day, m.kind, m.path, m.county from rule7_mentor_counting m) c
    group by c.scope, c.day, c.kind, c.path, c.county
  ) u
  group by u.scope, case when figure_parts.by_day then u.day else date_trunc('month', u.day::timestamp)::date end,
           u.kind, u.path, u.county, u.left_out
  union all
  -- Rule 6: the organisation's contacts (those of entries neither merged nor
  -- left out), each once, with the days they were seen when by day.
  select null, 'contact', null, null, null, null, null, null, null, null, null, null, null, x.contact_id,
         range_agg(daterange(x.day, x.day, '[]')), 1, null, null, null
  from (select a.day, unnest(a.contacts) as contact_id from rule3_qualifying a
        where figure_parts.by_day and not a.is_duplicate and a.left_out is null) x
  group by x.contact_id
  union all
  select null, 'contact', null, null, null, null, null, null, null, null, null, null, null, x.contact_id, null, 1, null, null, null
  from (select unnest(a.contacts) as contact_id from rule3_qualifying a
        where not figure_parts.by_day and not a.is_duplicate and a.left_out is null) x
  group by x.contact_id
  union all
  -- Rule 6: the organisation's active mentors of counting entries, each once,
  -- with the days they were counted when by day.
  select null, 'mentor', null, null, null, null, null, null, null, null, null, null, null, m.mentor_id,
         range_agg(daterange(m.day, m.day, '[]')) filter (where figure_parts.by_day), 1, null, null, null
  from (select c.day, c.mentor_id from rule5_counting c where c.active_mentors is null
        union all
        select c.day, unnest(c.active_mentors) from rule5_counting c where c.active_mentors is not null) m
  group by m.mentor_id
  union all
  -- Rule 7: per wanted mentor, how many contacts and active mentors: counted
  -- here, as no partials are kept for them.
  select g.scope, 'contact', null, null, null, null, null, null, null, null, null, null, null, null, null, count(*), null, null, null
  from (select x.scope from (select m.scope, unnest(m.contacts) as contact_id from rule7_mentor_entries m
                             where not m.is_duplicate and m.left_out is null) x
        group by x.scope, x.contact_id) g
  group by g.scope
  union all
  select g.scope, 'mentor', null, null, null, null, null, null, null, null, null, null, null, null, null, count(*), null, null, null
  from (select y.scope from (select m.scope, unnest(coalesce(m.active_mentors, array[m.mentor_id])) as mentor_id
                             from rule7_mentor_counting m) y
        group by y.scope, y.mentor_id) g
  group by g.scope
  union all
  -- Verdicts, asked for entries: each activity of the days with the step that
  -- decided it, in the rules' order: left out (rule 4), merged as a proxy twin
  -- (rule 2), rule 3, and counting or not by rule 5 (the entries counted above).
  -- One row per activity, hashed lookups.
  select null, 'entry', j.day, j.kind, j.path, j.county, j.left_out,
         null, null, null, null, null, null, null, null, null,
         j.id,
         case when j.left_out is not null then j.left_out::text::public.entry_verdict
              when j.is_duplicate then 'merged_proxy_twin'::public.entry_verdict
              when j.fails_rule_3 is not null then j.fails_rule_3
              when j.id in (select c.id from rule5_counting c) then 'counts'::public.entry_verdict
              else 'same_day_repeat'::public.entry_verdict
         end,
         t.direct_id
  from rule3_qualifying j
  left join (select d.id, min(d.direct_id::text)::uuid as direct_id from rule2_duplicates d group by d.id) t on t.id = j.id
  where figure_parts.entries
$$;

comment on function private.figure_parts(org_id uuid, days date[], rules public.bufdir_counting_rules, every_mentor boolean, mentor_ids uuid[], by_day boolean, entries boolean) is 'Counting rules 1-7 over an organisation''s activities on the given days, as the parts figures are made of: additive cells by day or by month (part ''cell'') for the organisation (scope null) and for every mentor or the given ones, entries left out (no active mentor, then held for review) counted in cells of their own (left_out set); the organisation''s contacts of activities neither merged nor left out (''contact'') and active mentors of counting ones (''mentor''), one row each, with the days they were seen when by_day; and each mentor scope''s number of those (members); with entries, also one row per activity (part ''entry'') with the verdict of the step that decided it and, for a merged proxy twin, the direct entry it merged into. Its steps are named by rule; each rule''s test is a private.ruleN_* function.';

revoke all on function private.figure_parts(org_id uuid, days date[], rules public.bufdir_counting_rules, every_mentor boolean, mentor_ids uuid[], by_day boolean, entries boolean) from public, anon, authenticated, service_role;

-- db/src/private/snapshot_status.sql
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

-- db/src/private/store_snapshot.sql
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

-- migrate:down
comment on function private.aggregate_figures(org_id uuid, period_start date, period_end date, every_mentor boolean, mentor_ids uuid[], rule_version text) is null;

comment on function private.compute_metrics(org_id uuid, period_start date, period_end date, mentor_id uuid, rule_version text) is null;

comment on function private.rule2_merge_target(logic_version integer, path public.registration_path, left_out public.left_out_reason) is null;

comment on function private.rule2_mergeable(logic_version integer, path public.registration_path, left_out public.left_out_reason) is null;

comment on function private.rule2_takes_twin_place(logic_version integer, twin_created_at timestamp with time zone, twin_id uuid, own_created_at timestamp with time zone, own_id uuid) is null;

comment on function private.rule2_twins(logic_version integer, proxy_day date, proxy_kind public.activity_kind, proxy_county text, proxy_minutes integer, proxy_anonymous integer, proxy_in_norway boolean, proxy_mentors uuid[], proxy_contacts uuid[], direct_day date, direct_kind public.activity_kind, direct_county text, direct_minutes integer, direct_anonymous integer, direct_in_norway boolean, direct_mentors uuid[], direct_contacts uuid[]) is null;

comment on function private.rule3_failure(logic_version integer, counting_kinds public.activity_kind[], require_in_norway boolean, outreach_min_participants integer, group_min_participants integer, group_min_minutes integer, course_min_minutes integer, kind public.activity_kind, in_norway boolean, participants integer, minutes integer) is null;

comment on function private.rule4_active_mentor(logic_version integer, approval_status public.approval_status, active_from date, active_to date, day date) is null;

comment on function private.rule4_held_for_review(logic_version integer, max_minutes_per_activity integer, max_anonymous_participants integer, max_known_participants integer, minutes integer, anonymous integer, known_participants integer, review_confirmed_at timestamp with time zone) is null;

comment on function private.rule4_left_out(logic_version integer, has_active_mentor boolean, held_for_review boolean) is null;

comment on function private.rule5_new_for_mentor(logic_version integer, first_of_day boolean, first_to_name_a_contact boolean) is null;

comment on function private.rule6_participants(logic_version integer, contacts uuid[], anonymous integer) is null;

drop function if exists private.aggregate_figures(uuid, date, date, boolean, uuid[], text);

drop function if exists private.compute_metrics(uuid, date, date, uuid, text);

drop function if exists private.rule2_merge_target(integer, public.registration_path, public.left_out_reason);

drop function if exists private.rule2_mergeable(integer, public.registration_path, public.left_out_reason);

drop function if exists private.rule2_takes_twin_place(integer, timestamp with time zone, uuid, timestamp with time zone, uuid);

drop function if exists private.rule2_twins(integer, date, public.activity_kind, text, integer, integer, boolean, uuid[], uuid[], date, public.activity_kind, text, integer, integer, boolean, uuid[], uuid[]);

drop function if exists private.rule3_failure(integer, public.activity_kind[], boolean, integer, integer, integer, integer, public.activity_kind, boolean, integer, integer);

drop function if exists private.rule4_active_mentor(integer, public.approval_status, date, date, date);

drop function if exists private.rule4_held_for_review(integer, integer, integer, integer, integer, integer, integer, timestamp with time zone);

drop function if exists private.rule4_left_out(integer, boolean, boolean);

drop function if exists private.rule5_new_for_mentor(integer, boolean, boolean);

drop function if exists private.rule6_participants(integer, uuid[], integer);

-- db/src/hidden/compute_bufdir_metrics.sql as at HEAD
create or replace function hidden.compute_bufdir_metrics(org_id uuid, period_start date, period_end date) returns jsonb
    language plpgsql stable security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
begin
  perform hidden.check_snapshot_key(compute_bufdir_metrics.org_id, compute_bufdir_metrics.period_start, compute_bufdir_metrics.period_end);
  perform hidden.require_role(compute_bufdir_metrics.org_id, '{coordinator,admin}');
  return private.compute_metrics(compute_bufdir_metrics.org_id, compute_bufdir_metrics.period_start, compute_bufdir_metrics.period_end);
end
$$;

comment on function hidden.compute_bufdir_metrics(org_id uuid, period_start date, period_end date) is 'The security-definer body of public.compute_bufdir_metrics, where PostgREST does not expose it; public.compute_bufdir_metrics (security invoker) calls it. Computes (without saving) the Bufdir figures of an organisation for an inclusive period. Coordinators, admins and the service role. Errors: 22004, 22023, 42501.';

revoke all on function hidden.compute_bufdir_metrics(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function hidden.compute_bufdir_metrics(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function hidden.compute_bufdir_metrics(org_id uuid, period_start date, period_end date) to service_role;

-- db/src/hidden/export_bufdir_report.sql as at HEAD
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

comment on function hidden.export_bufdir_report(org_id uuid, period_start date, period_end date, refresh boolean) is 'The security-definer body of public.export_bufdir_report, where PostgREST does not expose it; public.export_bufdir_report (security invoker) calls it. Exports the snapshot: writes an audit row and returns it with the payload. With refresh => true, first computes the figures and saves them as the snapshot, all in one transaction (never stale, never starved by edits). Otherwise exports the saved snapshot only when it is fresh and verified. Coordinators, admins, service role. Errors: 22004, 22023, 42501, BF002 (no snapshot), BF003 (stale), BF004 (differs from a recomputation); the last three only without refresh.';

revoke all on function hidden.export_bufdir_report(org_id uuid, period_start date, period_end date, refresh boolean) from public, anon, authenticated, service_role;
grant execute on function hidden.export_bufdir_report(org_id uuid, period_start date, period_end date, refresh boolean) to authenticated;
grant execute on function hidden.export_bufdir_report(org_id uuid, period_start date, period_end date, refresh boolean) to service_role;

-- db/src/hidden/refresh_metric_snapshot.sql as at HEAD
create or replace function hidden.refresh_metric_snapshot(org_id uuid, period_start date, period_end date) returns public.bufdir_metric_snapshots
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
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
  perform private.refresh_day_partials(refresh_metric_snapshot.org_id, refresh_metric_snapshot.period_start, refresh_metric_snapshot.period_end);
  figures := private.compute_metrics(refresh_metric_snapshot.org_id, refresh_metric_snapshot.period_start, refresh_metric_snapshot.period_end);
  return private.store_snapshot(
    refresh_metric_snapshot.org_id, refresh_metric_snapshot.period_start, refresh_metric_snapshot.period_end, figures, generation);
end
$$;

comment on function hidden.refresh_metric_snapshot(org_id uuid, period_start date, period_end date) is 'The security-definer body of public.refresh_metric_snapshot, where PostgREST does not expose it; public.refresh_metric_snapshot (security invoker) calls it. Computes and saves the figures in one transaction: the recommended path, raw data never leaves the database. Coordinators, admins, service role. Errors: 22004, 22023, 42501.';

revoke all on function hidden.refresh_metric_snapshot(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function hidden.refresh_metric_snapshot(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function hidden.refresh_metric_snapshot(org_id uuid, period_start date, period_end date) to service_role;

-- db/src/hidden/verify_metric_snapshot.sql as at HEAD
create or replace function hidden.verify_metric_snapshot(org_id uuid, period_start date, period_end date) returns table(figure text, persisted_value jsonb, recomputed_value jsonb)
    language plpgsql stable security definer
    set search_path to 'pg_catalog', 'pg_temp'
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

comment on function hidden.verify_metric_snapshot(org_id uuid, period_start date, period_end date) is 'The security-definer body of public.verify_metric_snapshot, where PostgREST does not expose it; public.verify_metric_snapshot (security invoker) calls it. Recomputes the figures and lists every one that differs from the persisted snapshot (none when it is sound). Coordinators, admins, service role. Errors: 22004, 22023, 42501, P0002.';

revoke all on function hidden.verify_metric_snapshot(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function hidden.verify_metric_snapshot(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function hidden.verify_metric_snapshot(org_id uuid, period_start date, period_end date) to service_role;

-- db/src/private/exceeds_review_limits.sql as at HEAD
-- The predicate the figures use to leave held entries out (rule 4, through
-- private.rule4_held_for_review): true when a value exceeds a limit that is set.
-- Null limits (or no limits row) hold nothing. A SQL-standard body with no
-- settings, so a query over many activities inlines it (a call per row cost
-- about 16 µs, inline under 1 µs).
create or replace function private.exceeds_review_limits(limits public.organisation_review_limits, minutes integer, anonymous integer, known_participants integer) returns boolean
    language sql immutable parallel safe
    return coalesce(minutes > (limits).max_minutes_per_activity, false)
        or coalesce(anonymous > (limits).max_anonymous_participants, false)
        or coalesce(known_participants > (limits).max_known_participants, false);

comment on function private.exceeds_review_limits(limits public.organisation_review_limits, minutes integer, anonymous integer, known_participants integer) is 'True when an activity''s minutes, anonymous participants or known participants exceed a set review limit of its organisation (null limits: none). An entry is held for review when this is true and review_confirmed_at is null (private.rule4_held_for_review). Inlined: a query over many activities reads the limits once (private.review_limits_of) and pays no call per row.';

revoke all on function private.exceeds_review_limits(limits public.organisation_review_limits, minutes integer, anonymous integer, known_participants integer) from public, anon, authenticated, service_role;

-- db/src/private/rule2_mergeable.sql as at HEAD
-- Rule 2, the proxy side: only a proxy entry in scope (not left out by rule 4)
-- is ever merged into a twin. Bulk entries never are.
create or replace function private.rule2_mergeable(rules public.bufdir_counting_rules, path public.registration_path, left_out public.left_out_reason) returns boolean
    language sql immutable parallel safe
    return path = 'proxy' and left_out is null;

comment on function private.rule2_mergeable(rules public.bufdir_counting_rules, path public.registration_path, left_out public.left_out_reason) is 'Rule 2: true for an entry that may be merged into a direct twin (a proxy entry not left out). Read under the given rules; inlined.';

revoke all on function private.rule2_mergeable(rules public.bufdir_counting_rules, path public.registration_path, left_out public.left_out_reason) from public, anon, authenticated, service_role;

-- db/src/private/rule2_merge_target.sql as at HEAD
-- Rule 2, the direct side: a proxy entry merges only into a direct entry in
-- scope (not left out by rule 4).
create or replace function private.rule2_merge_target(rules public.bufdir_counting_rules, path public.registration_path, left_out public.left_out_reason) returns boolean
    language sql immutable parallel safe
    return path = 'direct' and left_out is null;

comment on function private.rule2_merge_target(rules public.bufdir_counting_rules, path public.registration_path, left_out public.left_out_reason) is 'Rule 2: true for an entry proxy twins may merge into (a direct entry not left out). Read under the given rules; inlined.';

revoke all on function private.rule2_merge_target(rules public.bufdir_counting_rules, path public.registration_path, left_out public.left_out_reason) from public, anon, authenticated, service_role;

-- db/src/private/rule2_twins.sql as at HEAD
-- Rule 2's test: a proxy entry and a direct one are twins when they agree on
-- the date, the kind, every value a figure reads, and the sets of mentors and
-- contacts (compared as sets: an activity lists a mentor or a contact once).
-- Inlined, it is a conjunction of equalities the planner hashes on.
create or replace function private.rule2_twins(
    rules public.bufdir_counting_rules,
    proxy_day date, proxy_kind public.activity_kind, proxy_county text, proxy_minutes integer,
    proxy_anonymous integer, proxy_in_norway boolean, proxy_mentors uuid[], proxy_contacts uuid[],
    direct_day date, direct_kind public.activity_kind, direct_county text, direct_minutes integer,
    direct_anonymous integer, direct_in_norway boolean, direct_mentors uuid[], direct_contacts uuid[]) returns boolean
    language sql immutable parallel safe
    return proxy_day = direct_day and proxy_kind = direct_kind and proxy_county = direct_county
       and proxy_minutes = direct_minutes and proxy_anonymous = direct_anonymous and proxy_in_norway = direct_in_norway
       and cardinality(proxy_mentors) = cardinality(direct_mentors) and proxy_mentors <@ direct_mentors
       and cardinality(proxy_contacts) = cardinality(direct_contacts) and proxy_contacts <@ direct_contacts;

comment on function private.rule2_twins(rules public.bufdir_counting_rules, proxy_day date, proxy_kind public.activity_kind, proxy_county text, proxy_minutes integer, proxy_anonymous integer, proxy_in_norway boolean, proxy_mentors uuid[], proxy_contacts uuid[], direct_day date, direct_kind public.activity_kind, direct_county text, direct_minutes integer, direct_anonymous integer, direct_in_norway boolean, direct_mentors uuid[], direct_contacts uuid[]) is 'Rule 2: true when a proxy entry is a twin of a direct one (same date, kind, county, minutes, anonymous head count, in-Norway flag, and the same sets of mentors and contacts). Read under the given rules; inlined.';

revoke all on function private.rule2_twins(rules public.bufdir_counting_rules, proxy_day date, proxy_kind public.activity_kind, proxy_county text, proxy_minutes integer, proxy_anonymous integer, proxy_in_norway boolean, proxy_mentors uuid[], proxy_contacts uuid[], direct_day date, direct_kind public.activity_kind, direct_county text, direct_minutes integer, direct_anonymous integer, direct_in_norway boolean, direct_mentors uuid[], direct_contacts uuid[]) from public, anon, authenticated, service_role;

-- db/src/private/rule2_takes_twin_place.sql as at HEAD
-- Rule 2's order: a direct entry with merged twins takes, for rule 5, the
-- earliest registration among itself and them (created_at, then id).
create or replace function private.rule2_takes_twin_place(rules public.bufdir_counting_rules, twin_created_at timestamp with time zone, twin_id uuid, own_created_at timestamp with time zone, own_id uuid) returns boolean
    language sql immutable parallel safe
    return (twin_created_at, twin_id) < (own_created_at, own_id);

comment on function private.rule2_takes_twin_place(rules public.bufdir_counting_rules, twin_created_at timestamp with time zone, twin_id uuid, own_created_at timestamp with time zone, own_id uuid) is 'Rule 2: true when a direct entry takes its earliest merged twin''s place in registration order (the twin was registered first); null when it has no twin. Read under the given rules; inlined.';

revoke all on function private.rule2_takes_twin_place(rules public.bufdir_counting_rules, twin_created_at timestamp with time zone, twin_id uuid, own_created_at timestamp with time zone, own_id uuid) from public, anon, authenticated, service_role;

-- db/src/private/rule3_failure.sql as at HEAD
-- Rule 3's test, one expression: what is wrong with an entry's kind, place or
-- size under the rules' thresholds, the first that applies (null: it qualifies).
-- The figures count only entries it passes, and an entry's verdict names it.
create or replace function private.rule3_failure(rules public.bufdir_counting_rules, kind public.activity_kind, in_norway boolean, participants integer, minutes integer) returns public.entry_verdict
    language sql immutable parallel safe
    return case
      when not kind = any ((rules).counting_kinds) then 'kind_not_counted'::public.entry_verdict
      when not (in_norway or not (rules).require_in_norway) then 'abroad'::public.entry_verdict
      when kind = 'in_person_outreach' and participants < (rules).outreach_min_participants
        then 'too_few_participants'::public.entry_verdict
      when kind = 'group_meeting' and participants < (rules).group_min_participants
        then 'too_few_participants'::public.entry_verdict
      when kind = 'group_meeting' and minutes < (rules).group_min_minutes then 'too_short'::public.entry_verdict
      when kind = 'mentor_course' and minutes < (rules).course_min_minutes then 'too_short'::public.entry_verdict
    end;

comment on function private.rule3_failure(rules public.bufdir_counting_rules, kind public.activity_kind, in_norway boolean, participants integer, minutes integer) is 'Rule 3: why an entry does not qualify (kind_not_counted, abroad, too_few_participants, too_short; the first that applies), null when it qualifies. Read under the given rules; inlined.';

revoke all on function private.rule3_failure(rules public.bufdir_counting_rules, kind public.activity_kind, in_norway boolean, participants integer, minutes integer) from public, anon, authenticated, service_role;

-- db/src/private/rule4_active_mentor.sql as at HEAD
-- Rule 4's test for a mentor: approved, with an active period covering the day
-- (an open period has no end).
create or replace function private.rule4_active_mentor(rules public.bufdir_counting_rules, approval_status public.approval_status, active_from date, active_to date, day date) returns boolean
    language sql immutable parallel safe
    return approval_status = 'approved' and day >= active_from and (active_to is null or day <= active_to);

comment on function private.rule4_active_mentor(rules public.bufdir_counting_rules, approval_status public.approval_status, active_from date, active_to date, day date) is 'Rule 4: true when a mentor with this approval and active period counts on the day. Read under the given rules; inlined.';

revoke all on function private.rule4_active_mentor(rules public.bufdir_counting_rules, approval_status public.approval_status, active_from date, active_to date, day date) from public, anon, authenticated, service_role;

-- db/src/private/rule4_held_for_review.sql as at HEAD
-- Rule 4's test for an entry's values: held for review when above one of its
-- organisation's review limits and not confirmed.
create or replace function private.rule4_held_for_review(rules public.bufdir_counting_rules, limits public.organisation_review_limits, minutes integer, anonymous integer, known_participants integer, review_confirmed_at timestamp with time zone) returns boolean
    language sql immutable parallel safe
    return review_confirmed_at is null
       and private.exceeds_review_limits(limits => limits, minutes => minutes, anonymous => anonymous,
                                         known_participants => known_participants);

comment on function private.rule4_held_for_review(rules public.bufdir_counting_rules, limits public.organisation_review_limits, minutes integer, anonymous integer, known_participants integer, review_confirmed_at timestamp with time zone) is 'Rule 4: true when an entry is held for review (a value above a set review limit, private.exceeds_review_limits, and no confirmation). Read under the given rules; inlined.';

revoke all on function private.rule4_held_for_review(rules public.bufdir_counting_rules, limits public.organisation_review_limits, minutes integer, anonymous integer, known_participants integer, review_confirmed_at timestamp with time zone) from public, anon, authenticated, service_role;

-- db/src/private/rule4_left_out.sql as at HEAD
-- Rule 4's verdict: why an entry is left out of every figure, the first that
-- applies (no active mentor before held for review), null when in scope.
create or replace function private.rule4_left_out(rules public.bufdir_counting_rules, has_active_mentor boolean, held_for_review boolean) returns public.left_out_reason
    language sql immutable parallel safe
    return case when not has_active_mentor then 'no_active_mentor'::public.left_out_reason
                when held_for_review then 'held_for_review'::public.left_out_reason
           end;

comment on function private.rule4_left_out(rules public.bufdir_counting_rules, has_active_mentor boolean, held_for_review boolean) is 'Rule 4: the reason an entry is left out of every figure (no_active_mentor first, then held_for_review), null when it is in scope. Read under the given rules; inlined.';

revoke all on function private.rule4_left_out(rules public.bufdir_counting_rules, has_active_mentor boolean, held_for_review boolean) from public, anon, authenticated, service_role;

-- db/src/private/rule5_new_for_mentor.sql as at HEAD
-- Rule 5's test, per active mentor and day in registration order: an entry is
-- new for the mentor when it is their first of the day or the first to name one
-- of its known contacts (anonymous head counts never make it new).
create or replace function private.rule5_new_for_mentor(rules public.bufdir_counting_rules, first_of_day boolean, first_to_name_a_contact boolean) returns boolean
    language sql immutable parallel safe
    return first_of_day or first_to_name_a_contact;

comment on function private.rule5_new_for_mentor(rules public.bufdir_counting_rules, first_of_day boolean, first_to_name_a_contact boolean) is 'Rule 5: true when an entry is new for one of its active mentors that day (the mentor''s first entry of the day, or the first to name a contact). An entry counts when it is new for at least one. Read under the given rules; inlined.';

revoke all on function private.rule5_new_for_mentor(rules public.bufdir_counting_rules, first_of_day boolean, first_to_name_a_contact boolean) from public, anon, authenticated, service_role;

-- db/src/private/rule6_participants.sql as at HEAD
-- Rule 6's participants of an entry: its known contacts and its anonymous head
-- count (rule 3's thresholds count the same).
create or replace function private.rule6_participants(rules public.bufdir_counting_rules, contacts uuid[], anonymous integer) returns integer
    language sql immutable parallel safe
    return cardinality(contacts) + anonymous;

comment on function private.rule6_participants(rules public.bufdir_counting_rules, contacts uuid[], anonymous integer) is 'Rules 3 and 6: an entry''s participants, known contacts plus anonymous head count. Read under the given rules; inlined.';

revoke all on function private.rule6_participants(rules public.bufdir_counting_rules, contacts uuid[], anonymous integer) from public, anon, authenticated, service_role;

-- db/src/private/aggregate_figures.sql as at HEAD
create or replace function private.aggregate_figures(org_id uuid, period_start date, period_end date, every_mentor boolean, mentor_ids uuid[]) returns table(mentor_id uuid, figures jsonb)
    language plpgsql stable
    set search_path to 'pg_catalog', 'pg_temp'
    set enable_seqscan to 'off'
    set enable_sort to 'off'
    as $$
-- Planner settings: measured (db/README.md, "Measured and tuned").
declare
  rules public.bufdir_counting_rules := hidden.rules_in_force(on_date => aggregate_figures.period_start);
  stale date[];
  fresh_days datemultirange;
  cells private.figure_cell[];
  distinct_counts jsonb;
  scopes uuid[];
begin
  if rules.version is null then
    raise exception 'no counting rules are in force on %', aggregate_figures.period_start using errcode = 'P0002';
  end if;

  if not aggregate_figures.every_mentor and cardinality(aggregate_figures.mentor_ids) = 0 then
    -- The organisation alone: stored partials for the fresh days, a new
    -- classification for the stale ones.
    stale := private.stale_days(org_id => aggregate_figures.org_id, period_start => aggregate_figures.period_start,
                                period_end => aggregate_figures.period_end, rule_version => rules.version);
    -- The days whose stored partials (and with them the contacts' and mentors'
    -- days) hold: stored and not stale.
    fresh_days := private.days_as_multirange(days => array(
      select p.day from private.day_partials p
      where p.org_id = aggregate_figures.org_id and p.day between aggregate_figures.period_start and aggregate_figures.period_end
        and p.day <> all (stale)));
    with parts as materialized (
      select * from private.figure_parts(org_id => aggregate_figures.org_id, days => stale, rules => rules,
                                       every_mentor => false, mentor_ids => '{}', by_day => false)
    )
    select
      (select array_agg(x) from (
         select row(null::uuid, date_trunc('month', c.day)::date, c.kind, c.path, c.county, sum(c.activity_days), sum(c.activities),
                    sum(c.duplicates), sum(c.participations), bool_or(c.lower_bound), sum(c.minutes), null)::private.figure_cell as x
         from private.day_cells c
         where c.org_id = aggregate_figures.org_id and c.day between aggregate_figures.period_start and aggregate_figures.period_end
           and c.day <> all (stale)
         group by date_trunc('month', c.day), c.kind, c.path, c.county
         union all
         select row(null::uuid, date_trunc('month', l.day)::date, null, null, null, 0, sum(l.entries), 0, 0, false, 0,
                    l.reason)::private.figure_cell
         from private.day_left_out l
         where l.org_id = aggregate_figures.org_id and l.day between aggregate_figures.period_start and aggregate_figures.period_end
           and l.day <> all (stale)
         group by date_trunc('month', l.day), l.reason
         union all
         select row(null::uuid, p.day, p.kind, p.path, p.county, p.activity_days, p.activities, p.duplicates,
                    p.participations, p.lower_bound, p.minutes, p.left_out)::private.figure_cell
         from parts p
         where p.part = 'cell') u),
      jsonb_build_object('organisation', jsonb_build_array(
        -- Distinct counts: one row per contact and mentor seen on a fresh day,
        -- and the stale days' ones, hashed.
        (select count(*) from (
           select d.contact_id from private.contact_days d
           where d.org_id = aggregate_figures.org_id and d.days && fresh_days
           union
           select p.member from parts p where p.part = 'contact') u),
        (select count(*) from (
           select d.mentor_id from private.mentor_days d
           where d.org_id = aggregate_figures.org_id and d.days && fresh_days
           union
           select p.member from parts p where p.part = 'mentor') u)))
    into cells, distinct_counts;
    return query select * from private.figure_documents(
      rules => rules, period_start => aggregate_figures.period_start, period_end => aggregate_figures.period_end,
      cells => coalesce(cells, '{}'), distinct_counts => distinct_counts, scopes => array[null::uuid]);
    return;
  end if;

  -- The organisation and mentors: every day of the period classified in one run,
  -- each activity counted for the organisation and for each of its mentors (rule 7).
  with parts as materialized (
    select * from private.figure_parts(
      org_id => aggregate_figures.org_id,
      days => array(select d::date from generate_series(aggregate_figures.period_start::timestamp, aggregate_figures.period_end::timestamp, interval '1 day') d),
      rules => rules, every_mentor => aggregate_figures.every_mentor, mentor_ids => aggregate_figures.mentor_ids, by_day => false)
  )
  select
    (select array_agg(row(p.scope, p.day, p.kind, p.path, p.county, p.activity_days, p.activities, p.duplicates,
                          p.participations, p.lower_bound, p.minutes, p.left_out)::private.figure_cell)
     from parts p where p.part = 'cell'),
    (select jsonb_object_agg(coalesce(u.scope::text, 'organisation'), jsonb_build_array(u.contacts, u.mentors))
     from (select p.scope, coalesce(sum(p.members) filter (where p.part = 'contact'), 0)::bigint as contacts,
                  coalesce(sum(p.members) filter (where p.part = 'mentor'), 0)::bigint as mentors
           from parts p
           where p.part <> 'cell'
           group by p.scope) u),
    array(select null::uuid
          union
          select unnest(aggregate_figures.mentor_ids)
          union
          select p.scope from parts p where p.scope is not null
          order by 1 nulls first)
  into cells, distinct_counts, scopes;
  return query select * from private.figure_documents(
    rules => rules, period_start => aggregate_figures.period_start, period_end => aggregate_figures.period_end,
    cells => coalesce(cells, '{}'), distinct_counts => coalesce(distinct_counts, '{}'), scopes => scopes);
end
$$;

comment on function private.aggregate_figures(org_id uuid, period_start date, period_end date, every_mentor boolean, mentor_ids uuid[]) is 'The aggregation: the organisation''s figures (mentor_id null) from its day partials (cells and entries left out) where fresh, and, per mentor, the figures over the activities they took part in (rule 7), for every mentor of an activity in the period when every_mentor, and for each of mentor_ids (zeros when none), all from one run. PII-free by construction.';

revoke all on function private.aggregate_figures(org_id uuid, period_start date, period_end date, every_mentor boolean, mentor_ids uuid[]) from public, anon, authenticated, service_role;

-- db/src/private/compute_metrics.sql as at HEAD
create or replace function private.compute_metrics(org_id uuid, period_start date, period_end date, mentor_id uuid default null::uuid) returns jsonb
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select f.figures
  from private.aggregate_figures(
    org_id => compute_metrics.org_id, period_start => compute_metrics.period_start, period_end => compute_metrics.period_end,
    every_mentor => false,
    mentor_ids => case when compute_metrics.mentor_id is null then '{}'::uuid[] else array[compute_metrics.mentor_id] end) f
  where f.mentor_id is not distinct from compute_metrics.mentor_id
$$;

comment on function private.compute_metrics(org_id uuid, period_start date, period_end date, mentor_id uuid) is 'Bufdir figures for an organisation and inclusive period, or for one mentor''s activities when mentor_id is given (private.aggregate_figures). PII-free by construction.';

revoke all on function private.compute_metrics(org_id uuid, period_start date, period_end date, mentor_id uuid) from public, anon, authenticated, service_role;

-- db/src/private/figure_parts.sql as at HEAD
-- THE COUNTING RULES IN CODE. The rules are stated in db/fixtures/README.md
-- ("Counting rules"); each has its steps here, named after it, and its test is a
-- small SQL function of its own (private.ruleN_*: SQL-standard bodies with no
-- settings, so PostgreSQL inlines them and they cost no call per row). A change
-- to a rule starts at its test, then its steps; db/fixtures/README.md says what
-- else it touches ("Changing a counting rule").
--
-- rule 1, period: the live activities of the days, their mentor and contact sets
--   steps      rule1_entries; private.activity_sets_by_id and
--              private.activity_sets_in_key_order (by date, deleted_at is null:
--              the scan's own conditions, no test function)
-- rule 2, proxy twins merge
--   tests      private.rule2_mergeable (the proxy side), private.rule2_merge_target
--              (the direct side), private.rule2_twins (the twin test),
--              private.rule2_takes_twin_place (the merged entry's place),
--              private.rule2_fingerprint_term (the sets' fingerprints, summed in
--              the activity-set functions: a hashed prefilter the twin test implies)
--   steps      rule2_proxies, rule2_twin_candidates (prefilter: the same values
--              and fingerprints), rule2_duplicates, rule2_places; is_duplicate in
--              rule3_qualifying; the place in rule5_mentor_entries
-- rule 3, counting kinds and thresholds
--   tests      private.rule3_failure (null: qualifies), private.rule6_participants
--   steps      rule3_qualifying (fails_rule_3)
-- rule 4, who counts (left out: no active mentor, then held for review)
--   tests      private.rule4_active_mentor, private.rule4_held_for_review (with
--              private.exceeds_review_limits), private.rule4_left_out
--   steps      rule4_active_days, rule4_scope; the mentors looked up in
--              rule5_mentor_entries
-- rule 5, same day, per mentor
--   tests      private.rule5_new_for_mentor
--   steps      rule5_mentor_entries, rule5_ranked, rule5_first_mentions,
--              rule5_verdicts, rule5_counting (new for at least one mentor)
-- rule 6, the other figures
--   tests      private.rule6_participants
--   steps      the final select: cells (part 'cell'), distinct contacts and
--              mentors ('contact', 'mentor'); private.figure_documents makes them
--              figures
-- rule 7, per mentor
--   tests      private.rule7_wanted
--   steps      rule7_mentor_entries, rule7_mentor_counting, the mentor scopes of
--              the final select
-- verdicts     part 'entry' of the final select: the step that decided each
--              entry, in the rules' order (hidden.explain_entries)
--
-- Covered by: db/tests/snapshots/hand-worked-figures.test.sql and
-- entry-verdicts.test.sql (the fixture, entry by entry: rules 1-7, every
-- verdict), held-for-review.test.sql and activities/review-limits.test.sql (rule
-- 4's review limits), differential-aggregation.test.sql (generated
-- organisations, every figure of the organisation and each mentor against
-- tests.compute_metrics_oracle), day-partials.test.sql (the same classification
-- stored per day). The oracle (db/tests/support/30-metrics-oracle.sql) shares no
-- test function and no step with this code, on purpose: it states each rule
-- again (rule 2 as one text key, rule 3 as a positive condition, rule 4 from the
-- active periods, rule 5 with windows) so that it cannot agree by construction.
--
-- Planner settings below are measured, not defaults: db/README.md, "Measured
-- and tuned", lists every setting in db/src, why, and the bench line it holds.
create or replace function private.figure_parts(org_id uuid, days date[], rules public.bufdir_counting_rules, every_mentor boolean, mentor_ids uuid[], by_day boolean, entries boolean default false) returns table(scope uuid, part text, day date, kind public.activity_kind, path public.registration_path, county text, left_out public.left_out_reason, activity_days bigint, activities bigint, duplicates bigint, participations bigint, lower_bound boolean, minutes bigint, member uuid, member_days datemultirange, members bigint, entry uuid, verdict public.entry_verdict, merged_into uuid)
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    set jit to 'off'
    set enable_hashjoin to 'on'
    set enable_nestloop to 'off'
    set enable_mergejoin to 'off'
    set enable_hashagg to 'on'
    set enable_sort to 'off'
    set enable_seqscan to 'on'
    set enable_bitmapscan to 'on'
    set enable_indexscan to 'on'
    set max_parallel_workers_per_gather to '0'
    set work_mem to '16MB'
    as $$
  -- Planner settings: measured (db/README.md, "Measured and tuned"). Steps are
  -- named by the counting rule they apply (db/src/private/figure_parts.sql maps
  -- each rule to its steps and tests).
  with links_by_id as (
    -- Look the links up by id when the days hold at most a share of the
    -- organisation's live activities, from the staleness bookkeeping.
    select coalesce(sum(s.live_activities) filter (where s.day = any (figure_parts.days)), 0)
           <= private.links_by_id_share() * coalesce(sum(s.live_activities), 0) as chosen
    from private.activity_day_stats s
    where s.org_id = figure_parts.org_id
  ), rule4_active_days as (
    -- Rule 4: the days (of those asked for) each mentor counts.
    select p.mentor_id, d::date as day
    from public.mentor_active_periods p
    join public.members mem on mem.org_id = p.org_id and mem.user_id = p.mentor_id
    cross join lateral generate_series(
      greatest(p.active_from, (select min(x) from unnest(figure_parts.days) x))::timestamp,
      least(p.active_to, (select max(x) from unnest(figure_parts.days) x))::timestamp, interval '1 day') d
    where p.org_id = figure_parts.org_id
      and private.rule4_active_mentor(rules => figure_parts.rules, approval_status => mem.approval_status,
                                      active_from => p.active_from, active_to => p.active_to, day => d::date)
  ), rule1_entries as not materialized (
    -- Rule 1: the live activities of the days with their sets, and the
    -- organisation's review limits (read once, an init plan). Offset 0 keeps
    -- the limits a column of this step: pulled up into the next, they would be
    -- the init plan's subquery, which PostgreSQL does not inline into rule 4's
    -- test (it reads them thrice), and the test would cost a call per entry.
    select u.*, (select private.review_limits_of(org_id => figure_parts.org_id)) as limits
    from (
      select * from private.activity_sets_by_id(org_id => figure_parts.org_id, days => figure_parts.days)
      where (select b.chosen from links_by_id b)
      union all
      select * from private.activity_sets_in_key_order(org_id => figure_parts.org_id, days => figure_parts.days)
      where not (select b.chosen from links_by_id b)
    ) u
    offset 0
  ), rule4_scope as materialized (
    -- Rule 4: each activity with the reason it is left out of every figure, if
    -- any: none of its mentors active on its date, then held for review.
    select s.id, s.day, s.kind, s.path, s.county, s.minutes, s.anonymous, s.in_norway, s.created_at,
           s.mentors, s.mentors_fingerprint, s.contacts, s.contacts_fingerprint,
           private.rule4_left_out(
             rules => figure_parts.rules,
             has_active_mentor => case cardinality(s.mentors)
                                    when 0 then false
                                    when 1 then (s.mentors[1], s.day) in (select e.mentor_id, e.day from rule4_active_days e)
                                    else exists (select from unnest(s.mentors) m(mentor_id)
                                                 where (m.mentor_id, s.day) in (select e.mentor_id, e.day from rule4_active_days e))
                                  end,
             held_for_review => private.rule4_held_for_review(
               rules => figure_parts.rules, limits => s.limits, minutes => s.minutes, anonymous => s.anonymous,
               known_participants => cardinality(s.contacts), review_confirmed_at => s.review_confirmed_at)) as left_out
    from rule1_entries s
  ), rule2_proxies as materialized (
    -- Rule 2 compares the proxy entries, usually a small share, with direct ones.
    select p.id, p.created_at, p.day, p.kind, p.county, p.minutes, p.anonymous, p.in_norway,
           p.mentors_fingerprint, p.contacts_fingerprint, p.mentors, p.contacts
    from rule4_scope p
    where private.rule2_mergeable(rules => figure_parts.rules, path => p.path, left_out => p.left_out)
  ), rule2_twin_candidates as materialized (
    -- Direct entries agreeing with a proxy entry on every value rule 2 compares
    -- and the set fingerprints: a prefilter the twin test implies (hashed
    -- lookups, the first of one column).
    select d.id, d.day, d.kind, d.county, d.minutes, d.anonymous, d.in_norway,
           d.mentors_fingerprint, d.contacts_fingerprint, d.mentors, d.contacts
    from rule4_scope d
    where case when private.rule2_merge_target(rules => figure_parts.rules, path => d.path, left_out => d.left_out)
                    and d.contacts_fingerprint in (select p.contacts_fingerprint from rule2_proxies p)
            then (d.day, d.kind, d.county, d.minutes, d.anonymous, d.in_norway, d.mentors_fingerprint, d.contacts_fingerprint)
                 in (select p.day, p.kind, p.county, p.minutes, p.anonymous, p.in_norway, p.mentors_fingerprint, p.contacts_fingerprint
                     from rule2_proxies p)
            else false end
  ), rule2_duplicates as materialized (
    -- The proxy entries that are twins of a direct entry, with the direct entry
    -- they merge into.
    select p.id, p.created_at, t.id as direct_id
    from rule2_proxies p
    join rule2_twin_candidates t
      on t.mentors_fingerprint = p.mentors_fingerprint and t.contacts_fingerprint = p.contacts_fingerprint
     and private.rule2_twins(
           rules => figure_parts.rules,
           proxy_day => p.day, proxy_kind => p.kind, proxy_county => p.county, proxy_minutes => p.minutes,
           proxy_anonymous => p.anonymous, proxy_in_norway => p.in_norway, proxy_mentors => p.mentors, proxy_contacts => p.contacts,
           direct_day => t.day, direct_kind => t.kind, direct_county => t.county, direct_minutes => t.minutes,
           direct_anonymous => t.anonymous, direct_in_norway => t.in_norway, direct_mentors => t.mentors, direct_contacts => t.contacts)
  ), rule2_places as materialized (
    -- A direct entry with merged twins: the earliest registration of them.
    select distinct on (d.direct_id) d.direct_id, d.created_at, d.id
    from rule2_duplicates d
    order by d.direct_id, d.created_at, d.id
  ), rule3_qualifying as not materialized (
    -- Rule 3: what is wrong with the entry's kind, place or size (null:
    -- nothing); rule 5 counts only entries it passes, and a verdict names it.
    -- With rule 2's mark: a merged proxy twin.
    select a.*,
      case when private.rule2_mergeable(rules => figure_parts.rules, path => a.path, left_out => a.left_out)
           then a.id in (select d.id from rule2_duplicates d) else false end as is_duplicate,
      private.rule3_failure(
        rules => figure_parts.rules, kind => a.kind, in_norway => a.in_norway,
        participants => private.rule6_participants(rules => figure_parts.rules, contacts => a.contacts, anonymous => a.anonymous),
        minutes => a.minutes) as fails_rule_3
    from rule4_scope a
  ), rule5_mentor_entries as (
    -- Rule 5's entries: those in scope, not merged, qualifying; one row per
    -- active mentor, with the entry's place in registration order (rule 2).
    -- Arrays are unnested in select lists throughout: no row store per activity.
    select l.*
    from (
      select q.id, q.day, q.kind, q.path, q.county, q.created_at, q.contacts,
             case when private.rule2_takes_twin_place(rules => figure_parts.rules, twin_created_at => m.created_at, twin_id => m.id,
                                                      own_created_at => q.created_at, own_id => q.id)
                  then m.created_at else q.created_at end as order_at,
             case when private.rule2_takes_twin_place(rules => figure_parts.rules, twin_created_at => m.created_at, twin_id => m.id,
                                                      own_created_at => q.created_at, own_id => q.id)
                  then m.id else q.id end as order_id,
             cardinality(q.mentors) = 1 as one_mentor, case when cardinality(q.mentors) > 1 then q.mentors end as co_mentors,
             unnest(q.mentors) as mentor_id
      from rule3_qualifying q
      left join rule2_places m on m.direct_id = q.id
      where not q.is_duplicate and q.left_out is null and q.fails_rule_3 is null
    ) l
    -- An activity in scope with one mentor has them active (rule 4); others are looked up.
    where l.one_mentor or (l.mentor_id, l.day) in (select e.mentor_id, e.day from rule4_active_days e)
  ), rule5_ranked as materialized (
    -- Rule 5, per active mentor and day: the entries numbered in registration
    -- order (one sort; no array grows).
    select l.id, l.day, l.kind, l.path, l.county, l.mentor_id, l.one_mentor, l.co_mentors, l.contacts,
           row_number() over (partition by l.mentor_id, l.day order by l.order_at, l.order_id, l.created_at, l.id) as rank
    from rule5_mentor_entries l
  ), rule5_first_mentions as (
    -- The entries that are the first of the mentor's day to name a contact: the
    -- least number per (mentor, day, contact), hashed (the lookup below hashes
    -- the repeats away); the first of the day needs no lookup.
    select f.mentor_id, f.day, f.rank
    from (select x.mentor_id, x.day, min(x.rank) as rank
          from (select r.mentor_id, r.day, r.rank, unnest(r.contacts) as contact_id from rule5_ranked r) x
          group by x.mentor_id, x.day, x.contact_id) f
    where f.rank > 1
  ), rule5_verdicts as materialized (
    -- Rule 5's test, per mentor: is the entry new for them?
    select r.id, r.day, r.kind, r.path, r.county, r.mentor_id, r.one_mentor, r.co_mentors,
           private.rule5_new_for_mentor(
             rules => figure_parts.rules,
             first_of_day => r.rank = 1,
             first_to_name_a_contact => (r.mentor_id, r.day, r.rank) in (select n.mentor_id, n.day, n.rank from rule5_first_mentions n)) as new
    from rule5_ranked r
  ), rule5_counting as not materialized (
    -- Rule 5: an entry counts when it is new for at least one of its active
    -- mentors: a single mentor's (active, so no arrays), and the co-mentored
    -- ones with their mentors and active mentors.
    select v.id, v.day, v.kind, v.path, v.county, v.mentor_id, null::uuid[] as mentors, null::uuid[] as active_mentors
    from rule5_verdicts v
    where v.one_mentor and v.new
    union all
    select v.id, min(v.day), min(v.kind), min(v.path), min(v.county), null, min(v.co_mentors), array_agg(v.mentor_id)
    from rule5_verdicts v
    where not v.one_mentor
    group by v.id
    having bool_or(v.new)
  ), rule7_mentor_entries as not materialized (
    -- Rule 7: each wanted mentor's entries, classified as for the organisation.
    select m.*
    from (select unnest(a.mentors) as scope, a.* from rule3_qualifying a
          where figure_parts.every_mentor or cardinality(figure_parts.mentor_ids) > 0) m
    where private.rule7_wanted(every_mentor => figure_parts.every_mentor, mentor_ids => figure_parts.mentor_ids, mentor_id => m.scope)
  ), rule7_mentor_counting as not materialized (
    -- Rule 7: each wanted mentor's counting entries.
    select m.*
    from (select unnest(coalesce(c.mentors, array[c.mentor_id])) as scope, c.* from rule5_counting c
          where figure_parts.every_mentor or cardinality(figure_parts.mentor_ids) > 0) m
    where private.rule7_wanted(every_mentor => figure_parts.every_mentor, mentor_ids => figure_parts.mentor_ids, mentor_id => m.scope)
  )
  -- Rule 6, cells: grouped by day first, then by month when asked (a few
  -- thousand rows). Entries left out make cells of their own, keyed by the
  -- reason alone.
  select u.scope, 'cell', case when figure_parts.by_day then u.day else date_trunc('month', u.day::timestamp)::date end,
         u.kind, u.path, u.county, u.left_out,
         sum(u.activity_days)::bigint, sum(u.activities)::bigint, sum(u.duplicates)::bigint, sum(u.participations)::bigint,
         bool_or(u.lower_bound), sum(u.minutes)::bigint, null::uuid, null::datemultirange, null::bigint,
         null::uuid, null::public.entry_verdict, null::uuid
  from (
    select s.scope, s.day, s.kind, s.path, s.county, s.left_out, 0 as activity_days,
           count(*) filter (where not s.is_duplicate) as activities, count(*) filter (where s.is_duplicate) as duplicates,
           coalesce(sum(private.rule6_participants(rules => figure_parts.rules, contacts => s.contacts, anonymous => s.anonymous))
                      filter (where not s.is_duplicate), 0) as participations,
           coalesce(bool_or(s.anonymous > 0) filter (where not s.is_duplicate), false) as lower_bound,
           coalesce(sum(s.minutes) filter (where not s.is_duplicate), 0) as minutes
    from (select null::uuid as scope, a.day, a.kind, a.path, a.county, a.left_out, a.is_duplicate, a.contacts, a.anonymous, a.minutes
          from rule3_qualifying a where a.left_out is null
          union all
          select m.scope, m.day, m.kind, m.path, m.county, m.left_out, m.is_duplicate, m.contacts, m.anonymous, m.minutes
          from rule7_mentor_entries m where m.left_out is null) s
    group by s.scope, s.day, s.kind, s.path, s.county, s.left_out
    union all
    select s.scope, s.day, null, null, null, s.left_out, 0, count(*), 0, 0, false, 0
    from (select null::uuid as scope, a.day, a.left_out from rule3_qualifying a where a.left_out is not null
          union all
          select m.scope, m.day, m.left_out from rule7_mentor_entries m where m.left_out is not null) s
    group by s.scope, s.day, s.left_out
    union all
    select c.scope, c.day, c.kind, c.path, c.county, null, count(*), 0, 0, 0, false, 0
    from (select null::uuid as scope, c.day, c.kind, c.path, c.county from rule5_counting c
          union all
          select m.scope, m.day, m.kind, m.path, m.county from rule7_mentor_counting m) c
    group by c.scope, c.day, c.kind, c.path, c.county
  ) u
  group by u.scope, case when figure_parts.by_day then u.day else date_trunc('month', u.day::timestamp)::date end,
           u.kind, u.path, u.county, u.left_out
  union all
  -- Rule 6: the organisation's contacts (those of entries neither merged nor
  -- left out), each once, with the days they were seen when by day.
  select null, 'contact', null, null, null, null, null, null, null, null, null, null, null, x.contact_id,
         range_agg(daterange(x.day, x.day, '[]')), 1, null, null, null
  from (select a.day, unnest(a.contacts) as contact_id from rule3_qualifying a
        where figure_parts.by_day and not a.is_duplicate and a.left_out is null) x
  group by x.contact_id
  union all
  select null, 'contact', null, null, null, null, null, null, null, null, null, null, null, x.contact_id, null, 1, null, null, null
  from (select unnest(a.contacts) as contact_id from rule3_qualifying a
        where not figure_parts.by_day and not a.is_duplicate and a.left_out is null) x
  group by x.contact_id
  union all
  -- Rule 6: the organisation's active mentors of counting entries, each once,
  -- with the days they were counted when by day.
  select null, 'mentor', null, null, null, null, null, null, null, null, null, null, null, m.mentor_id,
         range_agg(daterange(m.day, m.day, '[]')) filter (where figure_parts.by_day), 1, null, null, null
  from (select c.day, c.mentor_id from rule5_counting c where c.active_mentors is null
        union all
        select c.day, unnest(c.active_mentors) from rule5_counting c where c.active_mentors is not null) m
  group by m.mentor_id
  union all
  -- Rule 7: per wanted mentor, how many contacts and active mentors: counted
  -- here, as no partials are kept for them.
  select g.scope, 'contact', null, null, null, null, null, null, null, null, null, null, null, null, null, count(*), null, null, null
  from (select x.scope from (select m.scope, unnest(m.contacts) as contact_id from rule7_mentor_entries m
                             where not m.is_duplicate and m.left_out is null) x
        group by x.scope, x.contact_id) g
  group by g.scope
  union all
  select g.scope, 'mentor', null, null, null, null, null, null, null, null, null, null, null, null, null, count(*), null, null, null
  from (select y.scope from (select m.scope, unnest(coalesce(m.active_mentors, array[m.mentor_id])) as mentor_id
                             from rule7_mentor_counting m) y
        group by y.scope, y.mentor_id) g
  group by g.scope
  union all
  -- Verdicts, asked for entries: each activity of the days with the step that
  -- decided it, in the rules' order: left out (rule 4), merged as a proxy twin
  -- (rule 2), rule 3, and counting or not by rule 5 (the entries counted above).
  -- One row per activity, hashed lookups.
  select null, 'entry', j.day, j.kind, j.path, j.county, j.left_out,
         null, null, null, null, null, null, null, null, null,
         j.id,
         case when j.left_out is not null then j.left_out::text::public.entry_verdict
              when j.is_duplicate then 'merged_proxy_twin'::public.entry_verdict
              when j.fails_rule_3 is not null then j.fails_rule_3
              when j.id in (select c.id from rule5_counting c) then 'counts'::public.entry_verdict
              else 'same_day_repeat'::public.entry_verdict
         end,
         t.direct_id
  from rule3_qualifying j
  left join (select d.id, min(d.direct_id::text)::uuid as direct_id from rule2_duplicates d group by d.id) t on t.id = j.id
  where figure_parts.entries
$$;

comment on function private.figure_parts(org_id uuid, days date[], rules public.bufdir_counting_rules, every_mentor boolean, mentor_ids uuid[], by_day boolean, entries boolean) is 'Counting rules 1-7 over an organisation''s activities on the given days, as the parts figures are made of: additive cells by day or by month (part ''cell'') for the organisation (scope null) and for every mentor or the given ones, entries left out (no active mentor, then held for review) counted in cells of their own (left_out set); the organisation''s contacts of activities neither merged nor left out (''contact'') and active mentors of counting ones (''mentor''), one row each, with the days they were seen when by_day; and each mentor scope''s number of those (members); with entries, also one row per activity (part ''entry'') with the verdict of the step that decided it and, for a merged proxy twin, the direct entry it merged into. Its steps are named by rule; each rule''s test is a private.ruleN_* function.';

revoke all on function private.figure_parts(org_id uuid, days date[], rules public.bufdir_counting_rules, every_mentor boolean, mentor_ids uuid[], by_day boolean, entries boolean) from public, anon, authenticated, service_role;

-- db/src/private/snapshot_status.sql as at HEAD
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

comment on function private.snapshot_status(org_id uuid, period_start date, period_end date) is 'The staleness of a snapshot (see type metric_snapshot_status).';

revoke all on function private.snapshot_status(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;

-- db/src/private/store_snapshot.sql as at HEAD
-- Upserts figures and records what the staleness check needs. `generation` is an
-- MVCC snapshot taken no later than the one the figures were computed in, so any
-- change the computation could have missed counts as unseen (at worst a snapshot
-- looks stale too early, never fresh too long).
create or replace function private.store_snapshot(org_id uuid, period_start date, period_end date, figures jsonb, generation pg_snapshot) returns public.bufdir_metric_snapshots
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
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

comment on function private.store_snapshot(org_id uuid, period_start date, period_end date, figures jsonb, generation pg_snapshot) is 'Upserts a snapshot on (org_id, period_start, period_end) and records its generation for the staleness check.';

revoke all on function private.store_snapshot(org_id uuid, period_start date, period_end date, figures jsonb, generation pg_snapshot) from public, anon, authenticated, service_role;
