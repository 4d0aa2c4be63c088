-- Purpose: call functions with named arguments.
-- Why: a call by position binds by order, so a parameter added, removed or
-- reordered changes what a call passes without an error; named, each call says
-- what it passes and breaks loudly instead. Function bodies and policies call
-- the project's own functions with the names they declare; same behaviour.
-- scripts/test/positional-calls.test.ts keeps it so.
-- Objects: db/src/hidden/add_member.sql, db/src/hidden/compute_bufdir_metrics.sql, db/src/hidden/confirm_activity.sql, db/src/hidden/explain_entries.sql, db/src/hidden/export_bufdir_report.sql, db/src/hidden/generate_periodic_summaries.sql, db/src/hidden/invalidate_periodic_summaries.sql, db/src/hidden/list_held_activities.sql, db/src/hidden/list_member_names.sql, db/src/hidden/list_members.sql, db/src/hidden/list_periodic_summaries_since.sql, db/src/hidden/metric_snapshot_status.sql, db/src/hidden/refresh_metric_snapshot.sql, db/src/hidden/save_metric_snapshot.sql, db/src/hidden/set_member_status.sql, db/src/hidden/set_review_limits.sql, db/src/hidden/set_summaries_enabled.sql, db/src/hidden/verify_metric_snapshot.sql, db/src/private/check_activity_limits.sql, db/src/private/check_known_participant_limit.sql, db/src/private/check_mentor_day_changes.sql, db/src/private/check_mentor_day_links.sql, db/src/private/check_mentor_days.sql, db/src/private/generate_summaries.sql, db/src/private/list_summary_changes.sql, db/src/private/record_activity_changes.sql, db/src/private/record_activity_link_changes.sql, db/src/private/record_summary_changes.sql, db/src/private/run_summary_job_for.sql, db/src/public/activities.policies.sql, db/src/public/activity_mentors.policies.sql, db/src/public/activity_participants.policies.sql, db/src/public/add_contact.sql, db/src/public/add_member.sql, db/src/public/add_mentor_active_period.sql, db/src/public/bufdir_export_audit_log.policies.sql, db/src/public/bufdir_metric_snapshots.policies.sql, db/src/public/compute_bufdir_metrics.sql, db/src/public/confirm_activity.sql, db/src/public/contacts.policies.sql, db/src/public/count_entries_by_verdict.sql, db/src/public/create_organisation.sql, db/src/public/delete_activity.sql, db/src/public/delete_metric_snapshot.sql, db/src/public/edit_activity.sql, db/src/public/end_mentor_active_period.sql, db/src/public/explain_activities.sql, db/src/public/explain_activity.sql, db/src/public/export_bufdir_report.sql, db/src/public/generate_periodic_summaries.sql, db/src/public/get_metric_snapshot.sql, db/src/public/invalidate_periodic_summaries.sql, db/src/public/list_activities.sql, db/src/public/list_contacts.sql, db/src/public/list_held_activities.sql, db/src/public/list_member_names.sql, db/src/public/list_members.sql, db/src/public/list_mentor_active_periods.sql, db/src/public/list_periodic_summaries_since.sql, db/src/public/members.policies.sql, db/src/public/mentor_active_periods.policies.sql, db/src/public/metric_snapshot_status.sql, db/src/public/organisations.policies.sql, db/src/public/periodic_summaries.policies.sql, db/src/public/refresh_metric_snapshot.sql, db/src/public/register_activity.sql, db/src/public/save_metric_snapshot.sql, db/src/public/set_member_status.sql, db/src/public/set_review_limits.sql, db/src/public/set_summaries_enabled.sql, db/src/public/verify_metric_snapshot.sql.
-- Written by `make migration`: up is the new text of these files, down their text at HEAD.

-- migrate:up
-- db/src/public/metric_snapshot_status.sql
comment on type public.metric_snapshot_status is 'Whether a snapshot exists and is stale. Reasons: missing, older_than_24h, activities_changed, roster_changed, rules_changed, generation_unknown.';

create or replace function public.metric_snapshot_status(org_id uuid, period_start date, period_end date) returns public.metric_snapshot_status
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select * from hidden.metric_snapshot_status(org_id => metric_snapshot_status.org_id,
                                              period_start => metric_snapshot_status.period_start,
                                              period_end => metric_snapshot_status.period_end)
$$;

comment on function public.metric_snapshot_status(org_id uuid, period_start date, period_end date) is 'Whether the snapshot exists and is stale: older than 24 h, or anything the aggregation reads changed for the organisation and period since generation. Any member; record_count_now (the organisation''s live count) is null for mentors. Errors: 22004, 22023, 42501.';

