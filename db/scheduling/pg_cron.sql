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
-- Its body, private.run_summary_job(as_of date), is a plain function the tests
-- call directly.

create extension if not exists pg_cron;

select cron.unschedule(jobid) from cron.job where jobname = 'periodic-summaries';
select cron.schedule(
  'periodic-summaries',
  '15 2 1 * *',
  $$select private.run_summary_job(current_date)$$
);
