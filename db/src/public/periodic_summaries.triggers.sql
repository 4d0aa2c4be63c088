create or replace trigger forbid_tenant_change before update on public.periodic_summaries for each row execute function private.forbid_tenant_change();

create or replace trigger record_changes_delete after delete on public.periodic_summaries referencing old table as old_rows for each statement execute function private.record_summary_changes();

create or replace trigger record_changes_insert after insert on public.periodic_summaries referencing new table as new_rows for each statement execute function private.record_summary_changes();

create or replace trigger record_changes_update after update on public.periodic_summaries referencing new table as new_rows for each statement execute function private.record_summary_changes();

create or replace trigger reject_pii_in_figures before insert or update of summary_data on public.periodic_summaries for each row execute function private.reject_pii_in_figures('summary_data');
