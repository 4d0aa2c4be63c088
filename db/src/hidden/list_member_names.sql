create or replace function hidden.list_member_names(org_id uuid) returns table(user_id uuid, display_name text, email text, role public.member_role)
    language plpgsql stable security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
begin
  if list_member_names.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(org_id => list_member_names.org_id);
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

comment on function hidden.list_member_names(org_id uuid) is 'The security-definer body of public.list_member_names, where PostgREST does not expose it; public.list_member_names (security invoker) calls it. The members of an organisation with a readable name each: user_id, display_name (full_name or name from the user''s metadata, else the e-mail), email and role. A revoked member''s row shows their name only: display_name from their metadata or ''former member'', email null. Any member of the organisation (the roster they may read already), or the service role. Errors: 22004, 42501.';

revoke all on function hidden.list_member_names(org_id uuid) from public, anon, authenticated, service_role;
grant execute on function hidden.list_member_names(org_id uuid) to authenticated;
grant execute on function hidden.list_member_names(org_id uuid) to service_role;
