create or replace function public.set_summaries_enabled(org_id uuid, enabled boolean) returns void
    language sql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select hidden.set_summaries_enabled(org_id => set_summaries_enabled.org_id, enabled => set_summaries_enabled.enabled)
$$;

comment on function public.set_summaries_enabled(org_id uuid, enabled boolean) is 'Switches periodic summaries on or off for an organisation (its admins, service role) or, with org_id null, everywhere (service role). While off, the summary RPCs raise BF005 for API users.';

revoke all on function public.set_summaries_enabled(org_id uuid, enabled boolean) from public, anon, authenticated, service_role;
grant execute on function public.set_summaries_enabled(org_id uuid, enabled boolean) to authenticated;
grant execute on function public.set_summaries_enabled(org_id uuid, enabled boolean) to service_role;
