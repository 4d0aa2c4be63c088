create or replace function private.require_summaries_enabled(org_id uuid) returns void
    language plpgsql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
begin
  if hidden.is_service_role_request() then
    return;
  end if;
  if exists (select from private.summaries_switches s
             where s.org_id in (require_summaries_enabled.org_id, '00000000-0000-0000-0000-000000000000') and not s.enabled) then
    raise exception 'periodic summaries are switched off for organisation %', require_summaries_enabled.org_id
      using errcode = 'BF005';
  end if;
end
$$;

comment on function private.require_summaries_enabled(org_id uuid) is 'Raises BF005 when summaries are switched off for the organisation or globally (a service-role request is exempt).';

revoke all on function private.require_summaries_enabled(org_id uuid) from public, anon, authenticated, service_role;
