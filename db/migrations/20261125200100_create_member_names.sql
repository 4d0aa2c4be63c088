-- Purpose: names people can read. Summaries, tables and `--mentor` name mentors
-- by their display name and e-mail address instead of a uuid.
-- Objects: function public.list_member_names(uuid).
-- Why: the names live in auth.users, which the API roles cannot read. This
-- function returns exactly the roster the caller may already read through the
-- members policy (any member of the organisation, or the service role), with
-- each member's display name (`full_name` or `name` in the user's metadata,
-- else the e-mail address). Display only: nothing authorises on metadata.

-- migrate:up
-- Security definer: reads auth.users; the permission check comes first.
create function public.list_member_names(org_id uuid)
returns table (user_id uuid, display_name text, email text, role public.member_role)
language plpgsql stable security definer
set search_path = pg_catalog, pg_temp
as $$
begin
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
comment on function public.list_member_names(uuid) is
  'The members of an organisation with a readable name each: user_id, display_name (full_name or name from the user''s metadata, else the e-mail), email and role. Any member of the organisation (the roster they may read already), or the service role. Errors: 42501.';
revoke all on function public.list_member_names(uuid) from public, anon;
grant execute on function public.list_member_names(uuid) to authenticated, service_role;

-- migrate:down
drop function public.list_member_names(uuid);
