drop policy if exists select_managers on public.bufdir_export_audit_log;
create policy select_managers on public.bufdir_export_audit_log for select to authenticated using ((org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids)));

comment on policy select_managers on public.bufdir_export_audit_log is 'Coordinators and admins read their organisation''s export history.';
