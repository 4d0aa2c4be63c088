create or replace function hidden.add_member(org_id uuid, email text, role public.member_role) returns public.membership
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
-- Definer: finds the user by e-mail in auth.users, which no API role may read;
-- the caller's right to add this role is checked first.
declare
  new_user_id uuid;
begin
  if add_member.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  elsif add_member.email is null then
    raise exception 'email must not be null' using errcode = '22004';
  elsif add_member.role is null then
    raise exception 'role must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(org_id => add_member.org_id, roles => '{coordinator,admin}');
  if add_member.role <> 'peer_mentor' and not hidden.is_service_role_request()
     and not exists (select from hidden.caller_org_ids(roles => '{admin}') o where o = add_member.org_id) then
    raise exception 'permission denied: only an admin of organisation % adds a %', add_member.org_id, add_member.role
      using errcode = '42501';
  end if;
  if not exists (select from public.organisations o where o.id = add_member.org_id) then
    raise exception 'no organisation %', add_member.org_id using errcode = 'P0002';
  end if;
  select u.id into new_user_id from auth.users u
  where pg_catalog.lower(u.email) = pg_catalog.lower(pg_catalog.btrim(add_member.email));
  if new_user_id is null then
    raise exception 'no user with e-mail %: they sign up (Supabase Auth) before they are added', add_member.email
      using errcode = 'P0002';
  end if;
  if exists (select from public.members m where m.org_id = add_member.org_id and m.user_id = new_user_id) then
    raise exception '% is a member of organisation % already (approve, revoke or list members instead)', add_member.email, add_member.org_id
      using errcode = '23505';
  end if;
  insert into public.members (org_id, user_id, role, approval_status)
  values (add_member.org_id, new_user_id, add_member.role, 'pending');
  return private.membership_of(org_id => add_member.org_id, user_id => new_user_id);
end
$$;

comment on function hidden.add_member(org_id uuid, email text, role public.member_role) is 'The security-definer body of public.add_member, where PostgREST does not expose it; public.add_member (security invoker) calls it.';

revoke all on function hidden.add_member(org_id uuid, email text, role public.member_role) from public, anon, authenticated, service_role;
grant execute on function hidden.add_member(org_id uuid, email text, role public.member_role) to authenticated;
grant execute on function hidden.add_member(org_id uuid, email text, role public.member_role) to service_role;
