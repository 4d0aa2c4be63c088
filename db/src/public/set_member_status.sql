create or replace function public.set_member_status(org_id uuid, user_id uuid, approval_status public.approval_status) returns public.membership
    language sql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select hidden.set_member_status(org_id => set_member_status.org_id, user_id => set_member_status.user_id,
                                  approval_status => set_member_status.approval_status)
$$;

comment on function public.set_member_status(org_id uuid, user_id uuid, approval_status public.approval_status) is 'Approves or revokes a membership (approved again after a revocation reinstates it). Admins any member, coordinators peer mentors; nobody their own; the service role any. The organisation''s figures turn stale when the status changes. Errors: 22004, 22023 (pending), 42501, P0002 (not a member).';

revoke all on function public.set_member_status(org_id uuid, user_id uuid, approval_status public.approval_status) from public, anon, authenticated, service_role;
grant execute on function public.set_member_status(org_id uuid, user_id uuid, approval_status public.approval_status) to authenticated;
grant execute on function public.set_member_status(org_id uuid, user_id uuid, approval_status public.approval_status) to service_role;
