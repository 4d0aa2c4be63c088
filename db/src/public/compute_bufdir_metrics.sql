create or replace function public.compute_bufdir_metrics(org_id uuid, period_start date, period_end date) returns jsonb
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select hidden.compute_bufdir_metrics(org_id => compute_bufdir_metrics.org_id,
                                       period_start => compute_bufdir_metrics.period_start,
                                       period_end => compute_bufdir_metrics.period_end)
$$;

comment on function public.compute_bufdir_metrics(org_id uuid, period_start date, period_end date) is 'Computes (without saving) the Bufdir figures of an organisation for an inclusive period. Coordinators, admins and the service role. Errors: 22004, 22023, 42501.';

revoke all on function public.compute_bufdir_metrics(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function public.compute_bufdir_metrics(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function public.compute_bufdir_metrics(org_id uuid, period_start date, period_end date) to service_role;
