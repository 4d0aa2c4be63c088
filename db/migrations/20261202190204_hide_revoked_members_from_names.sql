-- Purpose: list_member_names lists no revoked member.
-- Objects: hidden.list_member_names.
-- Why: it showed every member of the organisation the e-mail address (and name)
-- of people whose membership was revoked, who are no longer part of it. A revoked
-- member's row is now left out for every caller: their summaries and entries are
-- then labelled by id. Approved and pending members are listed as before.

-- migrate:up
create or replace function hidden.list_member_names(org_id uuid)
returns table (user_id uuid, display_name text, email text, role public.member_role)
language plpgsql stable security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  if list_member_names.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(list_member_names.org_id);
  return query
    select m.user_id,
           coalesce(
             nullif(pg_catalog.btrim(u.raw_user_meta_data ->> 'full_name'), ''),
             nullif(pg_catalog.btrim(u.raw_user_meta_data ->> 'name'), ''),
             u.email::text
           ),
           u.email::text,
           m.role
    from public.members m
    join auth.users u on u.id = m.user_id
    where m.org_id = list_member_names.org_id
      and m.approval_status <> 'revoked'
    order by 2, 3, 1;
end
$$;
comment on function hidden.list_member_names(uuid) is
  'The security-definer body of public.list_member_names, where PostgREST does not expose it; public.list_member_names (security invoker) calls it. The approved and pending members of an organisation with a readable name each: user_id, display_name (full_name or name from the user''s metadata, else the e-mail), email and role; revoked members are not listed. Any member of the organisation (the roster they may read already), or the service role. Errors: 22004, 42501.';
revoke all on function hidden.list_member_names(uuid) from public, anon;
grant execute on function hidden.list_member_names(uuid) to authenticated, service_role;

-- migrate:down
create or replace function hidden.list_member_names(org_id uuid)
returns table (user_id uuid, display_name text, email text, role public.member_role)
language plpgsql stable security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  if list_member_names.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(list_member_names.org_id);
  return query
    select m.user_id,
           coalesce(
             nullif(pg_catalog.btrim(u.raw_user_meta_data ->> 'full_name'), ''),
             nullif(pg_catalog.btrim(u.raw_user_meta_data ->> 'name'), ''),
             u.email::text
           ),
           u.email::text,
           m.role
    from public.members m
    join auth.users u on u.id = m.user_id
    where m.org_id = list_member_names.org_id
    order by 2, 3, 1;
end
$$;
comment on function hidden.list_member_names(uuid) is
  'The security-definer body of public.list_member_names, where PostgREST does not expose it; public.list_member_names (security invoker) calls it. The members of an organisation with a readable name each: user_id, display_name (full_name or name from the user''s metadata, else the e-mail), email and role. Any member of the organisation (the roster they may read already), or the service role. Errors: 42501.';
revoke all on function hidden.list_member_names(uuid) from public, anon;
grant execute on function hidden.list_member_names(uuid) to authenticated, service_role;
