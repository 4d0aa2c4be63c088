create or replace function private.summary_job_organisations() returns setof uuid
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select o.id from public.organisations o
  where not exists (select from private.summaries_switches s
                    where s.org_id in (o.id, '00000000-0000-0000-0000-000000000000') and not s.enabled)
  order by o.id
$$;

comment on function private.summary_job_organisations() is 'The organisations the scheduled summary job serves: those with summaries on, in id order.';

revoke all on function private.summary_job_organisations() from public, anon, authenticated, service_role;
