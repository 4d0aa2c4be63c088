create or replace trigger announce_push after insert on public.summary_push_outbox referencing new table as queued for each statement execute function private.announce_summary_push();
