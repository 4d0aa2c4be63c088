create or replace trigger create_day_partial_lock after insert on public.organisations referencing new table as new_rows for each statement execute function private.create_day_partial_lock();

create or replace trigger create_summary_horizon after insert on public.organisations referencing new table as new_rows for each statement execute function private.create_summary_horizon();

create or replace trigger touch_updated_at before update on public.organisations for each row execute function private.touch_updated_at();
