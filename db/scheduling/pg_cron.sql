-- Registers the periodic-summary job with pg_cron on a Supabase project.
--
-- Not a migration: pg_cron needs `shared_preload_libraries`, which plain
-- PostgreSQL and the embedded engine do not have, and nothing else in the
-- project depends on it. On Supabase, enable the pg_cron extension (Database →
-- Extensions), then run this file once as the postgres role, e.g.
--   psql "$DATABASE_URL" -f db/scheduling/pg_cron.sql
--
-- The job runs at 02:15 UTC on the 1st of every month and writes the summaries of
-- every period type that ended the day before (the month; on 1 April, 1 July,
-- 1 October and 1 January also the quarter; on 1 July and 1 January the
-- half-year; on 1 January the year) for each organisation with summaries on.
--
-- Each organisation runs in its own transaction: the block below commits after
-- each one, so an organisation's sync horizon is held only until its own commit,
-- and an organisation that fails (a lock not had within its 30 s lock timeout, an
-- error of the aggregation) is rolled back alone, recorded in
-- public.summary_job_failures, and the others complete. It is a DO block, not a
-- procedure: a procedure that commits may carry no SET clause, so it could not
-- pin its search_path.
--
-- Its limitation: no organisation has a time limit of its own here. PostgreSQL
-- arms statement_timeout when a command arrives, and the whole block is one
-- command, so a statement_timeout would bound the whole job (and its
-- cancellation, 57014, is not caught per organisation: it ends the job, after
-- the organisations already committed). Run it with none, as pg_cron's postgres
-- role does: each organisation's lock waits are bounded, but an organisation whose
-- figures are slow to compute (no lock involved) runs as long as it takes and
-- delays the organisations after it.
--
-- A time limit per organisation needs one command per organisation, which the
-- CLI gives: `bufdir summaries run-job [--as-of YYYY-MM-DD]
-- [--organisation-timeout <seconds>]` (default 120 s; 30 s lock wait), run with
-- the operator's DATABASE_URL from any cron or CI host, e.g. at the same time:
--   15 2 1 * *  cd /srv/bufdir && DATABASE_URL=postgres://… npx bufdir summaries run-job
-- It serves the same organisations through the same functions, records an
-- organisation cancelled by its limit (57014) in public.summary_job_failures and
-- goes on, and exits 1 when any organisation failed. Schedule one of the two, not both.
-- db/tests/summaries/summary-job.test.ts runs the block between the markers.

create extension if not exists pg_cron;

select cron.unschedule(jobid) from cron.job where jobname = 'periodic-summaries';
select cron.schedule(
  'periodic-summaries',
  '15 2 1 * *',
  $job$
  -- job:begin
  do $$
  declare
    as_of date := current_date;
    organisation uuid;
  begin
    for organisation in select o from private.summary_job_organisations() o loop
      perform private.run_summary_job_for(organisation, as_of, 30000);
      commit;
    end loop;
  end
  $$
  -- job:end
  $job$
);
