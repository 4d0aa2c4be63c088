create or replace trigger forbid_tenant_change before update on public.organisation_review_limits for each row execute function private.forbid_tenant_change();

create or replace trigger record_changes_delete after delete on public.organisation_review_limits referencing old table as old_rows for each statement execute function private.record_roster_changes();

-- Which entries are held changes with the limits: every figure of the
-- organisation is judged again, as after a roster change.
create or replace trigger record_changes_insert after insert on public.organisation_review_limits referencing new table as new_rows for each statement execute function private.record_roster_changes();

create or replace trigger record_changes_update after update on public.organisation_review_limits referencing old table as old_rows new table as new_rows for each statement execute function private.record_roster_changes();

create or replace trigger touch_updated_at before update on public.organisation_review_limits for each row execute function private.touch_updated_at();
