create or replace trigger forbid_tenant_change before update on public.mentor_active_periods for each row execute function private.forbid_tenant_change();

create or replace trigger record_changes_delete after delete on public.mentor_active_periods referencing old table as old_rows for each statement execute function private.record_roster_changes();

create or replace trigger record_changes_insert after insert on public.mentor_active_periods referencing new table as new_rows for each statement execute function private.record_roster_changes();

create or replace trigger record_changes_update after update on public.mentor_active_periods referencing old table as old_rows new table as new_rows for each statement execute function private.record_roster_changes();
