-- Purpose: authorise on the database role a request runs as together with its
-- verified `sub`, never on the `role` claim alone.
-- Objects: hidden.request_role(), hidden.is_service_role_request(),
--          hidden.request_user_id(); hidden.require_role and
--          private.require_summaries_enabled redefined on them;
--          public.set_summaries_enabled and public.list_periodic_summaries_since
--          ask the same question.
-- Why: the checks asked auth.role(), which reads the `role` claim (and the legacy
-- `request.jwt.claim.role` setting). Any SQL session that switched to
-- `authenticated` can write its own claims, so `"role": "service_role"` in them
-- passed every service-role check: compute, refresh, generate and invalidate for
-- any organisation, and the global summaries switch. The database role cannot be
-- changed that way: PostgREST switches to the role the verified token names, and
-- only a member of service_role can switch to it. A claim that disagrees with the
-- database role now grants nothing, and the legacy settings are never read.

-- migrate:up
create function hidden.request_role()
returns text
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  -- The `role` setting survives into security-definer code (current_user does not);
  -- 'none' means the connection never switched, so the login role is the request's.
  select case pg_catalog.current_setting('role') when 'none' then session_user::text
         else pg_catalog.current_setting('role') end
$$;
comment on function hidden.request_role() is
  'The database role the request runs as (PostgREST''s switch, or the login role), also inside security-definer code.';
revoke all on function hidden.request_role() from public, anon;
grant execute on function hidden.request_role() to authenticated, service_role;

create function hidden.request_claim_role()
returns text
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  -- Only the claims PostgREST sets; the legacy per-claim settings are never read.
  select nullif(pg_catalog.current_setting('request.jwt.claims', true), '')::jsonb ->> 'role'
$$;
comment on function hidden.request_claim_role() is
  'The `role` claim of request.jwt.claims (never the legacy request.jwt.claim.role setting), or null.';
revoke all on function hidden.request_claim_role() from public, anon;
grant execute on function hidden.request_claim_role() to authenticated, service_role;

create function hidden.is_service_role_request()
returns boolean
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select hidden.request_role() = 'service_role'
     and coalesce(hidden.request_claim_role(), 'service_role') = 'service_role'
$$;
comment on function hidden.is_service_role_request() is
  'True when the request runs as the database role service_role and no claim says otherwise.';
revoke all on function hidden.is_service_role_request() from public, anon;
grant execute on function hidden.is_service_role_request() to authenticated, service_role;

