-- Purpose: the API roles hold a table privilege only where a policy can use it.
-- Objects: privileges of anon and authenticated on the tables of public.
-- Why: anon has no policy on any table, and authenticated none for some commands
-- (no one writes the counting rules, the summaries or the push outbox through
-- the API, and a link is replaced, never updated). Row-level security already
-- gave them nothing there; without the privilege the refusal is explicit
-- (42501), a future permissive policy cannot open a table by accident, and
-- Supabase's GraphQL endpoint exposes no table to anonymous callers.

-- migrate:up
revoke all on all tables in schema public from anon;
revoke insert, update, delete on table public.bufdir_counting_rules from authenticated;
revoke insert, update on table public.bufdir_metric_snapshots from authenticated;
revoke insert, delete on table public.organisations from authenticated;
revoke insert, update, delete on table public.periodic_summaries from authenticated;
revoke all on table public.summary_push_outbox from authenticated;
revoke update on table public.activity_mentors, public.activity_participants from authenticated;

-- migrate:down
grant update on table public.activity_mentors, public.activity_participants to authenticated;
grant select, insert, update, delete on table public.summary_push_outbox to authenticated;
grant insert, update, delete on table public.periodic_summaries to authenticated;
grant insert, delete on table public.organisations to authenticated;
grant insert, update on table public.bufdir_metric_snapshots to authenticated;
grant insert, update, delete on table public.bufdir_counting_rules to authenticated;
grant select, insert, update, delete on table
  public.organisations, public.members, public.mentor_active_periods, public.contacts, public.activities,
  public.activity_mentors, public.activity_participants, public.bufdir_counting_rules, public.bufdir_metric_snapshots,
  public.periodic_summaries, public.summary_push_outbox
  to anon;
grant select on table public.bufdir_export_audit_log to anon;
