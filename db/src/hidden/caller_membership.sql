-- The activity RPCs ask this first: a pending coordinator or admin is refused
-- there at once, a pending mentor goes on to their own direct entries.
create or replace function hidden.caller_membership(org_id uuid) returns public.member_role
    language plpgsql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  found_role public.member_role;
begin
  if caller_membership.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  select m.role into found_role
  from public.members m
  where m.org_id = caller_membership.org_id
    and m.user_id = (select hidden.request_user_id())
    and (m.approval_status = 'approved' or (m.approval_status = 'pending' and m.role = 'peer_mentor'));
  if found_role is null then
    raise exception 'permission denied: the caller is not a member of organisation %', caller_membership.org_id
      using errcode = '42501';
  end if;
  return found_role;
end
$$;

comment on function hidden.caller_membership(org_id uuid) is 'The calling user''s role in org_id: an approved member''s, or peer_mentor for a pending mentor (who registers only their own direct entries). 42501 when they are not a member, their membership is revoked or is a pending coordinator''s or admin''s, or nobody is signed in (the service role has no user).';

revoke all on function hidden.caller_membership(org_id uuid) from public, anon, authenticated, service_role;
grant execute on function hidden.caller_membership(org_id uuid) to authenticated;
grant execute on function hidden.caller_membership(org_id uuid) to service_role;
