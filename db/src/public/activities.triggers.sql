create or replace trigger check_limits_insert after insert on public.activities referencing new table as new_rows for each statement execute function private.check_activity_limits();

create or replace trigger check_limits_update after update on public.activities referencing old table as old_rows new table as new_rows for each statement execute function private.check_activity_limits();

create or replace trigger check_mentor_day_update after update on public.activities referencing old table as old_rows new table as new_rows for each statement execute function private.check_mentor_day_changes();

create or replace trigger forbid_tenant_change before update on public.activities for each row execute function private.forbid_tenant_change();

-- The conditions keep ordinary writes (no confirmation anywhere) free of a function call.
create or replace trigger guard_review_confirmation_insert before insert on public.activities for each row when (((new.review_confirmed_at is not null) or (new.review_confirmed_by is not null))) execute function private.guard_review_confirmation();

create or replace trigger guard_review_confirmation_update before update on public.activities for each row when (((old.review_confirmed_at is not null) or (new.review_confirmed_at is not null) or (old.review_confirmed_by is not null) or (new.review_confirmed_by is not null))) execute function private.guard_review_confirmation();

create or replace trigger record_changes_delete after delete on public.activities referencing old table as old_rows for each statement execute function private.record_activity_changes();

-- Transition tables cannot be shared by several events in one trigger, hence three.
create or replace trigger record_changes_insert after insert on public.activities referencing new table as new_rows for each statement execute function private.record_activity_changes();

create or replace trigger record_changes_update after update on public.activities referencing old table as old_rows new table as new_rows for each statement execute function private.record_activity_changes();

create or replace trigger touch_updated_at before update on public.activities for each row execute function private.touch_updated_at();
