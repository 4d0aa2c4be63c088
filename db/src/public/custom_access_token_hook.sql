create or replace function public.custom_access_token_hook(event jsonb) returns jsonb
    language plpgsql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $_$
declare
  org_roles jsonb;
begin
  if coalesce(event ->> 'user_id', '') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
    raise exception 'the event has no user_id of the uuid form' using errcode = '22023';
  end if;
  select coalesce(jsonb_object_agg(m.org_id::text, m.role::text order by m.org_id), '{}'::jsonb)
    into org_roles
  from public.members m
  where m.user_id = (event ->> 'user_id')::uuid and m.approval_status = 'approved';

  return jsonb_set(
    event,
    '{claims}',
    coalesce(event -> 'claims', '{}'::jsonb) || jsonb_build_object('org_roles', org_roles)
  );
end
$_$;

comment on function public.custom_access_token_hook(event jsonb) is 'Supabase Auth hook: adds the user''s approved memberships as claim org_roles = {org_id: role}; informative only, never used to authorise. Callable only by supabase_auth_admin.';

revoke all on function public.custom_access_token_hook(event jsonb) from public, anon, authenticated, service_role;
grant execute on function public.custom_access_token_hook(event jsonb) to supabase_auth_admin;
