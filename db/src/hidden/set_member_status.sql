create or replace function hidden.set_member_status(org_id uuid, user_id uuid, approval_status public.approval_status) returns public.membership
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
-- Definer: returns the member's e-mail and name from auth.users; the caller's
-- right over the target's role is checked before the update.
declare
  target public.members;
begin
  if set_member_status.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  elsif set_member_status.user_id is null then
    raise exception 'user_id must not be null' using errcode = '22004';
  elsif set_member_status.approval_status is null then
    raise exception 'approval_status must not be null' using errcode = '22004';
  elsif set_member_status.approval_status = 'pending' then
    raise exception 'approval_status must be approved or revoked (a membership starts pending)' using errcode = '22023';
  end if;
  perform hidden.require_role(org_id => set_member_status.org_id, roles => '{coordinator,admin}');
  if set_member_status.user_id = hidden.request_user_id() then
    raise exception 'permission denied: nobody approves or revokes their own membership' using errcode = '42501';
  end if;
  select m.* into target from public.members m
  where m.org_id = set_member_status.org_id and m.user_id = set_member_status.user_id
  for no key update;
  if target.user_id is null then
    raise exception 'no member % in organisation %', set_member_status.user_id, set_member_status.org_id using errcode = 'P0002';
  end if;
  if target.role <> 'peer_mentor' and not hidden.is_service_role_request()
     and not exists (select from hidden.caller_org_ids(roles => '{admin}') o where o = set_member_status.org_id) then
    raise exception 'permission denied: only an admin approves or revokes a % of organisation %', target.role, set_member_status.org_id
      using errcode = '42501';
  end if;
  -- An unchanged status writes nothing, so the figures do not turn stale for it.
  update public.members m set approval_status = set_member_status.approval_status
  where m.org_id = set_member_status.org_id and m.user_id = set_member_status.user_id
    and m.approval_status is distinct from set_member_status.approval_status;
  return private.membership_of(org_id => set_member_status.org_id, user_id => set_member_status.user_id);
end
$$;

comment on function hidden.set_member_status(org_id uuid, user_id uuid, approval_status public.approval_status) is 'The security-definer body of public.set_member_status, where PostgREST does not expose it; public.set_member_status (security invoker) calls it.';

revoke all on function hidden.set_member_status(org_id uuid, user_id uuid, approval_status public.approval_status) from public, anon, authenticated, service_role;
grant execute on function hidden.set_member_status(org_id uuid, user_id uuid, approval_status public.approval_status) to authenticated;
grant execute on function hidden.set_member_status(org_id uuid, user_id uuid, approval_status public.approval_status) to service_role;