create function hidden.request_user_id()
returns uuid
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select case when hidden.request_role() = 'authenticated'
                   and coalesce(hidden.request_claim_role(), 'authenticated') = 'authenticated'
              then (nullif(pg_catalog.current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')::uuid end
$$;
comment on function hidden.request_user_id() is
  'The verified `sub` of a request running as authenticated whose claims agree with that role; null otherwise.';
revoke all on function hidden.request_user_id() from public, anon;
grant execute on function hidden.request_user_id() to authenticated, service_role;

create or replace function hidden.require_role(org_id uuid, roles public.member_role[] default null)
returns void
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
begin
  if hidden.is_service_role_request() then
    return;
  end if;
  -- The membership lookup reads auth.uid(); it must be the verified user of an
  -- authenticated request, or nobody.
  if require_role.org_id is null
     or hidden.request_user_id() is null
     or hidden.request_user_id() is distinct from (select auth.uid())
     or not exists (select from hidden.caller_org_ids(require_role.roles) o where o = require_role.org_id) then
    raise exception 'permission denied: the caller is not % of organisation %',
      coalesce('a ' || array_to_string(require_role.roles, ' or '), 'a member'), require_role.org_id
      using errcode = '42501';
  end if;
end
$$;
comment on function hidden.require_role(uuid, public.member_role[]) is
  'Raises 42501 unless the request runs as service_role, or as an authenticated member of org_id (with one of roles, when given); a role claim that disagrees with the database role grants nothing.';

create or replace function private.require_summaries_enabled(org_id uuid)
returns void
language plpgsql stable
set search_path = pg_catalog, pg_temp
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
comment on function private.require_summaries_enabled(uuid) is
  'Raises BF005 when summaries are switched off for the organisation or globally (a service-role request is exempt).';

create or replace function public.set_summaries_enabled(org_id uuid, enabled boolean)
returns void
language plpgsql security definer
set search_path = pg_catalog, pg_temp
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
    perform hidden.require_role(set_summaries_enabled.org_id, '{admin}');
  end if;
  insert into private.summaries_switches as s (org_id, enabled)
  values (coalesce(set_summaries_enabled.org_id, '00000000-0000-0000-0000-000000000000'), set_summaries_enabled.enabled)
  on conflict on constraint summaries_switches_pkey do update set enabled = excluded.enabled, changed_at = now();
end
$$;

create or replace function public.list_periodic_summaries_since(org_id uuid, since_cursor text default null, page_size integer default 500)
returns table (cursor text, operation text, summary_id uuid, mentor_id uuid, period_type public.summary_period_type,
               period_start date, period_end date, summary_data jsonb, generated_at timestamptz, updated_at timestamptz,
               invalidated_at timestamptz, version integer)
language plpgsql stable security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  sees_all boolean;
begin
  if list_periodic_summaries_since.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(list_periodic_summaries_since.org_id);
  perform private.require_summaries_enabled(list_periodic_summaries_since.org_id);
  sees_all := hidden.is_service_role_request()
    or exists (select from hidden.caller_org_ids('{coordinator,admin}') o where o = list_periodic_summaries_since.org_id);
  return query select * from private.list_summary_changes(
    list_periodic_summaries_since.org_id, list_periodic_summaries_since.since_cursor, list_periodic_summaries_since.page_size,
    case when sees_all then null else (select auth.uid()) end);
end
$$;

-- migrate:down
CREATE OR REPLACE FUNCTION hidden.require_role(org_id uuid, roles public.member_role[] DEFAULT NULL::public.member_role[])
 RETURNS void
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  if (select auth.role()) = 'service_role' then
    return;
  end if;
  if require_role.org_id is null
     or not exists (select from hidden.caller_org_ids(require_role.roles) o where o = require_role.org_id) then
    raise exception 'permission denied: the caller is not % of organisation %',
      coalesce('a ' || array_to_string(require_role.roles, ' or '), 'a member'), require_role.org_id
      using errcode = '42501';
  end if;
end
$function$
;
CREATE OR REPLACE FUNCTION private.require_summaries_enabled(org_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  if (select auth.role()) = 'service_role' then
    return;
  end if;
  if exists (select from private.summaries_switches s
             where s.org_id in (require_summaries_enabled.org_id, '00000000-0000-0000-0000-000000000000') and not s.enabled) then
    raise exception 'periodic summaries are switched off for organisation %', require_summaries_enabled.org_id
      using errcode = 'BF005';
  end if;
end
$function$
;
CREATE OR REPLACE FUNCTION public.list_periodic_summaries_since(org_id uuid, since_cursor text DEFAULT NULL::text, page_size integer DEFAULT 500)
 RETURNS TABLE(cursor text, operation text, summary_id uuid, mentor_id uuid, period_type public.summary_period_type, period_start date, period_end date, summary_data jsonb, generated_at timestamp with time zone, updated_at timestamp with time zone, invalidated_at timestamp with time zone, version integer)
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
declare
  sees_all boolean;
begin
  if list_periodic_summaries_since.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(list_periodic_summaries_since.org_id);
  perform private.require_summaries_enabled(list_periodic_summaries_since.org_id);
  sees_all := (select auth.role()) = 'service_role'
    or exists (select from hidden.caller_org_ids('{coordinator,admin}') o where o = list_periodic_summaries_since.org_id);
  return query select * from private.list_summary_changes(
    list_periodic_summaries_since.org_id, list_periodic_summaries_since.since_cursor, list_periodic_summaries_since.page_size,
    case when sees_all then null else (select auth.uid()) end);
end
$function$
;
CREATE OR REPLACE FUNCTION public.set_summaries_enabled(org_id uuid, enabled boolean)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'pg_catalog', 'pg_temp'
AS $function$
begin
  if set_summaries_enabled.enabled is null then
    raise exception 'enabled must not be null' using errcode = '22004';
  end if;
  if set_summaries_enabled.org_id is null then
    if (select auth.role()) is distinct from 'service_role' then
      raise exception 'permission denied: only the service role switches summaries globally' using errcode = '42501';
    end if;
  else
    perform hidden.require_role(set_summaries_enabled.org_id, '{admin}');
  end if;
  insert into private.summaries_switches as s (org_id, enabled)
  values (coalesce(set_summaries_enabled.org_id, '00000000-0000-0000-0000-000000000000'), set_summaries_enabled.enabled)
  on conflict on constraint summaries_switches_pkey do update set enabled = excluded.enabled, changed_at = now();
end
$function$
;
comment on function hidden.require_role(uuid,public.member_role[]) is 'Raises 42501 unless the caller is the service role or a member of org_id (with one of roles, when given).';
comment on function private.require_summaries_enabled(uuid) is 'Raises BF005 when summaries are switched off for the organisation or globally (the service role is exempt).';
drop function hidden.request_user_id();
drop function hidden.is_service_role_request();
drop function hidden.request_claim_role();
drop function hidden.request_role();