revoke all on function public.metric_snapshot_status(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;

grant execute on function public.metric_snapshot_status(org_id uuid, period_start date, period_end date) to authenticated;

grant execute on function public.metric_snapshot_status(org_id uuid, period_start date, period_end date) to service_role;

-- db/src/hidden/add_member.sql
create or replace function hidden.add_member(org_id uuid, email text, role public.member_role) returns public.membership
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
-- Definer: finds the user by e-mail in auth.users, which no API role may read;
-- the caller's right to add this role is checked first.
declare
  new_user_id uuid;
begin
  if add_member.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  elsif add_member.email is null then
    raise exception 'email must not be null' using errcode = '22004';
  elsif add_member.role is null then
    raise exception 'role must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(org_id => add_member.org_id, roles => '{coordinator,admin}');
  if add_member.role <> 'peer_mentor' and not hidden.is_service_role_request()
     and not exists (select from hidden.caller_org_ids(roles => '{admin}') o where o = add_member.org_id) then
    raise exception 'permission denied: only an admin of organisation % adds a %', add_member.org_id, add_member.role
      using errcode = '42501';
  end if;
  if not exists (select from public.organisations o where o.id = add_member.org_id) then
    raise exception 'no organisation %', add_member.org_id using errcode = 'P0002';
  end if;
  select u.id into new_user_id from auth.users u
  where pg_catalog.lower(u.email) = pg_catalog.lower(pg_catalog.btrim(add_member.email));
  if new_user_id is null then
    raise exception 'no user with e-mail %: they sign up (Supabase Auth) before they are added', add_member.email
      using errcode = 'P0002';
  end if;
  if exists (select from public.members m where m.org_id = add_member.org_id and m.user_id = new_user_id) then
    raise exception '% is a member of organisation % already (approve, revoke or list members instead)', add_member.email, add_member.org_id
      using errcode = '23505';
  end if;
  insert into public.members (org_id, user_id, role, approval_status)
  values (add_member.org_id, new_user_id, add_member.role, 'pending');
  return private.membership_of(org_id => add_member.org_id, user_id => new_user_id);
end
$$;

comment on function hidden.add_member(org_id uuid, email text, role public.member_role) is 'The security-definer body of public.add_member, where PostgREST does not expose it; public.add_member (security invoker) calls it.';

revoke all on function hidden.add_member(org_id uuid, email text, role public.member_role) from public, anon, authenticated, service_role;
grant execute on function hidden.add_member(org_id uuid, email text, role public.member_role) to authenticated;
grant execute on function hidden.add_member(org_id uuid, email text, role public.member_role) to service_role;

-- db/src/hidden/compute_bufdir_metrics.sql
create or replace function hidden.compute_bufdir_metrics(org_id uuid, period_start date, period_end date) returns jsonb
    language plpgsql stable security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
begin
  perform hidden.check_snapshot_key(org_id => compute_bufdir_metrics.org_id, period_start => compute_bufdir_metrics.period_start,
                                    period_end => compute_bufdir_metrics.period_end);
  perform hidden.require_role(org_id => compute_bufdir_metrics.org_id, roles => '{coordinator,admin}');
  return private.compute_metrics(org_id => compute_bufdir_metrics.org_id, period_start => compute_bufdir_metrics.period_start,
                                 period_end => compute_bufdir_metrics.period_end);
end
$$;

comment on function hidden.compute_bufdir_metrics(org_id uuid, period_start date, period_end date) is 'The security-definer body of public.compute_bufdir_metrics, where PostgREST does not expose it; public.compute_bufdir_metrics (security invoker) calls it. Computes (without saving) the Bufdir figures of an organisation for an inclusive period. Coordinators, admins and the service role. Errors: 22004, 22023, 42501.';

revoke all on function hidden.compute_bufdir_metrics(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function hidden.compute_bufdir_metrics(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function hidden.compute_bufdir_metrics(org_id uuid, period_start date, period_end date) to service_role;

-- db/src/hidden/confirm_activity.sql
create or replace function hidden.confirm_activity(org_id uuid, activity_id uuid) returns public.held_activity
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
-- Definer: only the table owner writes a confirmation (private.guard_review_confirmation);
-- this body checks the caller (an approved coordinator or admin) first.
declare
  limits public.organisation_review_limits;
  target public.activities;
  measured public.held_activity;
begin
  if confirm_activity.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  elsif confirm_activity.activity_id is null then
    raise exception 'activity_id must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(org_id => confirm_activity.org_id, roles => '{coordinator,admin}');
  if hidden.request_user_id() is null then
    raise exception 'permission denied: entries are confirmed by a coordinator or admin of the organisation' using errcode = '42501';
  end if;
  select a.* into target from public.activities a
  where a.org_id = confirm_activity.org_id and a.id = confirm_activity.activity_id and a.deleted_at is null
  for no key update;
  if target.id is null then
    raise exception 'no activity % in organisation %', confirm_activity.activity_id, confirm_activity.org_id using errcode = 'P0002';
  end if;
  select l.* into limits from public.organisation_review_limits l where l.org_id = confirm_activity.org_id;
  select target.org_id, target.id, target.activity_date, target.kind, target.registration_path, target.registered_by,
         target.duration_minutes, target.anonymous_participants, k.known,
         private.exceeded_review_limits(limits => limits, minutes => target.duration_minutes,
                                        anonymous => target.anonymous_participants, known_participants => k.known)::text[],
         null::timestamptz, null::uuid
  into measured
  from (select pg_catalog.count(*)::integer as known from public.activity_participants ap
        where ap.org_id = target.org_id and ap.activity_id = target.id) k;
  if measured.exceeded_limits = '{}' then
    raise exception 'activity % exceeds no review limit of its organisation: there is nothing to confirm', confirm_activity.activity_id
      using errcode = '22023';
  end if;
  update public.activities a
  set review_confirmed_at = pg_catalog.now(), review_confirmed_by = hidden.request_user_id()
  where a.org_id = confirm_activity.org_id and a.id = confirm_activity.activity_id;
  measured.review_confirmed_at := pg_catalog.now();
  measured.review_confirmed_by := hidden.request_user_id();
  return measured;
end
$$;

comment on function hidden.confirm_activity(org_id uuid, activity_id uuid) is 'The security-definer body of public.confirm_activity, where PostgREST does not expose it; public.confirm_activity (security invoker) calls it.';

revoke all on function hidden.confirm_activity(org_id uuid, activity_id uuid) from public, anon, authenticated, service_role;
grant execute on function hidden.confirm_activity(org_id uuid, activity_id uuid) to authenticated;

-- db/src/hidden/explain_entries.sql
-- The verdicts of the entries of a period (or of one activity) the caller may read.
create or replace function hidden.explain_entries(org_id uuid, period_start date, period_end date, only_activity uuid) returns setof public.activity_verdict
    language plpgsql stable security definer
    set search_path to 'pg_catalog', 'pg_temp'
    set jit to 'off'
    set enable_nestloop to 'off'
    set enable_mergejoin to 'off'
    set enable_hashjoin to 'on'
    set enable_hashagg to 'on'
    as $$
-- Planner settings: measured (db/README.md, "Measured and tuned").
-- Definer: rules 2, 4 and 5 compare an entry with every entry of its day, also
-- those the caller may not read. This body checks the caller first and returns
-- only the verdicts of entries the activities' read policy lets them read:
-- coordinators and admins all of the organisation's; approved mentors those they
-- took part in or registered; pending mentors those they registered.
declare
  caller uuid := hidden.request_user_id();
  sees_all boolean := hidden.is_service_role_request();
  approved_mentor boolean := false;
  rules public.bufdir_counting_rules := hidden.rules_in_force(on_date => explain_entries.period_start);
begin
  perform hidden.check_snapshot_key(org_id => explain_entries.org_id, period_start => explain_entries.period_start,
                                    period_end => explain_entries.period_end);
  if not sees_all then
    sees_all := hidden.caller_membership(org_id => explain_entries.org_id) in ('coordinator', 'admin');
    approved_mentor := explain_entries.org_id in (select hidden.caller_org_ids(roles => '{peer_mentor}'));
  end if;
  if rules.version is null then
    raise exception 'no counting rules are in force on %', explain_entries.period_start using errcode = 'P0002';
  end if;
  return query
  with readable as materialized (
    select a.id, a.activity_date, a.kind, a.registration_path, a.created_at, a.deleted_at
    from public.activities a
    where a.org_id = explain_entries.org_id
      and a.activity_date between explain_entries.period_start and explain_entries.period_end
      and (explain_entries.only_activity is null or a.id = explain_entries.only_activity)
      and (sees_all
           or (approved_mentor and (a.registered_by = caller
                                    or (a.org_id, a.id) in (select c.org_id, c.activity_id from hidden.caller_activity_ids() c)))
           or (not approved_mentor and a.registered_by = caller))
  ), entries as materialized (
    -- The aggregation's classification of the days that hold a readable live entry.
    select p.entry, p.verdict, p.merged_into
    from private.figure_parts(org_id => explain_entries.org_id,
                              days => array(select distinct r.activity_date from readable r where r.deleted_at is null),
                              rules => rules, every_mentor => false, mentor_ids => '{}', by_day => false, entries => true) p
    where p.part = 'entry'
  ), inactive as (
    -- For entries without an active mentor: the nearest to counting among their mentors.
    select am.activity_id,
           case when bool_or(m.approval_status = 'approved') then 'outside_active_period'
                when bool_or(m.approval_status = 'pending') then 'pending_approval'
                else 'revoked' end::public.inactive_mentor_reason as reason
    from public.activity_mentors am
    left join public.members m on m.org_id = am.org_id and m.user_id = am.mentor_id
    where am.org_id = explain_entries.org_id
      and am.activity_id in (select e.entry from entries e where e.verdict = 'no_active_mentor')
    group by am.activity_id
  )
  select explain_entries.org_id, r.id, r.activity_date, r.kind, r.registration_path,
         coalesce(e.verdict = 'counts', false),
         case when r.deleted_at is not null then 'deleted'::public.entry_verdict else e.verdict end,
         case when e.verdict = 'no_active_mentor' then coalesce(i.reason, 'no_mentor') end,
         case when e.merged_into in (select x.id from readable x) then e.merged_into end,
         rules.version
  from readable r
  left join entries e on e.entry = r.id and r.deleted_at is null
  left join inactive i on i.activity_id = r.id
  order by r.activity_date, r.created_at, r.id;
end
$$;

comment on function hidden.explain_entries(org_id uuid, period_start date, period_end date, only_activity uuid) is 'The security-definer body of public.explain_activities, public.explain_activity and public.count_entries_by_verdict, where PostgREST does not expose it: the verdict of each entry of the period (or of only_activity) the caller may read, from private.figure_parts.';

revoke all on function hidden.explain_entries(org_id uuid, period_start date, period_end date, only_activity uuid) from public, anon, authenticated, service_role;
grant execute on function hidden.explain_entries(org_id uuid, period_start date, period_end date, only_activity uuid) to authenticated;
grant execute on function hidden.explain_entries(org_id uuid, period_start date, period_end date, only_activity uuid) to service_role;

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

-- db/src/hidden/generate_periodic_summaries.sql
create or replace function hidden.generate_periodic_summaries(org_id uuid, period_type public.summary_period_type, period_start date) returns setof public.periodic_summaries
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
begin
  if generate_periodic_summaries.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(org_id => generate_periodic_summaries.org_id, roles => '{coordinator,admin}');
  perform private.require_summaries_enabled(org_id => generate_periodic_summaries.org_id);
  return query select * from private.generate_summaries(
    org_id => generate_periodic_summaries.org_id, period_type => generate_periodic_summaries.period_type,
    period_start => generate_periodic_summaries.period_start);
end
$$;

comment on function hidden.generate_periodic_summaries(org_id uuid, period_type public.summary_period_type, period_start date) is 'The security-definer body of public.generate_periodic_summaries, where PostgREST does not expose it; public.generate_periodic_summaries (security invoker) calls it. Generates the organisation-wide and per-mentor summaries of a period (month, quarter, half_year, year starting at period_start). Coordinators, admins, service role. Errors: 22004, 22023, 42501, BF005.';

revoke all on function hidden.generate_periodic_summaries(org_id uuid, period_type public.summary_period_type, period_start date) from public, anon, authenticated, service_role;
grant execute on function hidden.generate_periodic_summaries(org_id uuid, period_type public.summary_period_type, period_start date) to authenticated;
grant execute on function hidden.generate_periodic_summaries(org_id uuid, period_type public.summary_period_type, period_start date) to service_role;

-- db/src/hidden/invalidate_periodic_summaries.sql
create or replace function hidden.invalidate_periodic_summaries(org_id uuid, period_start date, period_end date) returns integer
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  marked integer;
begin
  perform hidden.check_snapshot_key(org_id => invalidate_periodic_summaries.org_id,
                                    period_start => invalidate_periodic_summaries.period_start,
                                    period_end => invalidate_periodic_summaries.period_end);
  perform hidden.require_role(org_id => invalidate_periodic_summaries.org_id, roles => '{coordinator,admin}');
  perform private.require_summaries_enabled(org_id => invalidate_periodic_summaries.org_id);
  update public.periodic_summaries s
  set invalidated_at = now(), updated_at = now()
  where s.org_id = invalidate_periodic_summaries.org_id
    and s.period_start <= invalidate_periodic_summaries.period_end
    and s.period_end >= invalidate_periodic_summaries.period_start
    and s.invalidated_at is null;
  get diagnostics marked = row_count;
  return marked;
end
$$;

comment on function hidden.invalidate_periodic_summaries(org_id uuid, period_start date, period_end date) is 'The security-definer body of public.invalidate_periodic_summaries, where PostgREST does not expose it; public.invalidate_periodic_summaries (security invoker) calls it. Marks every summary of the organisation overlapping the period as invalidated; clients learn it on their next sync. Returns how many. Coordinators, admins, service role. Errors: 22004, 22023, 42501, BF005.';

revoke all on function hidden.invalidate_periodic_summaries(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function hidden.invalidate_periodic_summaries(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function hidden.invalidate_periodic_summaries(org_id uuid, period_start date, period_end date) to service_role;

-- db/src/hidden/list_held_activities.sql
create or replace function hidden.list_held_activities(org_id uuid, period_start date, period_end date) returns setof public.held_activity
    language plpgsql stable security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
-- Definer: counts every participant link of the entries, whoever registered them;
-- this body checks the caller (an approved coordinator or admin) first.
declare
  limits public.organisation_review_limits;
begin
  perform hidden.check_snapshot_key(org_id => list_held_activities.org_id, period_start => list_held_activities.period_start,
                                    period_end => list_held_activities.period_end);
  perform hidden.require_role(org_id => list_held_activities.org_id, roles => '{coordinator,admin}');
  if hidden.request_user_id() is null then
    raise exception 'permission denied: held entries are listed for coordinators and admins of the organisation' using errcode = '42501';
  end if;
  select l.* into limits from public.organisation_review_limits l where l.org_id = list_held_activities.org_id;
  if limits.org_id is null then
    return;
  end if;
  return query
  select h.*
  from (
    select a.org_id, a.id, a.activity_date, a.kind, a.registration_path, a.registered_by, a.duration_minutes,
           a.anonymous_participants, k.known,
           private.exceeded_review_limits(limits => limits, minutes => a.duration_minutes, anonymous => a.anonymous_participants,
                                          known_participants => k.known)::text[] as exceeded,
           a.review_confirmed_at, a.review_confirmed_by
    from public.activities a
    cross join lateral (
      select pg_catalog.count(*)::integer as known from public.activity_participants ap
      where ap.org_id = a.org_id and ap.activity_id = a.id) k
    where a.org_id = list_held_activities.org_id
      and a.activity_date between list_held_activities.period_start and list_held_activities.period_end
      and a.deleted_at is null and a.review_confirmed_at is null
  ) h
  where h.exceeded <> '{}'
  order by h.activity_date, h.id;
end
$$;

comment on function hidden.list_held_activities(org_id uuid, period_start date, period_end date) is 'The security-definer body of public.list_held_activities, where PostgREST does not expose it; public.list_held_activities (security invoker) calls it.';

revoke all on function hidden.list_held_activities(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function hidden.list_held_activities(org_id uuid, period_start date, period_end date) to authenticated;

-- db/src/hidden/list_member_names.sql
create or replace function hidden.list_member_names(org_id uuid) returns table(user_id uuid, display_name text, email text, role public.member_role)
    language plpgsql stable security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
begin
  if list_member_names.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(org_id => list_member_names.org_id);
  return query
    select m.user_id,
           coalesce(
             nullif(pg_catalog.btrim(u.raw_user_meta_data ->> 'full_name'), ''),
             nullif(pg_catalog.btrim(u.raw_user_meta_data ->> 'name'), ''),
             case when m.approval_status = 'revoked' then 'former member' else u.email::text end
           ),
           case when m.approval_status = 'revoked' then null else u.email::text end,
           m.role
    from public.members m
    join auth.users u on u.id = m.user_id
    where m.org_id = list_member_names.org_id
    order by 2, 3, 1;
end
$$;

comment on function hidden.list_member_names(org_id uuid) is 'The security-definer body of public.list_member_names, where PostgREST does not expose it; public.list_member_names (security invoker) calls it. The members of an organisation with a readable name each: user_id, display_name (full_name or name from the user''s metadata, else the e-mail), email and role. A revoked member''s row shows their name only: display_name from their metadata or ''former member'', email null. Any member of the organisation (the roster they may read already), or the service role. Errors: 22004, 42501.';

revoke all on function hidden.list_member_names(org_id uuid) from public, anon, authenticated, service_role;
grant execute on function hidden.list_member_names(org_id uuid) to authenticated;
grant execute on function hidden.list_member_names(org_id uuid) to service_role;

-- db/src/hidden/list_members.sql
create or replace function hidden.list_members(org_id uuid) returns setof public.membership
    language plpgsql stable security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
-- Definer: reads the members' e-mails and names from auth.users; the caller is
-- checked first (an approved member reads the roster the policies show them).
begin
  if list_members.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(org_id => list_members.org_id);
  return query
    select x.*
    from public.members m
    cross join lateral private.membership_of(org_id => m.org_id, user_id => m.user_id) x
    where m.org_id = list_members.org_id
    order by m.role desc, m.approval_status, m.user_id;
end
$$;

comment on function hidden.list_members(org_id uuid) is 'The security-definer body of public.list_members, where PostgREST does not expose it; public.list_members (security invoker) calls it.';

revoke all on function hidden.list_members(org_id uuid) from public, anon, authenticated, service_role;
grant execute on function hidden.list_members(org_id uuid) to authenticated;
grant execute on function hidden.list_members(org_id uuid) to service_role;

-- db/src/hidden/list_periodic_summaries_since.sql
create or replace function hidden.list_periodic_summaries_since(org_id uuid, since_cursor text default null::text, page_size integer default 500) returns table(cursor text, operation text, summary_id uuid, mentor_id uuid, period_type public.summary_period_type, period_start date, period_end date, summary_data jsonb, generated_at timestamp with time zone, updated_at timestamp with time zone, invalidated_at timestamp with time zone, version integer)
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  sees_all boolean;
begin
  if list_periodic_summaries_since.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(org_id => list_periodic_summaries_since.org_id);
  perform private.require_summaries_enabled(org_id => list_periodic_summaries_since.org_id);
  sees_all := hidden.is_service_role_request()
    or exists (select from hidden.caller_org_ids(roles => '{coordinator,admin}') o
               where o = list_periodic_summaries_since.org_id);
  return query select * from private.list_summary_changes(
    org_id => list_periodic_summaries_since.org_id, since_cursor => list_periodic_summaries_since.since_cursor,
    page_size => list_periodic_summaries_since.page_size,
    only_mentor => case when sees_all then null else (select auth.uid()) end);
end
$$;

comment on function hidden.list_periodic_summaries_since(org_id uuid, since_cursor text, page_size integer) is 'The security-definer body of public.list_periodic_summaries_since, where PostgREST does not expose it; public.list_periodic_summaries_since (security invoker) calls it. Delta sync: the summary changes after since_cursor (null for everything), oldest first, at most page_size (1..5000). Deletions arrive as tombstones (operation delete). Pass the last row''s cursor (the change id as text; an old "<xid>.<change id>" cursor is still accepted) to continue. Waits up to 1 s for running writers of the same organisation and raises BF010 (busy: keep the cursor, try again) while one still runs, so no change committed late is ever skipped; transactions elsewhere never delay it. Mentors see their own. Errors: 0A000 (isolation other than read committed), 22004, 22023, 42501, BF005, BF010.';

revoke all on function hidden.list_periodic_summaries_since(org_id uuid, since_cursor text, page_size integer) from public, anon, authenticated, service_role;
grant execute on function hidden.list_periodic_summaries_since(org_id uuid, since_cursor text, page_size integer) to authenticated;
grant execute on function hidden.list_periodic_summaries_since(org_id uuid, since_cursor text, page_size integer) to service_role;

-- db/src/hidden/metric_snapshot_status.sql
create or replace function hidden.metric_snapshot_status(org_id uuid, period_start date, period_end date) returns public.metric_snapshot_status
    language plpgsql stable security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  status public.metric_snapshot_status;
begin
  perform hidden.check_snapshot_key(org_id => metric_snapshot_status.org_id, period_start => metric_snapshot_status.period_start,
                                    period_end => metric_snapshot_status.period_end);
  perform hidden.require_role(org_id => metric_snapshot_status.org_id);
  status := private.snapshot_status(org_id => metric_snapshot_status.org_id, period_start => metric_snapshot_status.period_start,
                                    period_end => metric_snapshot_status.period_end);
  if not hidden.is_service_role_request()
     and not exists (select from hidden.caller_org_ids(roles => '{coordinator,admin}') o
                     where o = metric_snapshot_status.org_id) then
    status.record_count_now := null;
  end if;
  return status;
end
$$;

comment on function hidden.metric_snapshot_status(org_id uuid, period_start date, period_end date) is 'The security-definer body of public.metric_snapshot_status, where PostgREST does not expose it; public.metric_snapshot_status (security invoker) calls it. Whether the snapshot exists and is stale: older than 24 h, or anything the aggregation reads changed for the organisation and period since generation. Any member; record_count_now (the organisation''s live count) only for coordinators, admins and the service role, null for mentors. Errors: 22004, 22023, 42501.';

revoke all on function hidden.metric_snapshot_status(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function hidden.metric_snapshot_status(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function hidden.metric_snapshot_status(org_id uuid, period_start date, period_end date) to service_role;

-- db/src/hidden/refresh_metric_snapshot.sql
create or replace function hidden.refresh_metric_snapshot(org_id uuid, period_start date, period_end date) returns public.bufdir_metric_snapshots
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  generation pg_snapshot;
  figures jsonb;
begin
  perform hidden.check_snapshot_key(org_id => refresh_metric_snapshot.org_id, period_start => refresh_metric_snapshot.period_start,
                                    period_end => refresh_metric_snapshot.period_end);
  perform hidden.require_role(org_id => refresh_metric_snapshot.org_id, roles => '{coordinator,admin}');
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

-- db/src/hidden/save_metric_snapshot.sql
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

-- db/src/hidden/set_member_status.sql
create or replace function hidden.set_member_status(org_id uuid, user_id uuid, approval_status public.approval_status) returns public.membership
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
-- Definer: returns the member's e-mail and name from auth.users; the caller's
-- right over the target's role is checked before the update.
declare
  target public.members;
begin
  if set_member_status.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  elsif set_member_status.user_id is null then
    raise exception 'user_id must not be null' using errcode = '22004';
  elsif set_member_status.approval_status is null then
    raise exception 'approval_status must not be null' using errcode = '22004';
  elsif set_member_status.approval_status = 'pending' then
    raise exception 'approval_status must be approved or revoked (a membership starts pending)' using errcode = '22023';
  end if;
  perform hidden.require_role(org_id => set_member_status.org_id, roles => '{coordinator,admin}');
  if set_member_status.user_id = hidden.request_user_id() then
    raise exception 'permission denied: nobody approves or revokes their own membership' using errcode = '42501';
  end if;
  select m.* into target from public.members m
  where m.org_id = set_member_status.org_id and m.user_id = set_member_status.user_id
  for no key update;
  if target.user_id is null then
    raise exception 'no member % in organisation %', set_member_status.user_id, set_member_status.org_id using errcode = 'P0002';
  end if;
  if target.role <> 'peer_mentor' and not hidden.is_service_role_request()
     and not exists (select from hidden.caller_org_ids(roles => '{admin}') o where o = set_member_status.org_id) then
    raise exception 'permission denied: only an admin approves or revokes a % of organisation %', target.role, set_member_status.org_id
      using errcode = '42501';
  end if;
  -- An unchanged status writes nothing, so the figures do not turn stale for it.
  update public.members m set approval_status = set_member_status.approval_status
  where m.org_id = set_member_status.org_id and m.user_id = set_member_status.user_id
    and m.approval_status is distinct from set_member_status.approval_status;
  return private.membership_of(org_id => set_member_status.org_id, user_id => set_member_status.user_id);
end
$$;

comment on function hidden.set_member_status(org_id uuid, user_id uuid, approval_status public.approval_status) is 'The security-definer body of public.set_member_status, where PostgREST does not expose it; public.set_member_status (security invoker) calls it.';

revoke all on function hidden.set_member_status(org_id uuid, user_id uuid, approval_status public.approval_status) from public, anon, authenticated, service_role;
grant execute on function hidden.set_member_status(org_id uuid, user_id uuid, approval_status public.approval_status) to authenticated;
grant execute on function hidden.set_member_status(org_id uuid, user_id uuid, approval_status public.approval_status) to service_role;

-- db/src/hidden/set_review_limits.sql
create or replace function hidden.set_review_limits(org_id uuid, max_minutes_per_activity integer, max_anonymous_participants integer, max_known_participants integer) returns public.organisation_review_limits
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
-- Definer: API roles hold no write privilege on the table; this body checks the
-- caller (an approved admin of the organisation) first.
declare
  result public.organisation_review_limits;
begin
  if set_review_limits.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(org_id => set_review_limits.org_id, roles => '{admin}');
  if hidden.request_user_id() is null then
    raise exception 'permission denied: review limits are set by an admin of the organisation' using errcode = '42501';
  end if;
  if set_review_limits.max_minutes_per_activity not between 1 and 1440 then
    raise exception 'max_minutes_per_activity (%) must be between 1 and 1440, or null for no limit',
      set_review_limits.max_minutes_per_activity using errcode = '22023';
  elsif set_review_limits.max_anonymous_participants not between 0 and 100000 then
    raise exception 'max_anonymous_participants (%) must be between 0 and 100000, or null for no limit',
      set_review_limits.max_anonymous_participants using errcode = '22023';
  elsif set_review_limits.max_known_participants < 0 then
    raise exception 'max_known_participants (%) must not be negative, or null for no limit',
      set_review_limits.max_known_participants using errcode = '22023';
  end if;
  insert into public.organisation_review_limits as l
    (org_id, max_minutes_per_activity, max_anonymous_participants, max_known_participants, updated_by)
  values (set_review_limits.org_id, set_review_limits.max_minutes_per_activity,
          set_review_limits.max_anonymous_participants, set_review_limits.max_known_participants,
          hidden.request_user_id())
  on conflict on constraint organisation_review_limits_pkey do update
    set max_minutes_per_activity = excluded.max_minutes_per_activity,
        max_anonymous_participants = excluded.max_anonymous_participants,
        max_known_participants = excluded.max_known_participants,
        updated_by = excluded.updated_by
  returning l.* into result;
  return result;
end
$$;

comment on function hidden.set_review_limits(org_id uuid, max_minutes_per_activity integer, max_anonymous_participants integer, max_known_participants integer) is 'The security-definer body of public.set_review_limits, where PostgREST does not expose it; public.set_review_limits (security invoker) calls it.';

revoke all on function hidden.set_review_limits(org_id uuid, max_minutes_per_activity integer, max_anonymous_participants integer, max_known_participants integer) from public, anon, authenticated, service_role;
grant execute on function hidden.set_review_limits(org_id uuid, max_minutes_per_activity integer, max_anonymous_participants integer, max_known_participants integer) to authenticated;

-- db/src/hidden/set_summaries_enabled.sql
create or replace function hidden.set_summaries_enabled(org_id uuid, enabled boolean) returns void
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
begin
  if set_summaries_enabled.enabled is null then
    raise exception 'enabled must not be null' using errcode = '22004';
  end if;
  if set_summaries_enabled.org_id is null then
    if not hidden.is_service_role_request() then
      raise exception 'permission denied: only the service role switches summaries globally' using errcode = '42501';
    end if;
  else
    perform hidden.require_role(org_id => set_summaries_enabled.org_id, roles => '{admin}');
  end if;
  insert into private.summaries_switches as s (org_id, enabled)
  values (coalesce(set_summaries_enabled.org_id, '00000000-0000-0000-0000-000000000000'), set_summaries_enabled.enabled)
  on conflict on constraint summaries_switches_pkey do update set enabled = excluded.enabled, changed_at = now();
end
$$;

comment on function hidden.set_summaries_enabled(org_id uuid, enabled boolean) is 'The security-definer body of public.set_summaries_enabled, where PostgREST does not expose it; public.set_summaries_enabled (security invoker) calls it. Switches periodic summaries on or off for an organisation (its admins, service role) or, with org_id null, everywhere (service role). While off, the summary RPCs raise BF005 for API users.';

revoke all on function hidden.set_summaries_enabled(org_id uuid, enabled boolean) from public, anon, authenticated, service_role;
grant execute on function hidden.set_summaries_enabled(org_id uuid, enabled boolean) to authenticated;
grant execute on function hidden.set_summaries_enabled(org_id uuid, enabled boolean) to service_role;

-- db/src/hidden/verify_metric_snapshot.sql
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

-- db/src/private/check_activity_limits.sql
-- Per-activity limits (minutes, anonymous participants) and, when an entry comes
-- back from a soft delete, its known participants.
create or replace function private.check_activity_limits() returns trigger
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
-- Definer: the known-participant count of a restored entry counts every link,
-- also those the caller cannot read.
declare
  ids uuid[];
  org_ids uuid[];
  days date[];
  minutes integer[];
  anonymous integer[];
  minutes_grew boolean[];
  anonymous_grew boolean[];
  restored boolean[];
  bad record;
begin
  -- Each branch names only the transition tables its event has. Only live rows
  -- whose checked values are new or larger can break a limit.
  if tg_op = 'INSERT' then
    select array_agg(n.id), array_agg(n.org_id), array_agg(n.activity_date), array_agg(n.duration_minutes),
           array_agg(n.anonymous_participants), array_agg(true), array_agg(true), array_agg(false)
    into ids, org_ids, days, minutes, anonymous, minutes_grew, anonymous_grew, restored
    from new_rows n
    where n.deleted_at is null;
  else
    select array_agg(c.id), array_agg(c.org_id), array_agg(c.activity_date), array_agg(c.duration_minutes),
           array_agg(c.anonymous_participants), array_agg(c.is_new or c.duration_minutes > c.old_minutes),
           array_agg(c.is_new or c.anonymous_participants > c.old_anonymous), array_agg(c.is_new)
    into ids, org_ids, days, minutes, anonymous, minutes_grew, anonymous_grew, restored
    from (
      select n.id, n.org_id, n.activity_date, n.duration_minutes, n.anonymous_participants,
             o.id is null or o.deleted_at is not null as is_new,
             o.duration_minutes as old_minutes, o.anonymous_participants as old_anonymous
      from new_rows n
      left join old_rows o on o.org_id = n.org_id and o.id = n.id
      where n.deleted_at is null
    ) c
    where c.is_new or c.duration_minutes > c.old_minutes or c.anonymous_participants > c.old_anonymous;
  end if;
  if ids is null then
    return null;
  end if;
  with changed as (
    select * from unnest(ids, org_ids, days, minutes, anonymous, minutes_grew, anonymous_grew, restored)
      c(id, org_id, day, minutes, anonymous, minutes_grew, anonymous_grew, restored)
  ), rules as materialized (
    select d.day, r.version, r.max_minutes_per_activity, r.max_anonymous_participants, r.max_known_participants
    from (select distinct c.day from changed c) d
    cross join lateral hidden.rules_in_force(on_date => d.day) r
  ), verdicts as (
    select c.id, c.minutes, c.anonymous, r.version, r.max_minutes_per_activity, r.max_anonymous_participants,
           r.max_known_participants,
           c.minutes_grew and c.minutes > r.max_minutes_per_activity as too_long,
           c.anonymous_grew and c.anonymous > r.max_anonymous_participants as too_many_anonymous,
           c.restored and (select pg_catalog.count(*) from public.activity_participants ap
                           where ap.org_id = c.org_id and ap.activity_id = c.id) > r.max_known_participants as too_many_known
    from changed c
    join rules r on r.day = c.day
  )
  select * into bad from verdicts v
  where v.too_long or v.too_many_anonymous or v.too_many_known
  limit 1;
  if bad.too_long then
    raise exception 'duration_minutes (%) exceeds the limit of % minutes per activity (max_minutes_per_activity, rules %)',
      bad.minutes, bad.max_minutes_per_activity, bad.version using errcode = '22023';
  elsif bad.too_many_anonymous then
    raise exception 'anonymous_participants (%) exceeds the limit of % per activity (max_anonymous_participants, rules %)',
      bad.anonymous, bad.max_anonymous_participants, bad.version using errcode = '22023';
  elsif bad.too_many_known then
    raise exception 'activity % has more known participants than the limit of % (max_known_participants, rules %): it cannot be restored',
      bad.id, bad.max_known_participants, bad.version using errcode = '22023';
  end if;
  return null;
end
$$;

comment on function private.check_activity_limits() is 'Statement trigger on activities (insert, update): refuses (22023) a live entry whose minutes or anonymous participants exceed the limits of the rules in force on its date, when the entry is new, restored, or the value grew; a restored entry is also held to the known-participant limit.';

revoke all on function private.check_activity_limits() from public, anon, authenticated, service_role;

-- db/src/private/check_known_participant_limit.sql
-- Known participants per activity, on every link insert.
create or replace function private.check_known_participant_limit() returns trigger
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
-- Definer: counts every link of the activity, also those the caller cannot read,
-- and locks the activity row as its owner.
declare
  bad record;
begin
  -- Serialise concurrent link writers of one activity: the count below is then
  -- taken after the other writer committed.
  perform from public.activities a
  where (a.org_id, a.id) in (select distinct n.org_id, n.activity_id from new_rows n)
    and a.deleted_at is null
  order by a.org_id, a.id
  for no key update;
  with touched as (
    select a.org_id, a.id, a.activity_date
    from public.activities a
    where (a.org_id, a.id) in (select distinct n.org_id, n.activity_id from new_rows n)
      and a.deleted_at is null
  ), days as materialized (
    select d.day, r.version, r.max_known_participants
    from (select distinct t.activity_date as day from touched t) d
    cross join lateral hidden.rules_in_force(on_date => d.day) r
  ), known as (
    -- One grouped count over the touched activities' links (an index range each
    -- for a few, one hashed pass for a bulk load).
    select ap.org_id, ap.activity_id, pg_catalog.count(*) as known
    from public.activity_participants ap
    where (ap.org_id, ap.activity_id) in (select t.org_id, t.id from touched t)
    group by ap.org_id, ap.activity_id
  )
  select t.id, d.version, d.max_known_participants, k.known
  into bad
  from touched t
  join days d on d.day = t.activity_date
  join known k on k.org_id = t.org_id and k.activity_id = t.id
  where k.known > d.max_known_participants
  limit 1;
  if bad.id is not null then
    raise exception 'activity % would have % known participants, more than the limit of % (max_known_participants, rules %)',
      bad.id, bad.known, bad.max_known_participants, bad.version using errcode = '22023';
  end if;
  return null;
end
$$;

comment on function private.check_known_participant_limit() is 'Statement trigger on activity_participants (insert): refuses (22023) links that give a live activity more known participants than the rules in force on its date allow.';

revoke all on function private.check_known_participant_limit() from public, anon, authenticated, service_role;

-- db/src/private/check_mentor_day_changes.sql
create or replace function private.check_mentor_day_changes() returns trigger
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
-- Definer: reads every mentor link of the changed activities.
declare
  org_ids uuid[];
  mentor_ids uuid[];
  days date[];
begin
  select array_agg(am.org_id), array_agg(am.mentor_id), array_agg(c.activity_date)
  into org_ids, mentor_ids, days
  from (
    select n.org_id, n.id, n.activity_date
    from new_rows n
    left join old_rows o on o.org_id = n.org_id and o.id = n.id
    where n.deleted_at is null
      and (o.id is null or o.deleted_at is not null or o.activity_date <> n.activity_date
           or n.duration_minutes > o.duration_minutes)
  ) c
  join public.activity_mentors am on am.org_id = c.org_id and am.activity_id = c.id;
  perform private.check_mentor_days(org_ids => org_ids, mentor_ids => mentor_ids, days => days);
  return null;
end
$$;

comment on function private.check_mentor_day_changes() is 'Statement trigger on activities (update): an entry moved, lengthened or restored must keep each of its mentors within their mentor-day limit (private.check_mentor_days); other updates are not checked.';

revoke all on function private.check_mentor_day_changes() from public, anon, authenticated, service_role;

-- db/src/private/check_mentor_day_links.sql
create or replace function private.check_mentor_day_links() returns trigger
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
-- Definer: reads the linked activities whether or not the caller may read them.
declare
  org_ids uuid[];
  mentor_ids uuid[];
  days date[];
begin
  select array_agg(n.org_id), array_agg(n.mentor_id), array_agg(a.activity_date)
  into org_ids, mentor_ids, days
  from (select distinct n.org_id, n.activity_id, n.mentor_id from new_rows n) n
  join public.activities a on a.org_id = n.org_id and a.id = n.activity_id
  where a.deleted_at is null;
  perform private.check_mentor_days(org_ids => org_ids, mentor_ids => mentor_ids, days => days);
  return null;
end
$$;

comment on function private.check_mentor_day_links() is 'Statement trigger on activity_mentors (insert): the mentors named anew must stay within their mentor-day limit (private.check_mentor_days).';

revoke all on function private.check_mentor_day_links() from public, anon, authenticated, service_role;

-- db/src/private/check_mentor_days.sql
-- Minutes per mentor-day: on a new mentor link, and when an activity's date or
-- minutes grow or it comes back from a soft delete.
create or replace function private.check_mentor_days(org_ids uuid[], mentor_ids uuid[], days date[]) returns void
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
-- Definer: sums every live activity naming the mentor, also those the caller
-- cannot read, and takes the private per-mentor lock.
declare
  bad record;
begin
  if org_ids is null then
    return;
  end if;
  perform private.lock_mentors(org_ids => org_ids, mentor_ids => mentor_ids);
  -- After the lock, in a statement of its own: its snapshot sees what the
  -- writers we waited for committed. A few mentor-days (a registration, an
  -- edit) are summed one by one, each an index lookup of the organisation's
  -- entries that day or of the mentor's links, whichever the planner finds
  -- smaller; a bulk load sums all touched mentor-days in one grouped join.
  if pg_catalog.cardinality(org_ids) <= 1000 then
    with touched as (
      select distinct t.org_id, t.mentor_id, t.day from unnest(org_ids, mentor_ids, days) t(org_id, mentor_id, day)
    ), rules as materialized (
      select d.day, r.version, r.max_minutes_per_mentor_day
      from (select distinct t.day from touched t) d
      cross join lateral hidden.rules_in_force(on_date => d.day) r
    )
    select t.org_id, t.mentor_id, t.day, r.version, r.max_minutes_per_mentor_day, s.minutes
    into bad
    from touched t
    join rules r on r.day = t.day
    cross join lateral (
      select pg_catalog.sum(a.duration_minutes) as minutes
      from public.activity_mentors am
      join public.activities a on a.org_id = am.org_id and a.id = am.activity_id
      where am.org_id = t.org_id and am.mentor_id = t.mentor_id
        and a.activity_date = t.day and a.deleted_at is null
    ) s
    where s.minutes > r.max_minutes_per_mentor_day
    limit 1;
  else
    with touched as (
      select distinct t.org_id, t.mentor_id, t.day from unnest(org_ids, mentor_ids, days) t(org_id, mentor_id, day)
    ), rules as materialized (
      select d.day, r.version, r.max_minutes_per_mentor_day
      from (select distinct t.day from touched t) d
      cross join lateral hidden.rules_in_force(on_date => d.day) r
    ), sums as (
      select am.org_id, am.mentor_id, a.activity_date as day, pg_catalog.sum(a.duration_minutes) as minutes
      from public.activity_mentors am
      join public.activities a on a.org_id = am.org_id and a.id = am.activity_id
      where a.deleted_at is null
        and (am.org_id, am.mentor_id) in (select distinct t.org_id, t.mentor_id from touched t)
        and a.activity_date in (select r.day from rules r)
      group by am.org_id, am.mentor_id, a.activity_date
    )
    select t.org_id, t.mentor_id, t.day, r.version, r.max_minutes_per_mentor_day, s.minutes
    into bad
    from touched t
    join rules r on r.day = t.day
    join sums s on s.org_id = t.org_id and s.mentor_id = t.mentor_id and s.day = t.day
    where s.minutes > r.max_minutes_per_mentor_day
    limit 1;
  end if;
  if bad.mentor_id is not null then
    raise exception 'mentor % would have % minutes of activities on %, more than the limit of % per mentor-day (max_minutes_per_mentor_day, rules %)',
      bad.mentor_id, bad.minutes, bad.day, bad.max_minutes_per_mentor_day, bad.version using errcode = '22023';
  end if;
end
$$;

comment on function private.check_mentor_days(org_ids uuid[], mentor_ids uuid[], days date[]) is 'Under the private per-(organisation, mentor) lock, refuses (22023) when any of the given (organisation, mentor, day) triples has live activities summing to more minutes than the rules in force that day allow (max_minutes_per_mentor_day). Called by the mentor-day triggers.';

revoke all on function private.check_mentor_days(org_ids uuid[], mentor_ids uuid[], days date[]) from public, anon, authenticated, service_role;

-- db/src/private/generate_summaries.sql
-- Computes and upserts the organisation-wide summary and one per mentor who
-- took part in an activity of the period or already has a summary of it, all
-- from one run of the aggregation. Regeneration clears invalidation and bumps
-- the version.
create or replace function private.generate_summaries(org_id uuid, period_type public.summary_period_type, period_start date) returns setof public.periodic_summaries
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  period_end date := private.summary_period_end(period_type => generate_summaries.period_type,
                                                period_start => generate_summaries.period_start);
begin
  perform hidden.check_snapshot_key(org_id => generate_summaries.org_id, period_start => generate_summaries.period_start,
                                    period_end => period_end);
  return query
  insert into public.periodic_summaries as s (org_id, mentor_id, period_type, period_start, period_end, summary_data)
  select generate_summaries.org_id, f.mentor_id, generate_summaries.period_type, generate_summaries.period_start, period_end, f.figures
  from private.aggregate_figures(
    org_id => generate_summaries.org_id, period_start => generate_summaries.period_start, period_end => period_end,
    every_mentor => true,
    -- A mentor whose activities were all removed since keeps a summary, now of
    -- zeros, rather than stale figures no sync would ever correct.
    mentor_ids => array(select s.mentor_id from public.periodic_summaries s
          where s.org_id = generate_summaries.org_id and s.period_type = generate_summaries.period_type
            and s.period_start = generate_summaries.period_start and s.mentor_id is not null)) f
  order by f.mentor_id nulls first
  on conflict on constraint periodic_summaries_period_key do update
    set summary_data = excluded.summary_data,
        updated_at = now(),
        invalidated_at = null,
        version = s.version + 1
  returning s.*;
end
$$;

comment on function private.generate_summaries(org_id uuid, period_type public.summary_period_type, period_start date) is 'Upserts the organisation-wide and per-mentor summaries of one period from one run of the aggregation.';

revoke all on function private.generate_summaries(org_id uuid, period_type public.summary_period_type, period_start date) from public, anon, authenticated, service_role;

-- db/src/private/list_summary_changes.sql
create or replace function private.list_summary_changes(org_id uuid, since_cursor text, page_size integer, only_mentor uuid) returns table(cursor text, operation text, summary_id uuid, mentor_id uuid, period_type public.summary_period_type, period_start date, period_end date, summary_data jsonb, generated_at timestamp with time zone, updated_at timestamp with time zone, invalidated_at timestamp with time zone, version integer)
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  own_first_change bigint;
begin
  -- Under repeatable read the snapshot predates the wait and could miss a commit.
  if pg_catalog.current_setting('transaction_isolation') <> 'read committed' then
    raise exception 'delta sync needs read committed isolation, not %', pg_catalog.current_setting('transaction_isolation')
      using errcode = '0A000';
  end if;
  -- Checks the arguments before waiting (a read of nothing).
  perform from private.summary_changes_after(
    org_id => list_summary_changes.org_id, since_cursor => list_summary_changes.since_cursor,
    page_size => list_summary_changes.page_size, only_mentor => list_summary_changes.only_mentor, below_change => 0);
  if not private.await_summary_writers(org_id => list_summary_changes.org_id) then
    -- A writer of this organisation is still running: nothing is final beyond
    -- the cursor yet. Busy, not "no changes": the caller keeps its cursor and
    -- everything it holds, and asks again.
    raise exception 'summary sync is busy: a writer of the organisation''s summaries is still running'
      using errcode = 'BF010', hint = 'Keep the cursor and the mirror as they are, and try again shortly.';
  end if;
  -- The caller's own transaction may have written changes that could still roll
  -- back: list only what lies below them.
  select min(c.change_id) into own_first_change
  from private.summary_changes c
  where c.org_id = list_summary_changes.org_id and c.writer_xid = pg_catalog.pg_current_xact_id_if_assigned();
  return query select * from private.summary_changes_after(
    org_id => list_summary_changes.org_id, since_cursor => list_summary_changes.since_cursor,
    page_size => list_summary_changes.page_size, only_mentor => list_summary_changes.only_mentor,
    below_change => own_first_change);
end
$$;

comment on function private.list_summary_changes(org_id uuid, since_cursor text, page_size integer, only_mentor uuid) is 'Delta sync''s read: waits up to 1 s for the organisation''s running summary writers, then lists the changes after the cursor (none of the caller''s own transaction). Errors: 0A000 outside read committed, 22023, BF010 when a writer still runs after the wait.';

revoke all on function private.list_summary_changes(org_id uuid, since_cursor text, page_size integer, only_mentor uuid) from public, anon, authenticated, service_role;

-- db/src/private/record_activity_changes.sql
-- Security definer: the API roles write activities but may not write these tables.
create or replace function private.record_activity_changes() returns trigger
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
begin
  -- Each branch names only the transition tables its event has.
  if tg_op = 'INSERT' then
    perform private.add_day_changes(org_ids => array_agg(n.org_id), days => array_agg(n.activity_date),
      deltas => array_agg(case when n.deleted_at is null then 1 else 0 end)) from new_rows n;
  elsif tg_op = 'DELETE' then
    perform private.add_day_changes(org_ids => array_agg(o.org_id), days => array_agg(o.activity_date),
      deltas => array_agg(case when o.deleted_at is null then -1 else 0 end)) from old_rows o;
  else
    perform private.add_day_changes(org_ids => array_agg(c.org_id), days => array_agg(c.day), deltas => array_agg(c.delta))
    from (
      select n.org_id, n.activity_date as day, case when n.deleted_at is null then 1 else 0 end as delta from new_rows n
      union all
      select o.org_id, o.activity_date, case when o.deleted_at is null then -1 else 0 end from old_rows o
    ) c;
  end if;
  return null;
end
$$;

comment on function private.record_activity_changes() is 'Statement trigger on activities: adjusts live counts and marks every touched (organisation, day) as changed.';

revoke all on function private.record_activity_changes() from public, anon, authenticated, service_role;

-- db/src/private/record_activity_link_changes.sql
-- Mentors and participants change what an activity counts as: mark its day.
create or replace function private.record_activity_link_changes() returns trigger
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  org_ids uuid[];
  activity_ids uuid[];
begin
  if tg_op = 'INSERT' then
    select array_agg(n.org_id), array_agg(n.activity_id) into org_ids, activity_ids from new_rows n;
  else
    select array_agg(o.org_id), array_agg(o.activity_id) into org_ids, activity_ids from old_rows o;
  end if;
  -- Links removed together with their activity find no activity: its own trigger marked the day.
  perform private.add_day_changes(org_ids => array_agg(a.org_id), days => array_agg(a.activity_date), deltas => array_agg(0))
  from (select distinct l.org_id, l.activity_id from unnest(org_ids, activity_ids) l(org_id, activity_id)) l
  join public.activities a on a.org_id = l.org_id and a.id = l.activity_id;
  return null;
end
$$;

comment on function private.record_activity_link_changes() is 'Statement trigger on activity_mentors and activity_participants: marks the day of every touched activity as changed.';

revoke all on function private.record_activity_link_changes() from public, anon, authenticated, service_role;

-- db/src/private/record_summary_changes.sql
create or replace function private.record_summary_changes() returns trigger
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
begin
  -- The organisations' horizons first, in shared mode and held to commit: the
  -- sync reader waits for them, so no change id it has not seen can still commit.
  if tg_op = 'DELETE' then
    perform private.share_summary_horizons(org_ids => array(select distinct r.org_id from old_rows r));
    insert into private.summary_changes (org_id, summary_id, mentor_id, operation)
    select o.org_id, o.id, o.mentor_id, 'delete' from old_rows o order by o.org_id, o.id;
  else
    perform private.share_summary_horizons(org_ids => array(select distinct r.org_id from new_rows r));
    insert into private.summary_changes (org_id, summary_id, mentor_id, operation)
    select n.org_id, n.id, n.mentor_id, 'upsert' from new_rows n order by n.org_id, n.id;

    insert into public.summary_push_outbox (org_id, event, mentor_id, period_type, period_start, version)
    select n.org_id, case when n.invalidated_at is null then 'generated' else 'invalidated' end,
           n.mentor_id, n.period_type, n.period_start, n.version
    from new_rows n order by n.org_id, n.id;
  end if;
  return null;
end
$$;

comment on function private.record_summary_changes() is 'Statement trigger on periodic_summaries: takes each organisation''s sync horizon in shared mode (held to commit, at most a 5 s wait), appends to the change log and queues push events (which announce themselves).';

revoke all on function private.record_summary_changes() from public, anon, authenticated, service_role;

-- db/src/private/run_summary_job_for.sql
create or replace function private.run_summary_job_for(org_id uuid, as_of date, lock_wait_ms integer default 30000) returns integer
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  ended date := run_summary_job_for.as_of - 1;
  generated integer := 0;
  added integer;
  kind public.summary_period_type;
  first_day date;
  code text;
  reason text;
begin
  if run_summary_job_for.org_id is null or run_summary_job_for.as_of is null or run_summary_job_for.lock_wait_ms is null then
    raise exception 'org_id, as_of and lock_wait_ms must not be null' using errcode = '22004';
  end if;
  if run_summary_job_for.lock_wait_ms < 1 then
    raise exception 'lock_wait_ms must be at least 1' using errcode = '22023';
  end if;
  begin
    -- Transaction-local: the driver commits after each organisation.
    perform pg_catalog.set_config('lock_timeout', run_summary_job_for.lock_wait_ms::text, true);
    foreach kind in array enum_range(null::public.summary_period_type) loop
      first_day := case kind
        when 'month' then date_trunc('month', ended)::date
        when 'quarter' then date_trunc('quarter', ended)::date
        when 'half_year' then make_date(extract(year from ended)::int, case when extract(month from ended) <= 6 then 1 else 7 end, 1)
        else date_trunc('year', ended)::date end;
      if private.summary_period_end(period_type => kind, period_start => first_day) = ended then
        select count(*) into added from private.generate_summaries(org_id => run_summary_job_for.org_id, period_type => kind,
            period_start => first_day);
        generated := generated + added;
      end if;
    end loop;
    return generated;
  exception when others then
    -- Everything of this organisation's run is rolled back with the block.
    -- (A cancellation, 57014, is not among "others": it ends the caller's
    -- command, and the driver records it.)
    get stacked diagnostics code = returned_sqlstate, reason = message_text;
    perform private.record_summary_job_failure(org_id => run_summary_job_for.org_id, as_of => run_summary_job_for.as_of,
                                               period_type => kind, period_start => first_day, sqlstate => code,
                                               message => reason);
    return null;
  end;
end
$$;

comment on function private.run_summary_job_for(org_id uuid, as_of date, lock_wait_ms integer) is 'One organisation''s share of the scheduled job: generates the summaries of every period type that ended the day before as_of, waiting at most lock_wait_ms for any lock. Returns how many summaries were written, or null when it failed: then nothing of it is kept and public.summary_job_failures has a row (written by private.record_summary_job_failure) saying which period and why. A cancellation (57014, e.g. the caller''s statement_timeout) is not caught: it ends the caller''s transaction, and the caller records it. Errors (of the arguments only): 22004, 22023.';

revoke all on function private.run_summary_job_for(org_id uuid, as_of date, lock_wait_ms integer) from public, anon, authenticated, service_role;

-- db/src/public/add_contact.sql
create or replace function public.add_contact(org_id uuid, full_name text, birth_year integer default null::integer, phone text default null::text, email text default null::text, municipality_code text default null::text, municipality_code_version text default null::text) returns public.contacts
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
    as $_$
declare
  added public.contacts;
begin
  if add_contact.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  elsif add_contact.full_name is null then
    raise exception 'full_name must not be null' using errcode = '22004';
  end if;
  -- An approved member or a pending mentor; 42501 for anyone else and for the
  -- service role (a contact is registered by a user).
  perform hidden.caller_membership(org_id => add_contact.org_id);
  if pg_catalog.length(pg_catalog.btrim(add_contact.full_name)) not between 1 and 200 then
    raise exception 'full_name must be 1 to 200 characters besides surrounding spaces' using errcode = '22023';
  elsif add_contact.birth_year not between 1900 and 2100 then
    raise exception 'birth_year (%) must be between 1900 and 2100', add_contact.birth_year using errcode = '22023';
  elsif pg_catalog.length(add_contact.phone) > 40 then
    raise exception 'phone must be at most 40 characters' using errcode = '22023';
  elsif pg_catalog.length(add_contact.email) > 320 then
    raise exception 'email must be at most 320 characters' using errcode = '22023';
  elsif add_contact.municipality_code !~ '^[0-9]{4}$' or add_contact.municipality_code_version !~ '^[0-9]{4}$'
        or (add_contact.municipality_code is null) <> (add_contact.municipality_code_version is null) then
    raise exception 'municipality_code and municipality_code_version must be given together, four digits each' using errcode = '22023';
  end if;
  insert into public.contacts as c (org_id, full_name, birth_year, phone, email, municipality_code, municipality_code_version, created_by)
  values (add_contact.org_id, pg_catalog.btrim(add_contact.full_name), add_contact.birth_year, add_contact.phone, add_contact.email,
          add_contact.municipality_code, add_contact.municipality_code_version, hidden.request_user_id())
  returning c.* into added;
  return added;
end
$_$;

comment on function public.add_contact(org_id uuid, full_name text, birth_year integer, phone text, email text, municipality_code text, municipality_code_version text) is 'Registers a contact (a person mentors meet) as the calling member; row-level security applies (approved members and pending mentors). Errors: 22004, 22023 (a blank or over-long name, a birth year outside 1900-2100, an over-long phone or e-mail, a municipality code without its four-digit version or the reverse), 42501 (not a member, revoked, a pending coordinator or admin, the service role).';

revoke all on function public.add_contact(org_id uuid, full_name text, birth_year integer, phone text, email text, municipality_code text, municipality_code_version text) from public, anon, authenticated, service_role;
grant execute on function public.add_contact(org_id uuid, full_name text, birth_year integer, phone text, email text, municipality_code text, municipality_code_version text) to authenticated;

-- db/src/public/add_member.sql
create or replace function public.add_member(org_id uuid, email text, role public.member_role) returns public.membership
    language sql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select hidden.add_member(org_id => add_member.org_id, email => add_member.email, role => add_member.role)
$$;

comment on function public.add_member(org_id uuid, email text, role public.member_role) is 'Adds the existing user of an e-mail address to the organisation with a role, pending approval. Admins add any role, coordinators peer mentors; the service role any. Errors: 22004, 23505 (a member already), 42501, P0002 (no such organisation, or no user with that e-mail).';

revoke all on function public.add_member(org_id uuid, email text, role public.member_role) from public, anon, authenticated, service_role;
grant execute on function public.add_member(org_id uuid, email text, role public.member_role) to authenticated;
grant execute on function public.add_member(org_id uuid, email text, role public.member_role) to service_role;

-- db/src/public/add_mentor_active_period.sql
create or replace function public.add_mentor_active_period(org_id uuid, mentor_id uuid, active_from date, active_to date default null::date) returns public.mentor_active_periods
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  mentor_role public.member_role;
  overlapping public.mentor_active_periods;
  added public.mentor_active_periods;
begin
  if add_mentor_active_period.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  elsif add_mentor_active_period.mentor_id is null then
    raise exception 'mentor_id must not be null' using errcode = '22004';
  elsif add_mentor_active_period.active_from is null then
    raise exception 'active_from must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(org_id => add_mentor_active_period.org_id, roles => '{coordinator,admin}');
  if add_mentor_active_period.active_from not between '2000-01-01'
       and pg_catalog.make_date(pg_catalog.date_part('year', current_date)::integer + 1, 12, 31)
     or add_mentor_active_period.active_to not between '2000-01-01'
       and pg_catalog.make_date(pg_catalog.date_part('year', current_date)::integer + 1, 12, 31) then
    raise exception 'active_from and active_to must lie between 2000-01-01 and the end of next year' using errcode = '22023';
  elsif add_mentor_active_period.active_to < add_mentor_active_period.active_from then
    raise exception 'active_to (%) must not be before active_from (%)', add_mentor_active_period.active_to,
      add_mentor_active_period.active_from using errcode = '22023';
  end if;
  select m.role into mentor_role from public.members m
  where m.org_id = add_mentor_active_period.org_id and m.user_id = add_mentor_active_period.mentor_id;
  if mentor_role is null then
    raise exception 'mentor_id % is not a member of organisation %', add_mentor_active_period.mentor_id,
      add_mentor_active_period.org_id using errcode = '23503';
  elsif mentor_role <> 'peer_mentor' then
    raise exception 'mentor_id % is a % of organisation %, not a peer mentor', add_mentor_active_period.mentor_id, mentor_role,
      add_mentor_active_period.org_id using errcode = '22023';
  end if;
  select p.* into overlapping from public.mentor_active_periods p
  where p.org_id = add_mentor_active_period.org_id and p.mentor_id = add_mentor_active_period.mentor_id
    and daterange(p.active_from, p.active_to, '[]')
        && daterange(add_mentor_active_period.active_from, add_mentor_active_period.active_to, '[]')
  limit 1;
  if overlapping.id is not null then
    raise exception 'the mentor is active from % to % already: a period may not overlap another', overlapping.active_from,
      coalesce(overlapping.active_to::text, 'open end') using errcode = '22023';
  end if;
  insert into public.mentor_active_periods as p (org_id, mentor_id, active_from, active_to)
  values (add_mentor_active_period.org_id, add_mentor_active_period.mentor_id, add_mentor_active_period.active_from,
          add_mentor_active_period.active_to)
  returning p.* into added;
  return added;
end
$$;

comment on function public.add_mentor_active_period(org_id uuid, mentor_id uuid, active_from date, active_to date) is 'Records a period (inclusive; open-ended when active_to is null) in which a peer mentor is active; Bufdir counts only active, approved mentors, and the organisation''s figures turn stale. Coordinators and admins of the organisation, the service role; row-level security applies. Errors: 22004, 22023 (a date out of range, an end before the start, not a peer mentor, an overlap with another period), 23503 (not a member), 42501.';

revoke all on function public.add_mentor_active_period(org_id uuid, mentor_id uuid, active_from date, active_to date) from public, anon, authenticated, service_role;
grant execute on function public.add_mentor_active_period(org_id uuid, mentor_id uuid, active_from date, active_to date) to authenticated;
grant execute on function public.add_mentor_active_period(org_id uuid, mentor_id uuid, active_from date, active_to date) to service_role;

-- db/src/public/compute_bufdir_metrics.sql
create or replace function public.compute_bufdir_metrics(org_id uuid, period_start date, period_end date) returns jsonb
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select hidden.compute_bufdir_metrics(org_id => compute_bufdir_metrics.org_id,
                                       period_start => compute_bufdir_metrics.period_start,
                                       period_end => compute_bufdir_metrics.period_end)
$$;

comment on function public.compute_bufdir_metrics(org_id uuid, period_start date, period_end date) is 'Computes (without saving) the Bufdir figures of an organisation for an inclusive period. Coordinators, admins and the service role. Errors: 22004, 22023, 42501.';

revoke all on function public.compute_bufdir_metrics(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function public.compute_bufdir_metrics(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function public.compute_bufdir_metrics(org_id uuid, period_start date, period_end date) to service_role;

-- db/src/public/confirm_activity.sql
create or replace function public.confirm_activity(org_id uuid, activity_id uuid) returns public.held_activity
    language sql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select hidden.confirm_activity(org_id => confirm_activity.org_id, activity_id => confirm_activity.activity_id)
$$;

comment on function public.confirm_activity(org_id uuid, activity_id uuid) is 'Confirms a live activity that exceeds its organisation''s review limits, so it counts again; coordinators and admins of the organisation. A later change of its counted values or participants clears the confirmation. Errors: 22004, 22023 (it exceeds no limit), 42501, P0002 (missing or deleted).';

revoke all on function public.confirm_activity(org_id uuid, activity_id uuid) from public, anon, authenticated, service_role;
grant execute on function public.confirm_activity(org_id uuid, activity_id uuid) to authenticated;

-- db/src/public/count_entries_by_verdict.sql
create or replace function public.count_entries_by_verdict(org_id uuid, period_start date, period_end date) returns table(verdict public.entry_verdict, entries bigint)
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select v.verdict, coalesce(c.entries, 0)
  from unnest(enum_range(null::public.entry_verdict)) v(verdict)
  left join (
    select e.verdict, count(*) as entries
    from hidden.explain_entries(org_id => count_entries_by_verdict.org_id, period_start => count_entries_by_verdict.period_start,
                                period_end => count_entries_by_verdict.period_end, only_activity => null) e
    group by e.verdict
  ) c on c.verdict = v.verdict
  order by v.verdict
$$;

comment on function public.count_entries_by_verdict(org_id uuid, period_start date, period_end date) is 'How many entries of an inclusive period the caller may read have each verdict (every verdict listed, zeros included, in the enum''s order): the "not counted, by reason" table. Members and the service role. Errors: 22004, 22023 (the period), 42501, P0002 (no rules in force).';

revoke all on function public.count_entries_by_verdict(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function public.count_entries_by_verdict(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function public.count_entries_by_verdict(org_id uuid, period_start date, period_end date) to service_role;

-- db/src/public/create_organisation.sql
create or replace function public.create_organisation(name text, admin_email text) returns public.organisations
    language sql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select hidden.create_organisation(name => create_organisation.name, admin_email => create_organisation.admin_email)
$$;

comment on function public.create_organisation(name text, admin_email text) is 'Creates an organisation with the existing user of admin_email as its first, approved admin. The service role only. Errors: 22004, 22023 (a blank or over-long name), 23505 (an organisation of that name, in any case, exists), 42501, P0002 (no user with that e-mail).';

revoke all on function public.create_organisation(name text, admin_email text) from public, anon, authenticated, service_role;
grant execute on function public.create_organisation(name text, admin_email text) to service_role;

-- db/src/public/delete_activity.sql
create or replace function public.delete_activity(org_id uuid, activity_id uuid) returns public.activity_registration
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  caller uuid := (select hidden.request_user_id());
  caller_role public.member_role := hidden.caller_membership(org_id => delete_activity.org_id);
  existing public.activity_registration;
begin
  if delete_activity.activity_id is null then
    raise exception 'activity_id must not be null' using errcode = '22004';
  end if;
  existing := hidden.activity_registration(org_id => delete_activity.org_id, activity_id => delete_activity.activity_id);
  if existing.id is null or existing.deleted_at is not null then
    raise exception 'no activity % in organisation %', delete_activity.activity_id, delete_activity.org_id using errcode = 'P0002';
  end if;
  if caller_role = 'peer_mentor' and (existing.registered_by <> caller or existing.registration_path <> 'direct') then
    raise exception 'permission denied: mentors delete only the direct entries they registered' using errcode = '42501';
  end if;
  update public.activities a set deleted_at = pg_catalog.now()
  where a.org_id = delete_activity.org_id and a.id = delete_activity.activity_id;
  return hidden.activity_registration(org_id => delete_activity.org_id, activity_id => delete_activity.activity_id);
end
$$;

comment on function public.delete_activity(org_id uuid, activity_id uuid) is 'Soft-deletes a live activity (kept, never counted again) and returns it. Mentors their own direct entries; coordinators and admins any. Errors: 22004, 42501, P0002 (missing, already deleted or unreadable).';

revoke all on function public.delete_activity(org_id uuid, activity_id uuid) from public, anon, authenticated, service_role;
grant execute on function public.delete_activity(org_id uuid, activity_id uuid) to authenticated;
grant execute on function public.delete_activity(org_id uuid, activity_id uuid) to service_role;

-- db/src/public/delete_metric_snapshot.sql
-- Security invoker: the delete policy decides, so a mentor is refused by RLS itself.
create or replace function public.delete_metric_snapshot(org_id uuid, period_start date, period_end date) returns void
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  deleted integer;
begin
  perform hidden.check_snapshot_key(org_id => delete_metric_snapshot.org_id, period_start => delete_metric_snapshot.period_start,
                                    period_end => delete_metric_snapshot.period_end);
  perform hidden.require_role(org_id => delete_metric_snapshot.org_id);
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

comment on function public.delete_metric_snapshot(org_id uuid, period_start date, period_end date) is 'Deletes the snapshot of an organisation and period. Coordinators, admins, service role (enforced by RLS). Errors: 22004, 22023, 42501, P0002 (no such snapshot).';

revoke all on function public.delete_metric_snapshot(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function public.delete_metric_snapshot(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function public.delete_metric_snapshot(org_id uuid, period_start date, period_end date) to service_role;

-- db/src/public/edit_activity.sql
create or replace function public.edit_activity(org_id uuid, activity_id uuid, kind public.activity_kind, activity_date date, duration_minutes integer, mentor_ids uuid[], participant_ids uuid[] default '{}'::uuid[], anonymous_participants integer default 0, municipality_code text default null::text, municipality_code_version text default null::text, in_norway boolean default true) returns public.activity_registration
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  caller uuid := (select hidden.request_user_id());
  caller_role public.member_role := hidden.caller_membership(org_id => edit_activity.org_id);
  existing public.activity_registration;
  mentors uuid[] := array(select distinct m from pg_catalog.unnest(edit_activity.mentor_ids) m);
  participants uuid[] := array(select distinct p from pg_catalog.unnest(edit_activity.participant_ids) p);
  added_mentors uuid[];
begin
  if edit_activity.activity_id is null then
    raise exception 'activity_id must not be null' using errcode = '22004';
  end if;
  existing := hidden.activity_registration(org_id => edit_activity.org_id, activity_id => edit_activity.activity_id);
  -- One answer for missing, deleted and unreadable: no oracle.
  if existing.id is null or existing.deleted_at is not null then
    raise exception 'no activity % in organisation %', edit_activity.activity_id, edit_activity.org_id using errcode = 'P0002';
  end if;
  if caller_role = 'peer_mentor' and (existing.registered_by <> caller or existing.registration_path <> 'direct') then
    raise exception 'permission denied: mentors edit only the direct entries they registered' using errcode = '42501';
  end if;
  perform hidden.check_activity_fields(
    kind => edit_activity.kind, activity_date => edit_activity.activity_date,
    duration_minutes => edit_activity.duration_minutes,
    anonymous_participants => edit_activity.anonymous_participants,
    municipality_code => edit_activity.municipality_code,
    municipality_code_version => edit_activity.municipality_code_version,
    in_norway => edit_activity.in_norway, mentor_ids => edit_activity.mentor_ids,
    participant_ids => edit_activity.participant_ids);
  added_mentors := array(select m from pg_catalog.unnest(mentors) m where m <> all (existing.mentor_ids));
  -- Who may name whom: a mentor adds nobody but themselves (coordinators add co-mentors).
  if caller_role = 'peer_mentor' and added_mentors <> '{}' and added_mentors <> array[caller] then
    raise exception 'permission denied: a mentor may add only themselves as a mentor' using errcode = '42501';
  end if;
  if existing.registration_path = 'direct' and existing.registered_by <> all (mentors) then
    raise exception 'mentor_ids must keep % : a direct entry names the mentor who registered it', existing.registered_by
      using errcode = '22023';
  end if;
  -- Links already there stay allowed; new ones are checked as in a registration.
  perform hidden.check_activity_links(
    org_id => edit_activity.org_id, new_mentor_ids => added_mentors,
    new_participant_ids => array(select p from pg_catalog.unnest(participants) p where p <> all (existing.participant_ids)));

  update public.activities a
  set kind = edit_activity.kind,
      activity_date = edit_activity.activity_date,
      duration_minutes = edit_activity.duration_minutes,
      anonymous_participants = edit_activity.anonymous_participants,
      municipality_code = edit_activity.municipality_code,
      municipality_code_version = edit_activity.municipality_code_version,
      in_norway = edit_activity.in_norway
  where a.org_id = edit_activity.org_id and a.id = edit_activity.activity_id;
  delete from public.activity_mentors am
  where am.org_id = edit_activity.org_id and am.activity_id = edit_activity.activity_id and am.mentor_id <> all (mentors);
  insert into public.activity_mentors (org_id, activity_id, mentor_id)
  select edit_activity.org_id, edit_activity.activity_id, m from pg_catalog.unnest(added_mentors) m;
  delete from public.activity_participants ap
  where ap.org_id = edit_activity.org_id and ap.activity_id = edit_activity.activity_id and ap.contact_id <> all (participants);
  insert into public.activity_participants (org_id, activity_id, contact_id)
  select edit_activity.org_id, edit_activity.activity_id, p
  from pg_catalog.unnest(participants) p where p <> all (existing.participant_ids);
  return hidden.activity_registration(org_id => edit_activity.org_id, activity_id => edit_activity.activity_id);
end
$$;

comment on function public.edit_activity(org_id uuid, activity_id uuid, kind public.activity_kind, activity_date date, duration_minutes integer, mentor_ids uuid[], participant_ids uuid[], anonymous_participants integer, municipality_code text, municipality_code_version text, in_norway boolean) is 'Replaces a live activity''s fields, mentors and participants, atomically, and returns it. Mentors edit their own direct entries and add no mentor but themselves; coordinators and admins edit any. Errors: 22004, 22023, 42501, 23503, P0002 (missing, deleted or unreadable).';

revoke all on function public.edit_activity(org_id uuid, activity_id uuid, kind public.activity_kind, activity_date date, duration_minutes integer, mentor_ids uuid[], participant_ids uuid[], anonymous_participants integer, municipality_code text, municipality_code_version text, in_norway boolean) from public, anon, authenticated, service_role;
grant execute on function public.edit_activity(org_id uuid, activity_id uuid, kind public.activity_kind, activity_date date, duration_minutes integer, mentor_ids uuid[], participant_ids uuid[], anonymous_participants integer, municipality_code text, municipality_code_version text, in_norway boolean) to authenticated;
grant execute on function public.edit_activity(org_id uuid, activity_id uuid, kind public.activity_kind, activity_date date, duration_minutes integer, mentor_ids uuid[], participant_ids uuid[], anonymous_participants integer, municipality_code text, municipality_code_version text, in_norway boolean) to service_role;

-- db/src/public/end_mentor_active_period.sql
create or replace function public.end_mentor_active_period(org_id uuid, period_id uuid, active_to date) returns public.mentor_active_periods
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  target public.mentor_active_periods;
  overlapping public.mentor_active_periods;
  ended public.mentor_active_periods;
begin
  if end_mentor_active_period.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  elsif end_mentor_active_period.period_id is null then
    raise exception 'period_id must not be null' using errcode = '22004';
  elsif end_mentor_active_period.active_to is null then
    raise exception 'active_to must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(org_id => end_mentor_active_period.org_id, roles => '{coordinator,admin}');
  select p.* into target from public.mentor_active_periods p
  where p.org_id = end_mentor_active_period.org_id and p.id = end_mentor_active_period.period_id
  for update;
  if target.id is null then
    raise exception 'no active period % in organisation %', end_mentor_active_period.period_id, end_mentor_active_period.org_id
      using errcode = 'P0002';
  elsif end_mentor_active_period.active_to < target.active_from then
    raise exception 'active_to (%) must not be before the period''s start (%)', end_mentor_active_period.active_to, target.active_from
      using errcode = '22023';
  elsif end_mentor_active_period.active_to > pg_catalog.make_date(pg_catalog.date_part('year', current_date)::integer + 1, 12, 31) then
    raise exception 'active_to must not be after the end of next year' using errcode = '22023';
  end if;
  select p.* into overlapping from public.mentor_active_periods p
  where p.org_id = target.org_id and p.mentor_id = target.mentor_id and p.id <> target.id
    and daterange(p.active_from, p.active_to, '[]') && daterange(target.active_from, end_mentor_active_period.active_to, '[]')
  limit 1;
  if overlapping.id is not null then
    raise exception 'the mentor is active from % to % already: a period may not overlap another', overlapping.active_from,
      coalesce(overlapping.active_to::text, 'open end') using errcode = '22023';
  end if;
  update public.mentor_active_periods p set active_to = end_mentor_active_period.active_to
  where p.org_id = target.org_id and p.id = target.id
  returning p.* into ended;
  return ended;
end
$$;

comment on function public.end_mentor_active_period(org_id uuid, period_id uuid, active_to date) is 'Sets the last active day of a mentor''s period (ending an open one, or moving a set end); the organisation''s figures turn stale. Coordinators and admins of the organisation, the service role; row-level security applies. Errors: 22004, 22023 (an end before the start or after next year, an overlap with another period), 42501, P0002 (no such period).';

revoke all on function public.end_mentor_active_period(org_id uuid, period_id uuid, active_to date) from public, anon, authenticated, service_role;
grant execute on function public.end_mentor_active_period(org_id uuid, period_id uuid, active_to date) to authenticated;
grant execute on function public.end_mentor_active_period(org_id uuid, period_id uuid, active_to date) to service_role;

-- db/src/public/explain_activities.sql
create or replace function public.explain_activities(org_id uuid, period_start date, period_end date) returns setof public.activity_verdict
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select * from hidden.explain_entries(org_id => explain_activities.org_id, period_start => explain_activities.period_start,
                                       period_end => explain_activities.period_end, only_activity => null)
$$;

comment on function public.explain_activities(org_id uuid, period_start date, period_end date) is 'Each entry of an inclusive period the caller may read (soft-deleted ones too, where readable), by date and registration: whether it counts and the counting rule that decided it, classified as the figures of that period classify it (the rules in force on period_start). Members and the service role. Errors: 22004, 22023 (the period), 42501, P0002 (no rules in force).';

revoke all on function public.explain_activities(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function public.explain_activities(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function public.explain_activities(org_id uuid, period_start date, period_end date) to service_role;

-- db/src/public/explain_activity.sql
create or replace function public.explain_activity(org_id uuid, activity_id uuid) returns public.activity_verdict
    language plpgsql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  explained public.activity_verdict;
  activity_day date;
begin
  if explain_activity.org_id is null or explain_activity.activity_id is null then
    raise exception '% must not be null', case when explain_activity.org_id is null then 'org_id' else 'activity_id' end
      using errcode = '22004';
  end if;
  -- Its date as the caller may read it (row-level security): an activity they
  -- cannot read is missing.
  select a.activity_date into activity_day from public.activities a
  where a.org_id = explain_activity.org_id and a.id = explain_activity.activity_id;
  if activity_day is not null then
    select * into explained
    from hidden.explain_entries(org_id => explain_activity.org_id, period_start => activity_day, period_end => activity_day,
                                only_activity => explain_activity.activity_id);
  end if;
  if explained.activity_id is null then
    -- A member is told only that it is missing; a non-member is refused.
    if not hidden.is_service_role_request() then
      perform hidden.caller_membership(org_id => explain_activity.org_id);
    end if;
    raise exception 'no activity % the caller may read in organisation %', explain_activity.activity_id, explain_activity.org_id
      using errcode = 'P0002';
  end if;
  return explained;
end
$$;

comment on function public.explain_activity(org_id uuid, activity_id uuid) is 'One activity the caller may read: whether it counts and the counting rule that decided it (its own day classified under the rules in force on its date). Members and the service role. Errors: 22004, 42501 (not a member), P0002 (missing or unreadable, or no rules in force).';

revoke all on function public.explain_activity(org_id uuid, activity_id uuid) from public, anon, authenticated, service_role;
grant execute on function public.explain_activity(org_id uuid, activity_id uuid) to authenticated;
grant execute on function public.explain_activity(org_id uuid, activity_id uuid) to service_role;

-- db/src/public/export_bufdir_report.sql
create or replace function public.export_bufdir_report(org_id uuid, period_start date, period_end date, refresh boolean default false) returns public.bufdir_export_audit_log
    language sql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select * from hidden.export_bufdir_report(org_id => export_bufdir_report.org_id,
                                            period_start => export_bufdir_report.period_start,
    period_end => export_bufdir_report.period_end, refresh => export_bufdir_report.refresh)
$$;

comment on function public.export_bufdir_report(org_id uuid, period_start date, period_end date, refresh boolean) is 'Exports the snapshot: writes an audit row and returns it with the payload. With refresh => true, first computes the figures and saves them as the snapshot, all in one transaction (never stale, never starved by edits). Otherwise exports the saved snapshot only when it is fresh and verified. Coordinators, admins, service role. Errors: 22004, 22023, 42501, BF002 (no snapshot), BF003 (stale), BF004 (differs from a recomputation); the last three only without refresh.';

revoke all on function public.export_bufdir_report(org_id uuid, period_start date, period_end date, refresh boolean) from public, anon, authenticated, service_role;
grant execute on function public.export_bufdir_report(org_id uuid, period_start date, period_end date, refresh boolean) to authenticated;
grant execute on function public.export_bufdir_report(org_id uuid, period_start date, period_end date, refresh boolean) to service_role;

-- db/src/public/generate_periodic_summaries.sql
create or replace function public.generate_periodic_summaries(org_id uuid, period_type public.summary_period_type, period_start date) returns setof public.periodic_summaries
    language sql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select * from hidden.generate_periodic_summaries(org_id => generate_periodic_summaries.org_id,
                                                   period_type => generate_periodic_summaries.period_type,
                                                   period_start => generate_periodic_summaries.period_start)
$$;

comment on function public.generate_periodic_summaries(org_id uuid, period_type public.summary_period_type, period_start date) is 'Generates the organisation-wide and per-mentor summaries of a period (month, quarter, half_year, year starting at period_start). Coordinators, admins, service role. Errors: 22004, 22023, 42501, BF005.';

revoke all on function public.generate_periodic_summaries(org_id uuid, period_type public.summary_period_type, period_start date) from public, anon, authenticated, service_role;
grant execute on function public.generate_periodic_summaries(org_id uuid, period_type public.summary_period_type, period_start date) to authenticated;
grant execute on function public.generate_periodic_summaries(org_id uuid, period_type public.summary_period_type, period_start date) to service_role;

-- db/src/public/get_metric_snapshot.sql
create or replace function public.get_metric_snapshot(org_id uuid, period_start date, period_end date) returns setof public.bufdir_metric_snapshots
    language plpgsql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
begin
  perform hidden.check_snapshot_key(org_id => get_metric_snapshot.org_id, period_start => get_metric_snapshot.period_start,
                                    period_end => get_metric_snapshot.period_end);
  perform hidden.require_role(org_id => get_metric_snapshot.org_id);
  -- One lookup on the unique index; never aggregates.
  return query
    select s.* from public.bufdir_metric_snapshots s
    where s.org_id = get_metric_snapshot.org_id
      and s.period_start = get_metric_snapshot.period_start
      and s.period_end = get_metric_snapshot.period_end;
end
$$;

comment on function public.get_metric_snapshot(org_id uuid, period_start date, period_end date) is 'The cached snapshot for an organisation and inclusive period: zero or one row. Any member. Errors: 22004, 22023, 42501.';

revoke all on function public.get_metric_snapshot(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function public.get_metric_snapshot(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function public.get_metric_snapshot(org_id uuid, period_start date, period_end date) to service_role;

-- db/src/public/invalidate_periodic_summaries.sql
create or replace function public.invalidate_periodic_summaries(org_id uuid, period_start date, period_end date) returns integer
    language sql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select hidden.invalidate_periodic_summaries(org_id => invalidate_periodic_summaries.org_id,
                                              period_start => invalidate_periodic_summaries.period_start,
                                              period_end => invalidate_periodic_summaries.period_end)
$$;

comment on function public.invalidate_periodic_summaries(org_id uuid, period_start date, period_end date) is 'Marks every summary of the organisation overlapping the period as invalidated; clients learn it on their next sync. Returns how many. Coordinators, admins, service role. Errors: 22004, 22023, 42501, BF005.';

revoke all on function public.invalidate_periodic_summaries(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function public.invalidate_periodic_summaries(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function public.invalidate_periodic_summaries(org_id uuid, period_start date, period_end date) to service_role;

-- db/src/public/list_activities.sql
create or replace function public.list_activities(org_id uuid, period_start date, period_end date) returns setof public.activity_registration
    language plpgsql stable
    set search_path to 'pg_catalog', 'pg_temp'
    set jit to 'off'
    as $$
-- Planner settings: measured (db/README.md, "Measured and tuned").
begin
  perform hidden.check_snapshot_key(org_id => list_activities.org_id, period_start => list_activities.period_start,
                                    period_end => list_activities.period_end);
  if current_user <> 'service_role' then
    perform hidden.caller_membership(org_id => list_activities.org_id);
  end if;
  return query
  with period as materialized (
    select a.org_id, a.id, a.kind, a.activity_date, a.duration_minutes, a.anonymous_participants,
           a.municipality_code, a.municipality_code_version, a.in_norway, a.registration_path,
           a.registered_by, a.created_at, a.updated_at, a.deleted_at
    from public.activities a
    where a.org_id = list_activities.org_id
      and a.activity_date between list_activities.period_start and list_activities.period_end
      and a.deleted_at is null
  ),
  mentors as (
    select p.id, pg_catalog.array_agg(am.mentor_id order by am.mentor_id) as ids
    from period p
    join public.activity_mentors am on am.org_id = p.org_id and am.activity_id = p.id
    group by p.id
  ),
  participants as (
    select p.id, pg_catalog.array_agg(ap.contact_id order by ap.contact_id) as ids
    from period p
    join public.activity_participants ap on ap.org_id = p.org_id and ap.activity_id = p.id
    group by p.id
  )
  select p.org_id, p.id, p.kind, p.activity_date, p.duration_minutes, p.anonymous_participants,
         p.municipality_code, p.municipality_code_version, p.in_norway, p.registration_path,
         p.registered_by, p.created_at, p.updated_at, p.deleted_at,
         coalesce(m.ids, '{}'::uuid[]), coalesce(pa.ids, '{}'::uuid[])
  from period p
  left join mentors m on m.id = p.id
  left join participants pa on pa.id = p.id
  order by p.activity_date, p.created_at, p.id;
end
$$;

comment on function public.list_activities(org_id uuid, period_start date, period_end date) is 'The live activities of an organisation in an inclusive period that the caller may read (mentors: those they took part in or registered), with sorted mentor and participant ids, in one set-based query under row-level security. Members and the service role. Errors: 22004, 22023, 42501.';

revoke all on function public.list_activities(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function public.list_activities(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function public.list_activities(org_id uuid, period_start date, period_end date) to service_role;

-- db/src/public/list_contacts.sql
create or replace function public.list_contacts(org_id uuid) returns setof public.contacts
    language plpgsql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
begin
  if list_contacts.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  if not hidden.is_service_role_request() then
    perform hidden.caller_membership(org_id => list_contacts.org_id);
  end if;
  -- Row-level security decides which contacts: coordinators and admins all,
  -- mentors the ones they registered or met.
  return query
    select c.* from public.contacts c
    where c.org_id = list_contacts.org_id and c.deleted_at is null
    order by pg_catalog.lower(c.full_name), c.id;
end
$$;

comment on function public.list_contacts(org_id uuid) is 'The live contacts of the organisation the caller may read, by name: coordinators, admins and the service role all; an approved mentor those they registered or met; a pending mentor those they registered. Errors: 22004, 42501.';

revoke all on function public.list_contacts(org_id uuid) from public, anon, authenticated, service_role;
grant execute on function public.list_contacts(org_id uuid) to authenticated;
grant execute on function public.list_contacts(org_id uuid) to service_role;

-- db/src/public/list_held_activities.sql
create or replace function public.list_held_activities(org_id uuid, period_start date, period_end date) returns setof public.held_activity
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select * from hidden.list_held_activities(org_id => list_held_activities.org_id,
                                            period_start => list_held_activities.period_start,
                                            period_end => list_held_activities.period_end)
$$;

comment on function public.list_held_activities(org_id uuid, period_start date, period_end date) is 'The live, unconfirmed activities of the period that exceed the organisation''s review limits, with the limits each exceeds, by date; coordinators and admins of the organisation. Errors: 22004, 22023 (the period), 42501.';

revoke all on function public.list_held_activities(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function public.list_held_activities(org_id uuid, period_start date, period_end date) to authenticated;

-- db/src/public/list_member_names.sql
create or replace function public.list_member_names(org_id uuid) returns table(user_id uuid, display_name text, email text, role public.member_role)
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select * from hidden.list_member_names(org_id => list_member_names.org_id)
$$;

comment on function public.list_member_names(org_id uuid) is 'The members of an organisation with a readable name each: user_id, display_name (full_name or name from the user''s metadata, else the e-mail), email and role; a revoked member''s row shows their name only (display_name from their metadata or ''former member'', email null). Any member of the organisation (the roster they may read already), or the service role. Errors: 22004, 42501.';

revoke all on function public.list_member_names(org_id uuid) from public, anon, authenticated, service_role;
grant execute on function public.list_member_names(org_id uuid) to authenticated;
grant execute on function public.list_member_names(org_id uuid) to service_role;

-- db/src/public/list_members.sql
create or replace function public.list_members(org_id uuid) returns setof public.membership
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select * from hidden.list_members(org_id => list_members.org_id)
$$;

comment on function public.list_members(org_id uuid) is 'The organisation''s members with e-mail, display name, role and approval status (admins first, then coordinators, then mentors); a revoked member''s e-mail is null. Approved members (the roster they may read already) and the service role. Errors: 22004, 42501.';

revoke all on function public.list_members(org_id uuid) from public, anon, authenticated, service_role;
grant execute on function public.list_members(org_id uuid) to authenticated;
grant execute on function public.list_members(org_id uuid) to service_role;

-- db/src/public/list_mentor_active_periods.sql
create or replace function public.list_mentor_active_periods(org_id uuid) returns setof public.mentor_active_periods
    language plpgsql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
begin
  if list_mentor_active_periods.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(org_id => list_mentor_active_periods.org_id);
  -- Row-level security decides: coordinators and admins read every period, a mentor their own.
  return query
    select p.* from public.mentor_active_periods p
    where p.org_id = list_mentor_active_periods.org_id
    order by p.mentor_id, p.active_from;
end
$$;

comment on function public.list_mentor_active_periods(org_id uuid) is 'The active periods of the organisation''s mentors the caller may read (coordinators, admins and the service role all; an approved mentor their own), by mentor and start. Errors: 22004, 42501.';

revoke all on function public.list_mentor_active_periods(org_id uuid) from public, anon, authenticated, service_role;
grant execute on function public.list_mentor_active_periods(org_id uuid) to authenticated;
grant execute on function public.list_mentor_active_periods(org_id uuid) to service_role;

-- db/src/public/list_periodic_summaries_since.sql
create or replace function public.list_periodic_summaries_since(org_id uuid, since_cursor text default null::text, page_size integer default 500) returns table(cursor text, operation text, summary_id uuid, mentor_id uuid, period_type public.summary_period_type, period_start date, period_end date, summary_data jsonb, generated_at timestamp with time zone, updated_at timestamp with time zone, invalidated_at timestamp with time zone, version integer)
    language sql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select * from hidden.list_periodic_summaries_since(org_id => list_periodic_summaries_since.org_id,
                                                     since_cursor => list_periodic_summaries_since.since_cursor,
                                                     page_size => list_periodic_summaries_since.page_size)
$$;

comment on function public.list_periodic_summaries_since(org_id uuid, since_cursor text, page_size integer) is 'Delta sync: the summary changes after since_cursor (null for everything), oldest first, at most page_size (1..5000). Deletions arrive as tombstones (operation delete). Pass the last row''s cursor (the change id as text; an old "<xid>.<change id>" cursor is still accepted) to continue. Waits up to 1 s for running writers of the same organisation and raises BF010 (busy: keep the cursor, try again) while one still runs, so no change committed late is ever skipped; transactions elsewhere never delay it. Mentors see their own. Errors: 0A000 (isolation other than read committed), 22004, 22023, 42501, BF005, BF010.';

revoke all on function public.list_periodic_summaries_since(org_id uuid, since_cursor text, page_size integer) from public, anon, authenticated, service_role;
grant execute on function public.list_periodic_summaries_since(org_id uuid, since_cursor text, page_size integer) to authenticated;
grant execute on function public.list_periodic_summaries_since(org_id uuid, since_cursor text, page_size integer) to service_role;

-- db/src/public/refresh_metric_snapshot.sql
create or replace function public.refresh_metric_snapshot(org_id uuid, period_start date, period_end date) returns public.bufdir_metric_snapshots
    language sql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select * from hidden.refresh_metric_snapshot(org_id => refresh_metric_snapshot.org_id,
                                               period_start => refresh_metric_snapshot.period_start,
                                               period_end => refresh_metric_snapshot.period_end)
$$;

comment on function public.refresh_metric_snapshot(org_id uuid, period_start date, period_end date) is 'Computes and saves the figures in one transaction: the recommended path, raw data never leaves the database. Coordinators, admins, service role. Errors: 22004, 22023, 42501.';

revoke all on function public.refresh_metric_snapshot(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function public.refresh_metric_snapshot(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function public.refresh_metric_snapshot(org_id uuid, period_start date, period_end date) to service_role;

-- db/src/public/register_activity.sql
create or replace function public.register_activity(org_id uuid, registration_path public.registration_path, kind public.activity_kind, activity_date date, duration_minutes integer, mentor_ids uuid[], participant_ids uuid[] default '{}'::uuid[], anonymous_participants integer default 0, municipality_code text default null::text, municipality_code_version text default null::text, in_norway boolean default true) returns public.activity_registration
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  caller uuid := (select hidden.request_user_id());
  caller_role public.member_role := hidden.caller_membership(org_id => register_activity.org_id);
  mentors uuid[] := array(select distinct m from pg_catalog.unnest(register_activity.mentor_ids) m);
  participants uuid[] := array(select distinct p from pg_catalog.unnest(register_activity.participant_ids) p);
  new_id uuid;
begin
  if register_activity.registration_path is null then
    raise exception 'registration_path must not be null' using errcode = '22004';
  end if;
  perform hidden.check_activity_fields(
    kind => register_activity.kind, activity_date => register_activity.activity_date,
    duration_minutes => register_activity.duration_minutes,
    anonymous_participants => register_activity.anonymous_participants,
    municipality_code => register_activity.municipality_code,
    municipality_code_version => register_activity.municipality_code_version,
    in_norway => register_activity.in_norway, mentor_ids => register_activity.mentor_ids,
    participant_ids => register_activity.participant_ids);
  if register_activity.registration_path = 'direct' then
    if caller_role <> 'peer_mentor' then
      raise exception 'permission denied: direct entries are registered by peer mentors; coordinators and admins register proxy or bulk entries'
        using errcode = '42501';
    end if;
    -- Who may name whom: in their own entry a mentor names only themselves.
    if mentors <> array[caller] then
      raise exception 'permission denied: in a direct entry the registering mentor is the only mentor they may name'
        using errcode = '42501';
    end if;
  elsif caller_role not in ('coordinator', 'admin') then
    raise exception 'permission denied: % entries are registered by coordinators and admins', register_activity.registration_path
      using errcode = '42501';
  end if;
  perform hidden.check_activity_links(org_id => register_activity.org_id, new_mentor_ids => mentors,
                                      new_participant_ids => participants);

  insert into public.activities as a
    (org_id, kind, activity_date, duration_minutes, anonymous_participants, municipality_code,
     municipality_code_version, in_norway, registration_path, registered_by)
  values (register_activity.org_id, register_activity.kind, register_activity.activity_date,
          register_activity.duration_minutes, register_activity.anonymous_participants,
          register_activity.municipality_code, register_activity.municipality_code_version,
          register_activity.in_norway, register_activity.registration_path, caller)
  returning a.id into new_id;
  insert into public.activity_mentors (org_id, activity_id, mentor_id)
  select register_activity.org_id, new_id, m from pg_catalog.unnest(mentors) m;
  insert into public.activity_participants (org_id, activity_id, contact_id)
  select register_activity.org_id, new_id, p from pg_catalog.unnest(participants) p;
  return hidden.activity_registration(org_id => register_activity.org_id, activity_id => new_id);
end
$$;

comment on function public.register_activity(org_id uuid, registration_path public.registration_path, kind public.activity_kind, activity_date date, duration_minutes integer, mentor_ids uuid[], participant_ids uuid[], anonymous_participants integer, municipality_code text, municipality_code_version text, in_norway boolean) is 'Registers one activity with its mentors and known participants, atomically, as the calling member, and returns it. direct: peer mentors, naming only themselves; proxy and bulk: coordinators and admins. Errors: 22004, 22023, 42501, 23503 (a mentor who is not a member, a contact that does not exist or the caller cannot read).';

revoke all on function public.register_activity(org_id uuid, registration_path public.registration_path, kind public.activity_kind, activity_date date, duration_minutes integer, mentor_ids uuid[], participant_ids uuid[], anonymous_participants integer, municipality_code text, municipality_code_version text, in_norway boolean) from public, anon, authenticated, service_role;
grant execute on function public.register_activity(org_id uuid, registration_path public.registration_path, kind public.activity_kind, activity_date date, duration_minutes integer, mentor_ids uuid[], participant_ids uuid[], anonymous_participants integer, municipality_code text, municipality_code_version text, in_norway boolean) to authenticated;
grant execute on function public.register_activity(org_id uuid, registration_path public.registration_path, kind public.activity_kind, activity_date date, duration_minutes integer, mentor_ids uuid[], participant_ids uuid[], anonymous_participants integer, municipality_code text, municipality_code_version text, in_norway boolean) to service_role;

-- db/src/public/save_metric_snapshot.sql
create or replace function public.save_metric_snapshot(org_id uuid, period_start date, period_end date, snapshot_json jsonb) returns public.bufdir_metric_snapshots
    language sql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select * from hidden.save_metric_snapshot(org_id => save_metric_snapshot.org_id,
                                            period_start => save_metric_snapshot.period_start,
                                            period_end => save_metric_snapshot.period_end,
                                            snapshot_json => save_metric_snapshot.snapshot_json)
$$;

comment on function public.save_metric_snapshot(org_id uuid, period_start date, period_end date, snapshot_json jsonb) is 'Idempotently saves figures for an organisation and inclusive period (one row per key). Coordinators, admins, service role. Errors: 22004, 22023, 42501, BF001 (allow-list).';

revoke all on function public.save_metric_snapshot(org_id uuid, period_start date, period_end date, snapshot_json jsonb) from public, anon, authenticated, service_role;
grant execute on function public.save_metric_snapshot(org_id uuid, period_start date, period_end date, snapshot_json jsonb) to authenticated;
grant execute on function public.save_metric_snapshot(org_id uuid, period_start date, period_end date, snapshot_json jsonb) to service_role;

-- db/src/public/set_member_status.sql
create or replace function public.set_member_status(org_id uuid, user_id uuid, approval_status public.approval_status) returns public.membership
    language sql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select hidden.set_member_status(org_id => set_member_status.org_id, user_id => set_member_status.user_id,
                                  approval_status => set_member_status.approval_status)
$$;

comment on function public.set_member_status(org_id uuid, user_id uuid, approval_status public.approval_status) is 'Approves or revokes a membership (approved again after a revocation reinstates it). Admins any member, coordinators peer mentors; nobody their own; the service role any. The organisation''s figures turn stale when the status changes. Errors: 22004, 22023 (pending), 42501, P0002 (not a member).';

revoke all on function public.set_member_status(org_id uuid, user_id uuid, approval_status public.approval_status) from public, anon, authenticated, service_role;
grant execute on function public.set_member_status(org_id uuid, user_id uuid, approval_status public.approval_status) to authenticated;
grant execute on function public.set_member_status(org_id uuid, user_id uuid, approval_status public.approval_status) to service_role;

-- db/src/public/set_review_limits.sql
create or replace function public.set_review_limits(org_id uuid, max_minutes_per_activity integer default null::integer, max_anonymous_participants integer default null::integer, max_known_participants integer default null::integer) returns public.organisation_review_limits
    language sql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select hidden.set_review_limits(org_id => set_review_limits.org_id,
                                  max_minutes_per_activity => set_review_limits.max_minutes_per_activity,
                                  max_anonymous_participants => set_review_limits.max_anonymous_participants,
                                  max_known_participants => set_review_limits.max_known_participants)
$$;

comment on function public.set_review_limits(org_id uuid, max_minutes_per_activity integer, max_anonymous_participants integer, max_known_participants integer) is 'Sets the organisation''s review limits (null: no limit), replacing all three; admins of the organisation only. Entries above a limit are held out of the figures until confirmed; the organisation''s figures become stale. Errors: 22004, 22023, 42501.';

revoke all on function public.set_review_limits(org_id uuid, max_minutes_per_activity integer, max_anonymous_participants integer, max_known_participants integer) from public, anon, authenticated, service_role;
grant execute on function public.set_review_limits(org_id uuid, max_minutes_per_activity integer, max_anonymous_participants integer, max_known_participants integer) to authenticated;

-- db/src/public/set_summaries_enabled.sql
create or replace function public.set_summaries_enabled(org_id uuid, enabled boolean) returns void
    language sql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select hidden.set_summaries_enabled(org_id => set_summaries_enabled.org_id, enabled => set_summaries_enabled.enabled)
$$;

comment on function public.set_summaries_enabled(org_id uuid, enabled boolean) is 'Switches periodic summaries on or off for an organisation (its admins, service role) or, with org_id null, everywhere (service role). While off, the summary RPCs raise BF005 for API users.';

revoke all on function public.set_summaries_enabled(org_id uuid, enabled boolean) from public, anon, authenticated, service_role;
grant execute on function public.set_summaries_enabled(org_id uuid, enabled boolean) to authenticated;
grant execute on function public.set_summaries_enabled(org_id uuid, enabled boolean) to service_role;

-- db/src/public/verify_metric_snapshot.sql
create or replace function public.verify_metric_snapshot(org_id uuid, period_start date, period_end date) returns table(figure text, persisted_value jsonb, recomputed_value jsonb)
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select * from hidden.verify_metric_snapshot(org_id => verify_metric_snapshot.org_id,
                                              period_start => verify_metric_snapshot.period_start,
                                              period_end => verify_metric_snapshot.period_end)
$$;

comment on function public.verify_metric_snapshot(org_id uuid, period_start date, period_end date) is 'Recomputes the figures and lists every one that differs from the persisted snapshot (none when it is sound). Coordinators, admins, service role. Errors: 22004, 22023, 42501, P0002.';

revoke all on function public.verify_metric_snapshot(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function public.verify_metric_snapshot(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function public.verify_metric_snapshot(org_id uuid, period_start date, period_end date) to service_role;

-- db/src/public/activity_mentors.policies.sql
drop policy if exists delete_editors on public.activity_mentors;
create policy delete_editors on public.activity_mentors for delete to authenticated using ((exists ( select
   from public.activities a
  where ((a.org_id = activity_mentors.org_id) and (a.id = activity_mentors.activity_id) and (not ((a.registration_path = 'direct'::public.registration_path) and (a.registered_by = activity_mentors.mentor_id))) and ((a.org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids)) or ((a.registered_by = ( select hidden.request_user_id() as request_user_id)) and (a.registration_path = 'direct'::public.registration_path) and (a.deleted_at is null)))))));

comment on policy delete_editors on public.activity_mentors is 'Whoever may edit the activity removes its mentors; a mentor only while the entry is live. Nobody removes the registrant from a direct entry (the entry goes with its registrant).';

drop policy if exists insert_editors on public.activity_mentors;
create policy insert_editors on public.activity_mentors for insert to authenticated with check ((((org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids)) and (exists ( select
   from public.members m
  where ((m.org_id = activity_mentors.org_id) and (m.user_id = activity_mentors.mentor_id) and (m.approval_status <> 'revoked'::public.approval_status))))) or ((mentor_id = ( select hidden.request_user_id() as request_user_id)) and ((org_id in ( select hidden.caller_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_org_ids)) or (org_id in ( select hidden.caller_pending_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_pending_org_ids))) and (exists ( select
   from public.activities a
  where ((a.org_id = activity_mentors.org_id) and (a.id = activity_mentors.activity_id) and (a.registered_by = ( select hidden.request_user_id() as request_user_id)) and (a.registration_path = 'direct'::public.registration_path) and (a.deleted_at is null)))))));

comment on policy insert_editors on public.activity_mentors is 'Coordinators and admins name any member whose membership is not revoked; the registrant of a live direct entry names only themselves.';

-- activity_mentors and activity_participants follow their activity: readable
-- with it, and written by whoever may edit it. No update: rows are replaced.
drop policy if exists select_members on public.activity_mentors;
create policy select_members on public.activity_mentors for select to authenticated using (((org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids)) or ((org_id in ( select hidden.caller_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_org_ids)) and ((org_id, activity_id) in ( select c.org_id,
    c.activity_id
   from hidden.caller_activity_ids() c(org_id, activity_id)))) or ((org_id in ( select hidden.caller_pending_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_pending_org_ids)) and (exists ( select
   from public.activities a
  where ((a.org_id = activity_mentors.org_id) and (a.id = activity_mentors.activity_id) and (a.registered_by = ( select hidden.request_user_id() as uid))))))));

comment on policy select_members on public.activity_mentors is 'Readable by whoever may read the activity: a pending mentor reads those of the entries they registered.';

-- db/src/public/activity_participants.policies.sql
drop policy if exists delete_editors on public.activity_participants;
create policy delete_editors on public.activity_participants for delete to authenticated using ((exists ( select
   from public.activities a
  where ((a.org_id = activity_participants.org_id) and (a.id = activity_participants.activity_id) and ((a.org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids)) or ((a.registered_by = ( select hidden.request_user_id() as uid)) and (a.registration_path = 'direct'::public.registration_path) and (a.deleted_at is null)))))));

comment on policy delete_editors on public.activity_participants is 'Whoever may edit the activity removes its participants; a mentor only while the entry is live.';

drop policy if exists insert_editors on public.activity_participants;
create policy insert_editors on public.activity_participants for insert to authenticated with check (((exists ( select
   from public.activities a
  where ((a.org_id = activity_participants.org_id) and (a.id = activity_participants.activity_id) and ((a.org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids)) or (((a.org_id in ( select hidden.caller_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_org_ids)) or (a.org_id in ( select hidden.caller_pending_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_pending_org_ids))) and (a.registered_by = ( select hidden.request_user_id() as request_user_id)) and (a.registration_path = 'direct'::public.registration_path) and (a.deleted_at is null)))))) and (exists ( select
   from public.contacts c
  where ((c.org_id = activity_participants.org_id) and (c.id = activity_participants.contact_id) and (c.deleted_at is null))))));

comment on policy insert_editors on public.activity_participants is 'Whoever may edit the activity names its participants (a mentor only while the entry is live), each a live contact they can already read (an unreadable one is refused as a missing one).';

drop policy if exists select_members on public.activity_participants;
create policy select_members on public.activity_participants for select to authenticated using (((org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids)) or ((org_id in ( select hidden.caller_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_org_ids)) and ((org_id, activity_id) in ( select c.org_id,
    c.activity_id
   from hidden.caller_activity_ids() c(org_id, activity_id)))) or ((org_id in ( select hidden.caller_pending_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_pending_org_ids)) and (exists ( select
   from public.activities a
  where ((a.org_id = activity_participants.org_id) and (a.id = activity_participants.activity_id) and (a.registered_by = ( select hidden.request_user_id() as uid))))))));

comment on policy select_members on public.activity_participants is 'Readable by whoever may read the activity: a pending mentor reads those of the entries they registered.';

-- db/src/public/bufdir_metric_snapshots.policies.sql
drop policy if exists delete_managers on public.bufdir_metric_snapshots;
create policy delete_managers on public.bufdir_metric_snapshots for delete to authenticated using ((org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids)));

comment on policy delete_managers on public.bufdir_metric_snapshots is 'Only coordinators and admins delete snapshots; a mentor''s delete is filtered out here.';

drop policy if exists select_members on public.bufdir_metric_snapshots;
create policy select_members on public.bufdir_metric_snapshots for select to authenticated using ((org_id in ( select hidden.caller_org_ids() as caller_org_ids)));

comment on policy select_members on public.bufdir_metric_snapshots is 'Every member of the organisation reads its snapshots.';

-- db/src/public/contacts.policies.sql
drop policy if exists delete_managers on public.contacts;
create policy delete_managers on public.contacts for delete to authenticated using ((org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids)));

comment on policy delete_managers on public.contacts is 'Coordinators and admins remove contacts.';

drop policy if exists insert_members on public.contacts;
create policy insert_members on public.contacts for insert to authenticated with check ((((org_id in ( select hidden.caller_org_ids() as caller_org_ids)) or (org_id in ( select hidden.caller_pending_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_pending_org_ids))) and (created_by = ( select hidden.request_user_id() as uid))));

comment on policy insert_members on public.contacts is 'Approved members and pending mentors register contacts in their organisation, as themselves.';

drop policy if exists select_members on public.contacts;
create policy select_members on public.contacts for select to authenticated using (((org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids)) or ((org_id in ( select hidden.caller_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_org_ids)) and (deleted_at is null) and ((created_by = ( select hidden.request_user_id() as request_user_id)) or ((org_id, id) in ( select c.org_id,
    c.contact_id
   from hidden.caller_contact_ids() c(org_id, contact_id))))) or ((org_id in ( select hidden.caller_pending_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_pending_org_ids)) and (deleted_at is null) and (created_by = ( select hidden.request_user_id() as request_user_id)))));

comment on policy select_members on public.contacts is 'Coordinators and admins read their organisation''s contacts, soft-deleted ones too; approved mentors the live ones they registered or met; pending mentors the live ones they registered.';

drop policy if exists update_members on public.contacts;
create policy update_members on public.contacts for update to authenticated using (((org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids)) or (((org_id in ( select hidden.caller_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_org_ids)) or (org_id in ( select hidden.caller_pending_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_pending_org_ids))) and (created_by = ( select hidden.request_user_id() as request_user_id)) and (deleted_at is null)))) with check (((org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids)) or (((org_id in ( select hidden.caller_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_org_ids)) or (org_id in ( select hidden.caller_pending_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_pending_org_ids))) and (created_by = ( select hidden.request_user_id() as request_user_id)) and (deleted_at is null))));

comment on policy update_members on public.contacts is 'Approved and pending mentors edit the live contacts they registered; coordinators and admins any of their organisation''s, and they alone soft-delete or restore one.';

-- db/src/public/members.policies.sql
drop policy if exists delete_managers on public.members;
create policy delete_managers on public.members for delete to authenticated using (((org_id in ( select hidden.caller_org_ids(roles => '{admin}'::public.member_role[]) as caller_org_ids)) or ((org_id in ( select hidden.caller_org_ids(roles => '{coordinator}'::public.member_role[]) as caller_org_ids)) and (role = 'peer_mentor'::public.member_role))));

comment on policy delete_managers on public.members is 'Admins remove any member; coordinators remove peer mentors.';

drop policy if exists insert_managers on public.members;
create policy insert_managers on public.members for insert to authenticated with check (((org_id in ( select hidden.caller_org_ids(roles => '{admin}'::public.member_role[]) as caller_org_ids)) or ((org_id in ( select hidden.caller_org_ids(roles => '{coordinator}'::public.member_role[]) as caller_org_ids)) and (role = 'peer_mentor'::public.member_role))));

comment on policy insert_managers on public.members is 'Admins add any member; coordinators add peer mentors.';

drop policy if exists select_auth_admin on public.members;
create policy select_auth_admin on public.members for select to supabase_auth_admin using (true);

comment on policy select_auth_admin on public.members is 'Supabase Auth reads memberships to build access tokens.';

-- members: the roster is visible to the organisation; admins manage everyone,
-- coordinators manage peer mentors only (no one promotes themselves).
drop policy if exists select_members on public.members;
create policy select_members on public.members for select to authenticated using (((org_id in ( select hidden.caller_org_ids() as caller_org_ids)) or ((org_id in ( select hidden.caller_pending_org_ids() as caller_pending_org_ids)) and (user_id = ( select hidden.request_user_id() as uid)))));

comment on policy select_members on public.members is 'Approved members read the roster of their own organisations; a pending member reads their own membership only.';

drop policy if exists update_managers on public.members;
create policy update_managers on public.members for update to authenticated using (((org_id in ( select hidden.caller_org_ids(roles => '{admin}'::public.member_role[]) as caller_org_ids)) or ((org_id in ( select hidden.caller_org_ids(roles => '{coordinator}'::public.member_role[]) as caller_org_ids)) and (role = 'peer_mentor'::public.member_role)))) with check (((org_id in ( select hidden.caller_org_ids(roles => '{admin}'::public.member_role[]) as caller_org_ids)) or ((org_id in ( select hidden.caller_org_ids(roles => '{coordinator}'::public.member_role[]) as caller_org_ids)) and (role = 'peer_mentor'::public.member_role))));

comment on policy update_managers on public.members is 'Admins edit any member; coordinators edit peer mentors and cannot promote them.';

-- db/src/public/mentor_active_periods.policies.sql
drop policy if exists delete_managers on public.mentor_active_periods;
create policy delete_managers on public.mentor_active_periods for delete to authenticated using ((org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids)));

comment on policy delete_managers on public.mentor_active_periods is 'Coordinators and admins remove active periods.';

drop policy if exists insert_managers on public.mentor_active_periods;
create policy insert_managers on public.mentor_active_periods for insert to authenticated with check ((org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids)));

comment on policy insert_managers on public.mentor_active_periods is 'Coordinators and admins record active periods.';

-- mentor_active_periods: mentors see their own; coordinators and admins manage.
drop policy if exists select_members on public.mentor_active_periods;
create policy select_members on public.mentor_active_periods for select to authenticated using (((org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids)) or ((org_id in ( select hidden.caller_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_org_ids)) and (mentor_id = ( select hidden.request_user_id() as uid)))));

comment on policy select_members on public.mentor_active_periods is 'Coordinators and admins read all active periods of their organisation; mentors their own.';

drop policy if exists update_managers on public.mentor_active_periods;
create policy update_managers on public.mentor_active_periods for update to authenticated using ((org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids))) with check ((org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids)));

comment on policy update_managers on public.mentor_active_periods is 'Coordinators and admins edit active periods.';

-- db/src/public/activities.policies.sql
drop policy if exists delete_members on public.activities;
create policy delete_members on public.activities for delete to authenticated using (((org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids)) or (((org_id in ( select hidden.caller_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_org_ids)) or (org_id in ( select hidden.caller_pending_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_pending_org_ids))) and (registered_by = ( select hidden.request_user_id() as uid)) and (registration_path = 'direct'::public.registration_path) and (deleted_at is null))));

comment on policy delete_members on public.activities is 'Approved and pending mentors remove their own live direct entries; coordinators and admins any of their organisation''s.';

drop policy if exists insert_members on public.activities;
create policy insert_members on public.activities for insert to authenticated with check (((registered_by = ( select hidden.request_user_id() as uid)) and (((org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids)) and (registration_path = any (array['proxy'::public.registration_path, 'bulk'::public.registration_path]))) or (((org_id in ( select hidden.caller_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_org_ids)) or (org_id in ( select hidden.caller_pending_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_pending_org_ids))) and (registration_path = 'direct'::public.registration_path)))));

comment on policy insert_members on public.activities is 'Approved and pending mentors register direct entries; coordinators and admins proxy and bulk entries; always as themselves.';

-- activities: mentors register and edit their own direct entries; coordinators
-- and admins manage all of their organisation's, and register proxy and bulk ones.
drop policy if exists select_members on public.activities;
create policy select_members on public.activities for select to authenticated using (((org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids)) or ((org_id in ( select hidden.caller_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_org_ids)) and ((registered_by = ( select hidden.request_user_id() as uid)) or ((org_id, id) in ( select c.org_id,
    c.activity_id
   from hidden.caller_activity_ids() c(org_id, activity_id))))) or ((org_id in ( select hidden.caller_pending_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_pending_org_ids)) and (registered_by = ( select hidden.request_user_id() as uid)))));

comment on policy select_members on public.activities is 'Coordinators and admins read their organisation''s activities; approved mentors those they took part in or registered; pending mentors those they registered.';

drop policy if exists update_members on public.activities;
create policy update_members on public.activities for update to authenticated using (((org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids)) or (((org_id in ( select hidden.caller_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_org_ids)) or (org_id in ( select hidden.caller_pending_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_pending_org_ids))) and (registered_by = ( select hidden.request_user_id() as uid)) and (registration_path = 'direct'::public.registration_path) and (deleted_at is null)))) with check (((org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids)) or (((org_id in ( select hidden.caller_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_org_ids)) or (org_id in ( select hidden.caller_pending_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_pending_org_ids))) and (registered_by = ( select hidden.request_user_id() as uid)) and (registration_path = 'direct'::public.registration_path))));

comment on policy update_members on public.activities is 'Approved and pending mentors edit (and soft-delete) their own live direct entries; coordinators and admins any of their organisation''s, and they alone restore a soft-deleted one.';

-- db/src/public/bufdir_export_audit_log.policies.sql
drop policy if exists select_managers on public.bufdir_export_audit_log;
create policy select_managers on public.bufdir_export_audit_log for select to authenticated using ((org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids)));

comment on policy select_managers on public.bufdir_export_audit_log is 'Coordinators and admins read their organisation''s export history.';

-- db/src/public/organisations.policies.sql
-- organisations: members read their own; admins rename; creation and removal are operator tasks (service role).
drop policy if exists select_members on public.organisations;
create policy select_members on public.organisations for select to authenticated using (((id in ( select hidden.caller_org_ids() as caller_org_ids)) or (id in ( select hidden.caller_pending_org_ids() as caller_pending_org_ids))));

comment on policy select_members on public.organisations is 'Approved and pending members read the organisations they belong to; revoked members do not.';

drop policy if exists update_admins on public.organisations;
create policy update_admins on public.organisations for update to authenticated using ((id in ( select hidden.caller_org_ids(roles => '{admin}'::public.member_role[]) as caller_org_ids))) with check ((id in ( select hidden.caller_org_ids(roles => '{admin}'::public.member_role[]) as caller_org_ids)));

comment on policy update_admins on public.organisations is 'Admins edit their own organisation.';

-- db/src/public/periodic_summaries.policies.sql
drop policy if exists select_members on public.periodic_summaries;
create policy select_members on public.periodic_summaries for select to authenticated using (((org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids)) or ((org_id in ( select hidden.caller_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_org_ids)) and (mentor_id = ( select hidden.request_user_id() as uid)))));

comment on policy select_members on public.periodic_summaries is 'Coordinators and admins read their organisation''s summaries; a mentor reads their own.';

-- migrate:down
-- db/src/public/metric_snapshot_status.sql as at HEAD
comment on type public.metric_snapshot_status is 'Whether a snapshot exists and is stale. Reasons: missing, older_than_24h, activities_changed, roster_changed, rules_changed, generation_unknown.';

create or replace function public.metric_snapshot_status(org_id uuid, period_start date, period_end date) returns public.metric_snapshot_status
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select * from hidden.metric_snapshot_status(metric_snapshot_status.org_id, metric_snapshot_status.period_start, metric_snapshot_status.period_end)
$$;

comment on function public.metric_snapshot_status(org_id uuid, period_start date, period_end date) is 'Whether the snapshot exists and is stale: older than 24 h, or anything the aggregation reads changed for the organisation and period since generation. Any member; record_count_now (the organisation''s live count) is null for mentors. Errors: 22004, 22023, 42501.';

revoke all on function public.metric_snapshot_status(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;

grant execute on function public.metric_snapshot_status(org_id uuid, period_start date, period_end date) to authenticated;

grant execute on function public.metric_snapshot_status(org_id uuid, period_start date, period_end date) to service_role;

-- db/src/hidden/add_member.sql as at HEAD
create or replace function hidden.add_member(org_id uuid, email text, role public.member_role) returns public.membership
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
-- Definer: finds the user by e-mail in auth.users, which no API role may read;
-- the caller's right to add this role is checked first.
declare
  new_user_id uuid;
begin
  if add_member.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  elsif add_member.email is null then
    raise exception 'email must not be null' using errcode = '22004';
  elsif add_member.role is null then
    raise exception 'role must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(add_member.org_id, '{coordinator,admin}');
  if add_member.role <> 'peer_mentor' and not hidden.is_service_role_request()
     and not exists (select from hidden.caller_org_ids('{admin}') o where o = add_member.org_id) then
    raise exception 'permission denied: only an admin of organisation % adds a %', add_member.org_id, add_member.role
      using errcode = '42501';
  end if;
  if not exists (select from public.organisations o where o.id = add_member.org_id) then
    raise exception 'no organisation %', add_member.org_id using errcode = 'P0002';
  end if;
  select u.id into new_user_id from auth.users u
  where pg_catalog.lower(u.email) = pg_catalog.lower(pg_catalog.btrim(add_member.email));
  if new_user_id is null then
    raise exception 'no user with e-mail %: they sign up (Supabase Auth) before they are added', add_member.email
      using errcode = 'P0002';
  end if;
  if exists (select from public.members m where m.org_id = add_member.org_id and m.user_id = new_user_id) then
    raise exception '% is a member of organisation % already (approve, revoke or list members instead)', add_member.email, add_member.org_id
      using errcode = '23505';
  end if;
  insert into public.members (org_id, user_id, role, approval_status)
  values (add_member.org_id, new_user_id, add_member.role, 'pending');
  return private.membership_of(add_member.org_id, new_user_id);
end
$$;

comment on function hidden.add_member(org_id uuid, email text, role public.member_role) is 'The security-definer body of public.add_member, where PostgREST does not expose it; public.add_member (security invoker) calls it.';

revoke all on function hidden.add_member(org_id uuid, email text, role public.member_role) from public, anon, authenticated, service_role;
grant execute on function hidden.add_member(org_id uuid, email text, role public.member_role) to authenticated;
grant execute on function hidden.add_member(org_id uuid, email text, role public.member_role) to service_role;

-- db/src/hidden/compute_bufdir_metrics.sql as at HEAD
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

-- db/src/hidden/confirm_activity.sql as at HEAD
create or replace function hidden.confirm_activity(org_id uuid, activity_id uuid) returns public.held_activity
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
-- Definer: only the table owner writes a confirmation (private.guard_review_confirmation);
-- this body checks the caller (an approved coordinator or admin) first.
declare
  limits public.organisation_review_limits;
  target public.activities;
  measured public.held_activity;
begin
  if confirm_activity.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  elsif confirm_activity.activity_id is null then
    raise exception 'activity_id must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(confirm_activity.org_id, '{coordinator,admin}');
  if hidden.request_user_id() is null then
    raise exception 'permission denied: entries are confirmed by a coordinator or admin of the organisation' using errcode = '42501';
  end if;
  select a.* into target from public.activities a
  where a.org_id = confirm_activity.org_id and a.id = confirm_activity.activity_id and a.deleted_at is null
  for no key update;
  if target.id is null then
    raise exception 'no activity % in organisation %', confirm_activity.activity_id, confirm_activity.org_id using errcode = 'P0002';
  end if;
  select l.* into limits from public.organisation_review_limits l where l.org_id = confirm_activity.org_id;
  select target.org_id, target.id, target.activity_date, target.kind, target.registration_path, target.registered_by,
         target.duration_minutes, target.anonymous_participants, k.known,
         private.exceeded_review_limits(limits, target.duration_minutes, target.anonymous_participants, k.known)::text[],
         null::timestamptz, null::uuid
  into measured
  from (select pg_catalog.count(*)::integer as known from public.activity_participants ap
        where ap.org_id = target.org_id and ap.activity_id = target.id) k;
  if measured.exceeded_limits = '{}' then
    raise exception 'activity % exceeds no review limit of its organisation: there is nothing to confirm', confirm_activity.activity_id
      using errcode = '22023';
  end if;
  update public.activities a
  set review_confirmed_at = pg_catalog.now(), review_confirmed_by = hidden.request_user_id()
  where a.org_id = confirm_activity.org_id and a.id = confirm_activity.activity_id;
  measured.review_confirmed_at := pg_catalog.now();
  measured.review_confirmed_by := hidden.request_user_id();
  return measured;
end
$$;

comment on function hidden.confirm_activity(org_id uuid, activity_id uuid) is 'The security-definer body of public.confirm_activity, where PostgREST does not expose it; public.confirm_activity (security invoker) calls it.';

revoke all on function hidden.confirm_activity(org_id uuid, activity_id uuid) from public, anon, authenticated, service_role;
grant execute on function hidden.confirm_activity(org_id uuid, activity_id uuid) to authenticated;

-- db/src/hidden/explain_entries.sql as at HEAD
-- The verdicts of the entries of a period (or of one activity) the caller may read.
create or replace function hidden.explain_entries(org_id uuid, period_start date, period_end date, only_activity uuid) returns setof public.activity_verdict
    language plpgsql stable security definer
    set search_path to 'pg_catalog', 'pg_temp'
    set jit to 'off'
    set enable_nestloop to 'off'
    set enable_mergejoin to 'off'
    set enable_hashjoin to 'on'
    set enable_hashagg to 'on'
    as $$
-- Planner settings: measured (db/README.md, "Measured and tuned").
-- Definer: rules 2, 4 and 5 compare an entry with every entry of its day, also
-- those the caller may not read. This body checks the caller first and returns
-- only the verdicts of entries the activities' read policy lets them read:
-- coordinators and admins all of the organisation's; approved mentors those they
-- took part in or registered; pending mentors those they registered.
declare
  caller uuid := hidden.request_user_id();
  sees_all boolean := hidden.is_service_role_request();
  approved_mentor boolean := false;
  rules public.bufdir_counting_rules := hidden.rules_in_force(on_date => explain_entries.period_start);
begin
  perform hidden.check_snapshot_key(explain_entries.org_id, explain_entries.period_start, explain_entries.period_end);
  if not sees_all then
    sees_all := hidden.caller_membership(explain_entries.org_id) in ('coordinator', 'admin');
    approved_mentor := explain_entries.org_id in (select hidden.caller_org_ids('{peer_mentor}'));
  end if;
  if rules.version is null then
    raise exception 'no counting rules are in force on %', explain_entries.period_start using errcode = 'P0002';
  end if;
  return query
  with readable as materialized (
    select a.id, a.activity_date, a.kind, a.registration_path, a.created_at, a.deleted_at
    from public.activities a
    where a.org_id = explain_entries.org_id
      and a.activity_date between explain_entries.period_start and explain_entries.period_end
      and (explain_entries.only_activity is null or a.id = explain_entries.only_activity)
      and (sees_all
           or (approved_mentor and (a.registered_by = caller
                                    or (a.org_id, a.id) in (select c.org_id, c.activity_id from hidden.caller_activity_ids() c)))
           or (not approved_mentor and a.registered_by = caller))
  ), entries as materialized (
    -- The aggregation's classification of the days that hold a readable live entry.
    select p.entry, p.verdict, p.merged_into
    from private.figure_parts(org_id => explain_entries.org_id,
                              days => array(select distinct r.activity_date from readable r where r.deleted_at is null),
                              rules => rules, every_mentor => false, mentor_ids => '{}', by_day => false, entries => true) p
    where p.part = 'entry'
  ), inactive as (
    -- For entries without an active mentor: the nearest to counting among their mentors.
    select am.activity_id,
           case when bool_or(m.approval_status = 'approved') then 'outside_active_period'
                when bool_or(m.approval_status = 'pending') then 'pending_approval'
                else 'revoked' end::public.inactive_mentor_reason as reason
    from public.activity_mentors am
    left join public.members m on m.org_id = am.org_id and m.user_id = am.mentor_id
    where am.org_id = explain_entries.org_id
      and am.activity_id in (select e.entry from entries e where e.verdict = 'no_active_mentor')
    group by am.activity_id
  )
  select explain_entries.org_id, r.id, r.activity_date, r.kind, r.registration_path,
         coalesce(e.verdict = 'counts', false),
         case when r.deleted_at is not null then 'deleted'::public.entry_verdict else e.verdict end,
         case when e.verdict = 'no_active_mentor' then coalesce(i.reason, 'no_mentor') end,
         case when e.merged_into in (select x.id from readable x) then e.merged_into end,
         rules.version
  from readable r
  left join entries e on e.entry = r.id and r.deleted_at is null
  left join inactive i on i.activity_id = r.id
  order by r.activity_date, r.created_at, r.id;
end
$$;

comment on function hidden.explain_entries(org_id uuid, period_start date, period_end date, only_activity uuid) is 'The security-definer body of public.explain_activities, public.explain_activity and public.count_entries_by_verdict, where PostgREST does not expose it: the verdict of each entry of the period (or of only_activity) the caller may read, from private.figure_parts.';

revoke all on function hidden.explain_entries(org_id uuid, period_start date, period_end date, only_activity uuid) from public, anon, authenticated, service_role;
grant execute on function hidden.explain_entries(org_id uuid, period_start date, period_end date, only_activity uuid) to authenticated;
grant execute on function hidden.explain_entries(org_id uuid, period_start date, period_end date, only_activity uuid) to service_role;

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

-- db/src/hidden/generate_periodic_summaries.sql as at HEAD
create or replace function hidden.generate_periodic_summaries(org_id uuid, period_type public.summary_period_type, period_start date) returns setof public.periodic_summaries
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
begin
  if generate_periodic_summaries.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(generate_periodic_summaries.org_id, '{coordinator,admin}');
  perform private.require_summaries_enabled(generate_periodic_summaries.org_id);
  return query select * from private.generate_summaries(
    generate_periodic_summaries.org_id, generate_periodic_summaries.period_type, generate_periodic_summaries.period_start);
end
$$;

comment on function hidden.generate_periodic_summaries(org_id uuid, period_type public.summary_period_type, period_start date) is 'The security-definer body of public.generate_periodic_summaries, where PostgREST does not expose it; public.generate_periodic_summaries (security invoker) calls it. Generates the organisation-wide and per-mentor summaries of a period (month, quarter, half_year, year starting at period_start). Coordinators, admins, service role. Errors: 22004, 22023, 42501, BF005.';

revoke all on function hidden.generate_periodic_summaries(org_id uuid, period_type public.summary_period_type, period_start date) from public, anon, authenticated, service_role;
grant execute on function hidden.generate_periodic_summaries(org_id uuid, period_type public.summary_period_type, period_start date) to authenticated;
grant execute on function hidden.generate_periodic_summaries(org_id uuid, period_type public.summary_period_type, period_start date) to service_role;

-- db/src/hidden/invalidate_periodic_summaries.sql as at HEAD
create or replace function hidden.invalidate_periodic_summaries(org_id uuid, period_start date, period_end date) returns integer
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
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
$$;

comment on function hidden.invalidate_periodic_summaries(org_id uuid, period_start date, period_end date) is 'The security-definer body of public.invalidate_periodic_summaries, where PostgREST does not expose it; public.invalidate_periodic_summaries (security invoker) calls it. Marks every summary of the organisation overlapping the period as invalidated; clients learn it on their next sync. Returns how many. Coordinators, admins, service role. Errors: 22004, 22023, 42501, BF005.';

revoke all on function hidden.invalidate_periodic_summaries(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function hidden.invalidate_periodic_summaries(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function hidden.invalidate_periodic_summaries(org_id uuid, period_start date, period_end date) to service_role;

-- db/src/hidden/list_held_activities.sql as at HEAD
create or replace function hidden.list_held_activities(org_id uuid, period_start date, period_end date) returns setof public.held_activity
    language plpgsql stable security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
-- Definer: counts every participant link of the entries, whoever registered them;
-- this body checks the caller (an approved coordinator or admin) first.
declare
  limits public.organisation_review_limits;
begin
  perform hidden.check_snapshot_key(list_held_activities.org_id, list_held_activities.period_start, list_held_activities.period_end);
  perform hidden.require_role(list_held_activities.org_id, '{coordinator,admin}');
  if hidden.request_user_id() is null then
    raise exception 'permission denied: held entries are listed for coordinators and admins of the organisation' using errcode = '42501';
  end if;
  select l.* into limits from public.organisation_review_limits l where l.org_id = list_held_activities.org_id;
  if limits.org_id is null then
    return;
  end if;
  return query
  select h.*
  from (
    select a.org_id, a.id, a.activity_date, a.kind, a.registration_path, a.registered_by, a.duration_minutes,
           a.anonymous_participants, k.known,
           private.exceeded_review_limits(limits, a.duration_minutes, a.anonymous_participants, k.known)::text[] as exceeded,
           a.review_confirmed_at, a.review_confirmed_by
    from public.activities a
    cross join lateral (
      select pg_catalog.count(*)::integer as known from public.activity_participants ap
      where ap.org_id = a.org_id and ap.activity_id = a.id) k
    where a.org_id = list_held_activities.org_id
      and a.activity_date between list_held_activities.period_start and list_held_activities.period_end
      and a.deleted_at is null and a.review_confirmed_at is null
  ) h
  where h.exceeded <> '{}'
  order by h.activity_date, h.id;
end
$$;

comment on function hidden.list_held_activities(org_id uuid, period_start date, period_end date) is 'The security-definer body of public.list_held_activities, where PostgREST does not expose it; public.list_held_activities (security invoker) calls it.';

revoke all on function hidden.list_held_activities(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function hidden.list_held_activities(org_id uuid, period_start date, period_end date) to authenticated;

-- db/src/hidden/list_member_names.sql as at HEAD
create or replace function hidden.list_member_names(org_id uuid) returns table(user_id uuid, display_name text, email text, role public.member_role)
    language plpgsql stable security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
begin
  if list_member_names.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(list_member_names.org_id);
  return query
    select m.user_id,
           coalesce(
             nullif(pg_catalog.btrim(u.raw_user_meta_data ->> 'full_name'), ''),
             nullif(pg_catalog.btrim(u.raw_user_meta_data ->> 'name'), ''),
             case when m.approval_status = 'revoked' then 'former member' else u.email::text end
           ),
           case when m.approval_status = 'revoked' then null else u.email::text end,
           m.role
    from public.members m
    join auth.users u on u.id = m.user_id
    where m.org_id = list_member_names.org_id
    order by 2, 3, 1;
end
$$;

comment on function hidden.list_member_names(org_id uuid) is 'The security-definer body of public.list_member_names, where PostgREST does not expose it; public.list_member_names (security invoker) calls it. The members of an organisation with a readable name each: user_id, display_name (full_name or name from the user''s metadata, else the e-mail), email and role. A revoked member''s row shows their name only: display_name from their metadata or ''former member'', email null. Any member of the organisation (the roster they may read already), or the service role. Errors: 22004, 42501.';

revoke all on function hidden.list_member_names(org_id uuid) from public, anon, authenticated, service_role;
grant execute on function hidden.list_member_names(org_id uuid) to authenticated;
grant execute on function hidden.list_member_names(org_id uuid) to service_role;

-- db/src/hidden/list_members.sql as at HEAD
create or replace function hidden.list_members(org_id uuid) returns setof public.membership
    language plpgsql stable security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
-- Definer: reads the members' e-mails and names from auth.users; the caller is
-- checked first (an approved member reads the roster the policies show them).
begin
  if list_members.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(list_members.org_id);
  return query
    select x.*
    from public.members m
    cross join lateral private.membership_of(m.org_id, m.user_id) x
    where m.org_id = list_members.org_id
    order by m.role desc, m.approval_status, m.user_id;
end
$$;

comment on function hidden.list_members(org_id uuid) is 'The security-definer body of public.list_members, where PostgREST does not expose it; public.list_members (security invoker) calls it.';

revoke all on function hidden.list_members(org_id uuid) from public, anon, authenticated, service_role;
grant execute on function hidden.list_members(org_id uuid) to authenticated;
grant execute on function hidden.list_members(org_id uuid) to service_role;

-- db/src/hidden/list_periodic_summaries_since.sql as at HEAD
create or replace function hidden.list_periodic_summaries_since(org_id uuid, since_cursor text default null::text, page_size integer default 500) returns table(cursor text, operation text, summary_id uuid, mentor_id uuid, period_type public.summary_period_type, period_start date, period_end date, summary_data jsonb, generated_at timestamp with time zone, updated_at timestamp with time zone, invalidated_at timestamp with time zone, version integer)
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
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
$$;

comment on function hidden.list_periodic_summaries_since(org_id uuid, since_cursor text, page_size integer) is 'The security-definer body of public.list_periodic_summaries_since, where PostgREST does not expose it; public.list_periodic_summaries_since (security invoker) calls it. Delta sync: the summary changes after since_cursor (null for everything), oldest first, at most page_size (1..5000). Deletions arrive as tombstones (operation delete). Pass the last row''s cursor (the change id as text; an old "<xid>.<change id>" cursor is still accepted) to continue. Waits up to 1 s for running writers of the same organisation and raises BF010 (busy: keep the cursor, try again) while one still runs, so no change committed late is ever skipped; transactions elsewhere never delay it. Mentors see their own. Errors: 0A000 (isolation other than read committed), 22004, 22023, 42501, BF005, BF010.';

revoke all on function hidden.list_periodic_summaries_since(org_id uuid, since_cursor text, page_size integer) from public, anon, authenticated, service_role;
grant execute on function hidden.list_periodic_summaries_since(org_id uuid, since_cursor text, page_size integer) to authenticated;
grant execute on function hidden.list_periodic_summaries_since(org_id uuid, since_cursor text, page_size integer) to service_role;

-- db/src/hidden/metric_snapshot_status.sql as at HEAD
create or replace function hidden.metric_snapshot_status(org_id uuid, period_start date, period_end date) returns public.metric_snapshot_status
    language plpgsql stable security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  status public.metric_snapshot_status;
begin
  perform hidden.check_snapshot_key(metric_snapshot_status.org_id, metric_snapshot_status.period_start, metric_snapshot_status.period_end);
  perform hidden.require_role(metric_snapshot_status.org_id);
  status := private.snapshot_status(metric_snapshot_status.org_id, metric_snapshot_status.period_start, metric_snapshot_status.period_end);
  if not hidden.is_service_role_request()
     and not exists (select from hidden.caller_org_ids('{coordinator,admin}') o where o = metric_snapshot_status.org_id) then
    status.record_count_now := null;
  end if;
  return status;
end
$$;

comment on function hidden.metric_snapshot_status(org_id uuid, period_start date, period_end date) is 'The security-definer body of public.metric_snapshot_status, where PostgREST does not expose it; public.metric_snapshot_status (security invoker) calls it. Whether the snapshot exists and is stale: older than 24 h, or anything the aggregation reads changed for the organisation and period since generation. Any member; record_count_now (the organisation''s live count) only for coordinators, admins and the service role, null for mentors. Errors: 22004, 22023, 42501.';

revoke all on function hidden.metric_snapshot_status(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function hidden.metric_snapshot_status(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function hidden.metric_snapshot_status(org_id uuid, period_start date, period_end date) to service_role;

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

-- db/src/hidden/save_metric_snapshot.sql as at HEAD
create or replace function hidden.save_metric_snapshot(org_id uuid, period_start date, period_end date, snapshot_json jsonb) returns public.bufdir_metric_snapshots
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $_$
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
    begin
      generation := (save_metric_snapshot.snapshot_json ->> 'computed_in')::pg_snapshot;
    exception when invalid_text_representation or numeric_value_out_of_range then
      raise exception 'snapshot_json.computed_in is not a snapshot token' using errcode = '22023';
    end;
    if pg_catalog.pg_snapshot_xmax(generation) > pg_catalog.pg_snapshot_xmax(pg_catalog.pg_current_snapshot()) then
      raise exception 'snapshot_json.computed_in names a snapshot that has not been taken yet' using errcode = '22023';
    end if;
  end if;
  return private.store_snapshot(save_metric_snapshot.org_id, save_metric_snapshot.period_start,
                                save_metric_snapshot.period_end, save_metric_snapshot.snapshot_json,
                                coalesce(generation, pg_catalog.pg_current_snapshot()));
end
$_$;

comment on function hidden.save_metric_snapshot(org_id uuid, period_start date, period_end date, snapshot_json jsonb) is 'The security-definer body of public.save_metric_snapshot, where PostgREST does not expose it; public.save_metric_snapshot (security invoker) calls it. Idempotently saves figures for an organisation and inclusive period (one row per key). Coordinators, admins, service role. Errors: 22004, 22023, 42501, BF001 (allow-list).';

revoke all on function hidden.save_metric_snapshot(org_id uuid, period_start date, period_end date, snapshot_json jsonb) from public, anon, authenticated, service_role;
grant execute on function hidden.save_metric_snapshot(org_id uuid, period_start date, period_end date, snapshot_json jsonb) to authenticated;
grant execute on function hidden.save_metric_snapshot(org_id uuid, period_start date, period_end date, snapshot_json jsonb) to service_role;

-- db/src/hidden/set_member_status.sql as at HEAD
create or replace function hidden.set_member_status(org_id uuid, user_id uuid, approval_status public.approval_status) returns public.membership
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
-- Definer: returns the member's e-mail and name from auth.users; the caller's
-- right over the target's role is checked before the update.
declare
  target public.members;
begin
  if set_member_status.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  elsif set_member_status.user_id is null then
    raise exception 'user_id must not be null' using errcode = '22004';
  elsif set_member_status.approval_status is null then
    raise exception 'approval_status must not be null' using errcode = '22004';
  elsif set_member_status.approval_status = 'pending' then
    raise exception 'approval_status must be approved or revoked (a membership starts pending)' using errcode = '22023';
  end if;
  perform hidden.require_role(set_member_status.org_id, '{coordinator,admin}');
  if set_member_status.user_id = hidden.request_user_id() then
    raise exception 'permission denied: nobody approves or revokes their own membership' using errcode = '42501';
  end if;
  select m.* into target from public.members m
  where m.org_id = set_member_status.org_id and m.user_id = set_member_status.user_id
  for no key update;
  if target.user_id is null then
    raise exception 'no member % in organisation %', set_member_status.user_id, set_member_status.org_id using errcode = 'P0002';
  end if;
  if target.role <> 'peer_mentor' and not hidden.is_service_role_request()
     and not exists (select from hidden.caller_org_ids('{admin}') o where o = set_member_status.org_id) then
    raise exception 'permission denied: only an admin approves or revokes a % of organisation %', target.role, set_member_status.org_id
      using errcode = '42501';
  end if;
  -- An unchanged status writes nothing, so the figures do not turn stale for it.
  update public.members m set approval_status = set_member_status.approval_status
  where m.org_id = set_member_status.org_id and m.user_id = set_member_status.user_id
    and m.approval_status is distinct from set_member_status.approval_status;
  return private.membership_of(set_member_status.org_id, set_member_status.user_id);
end
$$;

comment on function hidden.set_member_status(org_id uuid, user_id uuid, approval_status public.approval_status) is 'The security-definer body of public.set_member_status, where PostgREST does not expose it; public.set_member_status (security invoker) calls it.';

revoke all on function hidden.set_member_status(org_id uuid, user_id uuid, approval_status public.approval_status) from public, anon, authenticated, service_role;
grant execute on function hidden.set_member_status(org_id uuid, user_id uuid, approval_status public.approval_status) to authenticated;
grant execute on function hidden.set_member_status(org_id uuid, user_id uuid, approval_status public.approval_status) to service_role;

-- db/src/hidden/set_review_limits.sql as at HEAD
create or replace function hidden.set_review_limits(org_id uuid, max_minutes_per_activity integer, max_anonymous_participants integer, max_known_participants integer) returns public.organisation_review_limits
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
-- Definer: API roles hold no write privilege on the table; this body checks the
-- caller (an approved admin of the organisation) first.
declare
  result public.organisation_review_limits;
begin
  if set_review_limits.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(set_review_limits.org_id, '{admin}');
  if hidden.request_user_id() is null then
    raise exception 'permission denied: review limits are set by an admin of the organisation' using errcode = '42501';
  end if;
  if set_review_limits.max_minutes_per_activity not between 1 and 1440 then
    raise exception 'max_minutes_per_activity (%) must be between 1 and 1440, or null for no limit',
      set_review_limits.max_minutes_per_activity using errcode = '22023';
  elsif set_review_limits.max_anonymous_participants not between 0 and 100000 then
    raise exception 'max_anonymous_participants (%) must be between 0 and 100000, or null for no limit',
      set_review_limits.max_anonymous_participants using errcode = '22023';
  elsif set_review_limits.max_known_participants < 0 then
    raise exception 'max_known_participants (%) must not be negative, or null for no limit',
      set_review_limits.max_known_participants using errcode = '22023';
  end if;
  insert into public.organisation_review_limits as l
    (org_id, max_minutes_per_activity, max_anonymous_participants, max_known_participants, updated_by)
  values (set_review_limits.org_id, set_review_limits.max_minutes_per_activity,
          set_review_limits.max_anonymous_participants, set_review_limits.max_known_participants,
          hidden.request_user_id())
  on conflict on constraint organisation_review_limits_pkey do update
    set max_minutes_per_activity = excluded.max_minutes_per_activity,
        max_anonymous_participants = excluded.max_anonymous_participants,
        max_known_participants = excluded.max_known_participants,
        updated_by = excluded.updated_by
  returning l.* into result;
  return result;
end
$$;

comment on function hidden.set_review_limits(org_id uuid, max_minutes_per_activity integer, max_anonymous_participants integer, max_known_participants integer) is 'The security-definer body of public.set_review_limits, where PostgREST does not expose it; public.set_review_limits (security invoker) calls it.';

revoke all on function hidden.set_review_limits(org_id uuid, max_minutes_per_activity integer, max_anonymous_participants integer, max_known_participants integer) from public, anon, authenticated, service_role;
grant execute on function hidden.set_review_limits(org_id uuid, max_minutes_per_activity integer, max_anonymous_participants integer, max_known_participants integer) to authenticated;

-- db/src/hidden/set_summaries_enabled.sql as at HEAD
create or replace function hidden.set_summaries_enabled(org_id uuid, enabled boolean) returns void
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
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
$$;

comment on function hidden.set_summaries_enabled(org_id uuid, enabled boolean) is 'The security-definer body of public.set_summaries_enabled, where PostgREST does not expose it; public.set_summaries_enabled (security invoker) calls it. Switches periodic summaries on or off for an organisation (its admins, service role) or, with org_id null, everywhere (service role). While off, the summary RPCs raise BF005 for API users.';

revoke all on function hidden.set_summaries_enabled(org_id uuid, enabled boolean) from public, anon, authenticated, service_role;
grant execute on function hidden.set_summaries_enabled(org_id uuid, enabled boolean) to authenticated;
grant execute on function hidden.set_summaries_enabled(org_id uuid, enabled boolean) to service_role;

-- db/src/hidden/verify_metric_snapshot.sql as at HEAD
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

-- db/src/private/check_activity_limits.sql as at HEAD
-- Per-activity limits (minutes, anonymous participants) and, when an entry comes
-- back from a soft delete, its known participants.
create or replace function private.check_activity_limits() returns trigger
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
-- Definer: the known-participant count of a restored entry counts every link,
-- also those the caller cannot read.
declare
  ids uuid[];
  org_ids uuid[];
  days date[];
  minutes integer[];
  anonymous integer[];
  minutes_grew boolean[];
  anonymous_grew boolean[];
  restored boolean[];
  bad record;
begin
  -- Each branch names only the transition tables its event has. Only live rows
  -- whose checked values are new or larger can break a limit.
  if tg_op = 'INSERT' then
    select array_agg(n.id), array_agg(n.org_id), array_agg(n.activity_date), array_agg(n.duration_minutes),
           array_agg(n.anonymous_participants), array_agg(true), array_agg(true), array_agg(false)
    into ids, org_ids, days, minutes, anonymous, minutes_grew, anonymous_grew, restored
    from new_rows n
    where n.deleted_at is null;
  else
    select array_agg(c.id), array_agg(c.org_id), array_agg(c.activity_date), array_agg(c.duration_minutes),
           array_agg(c.anonymous_participants), array_agg(c.is_new or c.duration_minutes > c.old_minutes),
           array_agg(c.is_new or c.anonymous_participants > c.old_anonymous), array_agg(c.is_new)
    into ids, org_ids, days, minutes, anonymous, minutes_grew, anonymous_grew, restored
    from (
      select n.id, n.org_id, n.activity_date, n.duration_minutes, n.anonymous_participants,
             o.id is null or o.deleted_at is not null as is_new,
             o.duration_minutes as old_minutes, o.anonymous_participants as old_anonymous
      from new_rows n
      left join old_rows o on o.org_id = n.org_id and o.id = n.id
      where n.deleted_at is null
    ) c
    where c.is_new or c.duration_minutes > c.old_minutes or c.anonymous_participants > c.old_anonymous;
  end if;
  if ids is null then
    return null;
  end if;
  with changed as (
    select * from unnest(ids, org_ids, days, minutes, anonymous, minutes_grew, anonymous_grew, restored)
      c(id, org_id, day, minutes, anonymous, minutes_grew, anonymous_grew, restored)
  ), rules as materialized (
    select d.day, r.version, r.max_minutes_per_activity, r.max_anonymous_participants, r.max_known_participants
    from (select distinct c.day from changed c) d
    cross join lateral hidden.rules_in_force(d.day) r
  ), verdicts as (
    select c.id, c.minutes, c.anonymous, r.version, r.max_minutes_per_activity, r.max_anonymous_participants,
           r.max_known_participants,
           c.minutes_grew and c.minutes > r.max_minutes_per_activity as too_long,
           c.anonymous_grew and c.anonymous > r.max_anonymous_participants as too_many_anonymous,
           c.restored and (select pg_catalog.count(*) from public.activity_participants ap
                           where ap.org_id = c.org_id and ap.activity_id = c.id) > r.max_known_participants as too_many_known
    from changed c
    join rules r on r.day = c.day
  )
  select * into bad from verdicts v
  where v.too_long or v.too_many_anonymous or v.too_many_known
  limit 1;
  if bad.too_long then
    raise exception 'duration_minutes (%) exceeds the limit of % minutes per activity (max_minutes_per_activity, rules %)',
      bad.minutes, bad.max_minutes_per_activity, bad.version using errcode = '22023';
  elsif bad.too_many_anonymous then
    raise exception 'anonymous_participants (%) exceeds the limit of % per activity (max_anonymous_participants, rules %)',
      bad.anonymous, bad.max_anonymous_participants, bad.version using errcode = '22023';
  elsif bad.too_many_known then
    raise exception 'activity % has more known participants than the limit of % (max_known_participants, rules %): it cannot be restored',
      bad.id, bad.max_known_participants, bad.version using errcode = '22023';
  end if;
  return null;
end
$$;

comment on function private.check_activity_limits() is 'Statement trigger on activities (insert, update): refuses (22023) a live entry whose minutes or anonymous participants exceed the limits of the rules in force on its date, when the entry is new, restored, or the value grew; a restored entry is also held to the known-participant limit.';

revoke all on function private.check_activity_limits() from public, anon, authenticated, service_role;

-- db/src/private/check_known_participant_limit.sql as at HEAD
-- Known participants per activity, on every link insert.
create or replace function private.check_known_participant_limit() returns trigger
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
-- Definer: counts every link of the activity, also those the caller cannot read,
-- and locks the activity row as its owner.
declare
  bad record;
begin
  -- Serialise concurrent link writers of one activity: the count below is then
  -- taken after the other writer committed.
  perform from public.activities a
  where (a.org_id, a.id) in (select distinct n.org_id, n.activity_id from new_rows n)
    and a.deleted_at is null
  order by a.org_id, a.id
  for no key update;
  with touched as (
    select a.org_id, a.id, a.activity_date
    from public.activities a
    where (a.org_id, a.id) in (select distinct n.org_id, n.activity_id from new_rows n)
      and a.deleted_at is null
  ), days as materialized (
    select d.day, r.version, r.max_known_participants
    from (select distinct t.activity_date as day from touched t) d
    cross join lateral hidden.rules_in_force(d.day) r
  ), known as (
    -- One grouped count over the touched activities' links (an index range each
    -- for a few, one hashed pass for a bulk load).
    select ap.org_id, ap.activity_id, pg_catalog.count(*) as known
    from public.activity_participants ap
    where (ap.org_id, ap.activity_id) in (select t.org_id, t.id from touched t)
    group by ap.org_id, ap.activity_id
  )
  select t.id, d.version, d.max_known_participants, k.known
  into bad
  from touched t
  join days d on d.day = t.activity_date
  join known k on k.org_id = t.org_id and k.activity_id = t.id
  where k.known > d.max_known_participants
  limit 1;
  if bad.id is not null then
    raise exception 'activity % would have % known participants, more than the limit of % (max_known_participants, rules %)',
      bad.id, bad.known, bad.max_known_participants, bad.version using errcode = '22023';
  end if;
  return null;
end
$$;

comment on function private.check_known_participant_limit() is 'Statement trigger on activity_participants (insert): refuses (22023) links that give a live activity more known participants than the rules in force on its date allow.';

revoke all on function private.check_known_participant_limit() from public, anon, authenticated, service_role;

-- db/src/private/check_mentor_day_changes.sql as at HEAD
create or replace function private.check_mentor_day_changes() returns trigger
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
-- Definer: reads every mentor link of the changed activities.
declare
  org_ids uuid[];
  mentor_ids uuid[];
  days date[];
begin
  select array_agg(am.org_id), array_agg(am.mentor_id), array_agg(c.activity_date)
  into org_ids, mentor_ids, days
  from (
    select n.org_id, n.id, n.activity_date
    from new_rows n
    left join old_rows o on o.org_id = n.org_id and o.id = n.id
    where n.deleted_at is null
      and (o.id is null or o.deleted_at is not null or o.activity_date <> n.activity_date
           or n.duration_minutes > o.duration_minutes)
  ) c
  join public.activity_mentors am on am.org_id = c.org_id and am.activity_id = c.id;
  perform private.check_mentor_days(org_ids, mentor_ids, days);
  return null;
end
$$;

comment on function private.check_mentor_day_changes() is 'Statement trigger on activities (update): an entry moved, lengthened or restored must keep each of its mentors within their mentor-day limit (private.check_mentor_days); other updates are not checked.';

revoke all on function private.check_mentor_day_changes() from public, anon, authenticated, service_role;

-- db/src/private/check_mentor_day_links.sql as at HEAD
create or replace function private.check_mentor_day_links() returns trigger
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
-- Definer: reads the linked activities whether or not the caller may read them.
declare
  org_ids uuid[];
  mentor_ids uuid[];
  days date[];
begin
  select array_agg(n.org_id), array_agg(n.mentor_id), array_agg(a.activity_date)
  into org_ids, mentor_ids, days
  from (select distinct n.org_id, n.activity_id, n.mentor_id from new_rows n) n
  join public.activities a on a.org_id = n.org_id and a.id = n.activity_id
  where a.deleted_at is null;
  perform private.check_mentor_days(org_ids, mentor_ids, days);
  return null;
end
$$;

comment on function private.check_mentor_day_links() is 'Statement trigger on activity_mentors (insert): the mentors named anew must stay within their mentor-day limit (private.check_mentor_days).';

revoke all on function private.check_mentor_day_links() from public, anon, authenticated, service_role;

-- db/src/private/check_mentor_days.sql as at HEAD
-- Minutes per mentor-day: on a new mentor link, and when an activity's date or
-- minutes grow or it comes back from a soft delete.
create or replace function private.check_mentor_days(org_ids uuid[], mentor_ids uuid[], days date[]) returns void
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
-- Definer: sums every live activity naming the mentor, also those the caller
-- cannot read, and takes the private per-mentor lock.
declare
  bad record;
begin
  if org_ids is null then
    return;
  end if;
  perform private.lock_mentors(org_ids, mentor_ids);
  -- After the lock, in a statement of its own: its snapshot sees what the
  -- writers we waited for committed. A few mentor-days (a registration, an
  -- edit) are summed one by one, each an index lookup of the organisation's
  -- entries that day or of the mentor's links, whichever the planner finds
  -- smaller; a bulk load sums all touched mentor-days in one grouped join.
  if pg_catalog.cardinality(org_ids) <= 1000 then
    with touched as (
      select distinct t.org_id, t.mentor_id, t.day from unnest(org_ids, mentor_ids, days) t(org_id, mentor_id, day)
    ), rules as materialized (
      select d.day, r.version, r.max_minutes_per_mentor_day
      from (select distinct t.day from touched t) d
      cross join lateral hidden.rules_in_force(d.day) r
    )
    select t.org_id, t.mentor_id, t.day, r.version, r.max_minutes_per_mentor_day, s.minutes
    into bad
    from touched t
    join rules r on r.day = t.day
    cross join lateral (
      select pg_catalog.sum(a.duration_minutes) as minutes
      from public.activity_mentors am
      join public.activities a on a.org_id = am.org_id and a.id = am.activity_id
      where am.org_id = t.org_id and am.mentor_id = t.mentor_id
        and a.activity_date = t.day and a.deleted_at is null
    ) s
    where s.minutes > r.max_minutes_per_mentor_day
    limit 1;
  else
    with touched as (
      select distinct t.org_id, t.mentor_id, t.day from unnest(org_ids, mentor_ids, days) t(org_id, mentor_id, day)
    ), rules as materialized (
      select d.day, r.version, r.max_minutes_per_mentor_day
      from (select distinct t.day from touched t) d
      cross join lateral hidden.rules_in_force(d.day) r
    ), sums as (
      select am.org_id, am.mentor_id, a.activity_date as day, pg_catalog.sum(a.duration_minutes) as minutes
      from public.activity_mentors am
      join public.activities a on a.org_id = am.org_id and a.id = am.activity_id
      where a.deleted_at is null
        and (am.org_id, am.mentor_id) in (select distinct t.org_id, t.mentor_id from touched t)
        and a.activity_date in (select r.day from rules r)
      group by am.org_id, am.mentor_id, a.activity_date
    )
    select t.org_id, t.mentor_id, t.day, r.version, r.max_minutes_per_mentor_day, s.minutes
    into bad
    from touched t
    join rules r on r.day = t.day
    join sums s on s.org_id = t.org_id and s.mentor_id = t.mentor_id and s.day = t.day
    where s.minutes > r.max_minutes_per_mentor_day
    limit 1;
  end if;
  if bad.mentor_id is not null then
    raise exception 'mentor % would have % minutes of activities on %, more than the limit of % per mentor-day (max_minutes_per_mentor_day, rules %)',
      bad.mentor_id, bad.minutes, bad.day, bad.max_minutes_per_mentor_day, bad.version using errcode = '22023';
  end if;
end
$$;

comment on function private.check_mentor_days(org_ids uuid[], mentor_ids uuid[], days date[]) is 'Under the private per-(organisation, mentor) lock, refuses (22023) when any of the given (organisation, mentor, day) triples has live activities summing to more minutes than the rules in force that day allow (max_minutes_per_mentor_day). Called by the mentor-day triggers.';

revoke all on function private.check_mentor_days(org_ids uuid[], mentor_ids uuid[], days date[]) from public, anon, authenticated, service_role;

-- db/src/private/generate_summaries.sql as at HEAD
-- Computes and upserts the organisation-wide summary and one per mentor who
-- took part in an activity of the period or already has a summary of it, all
-- from one run of the aggregation. Regeneration clears invalidation and bumps
-- the version.
create or replace function private.generate_summaries(org_id uuid, period_type public.summary_period_type, period_start date) returns setof public.periodic_summaries
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  period_end date := private.summary_period_end(generate_summaries.period_type, generate_summaries.period_start);
begin
  perform hidden.check_snapshot_key(generate_summaries.org_id, generate_summaries.period_start, period_end);
  return query
  insert into public.periodic_summaries as s (org_id, mentor_id, period_type, period_start, period_end, summary_data)
  select generate_summaries.org_id, f.mentor_id, generate_summaries.period_type, generate_summaries.period_start, period_end, f.figures
  from private.aggregate_figures(
    org_id => generate_summaries.org_id, period_start => generate_summaries.period_start, period_end => period_end,
    every_mentor => true,
    -- A mentor whose activities were all removed since keeps a summary, now of
    -- zeros, rather than stale figures no sync would ever correct.
    mentor_ids => array(select s.mentor_id from public.periodic_summaries s
          where s.org_id = generate_summaries.org_id and s.period_type = generate_summaries.period_type
            and s.period_start = generate_summaries.period_start and s.mentor_id is not null)) f
  order by f.mentor_id nulls first
  on conflict on constraint periodic_summaries_period_key do update
    set summary_data = excluded.summary_data,
        updated_at = now(),
        invalidated_at = null,
        version = s.version + 1
  returning s.*;
end
$$;

comment on function private.generate_summaries(org_id uuid, period_type public.summary_period_type, period_start date) is 'Upserts the organisation-wide and per-mentor summaries of one period from one run of the aggregation.';

revoke all on function private.generate_summaries(org_id uuid, period_type public.summary_period_type, period_start date) from public, anon, authenticated, service_role;

-- db/src/private/list_summary_changes.sql as at HEAD
create or replace function private.list_summary_changes(org_id uuid, since_cursor text, page_size integer, only_mentor uuid) returns table(cursor text, operation text, summary_id uuid, mentor_id uuid, period_type public.summary_period_type, period_start date, period_end date, summary_data jsonb, generated_at timestamp with time zone, updated_at timestamp with time zone, invalidated_at timestamp with time zone, version integer)
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  own_first_change bigint;
begin
  -- Under repeatable read the snapshot predates the wait and could miss a commit.
  if pg_catalog.current_setting('transaction_isolation') <> 'read committed' then
    raise exception 'delta sync needs read committed isolation, not %', pg_catalog.current_setting('transaction_isolation')
      using errcode = '0A000';
  end if;
  -- Checks the arguments before waiting (a read of nothing).
  perform from private.summary_changes_after(list_summary_changes.org_id, list_summary_changes.since_cursor,
    list_summary_changes.page_size, list_summary_changes.only_mentor, 0);
  if not private.await_summary_writers(list_summary_changes.org_id) then
    -- A writer of this organisation is still running: nothing is final beyond
    -- the cursor yet. Busy, not "no changes": the caller keeps its cursor and
    -- everything it holds, and asks again.
    raise exception 'summary sync is busy: a writer of the organisation''s summaries is still running'
      using errcode = 'BF010', hint = 'Keep the cursor and the mirror as they are, and try again shortly.';
  end if;
  -- The caller's own transaction may have written changes that could still roll
  -- back: list only what lies below them.
  select min(c.change_id) into own_first_change
  from private.summary_changes c
  where c.org_id = list_summary_changes.org_id and c.writer_xid = pg_catalog.pg_current_xact_id_if_assigned();
  return query select * from private.summary_changes_after(list_summary_changes.org_id, list_summary_changes.since_cursor,
    list_summary_changes.page_size, list_summary_changes.only_mentor, own_first_change);
end
$$;

comment on function private.list_summary_changes(org_id uuid, since_cursor text, page_size integer, only_mentor uuid) is 'Delta sync''s read: waits up to 1 s for the organisation''s running summary writers, then lists the changes after the cursor (none of the caller''s own transaction). Errors: 0A000 outside read committed, 22023, BF010 when a writer still runs after the wait.';

revoke all on function private.list_summary_changes(org_id uuid, since_cursor text, page_size integer, only_mentor uuid) from public, anon, authenticated, service_role;

-- db/src/private/record_activity_changes.sql as at HEAD
-- Security definer: the API roles write activities but may not write these tables.
create or replace function private.record_activity_changes() returns trigger
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
begin
  -- Each branch names only the transition tables its event has.
  if tg_op = 'INSERT' then
    perform private.add_day_changes(array_agg(n.org_id), array_agg(n.activity_date),
      array_agg(case when n.deleted_at is null then 1 else 0 end)) from new_rows n;
  elsif tg_op = 'DELETE' then
    perform private.add_day_changes(array_agg(o.org_id), array_agg(o.activity_date),
      array_agg(case when o.deleted_at is null then -1 else 0 end)) from old_rows o;
  else
    perform private.add_day_changes(array_agg(c.org_id), array_agg(c.day), array_agg(c.delta))
    from (
      select n.org_id, n.activity_date as day, case when n.deleted_at is null then 1 else 0 end as delta from new_rows n
      union all
      select o.org_id, o.activity_date, case when o.deleted_at is null then -1 else 0 end from old_rows o
    ) c;
  end if;
  return null;
end
$$;

comment on function private.record_activity_changes() is 'Statement trigger on activities: adjusts live counts and marks every touched (organisation, day) as changed.';

revoke all on function private.record_activity_changes() from public, anon, authenticated, service_role;

-- db/src/private/record_activity_link_changes.sql as at HEAD
-- Mentors and participants change what an activity counts as: mark its day.
create or replace function private.record_activity_link_changes() returns trigger
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  org_ids uuid[];
  activity_ids uuid[];
begin
  if tg_op = 'INSERT' then
    select array_agg(n.org_id), array_agg(n.activity_id) into org_ids, activity_ids from new_rows n;
  else
    select array_agg(o.org_id), array_agg(o.activity_id) into org_ids, activity_ids from old_rows o;
  end if;
  -- Links removed together with their activity find no activity: its own trigger marked the day.
  perform private.add_day_changes(array_agg(a.org_id), array_agg(a.activity_date), array_agg(0))
  from (select distinct l.org_id, l.activity_id from unnest(org_ids, activity_ids) l(org_id, activity_id)) l
  join public.activities a on a.org_id = l.org_id and a.id = l.activity_id;
  return null;
end
$$;

comment on function private.record_activity_link_changes() is 'Statement trigger on activity_mentors and activity_participants: marks the day of every touched activity as changed.';

revoke all on function private.record_activity_link_changes() from public, anon, authenticated, service_role;

-- db/src/private/record_summary_changes.sql as at HEAD
create or replace function private.record_summary_changes() returns trigger
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
begin
  -- The organisations' horizons first, in shared mode and held to commit: the
  -- sync reader waits for them, so no change id it has not seen can still commit.
  if tg_op = 'DELETE' then
    perform private.share_summary_horizons(array(select distinct r.org_id from old_rows r));
    insert into private.summary_changes (org_id, summary_id, mentor_id, operation)
    select o.org_id, o.id, o.mentor_id, 'delete' from old_rows o order by o.org_id, o.id;
  else
    perform private.share_summary_horizons(array(select distinct r.org_id from new_rows r));
    insert into private.summary_changes (org_id, summary_id, mentor_id, operation)
    select n.org_id, n.id, n.mentor_id, 'upsert' from new_rows n order by n.org_id, n.id;

    insert into public.summary_push_outbox (org_id, event, mentor_id, period_type, period_start, version)
    select n.org_id, case when n.invalidated_at is null then 'generated' else 'invalidated' end,
           n.mentor_id, n.period_type, n.period_start, n.version
    from new_rows n order by n.org_id, n.id;
  end if;
  return null;
end
$$;

comment on function private.record_summary_changes() is 'Statement trigger on periodic_summaries: takes each organisation''s sync horizon in shared mode (held to commit, at most a 5 s wait), appends to the change log and queues push events (which announce themselves).';

revoke all on function private.record_summary_changes() from public, anon, authenticated, service_role;

-- db/src/private/run_summary_job_for.sql as at HEAD
create or replace function private.run_summary_job_for(org_id uuid, as_of date, lock_wait_ms integer default 30000) returns integer
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  ended date := run_summary_job_for.as_of - 1;
  generated integer := 0;
  added integer;
  kind public.summary_period_type;
  first_day date;
  code text;
  reason text;
begin
  if run_summary_job_for.org_id is null or run_summary_job_for.as_of is null or run_summary_job_for.lock_wait_ms is null then
    raise exception 'org_id, as_of and lock_wait_ms must not be null' using errcode = '22004';
  end if;
  if run_summary_job_for.lock_wait_ms < 1 then
    raise exception 'lock_wait_ms must be at least 1' using errcode = '22023';
  end if;
  begin
    -- Transaction-local: the driver commits after each organisation.
    perform pg_catalog.set_config('lock_timeout', run_summary_job_for.lock_wait_ms::text, true);
    foreach kind in array enum_range(null::public.summary_period_type) loop
      first_day := case kind
        when 'month' then date_trunc('month', ended)::date
        when 'quarter' then date_trunc('quarter', ended)::date
        when 'half_year' then make_date(extract(year from ended)::int, case when extract(month from ended) <= 6 then 1 else 7 end, 1)
        else date_trunc('year', ended)::date end;
      if private.summary_period_end(kind, first_day) = ended then
        select count(*) into added from private.generate_summaries(run_summary_job_for.org_id, kind, first_day);
        generated := generated + added;
      end if;
    end loop;
    return generated;
  exception when others then
    -- Everything of this organisation's run is rolled back with the block.
    -- (A cancellation, 57014, is not among "others": it ends the caller's
    -- command, and the driver records it.)
    get stacked diagnostics code = returned_sqlstate, reason = message_text;
    perform private.record_summary_job_failure(run_summary_job_for.org_id, run_summary_job_for.as_of, kind, first_day, code, reason);
    return null;
  end;
end
$$;

comment on function private.run_summary_job_for(org_id uuid, as_of date, lock_wait_ms integer) is 'One organisation''s share of the scheduled job: generates the summaries of every period type that ended the day before as_of, waiting at most lock_wait_ms for any lock. Returns how many summaries were written, or null when it failed: then nothing of it is kept and public.summary_job_failures has a row (written by private.record_summary_job_failure) saying which period and why. A cancellation (57014, e.g. the caller''s statement_timeout) is not caught: it ends the caller''s transaction, and the caller records it. Errors (of the arguments only): 22004, 22023.';

revoke all on function private.run_summary_job_for(org_id uuid, as_of date, lock_wait_ms integer) from public, anon, authenticated, service_role;

-- db/src/public/add_contact.sql as at HEAD
create or replace function public.add_contact(org_id uuid, full_name text, birth_year integer default null::integer, phone text default null::text, email text default null::text, municipality_code text default null::text, municipality_code_version text default null::text) returns public.contacts
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
    as $_$
declare
  added public.contacts;
begin
  if add_contact.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  elsif add_contact.full_name is null then
    raise exception 'full_name must not be null' using errcode = '22004';
  end if;
  -- An approved member or a pending mentor; 42501 for anyone else and for the
  -- service role (a contact is registered by a user).
  perform hidden.caller_membership(add_contact.org_id);
  if pg_catalog.length(pg_catalog.btrim(add_contact.full_name)) not between 1 and 200 then
    raise exception 'full_name must be 1 to 200 characters besides surrounding spaces' using errcode = '22023';
  elsif add_contact.birth_year not between 1900 and 2100 then
    raise exception 'birth_year (%) must be between 1900 and 2100', add_contact.birth_year using errcode = '22023';
  elsif pg_catalog.length(add_contact.phone) > 40 then
    raise exception 'phone must be at most 40 characters' using errcode = '22023';
  elsif pg_catalog.length(add_contact.email) > 320 then
    raise exception 'email must be at most 320 characters' using errcode = '22023';
  elsif add_contact.municipality_code !~ '^[0-9]{4}$' or add_contact.municipality_code_version !~ '^[0-9]{4}$'
        or (add_contact.municipality_code is null) <> (add_contact.municipality_code_version is null) then
    raise exception 'municipality_code and municipality_code_version must be given together, four digits each' using errcode = '22023';
  end if;
  insert into public.contacts as c (org_id, full_name, birth_year, phone, email, municipality_code, municipality_code_version, created_by)
  values (add_contact.org_id, pg_catalog.btrim(add_contact.full_name), add_contact.birth_year, add_contact.phone, add_contact.email,
          add_contact.municipality_code, add_contact.municipality_code_version, hidden.request_user_id())
  returning c.* into added;
  return added;
end
$_$;

comment on function public.add_contact(org_id uuid, full_name text, birth_year integer, phone text, email text, municipality_code text, municipality_code_version text) is 'Registers a contact (a person mentors meet) as the calling member; row-level security applies (approved members and pending mentors). Errors: 22004, 22023 (a blank or over-long name, a birth year outside 1900-2100, an over-long phone or e-mail, a municipality code without its four-digit version or the reverse), 42501 (not a member, revoked, a pending coordinator or admin, the service role).';

revoke all on function public.add_contact(org_id uuid, full_name text, birth_year integer, phone text, email text, municipality_code text, municipality_code_version text) from public, anon, authenticated, service_role;
grant execute on function public.add_contact(org_id uuid, full_name text, birth_year integer, phone text, email text, municipality_code text, municipality_code_version text) to authenticated;

-- db/src/public/add_member.sql as at HEAD
create or replace function public.add_member(org_id uuid, email text, role public.member_role) returns public.membership
    language sql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select hidden.add_member(add_member.org_id, add_member.email, add_member.role)
$$;

comment on function public.add_member(org_id uuid, email text, role public.member_role) is 'Adds the existing user of an e-mail address to the organisation with a role, pending approval. Admins add any role, coordinators peer mentors; the service role any. Errors: 22004, 23505 (a member already), 42501, P0002 (no such organisation, or no user with that e-mail).';

revoke all on function public.add_member(org_id uuid, email text, role public.member_role) from public, anon, authenticated, service_role;
grant execute on function public.add_member(org_id uuid, email text, role public.member_role) to authenticated;
grant execute on function public.add_member(org_id uuid, email text, role public.member_role) to service_role;

-- db/src/public/add_mentor_active_period.sql as at HEAD
create or replace function public.add_mentor_active_period(org_id uuid, mentor_id uuid, active_from date, active_to date default null::date) returns public.mentor_active_periods
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  mentor_role public.member_role;
  overlapping public.mentor_active_periods;
  added public.mentor_active_periods;
begin
  if add_mentor_active_period.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  elsif add_mentor_active_period.mentor_id is null then
    raise exception 'mentor_id must not be null' using errcode = '22004';
  elsif add_mentor_active_period.active_from is null then
    raise exception 'active_from must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(add_mentor_active_period.org_id, '{coordinator,admin}');
  if add_mentor_active_period.active_from not between '2000-01-01'
       and pg_catalog.make_date(pg_catalog.date_part('year', current_date)::integer + 1, 12, 31)
     or add_mentor_active_period.active_to not between '2000-01-01'
       and pg_catalog.make_date(pg_catalog.date_part('year', current_date)::integer + 1, 12, 31) then
    raise exception 'active_from and active_to must lie between 2000-01-01 and the end of next year' using errcode = '22023';
  elsif add_mentor_active_period.active_to < add_mentor_active_period.active_from then
    raise exception 'active_to (%) must not be before active_from (%)', add_mentor_active_period.active_to,
      add_mentor_active_period.active_from using errcode = '22023';
  end if;
  select m.role into mentor_role from public.members m
  where m.org_id = add_mentor_active_period.org_id and m.user_id = add_mentor_active_period.mentor_id;
  if mentor_role is null then
    raise exception 'mentor_id % is not a member of organisation %', add_mentor_active_period.mentor_id,
      add_mentor_active_period.org_id using errcode = '23503';
  elsif mentor_role <> 'peer_mentor' then
    raise exception 'mentor_id % is a % of organisation %, not a peer mentor', add_mentor_active_period.mentor_id, mentor_role,
      add_mentor_active_period.org_id using errcode = '22023';
  end if;
  select p.* into overlapping from public.mentor_active_periods p
  where p.org_id = add_mentor_active_period.org_id and p.mentor_id = add_mentor_active_period.mentor_id
    and daterange(p.active_from, p.active_to, '[]')
        && daterange(add_mentor_active_period.active_from, add_mentor_active_period.active_to, '[]')
  limit 1;
  if overlapping.id is not null then
    raise exception 'the mentor is active from % to % already: a period may not overlap another', overlapping.active_from,
      coalesce(overlapping.active_to::text, 'open end') using errcode = '22023';
  end if;
  insert into public.mentor_active_periods as p (org_id, mentor_id, active_from, active_to)
  values (add_mentor_active_period.org_id, add_mentor_active_period.mentor_id, add_mentor_active_period.active_from,
          add_mentor_active_period.active_to)
  returning p.* into added;
  return added;
end
$$;

comment on function public.add_mentor_active_period(org_id uuid, mentor_id uuid, active_from date, active_to date) is 'Records a period (inclusive; open-ended when active_to is null) in which a peer mentor is active; Bufdir counts only active, approved mentors, and the organisation''s figures turn stale. Coordinators and admins of the organisation, the service role; row-level security applies. Errors: 22004, 22023 (a date out of range, an end before the start, not a peer mentor, an overlap with another period), 23503 (not a member), 42501.';

revoke all on function public.add_mentor_active_period(org_id uuid, mentor_id uuid, active_from date, active_to date) from public, anon, authenticated, service_role;
grant execute on function public.add_mentor_active_period(org_id uuid, mentor_id uuid, active_from date, active_to date) to authenticated;
grant execute on function public.add_mentor_active_period(org_id uuid, mentor_id uuid, active_from date, active_to date) to service_role;

-- db/src/public/compute_bufdir_metrics.sql as at HEAD
create or replace function public.compute_bufdir_metrics(org_id uuid, period_start date, period_end date) returns jsonb
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select hidden.compute_bufdir_metrics(compute_bufdir_metrics.org_id, compute_bufdir_metrics.period_start, compute_bufdir_metrics.period_end)
$$;

comment on function public.compute_bufdir_metrics(org_id uuid, period_start date, period_end date) is 'Computes (without saving) the Bufdir figures of an organisation for an inclusive period. Coordinators, admins and the service role. Errors: 22004, 22023, 42501.';

revoke all on function public.compute_bufdir_metrics(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function public.compute_bufdir_metrics(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function public.compute_bufdir_metrics(org_id uuid, period_start date, period_end date) to service_role;

-- db/src/public/confirm_activity.sql as at HEAD
create or replace function public.confirm_activity(org_id uuid, activity_id uuid) returns public.held_activity
    language sql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select hidden.confirm_activity(confirm_activity.org_id, confirm_activity.activity_id)
$$;

comment on function public.confirm_activity(org_id uuid, activity_id uuid) is 'Confirms a live activity that exceeds its organisation''s review limits, so it counts again; coordinators and admins of the organisation. A later change of its counted values or participants clears the confirmation. Errors: 22004, 22023 (it exceeds no limit), 42501, P0002 (missing or deleted).';

revoke all on function public.confirm_activity(org_id uuid, activity_id uuid) from public, anon, authenticated, service_role;
grant execute on function public.confirm_activity(org_id uuid, activity_id uuid) to authenticated;

-- db/src/public/count_entries_by_verdict.sql as at HEAD
create or replace function public.count_entries_by_verdict(org_id uuid, period_start date, period_end date) returns table(verdict public.entry_verdict, entries bigint)
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select v.verdict, coalesce(c.entries, 0)
  from unnest(enum_range(null::public.entry_verdict)) v(verdict)
  left join (
    select e.verdict, count(*) as entries
    from hidden.explain_entries(count_entries_by_verdict.org_id, count_entries_by_verdict.period_start,
                                count_entries_by_verdict.period_end, null) e
    group by e.verdict
  ) c on c.verdict = v.verdict
  order by v.verdict
$$;

comment on function public.count_entries_by_verdict(org_id uuid, period_start date, period_end date) is 'How many entries of an inclusive period the caller may read have each verdict (every verdict listed, zeros included, in the enum''s order): the "not counted, by reason" table. Members and the service role. Errors: 22004, 22023 (the period), 42501, P0002 (no rules in force).';

revoke all on function public.count_entries_by_verdict(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function public.count_entries_by_verdict(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function public.count_entries_by_verdict(org_id uuid, period_start date, period_end date) to service_role;

-- db/src/public/create_organisation.sql as at HEAD
create or replace function public.create_organisation(name text, admin_email text) returns public.organisations
    language sql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select hidden.create_organisation(create_organisation.name, create_organisation.admin_email)
$$;

comment on function public.create_organisation(name text, admin_email text) is 'Creates an organisation with the existing user of admin_email as its first, approved admin. The service role only. Errors: 22004, 22023 (a blank or over-long name), 23505 (an organisation of that name, in any case, exists), 42501, P0002 (no user with that e-mail).';

revoke all on function public.create_organisation(name text, admin_email text) from public, anon, authenticated, service_role;
grant execute on function public.create_organisation(name text, admin_email text) to service_role;

-- db/src/public/delete_activity.sql as at HEAD
create or replace function public.delete_activity(org_id uuid, activity_id uuid) returns public.activity_registration
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  caller uuid := (select hidden.request_user_id());
  caller_role public.member_role := hidden.caller_membership(delete_activity.org_id);
  existing public.activity_registration;
begin
  if delete_activity.activity_id is null then
    raise exception 'activity_id must not be null' using errcode = '22004';
  end if;
  existing := hidden.activity_registration(delete_activity.org_id, delete_activity.activity_id);
  if existing.id is null or existing.deleted_at is not null then
    raise exception 'no activity % in organisation %', delete_activity.activity_id, delete_activity.org_id using errcode = 'P0002';
  end if;
  if caller_role = 'peer_mentor' and (existing.registered_by <> caller or existing.registration_path <> 'direct') then
    raise exception 'permission denied: mentors delete only the direct entries they registered' using errcode = '42501';
  end if;
  update public.activities a set deleted_at = pg_catalog.now()
  where a.org_id = delete_activity.org_id and a.id = delete_activity.activity_id;
  return hidden.activity_registration(delete_activity.org_id, delete_activity.activity_id);
end
$$;

comment on function public.delete_activity(org_id uuid, activity_id uuid) is 'Soft-deletes a live activity (kept, never counted again) and returns it. Mentors their own direct entries; coordinators and admins any. Errors: 22004, 42501, P0002 (missing, already deleted or unreadable).';

revoke all on function public.delete_activity(org_id uuid, activity_id uuid) from public, anon, authenticated, service_role;
grant execute on function public.delete_activity(org_id uuid, activity_id uuid) to authenticated;
grant execute on function public.delete_activity(org_id uuid, activity_id uuid) to service_role;

-- db/src/public/delete_metric_snapshot.sql as at HEAD
-- Security invoker: the delete policy decides, so a mentor is refused by RLS itself.
create or replace function public.delete_metric_snapshot(org_id uuid, period_start date, period_end date) returns void
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
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

comment on function public.delete_metric_snapshot(org_id uuid, period_start date, period_end date) is 'Deletes the snapshot of an organisation and period. Coordinators, admins, service role (enforced by RLS). Errors: 22004, 22023, 42501, P0002 (no such snapshot).';

revoke all on function public.delete_metric_snapshot(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function public.delete_metric_snapshot(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function public.delete_metric_snapshot(org_id uuid, period_start date, period_end date) to service_role;

-- db/src/public/edit_activity.sql as at HEAD
create or replace function public.edit_activity(org_id uuid, activity_id uuid, kind public.activity_kind, activity_date date, duration_minutes integer, mentor_ids uuid[], participant_ids uuid[] default '{}'::uuid[], anonymous_participants integer default 0, municipality_code text default null::text, municipality_code_version text default null::text, in_norway boolean default true) returns public.activity_registration
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  caller uuid := (select hidden.request_user_id());
  caller_role public.member_role := hidden.caller_membership(edit_activity.org_id);
  existing public.activity_registration;
  mentors uuid[] := array(select distinct m from pg_catalog.unnest(edit_activity.mentor_ids) m);
  participants uuid[] := array(select distinct p from pg_catalog.unnest(edit_activity.participant_ids) p);
  added_mentors uuid[];
begin
  if edit_activity.activity_id is null then
    raise exception 'activity_id must not be null' using errcode = '22004';
  end if;
  existing := hidden.activity_registration(edit_activity.org_id, edit_activity.activity_id);
  -- One answer for missing, deleted and unreadable: no oracle.
  if existing.id is null or existing.deleted_at is not null then
    raise exception 'no activity % in organisation %', edit_activity.activity_id, edit_activity.org_id using errcode = 'P0002';
  end if;
  if caller_role = 'peer_mentor' and (existing.registered_by <> caller or existing.registration_path <> 'direct') then
    raise exception 'permission denied: mentors edit only the direct entries they registered' using errcode = '42501';
  end if;
  perform hidden.check_activity_fields(
    edit_activity.kind, edit_activity.activity_date, edit_activity.duration_minutes,
    edit_activity.anonymous_participants, edit_activity.municipality_code,
    edit_activity.municipality_code_version, edit_activity.in_norway,
    edit_activity.mentor_ids, edit_activity.participant_ids);
  added_mentors := array(select m from pg_catalog.unnest(mentors) m where m <> all (existing.mentor_ids));
  -- Who may name whom: a mentor adds nobody but themselves (coordinators add co-mentors).
  if caller_role = 'peer_mentor' and added_mentors <> '{}' and added_mentors <> array[caller] then
    raise exception 'permission denied: a mentor may add only themselves as a mentor' using errcode = '42501';
  end if;
  if existing.registration_path = 'direct' and existing.registered_by <> all (mentors) then
    raise exception 'mentor_ids must keep % : a direct entry names the mentor who registered it', existing.registered_by
      using errcode = '22023';
  end if;
  -- Links already there stay allowed; new ones are checked as in a registration.
  perform hidden.check_activity_links(
    edit_activity.org_id, added_mentors,
    array(select p from pg_catalog.unnest(participants) p where p <> all (existing.participant_ids)));

  update public.activities a
  set kind = edit_activity.kind,
      activity_date = edit_activity.activity_date,
      duration_minutes = edit_activity.duration_minutes,
      anonymous_participants = edit_activity.anonymous_participants,
      municipality_code = edit_activity.municipality_code,
      municipality_code_version = edit_activity.municipality_code_version,
      in_norway = edit_activity.in_norway
  where a.org_id = edit_activity.org_id and a.id = edit_activity.activity_id;
  delete from public.activity_mentors am
  where am.org_id = edit_activity.org_id and am.activity_id = edit_activity.activity_id and am.mentor_id <> all (mentors);
  insert into public.activity_mentors (org_id, activity_id, mentor_id)
  select edit_activity.org_id, edit_activity.activity_id, m from pg_catalog.unnest(added_mentors) m;
  delete from public.activity_participants ap
  where ap.org_id = edit_activity.org_id and ap.activity_id = edit_activity.activity_id and ap.contact_id <> all (participants);
  insert into public.activity_participants (org_id, activity_id, contact_id)
  select edit_activity.org_id, edit_activity.activity_id, p
  from pg_catalog.unnest(participants) p where p <> all (existing.participant_ids);
  return hidden.activity_registration(edit_activity.org_id, edit_activity.activity_id);
end
$$;

comment on function public.edit_activity(org_id uuid, activity_id uuid, kind public.activity_kind, activity_date date, duration_minutes integer, mentor_ids uuid[], participant_ids uuid[], anonymous_participants integer, municipality_code text, municipality_code_version text, in_norway boolean) is 'Replaces a live activity''s fields, mentors and participants, atomically, and returns it. Mentors edit their own direct entries and add no mentor but themselves; coordinators and admins edit any. Errors: 22004, 22023, 42501, 23503, P0002 (missing, deleted or unreadable).';

revoke all on function public.edit_activity(org_id uuid, activity_id uuid, kind public.activity_kind, activity_date date, duration_minutes integer, mentor_ids uuid[], participant_ids uuid[], anonymous_participants integer, municipality_code text, municipality_code_version text, in_norway boolean) from public, anon, authenticated, service_role;
grant execute on function public.edit_activity(org_id uuid, activity_id uuid, kind public.activity_kind, activity_date date, duration_minutes integer, mentor_ids uuid[], participant_ids uuid[], anonymous_participants integer, municipality_code text, municipality_code_version text, in_norway boolean) to authenticated;
grant execute on function public.edit_activity(org_id uuid, activity_id uuid, kind public.activity_kind, activity_date date, duration_minutes integer, mentor_ids uuid[], participant_ids uuid[], anonymous_participants integer, municipality_code text, municipality_code_version text, in_norway boolean) to service_role;

-- db/src/public/end_mentor_active_period.sql as at HEAD
create or replace function public.end_mentor_active_period(org_id uuid, period_id uuid, active_to date) returns public.mentor_active_periods
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  target public.mentor_active_periods;
  overlapping public.mentor_active_periods;
  ended public.mentor_active_periods;
begin
  if end_mentor_active_period.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  elsif end_mentor_active_period.period_id is null then
    raise exception 'period_id must not be null' using errcode = '22004';
  elsif end_mentor_active_period.active_to is null then
    raise exception 'active_to must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(end_mentor_active_period.org_id, '{coordinator,admin}');
  select p.* into target from public.mentor_active_periods p
  where p.org_id = end_mentor_active_period.org_id and p.id = end_mentor_active_period.period_id
  for update;
  if target.id is null then
    raise exception 'no active period % in organisation %', end_mentor_active_period.period_id, end_mentor_active_period.org_id
      using errcode = 'P0002';
  elsif end_mentor_active_period.active_to < target.active_from then
    raise exception 'active_to (%) must not be before the period''s start (%)', end_mentor_active_period.active_to, target.active_from
      using errcode = '22023';
  elsif end_mentor_active_period.active_to > pg_catalog.make_date(pg_catalog.date_part('year', current_date)::integer + 1, 12, 31) then
    raise exception 'active_to must not be after the end of next year' using errcode = '22023';
  end if;
  select p.* into overlapping from public.mentor_active_periods p
  where p.org_id = target.org_id and p.mentor_id = target.mentor_id and p.id <> target.id
    and daterange(p.active_from, p.active_to, '[]') && daterange(target.active_from, end_mentor_active_period.active_to, '[]')
  limit 1;
  if overlapping.id is not null then
    raise exception 'the mentor is active from % to % already: a period may not overlap another', overlapping.active_from,
      coalesce(overlapping.active_to::text, 'open end') using errcode = '22023';
  end if;
  update public.mentor_active_periods p set active_to = end_mentor_active_period.active_to
  where p.org_id = target.org_id and p.id = target.id
  returning p.* into ended;
  return ended;
end
$$;

comment on function public.end_mentor_active_period(org_id uuid, period_id uuid, active_to date) is 'Sets the last active day of a mentor''s period (ending an open one, or moving a set end); the organisation''s figures turn stale. Coordinators and admins of the organisation, the service role; row-level security applies. Errors: 22004, 22023 (an end before the start or after next year, an overlap with another period), 42501, P0002 (no such period).';

revoke all on function public.end_mentor_active_period(org_id uuid, period_id uuid, active_to date) from public, anon, authenticated, service_role;
grant execute on function public.end_mentor_active_period(org_id uuid, period_id uuid, active_to date) to authenticated;
grant execute on function public.end_mentor_active_period(org_id uuid, period_id uuid, active_to date) to service_role;

-- db/src/public/explain_activities.sql as at HEAD
create or replace function public.explain_activities(org_id uuid, period_start date, period_end date) returns setof public.activity_verdict
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select * from hidden.explain_entries(explain_activities.org_id, explain_activities.period_start,
                                       explain_activities.period_end, null)
$$;

comment on function public.explain_activities(org_id uuid, period_start date, period_end date) is 'Each entry of an inclusive period the caller may read (soft-deleted ones too, where readable), by date and registration: whether it counts and the counting rule that decided it, classified as the figures of that period classify it (the rules in force on period_start). Members and the service role. Errors: 22004, 22023 (the period), 42501, P0002 (no rules in force).';

revoke all on function public.explain_activities(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function public.explain_activities(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function public.explain_activities(org_id uuid, period_start date, period_end date) to service_role;

-- db/src/public/explain_activity.sql as at HEAD
create or replace function public.explain_activity(org_id uuid, activity_id uuid) returns public.activity_verdict
    language plpgsql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  explained public.activity_verdict;
  activity_day date;
begin
  if explain_activity.org_id is null or explain_activity.activity_id is null then
    raise exception '% must not be null', case when explain_activity.org_id is null then 'org_id' else 'activity_id' end
      using errcode = '22004';
  end if;
  -- Its date as the caller may read it (row-level security): an activity they
  -- cannot read is missing.
  select a.activity_date into activity_day from public.activities a
  where a.org_id = explain_activity.org_id and a.id = explain_activity.activity_id;
  if activity_day is not null then
    select * into explained
    from hidden.explain_entries(explain_activity.org_id, activity_day, activity_day, explain_activity.activity_id);
  end if;
  if explained.activity_id is null then
    -- A member is told only that it is missing; a non-member is refused.
    if not hidden.is_service_role_request() then
      perform hidden.caller_membership(explain_activity.org_id);
    end if;
    raise exception 'no activity % the caller may read in organisation %', explain_activity.activity_id, explain_activity.org_id
      using errcode = 'P0002';
  end if;
  return explained;
end
$$;

comment on function public.explain_activity(org_id uuid, activity_id uuid) is 'One activity the caller may read: whether it counts and the counting rule that decided it (its own day classified under the rules in force on its date). Members and the service role. Errors: 22004, 42501 (not a member), P0002 (missing or unreadable, or no rules in force).';

revoke all on function public.explain_activity(org_id uuid, activity_id uuid) from public, anon, authenticated, service_role;
grant execute on function public.explain_activity(org_id uuid, activity_id uuid) to authenticated;
grant execute on function public.explain_activity(org_id uuid, activity_id uuid) to service_role;

-- db/src/public/export_bufdir_report.sql as at HEAD
create or replace function public.export_bufdir_report(org_id uuid, period_start date, period_end date, refresh boolean default false) returns public.bufdir_export_audit_log
    language sql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select * from hidden.export_bufdir_report(export_bufdir_report.org_id, export_bufdir_report.period_start,
    export_bufdir_report.period_end, export_bufdir_report.refresh)
$$;

comment on function public.export_bufdir_report(org_id uuid, period_start date, period_end date, refresh boolean) is 'Exports the snapshot: writes an audit row and returns it with the payload. With refresh => true, first computes the figures and saves them as the snapshot, all in one transaction (never stale, never starved by edits). Otherwise exports the saved snapshot only when it is fresh and verified. Coordinators, admins, service role. Errors: 22004, 22023, 42501, BF002 (no snapshot), BF003 (stale), BF004 (differs from a recomputation); the last three only without refresh.';

revoke all on function public.export_bufdir_report(org_id uuid, period_start date, period_end date, refresh boolean) from public, anon, authenticated, service_role;
grant execute on function public.export_bufdir_report(org_id uuid, period_start date, period_end date, refresh boolean) to authenticated;
grant execute on function public.export_bufdir_report(org_id uuid, period_start date, period_end date, refresh boolean) to service_role;

-- db/src/public/generate_periodic_summaries.sql as at HEAD
create or replace function public.generate_periodic_summaries(org_id uuid, period_type public.summary_period_type, period_start date) returns setof public.periodic_summaries
    language sql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select * from hidden.generate_periodic_summaries(generate_periodic_summaries.org_id, generate_periodic_summaries.period_type, generate_periodic_summaries.period_start)
$$;

comment on function public.generate_periodic_summaries(org_id uuid, period_type public.summary_period_type, period_start date) is 'Generates the organisation-wide and per-mentor summaries of a period (month, quarter, half_year, year starting at period_start). Coordinators, admins, service role. Errors: 22004, 22023, 42501, BF005.';

revoke all on function public.generate_periodic_summaries(org_id uuid, period_type public.summary_period_type, period_start date) from public, anon, authenticated, service_role;
grant execute on function public.generate_periodic_summaries(org_id uuid, period_type public.summary_period_type, period_start date) to authenticated;
grant execute on function public.generate_periodic_summaries(org_id uuid, period_type public.summary_period_type, period_start date) to service_role;

-- db/src/public/get_metric_snapshot.sql as at HEAD
create or replace function public.get_metric_snapshot(org_id uuid, period_start date, period_end date) returns setof public.bufdir_metric_snapshots
    language plpgsql stable
    set search_path to 'pg_catalog', 'pg_temp'
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

comment on function public.get_metric_snapshot(org_id uuid, period_start date, period_end date) is 'The cached snapshot for an organisation and inclusive period: zero or one row. Any member. Errors: 22004, 22023, 42501.';

revoke all on function public.get_metric_snapshot(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function public.get_metric_snapshot(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function public.get_metric_snapshot(org_id uuid, period_start date, period_end date) to service_role;

-- db/src/public/invalidate_periodic_summaries.sql as at HEAD
create or replace function public.invalidate_periodic_summaries(org_id uuid, period_start date, period_end date) returns integer
    language sql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select hidden.invalidate_periodic_summaries(invalidate_periodic_summaries.org_id, invalidate_periodic_summaries.period_start, invalidate_periodic_summaries.period_end)
$$;

comment on function public.invalidate_periodic_summaries(org_id uuid, period_start date, period_end date) is 'Marks every summary of the organisation overlapping the period as invalidated; clients learn it on their next sync. Returns how many. Coordinators, admins, service role. Errors: 22004, 22023, 42501, BF005.';

revoke all on function public.invalidate_periodic_summaries(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function public.invalidate_periodic_summaries(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function public.invalidate_periodic_summaries(org_id uuid, period_start date, period_end date) to service_role;

-- db/src/public/list_activities.sql as at HEAD
create or replace function public.list_activities(org_id uuid, period_start date, period_end date) returns setof public.activity_registration
    language plpgsql stable
    set search_path to 'pg_catalog', 'pg_temp'
    set jit to 'off'
    as $$
-- Planner settings: measured (db/README.md, "Measured and tuned").
begin
  perform hidden.check_snapshot_key(list_activities.org_id, list_activities.period_start, list_activities.period_end);
  if current_user <> 'service_role' then
    perform hidden.caller_membership(list_activities.org_id);
  end if;
  return query
  with period as materialized (
    select a.org_id, a.id, a.kind, a.activity_date, a.duration_minutes, a.anonymous_participants,
           a.municipality_code, a.municipality_code_version, a.in_norway, a.registration_path,
           a.registered_by, a.created_at, a.updated_at, a.deleted_at
    from public.activities a
    where a.org_id = list_activities.org_id
      and a.activity_date between list_activities.period_start and list_activities.period_end
      and a.deleted_at is null
  ),
  mentors as (
    select p.id, pg_catalog.array_agg(am.mentor_id order by am.mentor_id) as ids
    from period p
    join public.activity_mentors am on am.org_id = p.org_id and am.activity_id = p.id
    group by p.id
  ),
  participants as (
    select p.id, pg_catalog.array_agg(ap.contact_id order by ap.contact_id) as ids
    from period p
    join public.activity_participants ap on ap.org_id = p.org_id and ap.activity_id = p.id
    group by p.id
  )
  select p.org_id, p.id, p.kind, p.activity_date, p.duration_minutes, p.anonymous_participants,
         p.municipality_code, p.municipality_code_version, p.in_norway, p.registration_path,
         p.registered_by, p.created_at, p.updated_at, p.deleted_at,
         coalesce(m.ids, '{}'::uuid[]), coalesce(pa.ids, '{}'::uuid[])
  from period p
  left join mentors m on m.id = p.id
  left join participants pa on pa.id = p.id
  order by p.activity_date, p.created_at, p.id;
end
$$;

comment on function public.list_activities(org_id uuid, period_start date, period_end date) is 'The live activities of an organisation in an inclusive period that the caller may read (mentors: those they took part in or registered), with sorted mentor and participant ids, in one set-based query under row-level security. Members and the service role. Errors: 22004, 22023, 42501.';

revoke all on function public.list_activities(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function public.list_activities(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function public.list_activities(org_id uuid, period_start date, period_end date) to service_role;

-- db/src/public/list_contacts.sql as at HEAD
create or replace function public.list_contacts(org_id uuid) returns setof public.contacts
    language plpgsql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
begin
  if list_contacts.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  if not hidden.is_service_role_request() then
    perform hidden.caller_membership(list_contacts.org_id);
  end if;
  -- Row-level security decides which contacts: coordinators and admins all,
  -- mentors the ones they registered or met.
  return query
    select c.* from public.contacts c
    where c.org_id = list_contacts.org_id and c.deleted_at is null
    order by pg_catalog.lower(c.full_name), c.id;
end
$$;

comment on function public.list_contacts(org_id uuid) is 'The live contacts of the organisation the caller may read, by name: coordinators, admins and the service role all; an approved mentor those they registered or met; a pending mentor those they registered. Errors: 22004, 42501.';

revoke all on function public.list_contacts(org_id uuid) from public, anon, authenticated, service_role;
grant execute on function public.list_contacts(org_id uuid) to authenticated;
grant execute on function public.list_contacts(org_id uuid) to service_role;

-- db/src/public/list_held_activities.sql as at HEAD
create or replace function public.list_held_activities(org_id uuid, period_start date, period_end date) returns setof public.held_activity
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select * from hidden.list_held_activities(list_held_activities.org_id, list_held_activities.period_start,
                                            list_held_activities.period_end)
$$;

comment on function public.list_held_activities(org_id uuid, period_start date, period_end date) is 'The live, unconfirmed activities of the period that exceed the organisation''s review limits, with the limits each exceeds, by date; coordinators and admins of the organisation. Errors: 22004, 22023 (the period), 42501.';

revoke all on function public.list_held_activities(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function public.list_held_activities(org_id uuid, period_start date, period_end date) to authenticated;

-- db/src/public/list_member_names.sql as at HEAD
create or replace function public.list_member_names(org_id uuid) returns table(user_id uuid, display_name text, email text, role public.member_role)
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select * from hidden.list_member_names(list_member_names.org_id)
$$;

comment on function public.list_member_names(org_id uuid) is 'The members of an organisation with a readable name each: user_id, display_name (full_name or name from the user''s metadata, else the e-mail), email and role; a revoked member''s row shows their name only (display_name from their metadata or ''former member'', email null). Any member of the organisation (the roster they may read already), or the service role. Errors: 22004, 42501.';

revoke all on function public.list_member_names(org_id uuid) from public, anon, authenticated, service_role;
grant execute on function public.list_member_names(org_id uuid) to authenticated;
grant execute on function public.list_member_names(org_id uuid) to service_role;

-- db/src/public/list_members.sql as at HEAD
create or replace function public.list_members(org_id uuid) returns setof public.membership
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select * from hidden.list_members(list_members.org_id)
$$;

comment on function public.list_members(org_id uuid) is 'The organisation''s members with e-mail, display name, role and approval status (admins first, then coordinators, then mentors); a revoked member''s e-mail is null. Approved members (the roster they may read already) and the service role. Errors: 22004, 42501.';

revoke all on function public.list_members(org_id uuid) from public, anon, authenticated, service_role;
grant execute on function public.list_members(org_id uuid) to authenticated;
grant execute on function public.list_members(org_id uuid) to service_role;

-- db/src/public/list_mentor_active_periods.sql as at HEAD
create or replace function public.list_mentor_active_periods(org_id uuid) returns setof public.mentor_active_periods
    language plpgsql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
begin
  if list_mentor_active_periods.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(list_mentor_active_periods.org_id);
  -- Row-level security decides: coordinators and admins read every period, a mentor their own.
  return query
    select p.* from public.mentor_active_periods p
    where p.org_id = list_mentor_active_periods.org_id
    order by p.mentor_id, p.active_from;
end
$$;

comment on function public.list_mentor_active_periods(org_id uuid) is 'The active periods of the organisation''s mentors the caller may read (coordinators, admins and the service role all; an approved mentor their own), by mentor and start. Errors: 22004, 42501.';

revoke all on function public.list_mentor_active_periods(org_id uuid) from public, anon, authenticated, service_role;
grant execute on function public.list_mentor_active_periods(org_id uuid) to authenticated;
grant execute on function public.list_mentor_active_periods(org_id uuid) to service_role;

-- db/src/public/list_periodic_summaries_since.sql as at HEAD
create or replace function public.list_periodic_summaries_since(org_id uuid, since_cursor text default null::text, page_size integer default 500) returns table(cursor text, operation text, summary_id uuid, mentor_id uuid, period_type public.summary_period_type, period_start date, period_end date, summary_data jsonb, generated_at timestamp with time zone, updated_at timestamp with time zone, invalidated_at timestamp with time zone, version integer)
    language sql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select * from hidden.list_periodic_summaries_since(list_periodic_summaries_since.org_id, list_periodic_summaries_since.since_cursor, list_periodic_summaries_since.page_size)
$$;

comment on function public.list_periodic_summaries_since(org_id uuid, since_cursor text, page_size integer) is 'Delta sync: the summary changes after since_cursor (null for everything), oldest first, at most page_size (1..5000). Deletions arrive as tombstones (operation delete). Pass the last row''s cursor (the change id as text; an old "<xid>.<change id>" cursor is still accepted) to continue. Waits up to 1 s for running writers of the same organisation and raises BF010 (busy: keep the cursor, try again) while one still runs, so no change committed late is ever skipped; transactions elsewhere never delay it. Mentors see their own. Errors: 0A000 (isolation other than read committed), 22004, 22023, 42501, BF005, BF010.';

revoke all on function public.list_periodic_summaries_since(org_id uuid, since_cursor text, page_size integer) from public, anon, authenticated, service_role;
grant execute on function public.list_periodic_summaries_since(org_id uuid, since_cursor text, page_size integer) to authenticated;
grant execute on function public.list_periodic_summaries_since(org_id uuid, since_cursor text, page_size integer) to service_role;

-- db/src/public/refresh_metric_snapshot.sql as at HEAD
create or replace function public.refresh_metric_snapshot(org_id uuid, period_start date, period_end date) returns public.bufdir_metric_snapshots
    language sql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select * from hidden.refresh_metric_snapshot(refresh_metric_snapshot.org_id, refresh_metric_snapshot.period_start, refresh_metric_snapshot.period_end)
$$;

comment on function public.refresh_metric_snapshot(org_id uuid, period_start date, period_end date) is 'Computes and saves the figures in one transaction: the recommended path, raw data never leaves the database. Coordinators, admins, service role. Errors: 22004, 22023, 42501.';

revoke all on function public.refresh_metric_snapshot(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function public.refresh_metric_snapshot(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function public.refresh_metric_snapshot(org_id uuid, period_start date, period_end date) to service_role;

-- db/src/public/register_activity.sql as at HEAD
create or replace function public.register_activity(org_id uuid, registration_path public.registration_path, kind public.activity_kind, activity_date date, duration_minutes integer, mentor_ids uuid[], participant_ids uuid[] default '{}'::uuid[], anonymous_participants integer default 0, municipality_code text default null::text, municipality_code_version text default null::text, in_norway boolean default true) returns public.activity_registration
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  caller uuid := (select hidden.request_user_id());
  caller_role public.member_role := hidden.caller_membership(register_activity.org_id);
  mentors uuid[] := array(select distinct m from pg_catalog.unnest(register_activity.mentor_ids) m);
  participants uuid[] := array(select distinct p from pg_catalog.unnest(register_activity.participant_ids) p);
  new_id uuid;
begin
  if register_activity.registration_path is null then
    raise exception 'registration_path must not be null' using errcode = '22004';
  end if;
  perform hidden.check_activity_fields(
    register_activity.kind, register_activity.activity_date, register_activity.duration_minutes,
    register_activity.anonymous_participants, register_activity.municipality_code,
    register_activity.municipality_code_version, register_activity.in_norway,
    register_activity.mentor_ids, register_activity.participant_ids);
  if register_activity.registration_path = 'direct' then
    if caller_role <> 'peer_mentor' then
      raise exception 'permission denied: direct entries are registered by peer mentors; coordinators and admins register proxy or bulk entries'
        using errcode = '42501';
    end if;
    -- Who may name whom: in their own entry a mentor names only themselves.
    if mentors <> array[caller] then
      raise exception 'permission denied: in a direct entry the registering mentor is the only mentor they may name'
        using errcode = '42501';
    end if;
  elsif caller_role not in ('coordinator', 'admin') then
    raise exception 'permission denied: % entries are registered by coordinators and admins', register_activity.registration_path
      using errcode = '42501';
  end if;
  perform hidden.check_activity_links(register_activity.org_id, mentors, participants);

  insert into public.activities as a
    (org_id, kind, activity_date, duration_minutes, anonymous_participants, municipality_code,
     municipality_code_version, in_norway, registration_path, registered_by)
  values (register_activity.org_id, register_activity.kind, register_activity.activity_date,
          register_activity.duration_minutes, register_activity.anonymous_participants,
          register_activity.municipality_code, register_activity.municipality_code_version,
          register_activity.in_norway, register_activity.registration_path, caller)
  returning a.id into new_id;
  insert into public.activity_mentors (org_id, activity_id, mentor_id)
  select register_activity.org_id, new_id, m from pg_catalog.unnest(mentors) m;
  insert into public.activity_participants (org_id, activity_id, contact_id)
  select register_activity.org_id, new_id, p from pg_catalog.unnest(participants) p;
  return hidden.activity_registration(register_activity.org_id, new_id);
end
$$;

comment on function public.register_activity(org_id uuid, registration_path public.registration_path, kind public.activity_kind, activity_date date, duration_minutes integer, mentor_ids uuid[], participant_ids uuid[], anonymous_participants integer, municipality_code text, municipality_code_version text, in_norway boolean) is 'Registers one activity with its mentors and known participants, atomically, as the calling member, and returns it. direct: peer mentors, naming only themselves; proxy and bulk: coordinators and admins. Errors: 22004, 22023, 42501, 23503 (a mentor who is not a member, a contact that does not exist or the caller cannot read).';

revoke all on function public.register_activity(org_id uuid, registration_path public.registration_path, kind public.activity_kind, activity_date date, duration_minutes integer, mentor_ids uuid[], participant_ids uuid[], anonymous_participants integer, municipality_code text, municipality_code_version text, in_norway boolean) from public, anon, authenticated, service_role;
grant execute on function public.register_activity(org_id uuid, registration_path public.registration_path, kind public.activity_kind, activity_date date, duration_minutes integer, mentor_ids uuid[], participant_ids uuid[], anonymous_participants integer, municipality_code text, municipality_code_version text, in_norway boolean) to authenticated;
grant execute on function public.register_activity(org_id uuid, registration_path public.registration_path, kind public.activity_kind, activity_date date, duration_minutes integer, mentor_ids uuid[], participant_ids uuid[], anonymous_participants integer, municipality_code text, municipality_code_version text, in_norway boolean) to service_role;

-- db/src/public/save_metric_snapshot.sql as at HEAD
create or replace function public.save_metric_snapshot(org_id uuid, period_start date, period_end date, snapshot_json jsonb) returns public.bufdir_metric_snapshots
    language sql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select * from hidden.save_metric_snapshot(save_metric_snapshot.org_id, save_metric_snapshot.period_start, save_metric_snapshot.period_end, save_metric_snapshot.snapshot_json)
$$;

comment on function public.save_metric_snapshot(org_id uuid, period_start date, period_end date, snapshot_json jsonb) is 'Idempotently saves figures for an organisation and inclusive period (one row per key). Coordinators, admins, service role. Errors: 22004, 22023, 42501, BF001 (allow-list).';

revoke all on function public.save_metric_snapshot(org_id uuid, period_start date, period_end date, snapshot_json jsonb) from public, anon, authenticated, service_role;
grant execute on function public.save_metric_snapshot(org_id uuid, period_start date, period_end date, snapshot_json jsonb) to authenticated;
grant execute on function public.save_metric_snapshot(org_id uuid, period_start date, period_end date, snapshot_json jsonb) to service_role;

-- db/src/public/set_member_status.sql as at HEAD
create or replace function public.set_member_status(org_id uuid, user_id uuid, approval_status public.approval_status) returns public.membership
    language sql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select hidden.set_member_status(set_member_status.org_id, set_member_status.user_id, set_member_status.approval_status)
$$;

comment on function public.set_member_status(org_id uuid, user_id uuid, approval_status public.approval_status) is 'Approves or revokes a membership (approved again after a revocation reinstates it). Admins any member, coordinators peer mentors; nobody their own; the service role any. The organisation''s figures turn stale when the status changes. Errors: 22004, 22023 (pending), 42501, P0002 (not a member).';

revoke all on function public.set_member_status(org_id uuid, user_id uuid, approval_status public.approval_status) from public, anon, authenticated, service_role;
grant execute on function public.set_member_status(org_id uuid, user_id uuid, approval_status public.approval_status) to authenticated;
grant execute on function public.set_member_status(org_id uuid, user_id uuid, approval_status public.approval_status) to service_role;

-- db/src/public/set_review_limits.sql as at HEAD
create or replace function public.set_review_limits(org_id uuid, max_minutes_per_activity integer default null::integer, max_anonymous_participants integer default null::integer, max_known_participants integer default null::integer) returns public.organisation_review_limits
    language sql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select hidden.set_review_limits(set_review_limits.org_id, set_review_limits.max_minutes_per_activity,
                                  set_review_limits.max_anonymous_participants, set_review_limits.max_known_participants)
$$;

comment on function public.set_review_limits(org_id uuid, max_minutes_per_activity integer, max_anonymous_participants integer, max_known_participants integer) is 'Sets the organisation''s review limits (null: no limit), replacing all three; admins of the organisation only. Entries above a limit are held out of the figures until confirmed; the organisation''s figures become stale. Errors: 22004, 22023, 42501.';

revoke all on function public.set_review_limits(org_id uuid, max_minutes_per_activity integer, max_anonymous_participants integer, max_known_participants integer) from public, anon, authenticated, service_role;
grant execute on function public.set_review_limits(org_id uuid, max_minutes_per_activity integer, max_anonymous_participants integer, max_known_participants integer) to authenticated;

-- db/src/public/set_summaries_enabled.sql as at HEAD
create or replace function public.set_summaries_enabled(org_id uuid, enabled boolean) returns void
    language sql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select hidden.set_summaries_enabled(set_summaries_enabled.org_id, set_summaries_enabled.enabled)
$$;

comment on function public.set_summaries_enabled(org_id uuid, enabled boolean) is 'Switches periodic summaries on or off for an organisation (its admins, service role) or, with org_id null, everywhere (service role). While off, the summary RPCs raise BF005 for API users.';

revoke all on function public.set_summaries_enabled(org_id uuid, enabled boolean) from public, anon, authenticated, service_role;
grant execute on function public.set_summaries_enabled(org_id uuid, enabled boolean) to authenticated;
grant execute on function public.set_summaries_enabled(org_id uuid, enabled boolean) to service_role;

-- db/src/public/verify_metric_snapshot.sql as at HEAD
create or replace function public.verify_metric_snapshot(org_id uuid, period_start date, period_end date) returns table(figure text, persisted_value jsonb, recomputed_value jsonb)
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select * from hidden.verify_metric_snapshot(verify_metric_snapshot.org_id, verify_metric_snapshot.period_start, verify_metric_snapshot.period_end)
$$;

comment on function public.verify_metric_snapshot(org_id uuid, period_start date, period_end date) is 'Recomputes the figures and lists every one that differs from the persisted snapshot (none when it is sound). Coordinators, admins, service role. Errors: 22004, 22023, 42501, P0002.';

revoke all on function public.verify_metric_snapshot(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function public.verify_metric_snapshot(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function public.verify_metric_snapshot(org_id uuid, period_start date, period_end date) to service_role;

-- db/src/public/activity_mentors.policies.sql as at HEAD
drop policy if exists delete_editors on public.activity_mentors;
create policy delete_editors on public.activity_mentors for delete to authenticated using ((exists ( select
   from public.activities a
  where ((a.org_id = activity_mentors.org_id) and (a.id = activity_mentors.activity_id) and (not ((a.registration_path = 'direct'::public.registration_path) and (a.registered_by = activity_mentors.mentor_id))) and ((a.org_id in ( select hidden.caller_org_ids('{coordinator,admin}'::public.member_role[]) as caller_org_ids)) or ((a.registered_by = ( select hidden.request_user_id() as request_user_id)) and (a.registration_path = 'direct'::public.registration_path) and (a.deleted_at is null)))))));

comment on policy delete_editors on public.activity_mentors is 'Whoever may edit the activity removes its mentors; a mentor only while the entry is live. Nobody removes the registrant from a direct entry (the entry goes with its registrant).';

drop policy if exists insert_editors on public.activity_mentors;
create policy insert_editors on public.activity_mentors for insert to authenticated with check ((((org_id in ( select hidden.caller_org_ids('{coordinator,admin}'::public.member_role[]) as caller_org_ids)) and (exists ( select
   from public.members m
  where ((m.org_id = activity_mentors.org_id) and (m.user_id = activity_mentors.mentor_id) and (m.approval_status <> 'revoked'::public.approval_status))))) or ((mentor_id = ( select hidden.request_user_id() as request_user_id)) and ((org_id in ( select hidden.caller_org_ids('{peer_mentor}'::public.member_role[]) as caller_org_ids)) or (org_id in ( select hidden.caller_pending_org_ids('{peer_mentor}'::public.member_role[]) as caller_pending_org_ids))) and (exists ( select
   from public.activities a
  where ((a.org_id = activity_mentors.org_id) and (a.id = activity_mentors.activity_id) and (a.registered_by = ( select hidden.request_user_id() as request_user_id)) and (a.registration_path = 'direct'::public.registration_path) and (a.deleted_at is null)))))));

comment on policy insert_editors on public.activity_mentors is 'Coordinators and admins name any member whose membership is not revoked; the registrant of a live direct entry names only themselves.';

-- activity_mentors and activity_participants follow their activity: readable
-- with it, and written by whoever may edit it. No update: rows are replaced.
drop policy if exists select_members on public.activity_mentors;
create policy select_members on public.activity_mentors for select to authenticated using (((org_id in ( select hidden.caller_org_ids('{coordinator,admin}'::public.member_role[]) as caller_org_ids)) or ((org_id in ( select hidden.caller_org_ids('{peer_mentor}'::public.member_role[]) as caller_org_ids)) and ((org_id, activity_id) in ( select c.org_id,
    c.activity_id
   from hidden.caller_activity_ids() c(org_id, activity_id)))) or ((org_id in ( select hidden.caller_pending_org_ids('{peer_mentor}'::public.member_role[]) as caller_pending_org_ids)) and (exists ( select
   from public.activities a
  where ((a.org_id = activity_mentors.org_id) and (a.id = activity_mentors.activity_id) and (a.registered_by = ( select hidden.request_user_id() as uid))))))));

comment on policy select_members on public.activity_mentors is 'Readable by whoever may read the activity: a pending mentor reads those of the entries they registered.';

-- db/src/public/activity_participants.policies.sql as at HEAD
drop policy if exists delete_editors on public.activity_participants;
create policy delete_editors on public.activity_participants for delete to authenticated using ((exists ( select
   from public.activities a
  where ((a.org_id = activity_participants.org_id) and (a.id = activity_participants.activity_id) and ((a.org_id in ( select hidden.caller_org_ids('{coordinator,admin}'::public.member_role[]) as caller_org_ids)) or ((a.registered_by = ( select hidden.request_user_id() as uid)) and (a.registration_path = 'direct'::public.registration_path) and (a.deleted_at is null)))))));

comment on policy delete_editors on public.activity_participants is 'Whoever may edit the activity removes its participants; a mentor only while the entry is live.';

drop policy if exists insert_editors on public.activity_participants;
create policy insert_editors on public.activity_participants for insert to authenticated with check (((exists ( select
   from public.activities a
  where ((a.org_id = activity_participants.org_id) and (a.id = activity_participants.activity_id) and ((a.org_id in ( select hidden.caller_org_ids('{coordinator,admin}'::public.member_role[]) as caller_org_ids)) or (((a.org_id in ( select hidden.caller_org_ids('{peer_mentor}'::public.member_role[]) as caller_org_ids)) or (a.org_id in ( select hidden.caller_pending_org_ids('{peer_mentor}'::public.member_role[]) as caller_pending_org_ids))) and (a.registered_by = ( select hidden.request_user_id() as request_user_id)) and (a.registration_path = 'direct'::public.registration_path) and (a.deleted_at is null)))))) and (exists ( select
   from public.contacts c
  where ((c.org_id = activity_participants.org_id) and (c.id = activity_participants.contact_id) and (c.deleted_at is null))))));

comment on policy insert_editors on public.activity_participants is 'Whoever may edit the activity names its participants (a mentor only while the entry is live), each a live contact they can already read (an unreadable one is refused as a missing one).';

drop policy if exists select_members on public.activity_participants;
create policy select_members on public.activity_participants for select to authenticated using (((org_id in ( select hidden.caller_org_ids('{coordinator,admin}'::public.member_role[]) as caller_org_ids)) or ((org_id in ( select hidden.caller_org_ids('{peer_mentor}'::public.member_role[]) as caller_org_ids)) and ((org_id, activity_id) in ( select c.org_id,
    c.activity_id
   from hidden.caller_activity_ids() c(org_id, activity_id)))) or ((org_id in ( select hidden.caller_pending_org_ids('{peer_mentor}'::public.member_role[]) as caller_pending_org_ids)) and (exists ( select
   from public.activities a
  where ((a.org_id = activity_participants.org_id) and (a.id = activity_participants.activity_id) and (a.registered_by = ( select hidden.request_user_id() as uid))))))));

comment on policy select_members on public.activity_participants is 'Readable by whoever may read the activity: a pending mentor reads those of the entries they registered.';

-- db/src/public/bufdir_metric_snapshots.policies.sql as at HEAD
drop policy if exists delete_managers on public.bufdir_metric_snapshots;
create policy delete_managers on public.bufdir_metric_snapshots for delete to authenticated using ((org_id in ( select hidden.caller_org_ids('{coordinator,admin}'::public.member_role[]) as caller_org_ids)));

comment on policy delete_managers on public.bufdir_metric_snapshots is 'Only coordinators and admins delete snapshots; a mentor''s delete is filtered out here.';

drop policy if exists select_members on public.bufdir_metric_snapshots;
create policy select_members on public.bufdir_metric_snapshots for select to authenticated using ((org_id in ( select hidden.caller_org_ids() as caller_org_ids)));

comment on policy select_members on public.bufdir_metric_snapshots is 'Every member of the organisation reads its snapshots.';

-- db/src/public/contacts.policies.sql as at HEAD
drop policy if exists delete_managers on public.contacts;
create policy delete_managers on public.contacts for delete to authenticated using ((org_id in ( select hidden.caller_org_ids('{coordinator,admin}'::public.member_role[]) as caller_org_ids)));

comment on policy delete_managers on public.contacts is 'Coordinators and admins remove contacts.';

drop policy if exists insert_members on public.contacts;
create policy insert_members on public.contacts for insert to authenticated with check ((((org_id in ( select hidden.caller_org_ids() as caller_org_ids)) or (org_id in ( select hidden.caller_pending_org_ids('{peer_mentor}'::public.member_role[]) as caller_pending_org_ids))) and (created_by = ( select hidden.request_user_id() as uid))));

comment on policy insert_members on public.contacts is 'Approved members and pending mentors register contacts in their organisation, as themselves.';

drop policy if exists select_members on public.contacts;
create policy select_members on public.contacts for select to authenticated using (((org_id in ( select hidden.caller_org_ids('{coordinator,admin}'::public.member_role[]) as caller_org_ids)) or ((org_id in ( select hidden.caller_org_ids('{peer_mentor}'::public.member_role[]) as caller_org_ids)) and (deleted_at is null) and ((created_by = ( select hidden.request_user_id() as request_user_id)) or ((org_id, id) in ( select c.org_id,
    c.contact_id
   from hidden.caller_contact_ids() c(org_id, contact_id))))) or ((org_id in ( select hidden.caller_pending_org_ids('{peer_mentor}'::public.member_role[]) as caller_pending_org_ids)) and (deleted_at is null) and (created_by = ( select hidden.request_user_id() as request_user_id)))));

comment on policy select_members on public.contacts is 'Coordinators and admins read their organisation''s contacts, soft-deleted ones too; approved mentors the live ones they registered or met; pending mentors the live ones they registered.';

drop policy if exists update_members on public.contacts;
create policy update_members on public.contacts for update to authenticated using (((org_id in ( select hidden.caller_org_ids('{coordinator,admin}'::public.member_role[]) as caller_org_ids)) or (((org_id in ( select hidden.caller_org_ids('{peer_mentor}'::public.member_role[]) as caller_org_ids)) or (org_id in ( select hidden.caller_pending_org_ids('{peer_mentor}'::public.member_role[]) as caller_pending_org_ids))) and (created_by = ( select hidden.request_user_id() as request_user_id)) and (deleted_at is null)))) with check (((org_id in ( select hidden.caller_org_ids('{coordinator,admin}'::public.member_role[]) as caller_org_ids)) or (((org_id in ( select hidden.caller_org_ids('{peer_mentor}'::public.member_role[]) as caller_org_ids)) or (org_id in ( select hidden.caller_pending_org_ids('{peer_mentor}'::public.member_role[]) as caller_pending_org_ids))) and (created_by = ( select hidden.request_user_id() as request_user_id)) and (deleted_at is null))));

comment on policy update_members on public.contacts is 'Approved and pending mentors edit the live contacts they registered; coordinators and admins any of their organisation''s, and they alone soft-delete or restore one.';

-- db/src/public/members.policies.sql as at HEAD
drop policy if exists delete_managers on public.members;
create policy delete_managers on public.members for delete to authenticated using (((org_id in ( select hidden.caller_org_ids('{admin}'::public.member_role[]) as caller_org_ids)) or ((org_id in ( select hidden.caller_org_ids('{coordinator}'::public.member_role[]) as caller_org_ids)) and (role = 'peer_mentor'::public.member_role))));

comment on policy delete_managers on public.members is 'Admins remove any member; coordinators remove peer mentors.';

drop policy if exists insert_managers on public.members;
create policy insert_managers on public.members for insert to authenticated with check (((org_id in ( select hidden.caller_org_ids('{admin}'::public.member_role[]) as caller_org_ids)) or ((org_id in ( select hidden.caller_org_ids('{coordinator}'::public.member_role[]) as caller_org_ids)) and (role = 'peer_mentor'::public.member_role))));

comment on policy insert_managers on public.members is 'Admins add any member; coordinators add peer mentors.';

drop policy if exists select_auth_admin on public.members;
create policy select_auth_admin on public.members for select to supabase_auth_admin using (true);

comment on policy select_auth_admin on public.members is 'Supabase Auth reads memberships to build access tokens.';

-- members: the roster is visible to the organisation; admins manage everyone,
-- coordinators manage peer mentors only (no one promotes themselves).
drop policy if exists select_members on public.members;
create policy select_members on public.members for select to authenticated using (((org_id in ( select hidden.caller_org_ids() as caller_org_ids)) or ((org_id in ( select hidden.caller_pending_org_ids() as caller_pending_org_ids)) and (user_id = ( select hidden.request_user_id() as uid)))));

comment on policy select_members on public.members is 'Approved members read the roster of their own organisations; a pending member reads their own membership only.';

drop policy if exists update_managers on public.members;
create policy update_managers on public.members for update to authenticated using (((org_id in ( select hidden.caller_org_ids('{admin}'::public.member_role[]) as caller_org_ids)) or ((org_id in ( select hidden.caller_org_ids('{coordinator}'::public.member_role[]) as caller_org_ids)) and (role = 'peer_mentor'::public.member_role)))) with check (((org_id in ( select hidden.caller_org_ids('{admin}'::public.member_role[]) as caller_org_ids)) or ((org_id in ( select hidden.caller_org_ids('{coordinator}'::public.member_role[]) as caller_org_ids)) and (role = 'peer_mentor'::public.member_role))));

comment on policy update_managers on public.members is 'Admins edit any member; coordinators edit peer mentors and cannot promote them.';

-- db/src/public/mentor_active_periods.policies.sql as at HEAD
drop policy if exists delete_managers on public.mentor_active_periods;
create policy delete_managers on public.mentor_active_periods for delete to authenticated using ((org_id in ( select hidden.caller_org_ids('{coordinator,admin}'::public.member_role[]) as caller_org_ids)));

comment on policy delete_managers on public.mentor_active_periods is 'Coordinators and admins remove active periods.';

drop policy if exists insert_managers on public.mentor_active_periods;
create policy insert_managers on public.mentor_active_periods for insert to authenticated with check ((org_id in ( select hidden.caller_org_ids('{coordinator,admin}'::public.member_role[]) as caller_org_ids)));

comment on policy insert_managers on public.mentor_active_periods is 'Coordinators and admins record active periods.';

-- mentor_active_periods: mentors see their own; coordinators and admins manage.
drop policy if exists select_members on public.mentor_active_periods;
create policy select_members on public.mentor_active_periods for select to authenticated using (((org_id in ( select hidden.caller_org_ids('{coordinator,admin}'::public.member_role[]) as caller_org_ids)) or ((org_id in ( select hidden.caller_org_ids('{peer_mentor}'::public.member_role[]) as caller_org_ids)) and (mentor_id = ( select hidden.request_user_id() as uid)))));

comment on policy select_members on public.mentor_active_periods is 'Coordinators and admins read all active periods of their organisation; mentors their own.';

drop policy if exists update_managers on public.mentor_active_periods;
create policy update_managers on public.mentor_active_periods for update to authenticated using ((org_id in ( select hidden.caller_org_ids('{coordinator,admin}'::public.member_role[]) as caller_org_ids))) with check ((org_id in ( select hidden.caller_org_ids('{coordinator,admin}'::public.member_role[]) as caller_org_ids)));

comment on policy update_managers on public.mentor_active_periods is 'Coordinators and admins edit active periods.';

-- db/src/public/activities.policies.sql as at HEAD
drop policy if exists delete_members on public.activities;
create policy delete_members on public.activities for delete to authenticated using (((org_id in ( select hidden.caller_org_ids('{coordinator,admin}'::public.member_role[]) as caller_org_ids)) or (((org_id in ( select hidden.caller_org_ids('{peer_mentor}'::public.member_role[]) as caller_org_ids)) or (org_id in ( select hidden.caller_pending_org_ids('{peer_mentor}'::public.member_role[]) as caller_pending_org_ids))) and (registered_by = ( select hidden.request_user_id() as uid)) and (registration_path = 'direct'::public.registration_path) and (deleted_at is null))));

comment on policy delete_members on public.activities is 'Approved and pending mentors remove their own live direct entries; coordinators and admins any of their organisation''s.';

drop policy if exists insert_members on public.activities;
create policy insert_members on public.activities for insert to authenticated with check (((registered_by = ( select hidden.request_user_id() as uid)) and (((org_id in ( select hidden.caller_org_ids('{coordinator,admin}'::public.member_role[]) as caller_org_ids)) and (registration_path = any (array['proxy'::public.registration_path, 'bulk'::public.registration_path]))) or (((org_id in ( select hidden.caller_org_ids('{peer_mentor}'::public.member_role[]) as caller_org_ids)) or (org_id in ( select hidden.caller_pending_org_ids('{peer_mentor}'::public.member_role[]) as caller_pending_org_ids))) and (registration_path = 'direct'::public.registration_path)))));

comment on policy insert_members on public.activities is 'Approved and pending mentors register direct entries; coordinators and admins proxy and bulk entries; always as themselves.';

-- activities: mentors register and edit their own direct entries; coordinators
-- and admins manage all of their organisation's, and register proxy and bulk ones.
drop policy if exists select_members on public.activities;
create policy select_members on public.activities for select to authenticated using (((org_id in ( select hidden.caller_org_ids('{coordinator,admin}'::public.member_role[]) as caller_org_ids)) or ((org_id in ( select hidden.caller_org_ids('{peer_mentor}'::public.member_role[]) as caller_org_ids)) and ((registered_by = ( select hidden.request_user_id() as uid)) or ((org_id, id) in ( select c.org_id,
    c.activity_id
   from hidden.caller_activity_ids() c(org_id, activity_id))))) or ((org_id in ( select hidden.caller_pending_org_ids('{peer_mentor}'::public.member_role[]) as caller_pending_org_ids)) and (registered_by = ( select hidden.request_user_id() as uid)))));

comment on policy select_members on public.activities is 'Coordinators and admins read their organisation''s activities; approved mentors those they took part in or registered; pending mentors those they registered.';

drop policy if exists update_members on public.activities;
create policy update_members on public.activities for update to authenticated using (((org_id in ( select hidden.caller_org_ids('{coordinator,admin}'::public.member_role[]) as caller_org_ids)) or (((org_id in ( select hidden.caller_org_ids('{peer_mentor}'::public.member_role[]) as caller_org_ids)) or (org_id in ( select hidden.caller_pending_org_ids('{peer_mentor}'::public.member_role[]) as caller_pending_org_ids))) and (registered_by = ( select hidden.request_user_id() as uid)) and (registration_path = 'direct'::public.registration_path) and (deleted_at is null)))) with check (((org_id in ( select hidden.caller_org_ids('{coordinator,admin}'::public.member_role[]) as caller_org_ids)) or (((org_id in ( select hidden.caller_org_ids('{peer_mentor}'::public.member_role[]) as caller_org_ids)) or (org_id in ( select hidden.caller_pending_org_ids('{peer_mentor}'::public.member_role[]) as caller_pending_org_ids))) and (registered_by = ( select hidden.request_user_id() as uid)) and (registration_path = 'direct'::public.registration_path))));

comment on policy update_members on public.activities is 'Approved and pending mentors edit (and soft-delete) their own live direct entries; coordinators and admins any of their organisation''s, and they alone restore a soft-deleted one.';

-- db/src/public/bufdir_export_audit_log.policies.sql as at HEAD
drop policy if exists select_managers on public.bufdir_export_audit_log;
create policy select_managers on public.bufdir_export_audit_log for select to authenticated using ((org_id in ( select hidden.caller_org_ids('{coordinator,admin}'::public.member_role[]) as caller_org_ids)));

comment on policy select_managers on public.bufdir_export_audit_log is 'Coordinators and admins read their organisation''s export history.';

-- db/src/public/organisations.policies.sql as at HEAD
-- organisations: members read their own; admins rename; creation and removal are operator tasks (service role).
drop policy if exists select_members on public.organisations;
create policy select_members on public.organisations for select to authenticated using (((id in ( select hidden.caller_org_ids() as caller_org_ids)) or (id in ( select hidden.caller_pending_org_ids() as caller_pending_org_ids))));

comment on policy select_members on public.organisations is 'Approved and pending members read the organisations they belong to; revoked members do not.';

drop policy if exists update_admins on public.organisations;
create policy update_admins on public.organisations for update to authenticated using ((id in ( select hidden.caller_org_ids('{admin}'::public.member_role[]) as caller_org_ids))) with check ((id in ( select hidden.caller_org_ids('{admin}'::public.member_role[]) as caller_org_ids)));

comment on policy update_admins on public.organisations is 'Admins edit their own organisation.';

-- db/src/public/periodic_summaries.policies.sql as at HEAD
drop policy if exists select_members on public.periodic_summaries;
create policy select_members on public.periodic_summaries for select to authenticated using (((org_id in ( select hidden.caller_org_ids('{coordinator,admin}'::public.member_role[]) as caller_org_ids)) or ((org_id in ( select hidden.caller_org_ids('{peer_mentor}'::public.member_role[]) as caller_org_ids)) and (mentor_id = ( select hidden.request_user_id() as uid)))));

comment on policy select_members on public.periodic_summaries is 'Coordinators and admins read their organisation''s summaries; a mentor reads their own.';
