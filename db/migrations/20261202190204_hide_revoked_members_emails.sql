-- Purpose: list_member_names shows no revoked member's e-mail address.
-- Objects: hidden.list_member_names (and the comment of its public wrapper).
-- Why: it showed every member of the organisation the e-mail address of people
-- whose membership was revoked, who are no longer part of it. A revoked member's
-- row now carries their name only, to every caller: the name from their metadata,
-- or 'former member' when they have none (never the address), and a null email,
-- so what they registered and their summaries keep a label. Approved and pending
-- members are listed as before.

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
             case when m.approval_status = 'revoked' then 'former member' else u.email::text end
           ),
           case when m.approval_status = 'revoked' then null else u.email::text end,
           m.role
    from public.members m
    join auth.users u on u.id = m.user_id
    where m.org_id = list_member_names.org_id
    order by 2, 3, 1;
end
$$;
comment on function hidden.list_member_names(uuid) is
  'The security-definer body of public.list_member_names, where PostgREST does not expose it; public.list_member_names (security invoker) calls it. The members of an organisation with a readable name each: user_id, display_name (full_name or name from the user''s metadata, else the e-mail), email and role. A revoked member''s row shows their name only: display_name from their metadata or ''former member'', email null. Any member of the organisation (the roster they may read already), or the service role. Errors: 22004, 42501.';
revoke all on function hidden.list_member_names(uuid) from public, anon;
grant execute on function hidden.list_member_names(uuid) to authenticated, service_role;
comment on function public.list_member_names(uuid) is
  'The members of an organisation with a readable name each: user_id, display_name (full_name or name from the user''s metadata, else the e-mail), email and role; a revoked member''s row shows their name only (display_name from their metadata or ''former member'', email null). Any member of the organisation (the roster they may read already), or the service role. Errors: 22004, 42501.';

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
comment on function public.list_member_names(uuid) is
  'The members of an organisation with a readable name each: user_id, display_name (full_name or name from the user''s metadata, else the e-mail), email and role. Any member of the organisation (the roster they may read already), or the service role. Errors: 42501.';
