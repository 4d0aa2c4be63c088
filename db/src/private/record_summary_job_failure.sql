create or replace function private.record_summary_job_failure(org_id uuid, as_of date, period_type public.summary_period_type, period_start date, sqlstate text, message text) returns void
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
    as $_$
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
$_$;

comment on function private.record_summary_job_failure(org_id uuid, as_of date, period_type public.summary_period_type, period_start date, sqlstate text, message text) is 'Records that the scheduled summary job could not serve an organisation: the run (as_of), the period being generated when known (else null), the SQLSTATE and the message. The one writer of public.summary_job_failures: run_summary_job_for''s handler and the CLI''s `summaries run-job` (after a time limit or another failure outside that handler) call it. Errors: 22004, 22023.';

revoke all on function private.record_summary_job_failure(org_id uuid, as_of date, period_type public.summary_period_type, period_start date, sqlstate text, message text) from public, anon, authenticated, service_role;
