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
