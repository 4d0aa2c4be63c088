-- Purpose: state exactly what each API role may do with each table and sequence
-- in public, and make future objects there start closed.
-- Objects: the privileges of anon, authenticated and service_role on every table
--          and sequence in public; the migration owner's default privileges in
--          public.
-- Why: Supabase's default privileges grant ALL on every new table, sequence and
-- function in public to the API roles. That handed anon and authenticated
-- TRUNCATE (which ignores row-level security), TRIGGER (a trigger created on a
-- shared table runs inside other tenants' statements) and REFERENCES, and
-- UPDATE on summary_push_outbox_id_seq (setval stops summary generation for
-- everyone, and survives rollback). Row-level security decides every row of
-- SELECT, INSERT, UPDATE and DELETE, so those stay granted where they were; the
-- audit log stays read-only. No API role needs a sequence: rows are numbered by
-- the owner's definer functions. Function grants are stated next to each
-- function (PUBLIC's execute right was revoked by default in the first
-- migration). db/tests/invariants/privileges.test.sql compares the whole
-- privilege table with its allow-list.

-- migrate:up
revoke all on all tables in schema public from anon, authenticated, service_role;
revoke all on all sequences in schema public from anon, authenticated, service_role;

grant select, insert, update, delete on table
  public.organisations,
  public.members,
  public.mentor_active_periods,
  public.contacts,
  public.activities,
  public.activity_mentors,
  public.activity_participants,
  public.bufdir_counting_rules,
  public.bufdir_metric_snapshots,
  public.periodic_summaries,
  public.summary_push_outbox
  to anon, authenticated, service_role;
grant select on table public.bufdir_export_audit_log to anon, authenticated, service_role;

-- Whatever is created in public from now on is granted explicitly, or not at all.
alter default privileges in schema public revoke all on tables from anon, authenticated, service_role;
alter default privileges in schema public revoke all on sequences from anon, authenticated, service_role;
alter default privileges in schema public revoke all on functions from anon, authenticated, service_role;

-- migrate:down
alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;

grant select, update, usage on sequence public.summary_push_outbox_id_seq to anon, authenticated, service_role;
grant truncate, references, trigger on all tables in schema public to anon, authenticated, service_role;
revoke truncate on table public.bufdir_export_audit_log from anon, authenticated, service_role;
