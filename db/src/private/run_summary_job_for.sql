create or replace function private.run_summary_job_for(org_id uuid, as_of date, lock_wait_ms integer default 30000) returns integer
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
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
      if private.summary_period_end(period_type => kind, period_start => first_day) = ended then
        select count(*) into added from private.generate_summaries(org_id => run_summary_job_for.org_id, period_type => kind,
            period_start => first_day);
        generated := generated + added;
      end if;
    end loop;
    return generated;
  exception when others then
    -- Everything of this organisation's run is rolled back with the block.
    -- (A cancellation, 57014, is not among "others": it ends the caller's
    -- command, and the driver records it.)
    get stacked diagnostics code = returned_sqlstate, reason = message_text;
    perform private.record_summary_job_failure(org_id => run_summary_job_for.org_id, as_of => run_summary_job_for.as_of,
                                               period_type => kind, period_start => first_day, sqlstate => code,
                                               message => reason);
    return null;
  end;
end
$$;

comment on function private.run_summary_job_for(org_id uuid, as_of date, lock_wait_ms integer) is 'One organisation''s share of the scheduled job: generates the summaries of every period type that ended the day before as_of, waiting at most lock_wait_ms for any lock. Returns how many summaries were written, or null when it failed: then nothing of it is kept and public.summary_job_failures has a row (written by private.record_summary_job_failure) saying which period and why. A cancellation (57014, e.g. the caller''s statement_timeout) is not caught: it ends the caller''s transaction, and the caller records it. Errors (of the arguments only): 22004, 22023.';

revoke all on function private.run_summary_job_for(org_id uuid, as_of date, lock_wait_ms integer) from public, anon, authenticated, service_role;
