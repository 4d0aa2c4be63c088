create or replace function hidden.generate_periodic_summaries(org_id uuid, period_type public.summary_period_type, period_start date) returns setof public.periodic_summaries
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
begin
  if generate_periodic_summaries.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(org_id => generate_periodic_summaries.org_id, roles => '{coordinator,admin}');
  perform private.require_summaries_enabled(org_id => generate_periodic_summaries.org_id);
  return query select * from private.generate_summaries(
    org_id => generate_periodic_summaries.org_id, period_type => generate_periodic_summaries.period_type,
    period_start => generate_periodic_summaries.period_start);
end
$$;

comment on function hidden.generate_periodic_summaries(org_id uuid, period_type public.summary_period_type, period_start date) is 'The security-definer body of public.generate_periodic_summaries, where PostgREST does not expose it; public.generate_periodic_summaries (security invoker) calls it. Generates the organisation-wide and per-mentor summaries of a period (month, quarter, half_year, year starting at period_start). Coordinators, admins, service role. Errors: 22004, 22023, 42501, BF005.';

revoke all on function hidden.generate_periodic_summaries(org_id uuid, period_type public.summary_period_type, period_start date) from public, anon, authenticated, service_role;
grant execute on function hidden.generate_periodic_summaries(org_id uuid, period_type public.summary_period_type, period_start date) to authenticated;
grant execute on function hidden.generate_periodic_summaries(org_id uuid, period_type public.summary_period_type, period_start date) to service_role;
