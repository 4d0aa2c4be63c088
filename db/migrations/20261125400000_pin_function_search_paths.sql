-- Purpose: pin every project function's search_path to pg_catalog, then pg_temp,
-- explicitly last.
-- Objects: every function in public, hidden and private whose search_path was
--          empty or unset (the others already pin this path). A function's other
--          settings (planner switches, work_mem) are kept: ALTER ... SET changes one.
-- Why: code planted in a session's temporary schema must never run as a
-- function's owner. PostgreSQL searches pg_temp first for types and relations
-- unless the search_path names it; with `search_path = ''` (or none, inheriting
-- the caller's) a definer function resolved the `::uuid` casts in auth.uid() and
-- any unqualified name against types and relations the caller had created in
-- pg_temp, and ran their code as the owner. With pg_temp named last, pg_catalog
-- and every schema-qualified name win (functions are never looked up in
-- pg_temp). The auth claim readers belong to Supabase Auth (the bootstrap only
-- stands in for them); they run under the pinned path of the project function
-- that calls them. Down restores each function's previous setting ('' or unset).

-- migrate:up
alter function hidden.caller_activity_ids() set search_path = pg_catalog, pg_temp;
alter function hidden.caller_contact_ids() set search_path = pg_catalog, pg_temp;
alter function hidden.caller_org_ids(public.member_role[]) set search_path = pg_catalog, pg_temp;
alter function hidden.check_snapshot_key(uuid,date,date) set search_path = pg_catalog, pg_temp;
alter function hidden.require_role(uuid,public.member_role[]) set search_path = pg_catalog, pg_temp;
alter function hidden.rules_in_force(date) set search_path = pg_catalog, pg_temp;
alter function private.add_day_changes(uuid[],date[],integer[]) set search_path = pg_catalog, pg_temp;
alter function private.figure_differences(jsonb,jsonb) set search_path = pg_catalog, pg_temp;
alter function private.forbid_tenant_change() set search_path = pg_catalog, pg_temp;
alter function private.record_activity_changes() set search_path = pg_catalog, pg_temp;
alter function private.record_activity_link_changes() set search_path = pg_catalog, pg_temp;
alter function private.record_roster_changes() set search_path = pg_catalog, pg_temp;
alter function private.record_summary_changes() set search_path = pg_catalog, pg_temp;
alter function private.refuse_audit_change() set search_path = pg_catalog, pg_temp;
alter function private.refuse_rule_change() set search_path = pg_catalog, pg_temp;
alter function private.reject_pii_in_figures() set search_path = pg_catalog, pg_temp;
alter function private.require_summaries_enabled(uuid) set search_path = pg_catalog, pg_temp;
alter function private.run_summary_job(date) set search_path = pg_catalog, pg_temp;
alter function private.snapshot_status(uuid,date,date) set search_path = pg_catalog, pg_temp;
alter function private.stamp_snapshot() set search_path = pg_catalog, pg_temp;
alter function private.store_snapshot(uuid,date,date,jsonb,pg_snapshot) set search_path = pg_catalog, pg_temp;
alter function private.summary_changes_after(uuid,text,integer,xid8,uuid) set search_path = pg_catalog, pg_temp;
alter function private.summary_period_end(public.summary_period_type,date) set search_path = pg_catalog, pg_temp;
alter function private.touch_updated_at() set search_path = pg_catalog, pg_temp;
alter function public.compute_bufdir_metrics(uuid,date,date) set search_path = pg_catalog, pg_temp;
alter function public.custom_access_token_hook(jsonb) set search_path = pg_catalog, pg_temp;
alter function public.delete_metric_snapshot(uuid,date,date) set search_path = pg_catalog, pg_temp;
alter function public.export_bufdir_report(uuid,date,date) set search_path = pg_catalog, pg_temp;
alter function public.generate_periodic_summaries(uuid,public.summary_period_type,date) set search_path = pg_catalog, pg_temp;
alter function public.get_metric_snapshot(uuid,date,date) set search_path = pg_catalog, pg_temp;
alter function public.invalidate_periodic_summaries(uuid,date,date) set search_path = pg_catalog, pg_temp;
alter function public.list_periodic_summaries_since(uuid,text,integer) set search_path = pg_catalog, pg_temp;
alter function public.metric_snapshot_status(uuid,date,date) set search_path = pg_catalog, pg_temp;
alter function public.refresh_metric_snapshot(uuid,date,date) set search_path = pg_catalog, pg_temp;
alter function public.save_metric_snapshot(uuid,date,date,jsonb) set search_path = pg_catalog, pg_temp;
alter function public.set_summaries_enabled(uuid,boolean) set search_path = pg_catalog, pg_temp;
alter function public.verify_metric_snapshot(uuid,date,date) set search_path = pg_catalog, pg_temp;

-- migrate:down
alter function hidden.caller_activity_ids() set search_path = '';
alter function hidden.caller_contact_ids() set search_path = '';
alter function hidden.caller_org_ids(public.member_role[]) set search_path = '';
alter function hidden.check_snapshot_key(uuid,date,date) reset search_path;
alter function hidden.require_role(uuid,public.member_role[]) reset search_path;
alter function hidden.rules_in_force(date) reset search_path;
alter function private.add_day_changes(uuid[],date[],integer[]) set search_path = '';
alter function private.figure_differences(jsonb,jsonb) set search_path = '';
alter function private.forbid_tenant_change() reset search_path;
alter function private.record_activity_changes() set search_path = '';
alter function private.record_activity_link_changes() set search_path = '';
alter function private.record_roster_changes() set search_path = '';
alter function private.record_summary_changes() set search_path = '';
alter function private.refuse_audit_change() reset search_path;
alter function private.refuse_rule_change() reset search_path;
alter function private.reject_pii_in_figures() reset search_path;
alter function private.require_summaries_enabled(uuid) set search_path = '';
alter function private.run_summary_job(date) set search_path = '';
alter function private.snapshot_status(uuid,date,date) set search_path = '';
alter function private.stamp_snapshot() reset search_path;
alter function private.store_snapshot(uuid,date,date,jsonb,pg_snapshot) set search_path = '';
alter function private.summary_changes_after(uuid,text,integer,xid8,uuid) set search_path = '';
alter function private.summary_period_end(public.summary_period_type,date) set search_path = '';
alter function private.touch_updated_at() reset search_path;
alter function public.compute_bufdir_metrics(uuid,date,date) set search_path = '';
alter function public.custom_access_token_hook(jsonb) reset search_path;
alter function public.delete_metric_snapshot(uuid,date,date) reset search_path;
alter function public.export_bufdir_report(uuid,date,date) set search_path = '';
alter function public.generate_periodic_summaries(uuid,public.summary_period_type,date) set search_path = '';
alter function public.get_metric_snapshot(uuid,date,date) reset search_path;
alter function public.invalidate_periodic_summaries(uuid,date,date) set search_path = '';
alter function public.list_periodic_summaries_since(uuid,text,integer) set search_path = '';
alter function public.metric_snapshot_status(uuid,date,date) set search_path = '';
alter function public.refresh_metric_snapshot(uuid,date,date) set search_path = '';
alter function public.save_metric_snapshot(uuid,date,date,jsonb) set search_path = '';
alter function public.set_summaries_enabled(uuid,boolean) set search_path = '';
alter function public.verify_metric_snapshot(uuid,date,date) set search_path = '';
