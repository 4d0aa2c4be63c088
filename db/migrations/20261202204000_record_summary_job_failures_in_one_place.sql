-- Purpose: one writer of public.summary_job_failures, callable by a driver that
--          runs each organisation as a command of its own.
-- Objects: private.record_summary_job_failure(uuid, date,
--          public.summary_period_type, date, text, text) (new: records that the
--          job could not serve an organisation); private.run_summary_job_for(uuid,
--          date, integer) (replaced: its handler records through it);
--          public.summary_job_failures (comment only: who writes it).
-- Why: an organisation's own time limit needs a command of its own, since
-- PostgreSQL arms statement_timeout when a command arrives: the CLI's
-- `summaries run-job` sends one per organisation, each in its own transaction
-- with its own statement_timeout and lock_timeout. When that limit cancels the
-- statement (57014, which PL/pgSQL's `when others` does not catch) or the call
-- fails outside run_summary_job_for's own handler, the organisation's
-- transaction is rolled back and the driver records the failure afterwards, in a
-- transaction of its own, through the same function the handler uses.

-- migrate:up
create function private.record_summary_job_failure(
  org_id uuid,
  as_of date,
  period_type public.summary_period_type,
  period_start date,
  sqlstate text,
  message text
)
returns void
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  if record_summary_job_failure.org_id is null or record_summary_job_failure.as_of is null
     or record_summary_job_failure.sqlstate is null or record_summary_job_failure.message is null then
    raise exception 'org_id, as_of, sqlstate and message must not be null' using errcode = '22004';
  end if;
  if record_summary_job_failure.sqlstate !~ '^[0-9A-Z]{5}$' then
    raise exception 'sqlstate must be five digits or capital letters' using errcode = '22023';
  end if;
  insert into public.summary_job_failures (org_id, as_of, period_type, period_start, sqlstate, message)
  values (record_summary_job_failure.org_id, record_summary_job_failure.as_of, record_summary_job_failure.period_type,
          record_summary_job_failure.period_start, record_summary_job_failure.sqlstate, record_summary_job_failure.message);
end
$$;
comment on function private.record_summary_job_failure(uuid, date, public.summary_period_type, date, text, text) is
  'Records that the scheduled summary job could not serve an organisation: the run (as_of), the period being generated when known (else null), the SQLSTATE and the message. The one writer of public.summary_job_failures: run_summary_job_for''s handler and the CLI''s `summaries run-job` (after a time limit or another failure outside that handler) call it. Errors: 22004, 22023.';
revoke all on function private.record_summary_job_failure(uuid, date, public.summary_period_type, date, text, text) from public;

comment on table public.summary_job_failures is
  'Organisations the scheduled summary job could not serve: which run (as_of), the period it was generating (null when the failure came from outside the generation, e.g. the organisation''s time limit), the SQLSTATE and message, and when. Written only by private.record_summary_job_failure; the service role reads it.';

create or replace function private.run_summary_job_for(org_id uuid, as_of date, lock_wait_ms integer default 30000)
returns integer
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  ended date := run_summary_job_for.as_of - 1;
  generated integer := 0;
  added integer;
  kind public.summary_period_type;
  first_day date;
  code text;
  reason text;
begin
  if run_summary_job_for.org_id is null or run_summary_job_for.as_of is null or run_summary_job_for.lock_wait_ms is null then
    raise exception 'org_id, as_of and lock_wait_ms must not be null' using errcode = '22004';
  end if;
  if run_summary_job_for.lock_wait_ms < 1 then
    raise exception 'lock_wait_ms must be at least 1' using errcode = '22023';
  end if;
  begin
    -- Transaction-local: the driver commits after each organisation.
    perform pg_catalog.set_config('lock_timeout', run_summary_job_for.lock_wait_ms::text, true);
    foreach kind in array enum_range(null::public.summary_period_type) loop
      first_day := case kind
        when 'month' then date_trunc('month', ended)::date
        when 'quarter' then date_trunc('quarter', ended)::date
        when 'half_year' then make_date(extract(year from ended)::int, case when extract(month from ended) <= 6 then 1 else 7 end, 1)
        else date_trunc('year', ended)::date end;
      if private.summary_period_end(kind, first_day) = ended then
        select count(*) into added from private.generate_summaries(run_summary_job_for.org_id, kind, first_day);
        generated := generated + added;
      end if;
    end loop;
    return generated;
  exception when others then
    -- Everything of this organisation's run is rolled back with the block.
    -- (A cancellation, 57014, is not among "others": it ends the caller's
    -- command, and the driver records it.)
    get stacked diagnostics code = returned_sqlstate, reason = message_text;
    perform private.record_summary_job_failure(run_summary_job_for.org_id, run_summary_job_for.as_of, kind, first_day, code, reason);
    return null;
  end;
end
$$;
comment on function private.run_summary_job_for(uuid, date, integer) is
  'One organisation''s share of the scheduled job: generates the summaries of every period type that ended the day before as_of, waiting at most lock_wait_ms for any lock. Returns how many summaries were written, or null when it failed: then nothing of it is kept and public.summary_job_failures has a row (written by private.record_summary_job_failure) saying which period and why. A cancellation (57014, e.g. the caller''s statement_timeout) is not caught: it ends the caller''s transaction, and the caller records it. Errors (of the arguments only): 22004, 22023.';
revoke all on function private.run_summary_job_for(uuid, date, integer) from public;

-- migrate:down
create or replace function private.run_summary_job_for(org_id uuid, as_of date, lock_wait_ms integer default 30000)
returns integer
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  ended date := run_summary_job_for.as_of - 1;
  generated integer := 0;
  added integer;
  kind public.summary_period_type;
  first_day date;
  code text;
  reason text;
begin
  if run_summary_job_for.org_id is null or run_summary_job_for.as_of is null or run_summary_job_for.lock_wait_ms is null then
    raise exception 'org_id, as_of and lock_wait_ms must not be null' using errcode = '22004';
  end if;
  if run_summary_job_for.lock_wait_ms < 1 then
    raise exception 'lock_wait_ms must be at least 1' using errcode = '22023';
  end if;
  begin
    -- Transaction-local: the driver commits after each organisation.
    perform pg_catalog.set_config('lock_timeout', run_summary_job_for.lock_wait_ms::text, true);
    foreach kind in array enum_range(null::public.summary_period_type) loop
      first_day := case kind
        when 'month' then date_trunc('month', ended)::date
        when 'quarter' then date_trunc('quarter', ended)::date
        when 'half_year' then make_date(extract(year from ended)::int, case when extract(month from ended) <= 6 then 1 else 7 end, 1)
        else date_trunc('year', ended)::date end;
      if private.summary_period_end(kind, first_day) = ended then
        select count(*) into added from private.generate_summaries(run_summary_job_for.org_id, kind, first_day);
        generated := generated + added;
      end if;
    end loop;
    return generated;
  exception when others then
    -- Everything of this organisation's run is rolled back with the block.
    get stacked diagnostics code = returned_sqlstate, reason = message_text;
    insert into public.summary_job_failures (org_id, as_of, period_type, period_start, sqlstate, message)
    values (run_summary_job_for.org_id, run_summary_job_for.as_of, kind, first_day, code, reason);
    return null;
  end;
end
$$;
comment on function private.run_summary_job_for(uuid, date, integer) is
  'One organisation''s share of the scheduled job: generates the summaries of every period type that ended the day before as_of, waiting at most lock_wait_ms for any lock. Returns how many summaries were written, or null when it failed: then nothing of it is kept and public.summary_job_failures has a row saying which period and why. Errors (of the arguments only): 22004, 22023.';
revoke all on function private.run_summary_job_for(uuid, date, integer) from public;

comment on table public.summary_job_failures is
  'Organisations the scheduled summary job could not serve: which run (as_of), the period it was generating, the SQLSTATE and message, and when. Written by private.run_summary_job_for; the service role reads it.';

drop function private.record_summary_job_failure(uuid, date, public.summary_period_type, date, text, text);
