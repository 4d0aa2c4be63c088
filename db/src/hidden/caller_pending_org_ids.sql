create or replace function hidden.caller_pending_org_ids(roles public.member_role[] default null::public.member_role[]) returns setof uuid
    language plpgsql stable security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
begin
  return query
    select m.org_id
    from public.members m
    where m.user_id = (select hidden.request_user_id())
      and m.approval_status = 'pending'
      and (caller_pending_org_ids.roles is null or m.role = any (caller_pending_org_ids.roles));
end
$$;

comment on function hidden.caller_pending_org_ids(roles public.member_role[]) is 'The organisations where the calling user''s membership awaits approval, optionally only those where their role is one of `roles`. Policies grant these only the pending rights they name.';

revoke all on function hidden.caller_pending_org_ids(roles public.member_role[]) from public, anon, authenticated, service_role;
grant execute on function hidden.caller_pending_org_ids(roles public.member_role[]) to authenticated;
grant execute on function hidden.caller_pending_org_ids(roles public.member_role[]) to service_role;
