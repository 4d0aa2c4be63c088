create or replace trigger refuse_audit_change before delete or update on public.bufdir_export_audit_log for each row execute function private.refuse_audit_change();

create or replace trigger refuse_audit_truncate before truncate on public.bufdir_export_audit_log for each statement execute function private.refuse_audit_change();
