-- Purpose: the scheduled summary job works one organisation at a time, each in
--          its own transaction with its own lock timeout, and records a failure
--          instead of losing every other organisation's summaries.
-- Objects: table public.summary_job_failures (new: organisation, as_of, period,
--          SQLSTATE, message, when; the service role reads it);
--          private.run_summary_job_for(uuid, date, integer) (new: one
--          organisation's due summaries, failure caught and recorded);
--          private.summary_job_organisations() (new: whom the job serves);
--          private.run_summary_job(date) (dropped: it ran every organisation in
--          one transaction).
-- Why: with a statement timeout, one organisation whose figures are slow to
-- compute cancelled and rolled back every other organisation's summaries, and
-- the job held every organisation's sync horizon until its single commit, so
-- every organisation's sync was busy for as long as the whole job ran. Now the
-- driver (db/scheduling/pg_cron.sql) commits after each organisation: an
-- organisation's horizon is held only until its own commit, a failure (a lock
-- not had within the organisation's lock timeout, an error of the aggregation) is
-- rolled back alone and written to summary_job_failures, and the rest complete.
-- The driver is a DO block there, not a procedure: a procedure that commits may
-- carry no SET clause, so it could not pin its search_path (Supabase's advisor
-- flags that); the work it calls is in pinned functions.

-- migrate:up
create table public.summary_job_failures (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id bigint generated always as identity,
  as_of date not null,
  period_type public.summary_period_type,
  period_start date,
  sqlstate text not null,
  message text not null,
  failed_at timestamptz not null default now(),
  primary key (org_id, id)
);
comment on table public.summary_job_failures is
  'Organisations the scheduled summary job could not serve: which run (as_of), the period it was generating, the SQLSTATE and message, and when. Written by private.run_summary_job_for; the service role reads it.';
alter table public.summary_job_failures enable row level security;
revoke all on table public.summary_job_failures from anon, authenticated, service_role;
grant select on table public.summary_job_failures to service_role;
create index summary_job_failures_as_of_idx on public.summary_job_failures (as_of, org_id);

create function private.summary_job_organisations()
returns setof uuid
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select o.id from public.organisations o
  where not exists (select from private.summaries_switches s
                    where s.org_id in (o.id, '00000000-0000-0000-0000-000000000000') and not s.enabled)
  order by o.id
$$;
comment on function private.summary_job_organisations() is
  'The organisations the scheduled summary job serves: those with summaries on, in id order.';
revoke all on function private.summary_job_organisations() from public;

create function private.run_summary_job_for(org_id uuid, as_of date, lock_wait_ms integer default 30000)
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

drop function private.run_summary_job(date);

-- migrate:down
create function private.run_summary_job(as_of date default current_date)
returns integer
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  ended date := run_summary_job.as_of - 1;
  generated integer := 0;
  added integer;
  organisation uuid;
  kind public.summary_period_type;
begin
  if run_summary_job.as_of is null then
    raise exception 'as_of must not be null' using errcode = '22004';
  end if;
  for organisation in
    select o.id from public.organisations o
    where not exists (select from private.summaries_switches s
                      where s.org_id in (o.id, '00000000-0000-0000-0000-000000000000') and not s.enabled)
    order by o.id
  loop
    foreach kind in array enum_range(null::public.summary_period_type) loop
      if private.summary_period_end(kind, case kind
           when 'month' then date_trunc('month', ended)::date
           when 'quarter' then date_trunc('quarter', ended)::date
           when 'half_year' then make_date(extract(year from ended)::int, case when extract(month from ended) <= 6 then 1 else 7 end, 1)
           else date_trunc('year', ended)::date end) = ended then
        select count(*) into added from private.generate_summaries(organisation, kind, case kind
           when 'month' then date_trunc('month', ended)::date
           when 'quarter' then date_trunc('quarter', ended)::date
           when 'half_year' then make_date(extract(year from ended)::int, case when extract(month from ended) <= 6 then 1 else 7 end, 1)
           else date_trunc('year', ended)::date end);
        generated := generated + added;
      end if;
    end loop;
  end loop;
  return generated;
end
$$;
comment on function private.run_summary_job(date) is
  'Scheduled job: generates the summaries of every period type that ended the day before as_of, for each organisation with summaries on. Returns how many summaries were written.';
revoke all on function private.run_summary_job(date) from public;

drop function private.run_summary_job_for(uuid, date, integer);
drop function private.summary_job_organisations();
drop table public.summary_job_failures;
