create or replace trigger check_limits_insert after insert on public.activity_participants referencing new table as new_rows for each statement execute function private.check_known_participant_limit();

create or replace trigger clear_review_confirmation_delete after delete on public.activity_participants referencing old table as old_rows for each statement execute function private.clear_review_confirmation();

create or replace trigger clear_review_confirmation_insert after insert on public.activity_participants referencing new table as new_rows for each statement execute function private.clear_review_confirmation();

create or replace trigger record_changes_delete after delete on public.activity_participants referencing old table as old_rows for each statement execute function private.record_activity_link_changes();

create or replace trigger record_changes_insert after insert on public.activity_participants referencing new table as new_rows for each statement execute function private.record_activity_link_changes();
