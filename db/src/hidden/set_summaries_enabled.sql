create or replace function hidden.set_summaries_enabled(org_id uuid, enabled boolean) returns void
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
begin
  if set_summaries_enabled.enabled is null then
    raise exception 'enabled must not be null' using errcode = '22004';
  end if;
  if set_summaries_enabled.org_id is null then
    if not hidden.is_service_role_request() then
      raise exception 'permission denied: only the service role switches summaries globally' using errcode = '42501';
    end if;
  else
    perform hidden.require_role(org_id => set_summaries_enabled.org_id, roles => '{admin}');
  end if;
  insert into private.summaries_switches as s (org_id, enabled)
  values (coalesce(set_summaries_enabled.org_id, '00000000-0000-0000-0000-000000000000'), set_summaries_enabled.enabled)
  on conflict on constraint summaries_switches_pkey do update set enabled = excluded.enabled, changed_at = now();
end
$$;

comment on function hidden.set_summaries_enabled(org_id uuid, enabled boolean) is 'The security-definer body of public.set_summaries_enabled, where PostgREST does not expose it; public.set_summaries_enabled (security invoker) calls it. Switches periodic summaries on or off for an organisation (its admins, service role) or, with org_id null, everywhere (service role). While off, the summary RPCs raise BF005 for API users.';

revoke all on function hidden.set_summaries_enabled(org_id uuid, enabled boolean) from public, anon, authenticated, service_role;
grant execute on function hidden.set_summaries_enabled(org_id uuid, enabled boolean) to authenticated;
grant execute on function hidden.set_summaries_enabled(org_id uuid, enabled boolean) to service_role;
