-- Purpose: the token's org_roles claim lists only the memberships that act.
-- Objects: public.custom_access_token_hook().
-- Why: approval gates every policy and RPC, but the claim still listed pending
-- and revoked memberships, so an app reading it would offer a revoked member an
-- organisation the database then refuses. The claim never authorises (policies
-- read the roster); it now agrees with what the roster allows. An event without
-- a user id of the right form answers 22023 instead of a cast error.

-- migrate:up
create or replace function public.custom_access_token_hook(event jsonb)
returns jsonb
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
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
$$;
comment on function public.custom_access_token_hook(jsonb) is
  'Supabase Auth hook: adds the user''s approved memberships as claim org_roles = {org_id: role}; informative only, never used to authorise. Callable only by supabase_auth_admin.';

-- migrate:down
create or replace function public.custom_access_token_hook(event jsonb)
returns jsonb
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
declare
  org_roles jsonb;
begin
  select coalesce(jsonb_object_agg(m.org_id::text, m.role::text order by m.org_id), '{}'::jsonb)
    into org_roles
  from public.members m
  where m.user_id = (event ->> 'user_id')::uuid;

  return jsonb_set(
    event,
    '{claims}',
    coalesce(event -> 'claims', '{}'::jsonb) || jsonb_build_object('org_roles', org_roles)
  );
end
$$;
comment on function public.custom_access_token_hook(jsonb) is
  'Supabase Auth hook: adds the user''s memberships as claim org_roles = {org_id: role}. Callable only by supabase_auth_admin.';
