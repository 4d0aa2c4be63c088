create or replace function hidden.list_members(org_id uuid) returns setof public.membership
    language plpgsql stable security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
-- Definer: reads the members' e-mails and names from auth.users; the caller is
-- checked first (an approved member reads the roster the policies show them).
begin
  if list_members.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(org_id => list_members.org_id);
  return query
    select x.*
    from public.members m
    cross join lateral private.membership_of(org_id => m.org_id, user_id => m.user_id) x
    where m.org_id = list_members.org_id
    order by m.role desc, m.approval_status, m.user_id;
end
$$;

comment on function hidden.list_members(org_id uuid) is 'The security-definer body of public.list_members, where PostgREST does not expose it; public.list_members (security invoker) calls it.';

revoke all on function hidden.list_members(org_id uuid) from public, anon, authenticated, service_role;
grant execute on function hidden.list_members(org_id uuid) to authenticated;
grant execute on function hidden.list_members(org_id uuid) to service_role;
