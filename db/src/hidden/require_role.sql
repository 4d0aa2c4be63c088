create or replace function hidden.require_role(org_id uuid, roles public.member_role[] default null::public.member_role[]) returns void
    language plpgsql stable security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  caller uuid;
begin
  if hidden.is_service_role_request() then
    return;
  end if;
  caller := hidden.request_user_id();
  -- The membership lookup reads the verified user; auth.uid() must agree with it,
  -- so code that records auth.uid() records that user, or nobody passes.
  if require_role.org_id is null
     or caller is null
     or caller is distinct from (select auth.uid())
     or not exists (
       select from public.members m
       where m.org_id = require_role.org_id
         and m.user_id = caller
         and m.approval_status = 'approved'
         and (require_role.roles is null or m.role = any (require_role.roles))) then
    raise exception 'permission denied: the caller is not % of organisation %',
      coalesce('a ' || array_to_string(require_role.roles, ' or '), 'a member'), require_role.org_id
      using errcode = '42501';
  end if;
end
$$;

comment on function hidden.require_role(org_id uuid, roles public.member_role[]) is 'Raises 42501 unless the request runs as service_role, or as an authenticated member of org_id (with one of roles, when given); a role claim that disagrees with the database role grants nothing.';

revoke all on function hidden.require_role(org_id uuid, roles public.member_role[]) from public, anon, authenticated, service_role;
grant execute on function hidden.require_role(org_id uuid, roles public.member_role[]) to authenticated;
grant execute on function hidden.require_role(org_id uuid, roles public.member_role[]) to service_role;
