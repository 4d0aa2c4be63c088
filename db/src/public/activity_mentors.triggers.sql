create or replace trigger check_mentor_day_insert after insert on public.activity_mentors referencing new table as new_rows for each statement execute function private.check_mentor_day_links();

create or replace trigger record_changes_delete after delete on public.activity_mentors referencing old table as old_rows for each statement execute function private.record_activity_link_changes();

create or replace trigger record_changes_insert after insert on public.activity_mentors referencing new table as new_rows for each statement execute function private.record_activity_link_changes();
