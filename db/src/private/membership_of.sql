create or replace function private.membership_of(org_id uuid, user_id uuid) returns public.membership
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select m.org_id, m.user_id,
         case when m.approval_status = 'revoked' then null else u.email::text end,
         coalesce(
           nullif(pg_catalog.btrim(u.raw_user_meta_data ->> 'full_name'), ''),
           nullif(pg_catalog.btrim(u.raw_user_meta_data ->> 'name'), ''),
           case when m.approval_status = 'revoked' then 'former member' else u.email::text end),
         m.role, m.approval_status, m.created_at, m.updated_at
  from public.members m
  join auth.users u on u.id = m.user_id
  where m.org_id = membership_of.org_id and m.user_id = membership_of.user_id
$$;

comment on function private.membership_of(org_id uuid, user_id uuid) is 'One membership with the member''s e-mail (null when revoked) and display name (full_name or name from their metadata, else the e-mail, or ''former member'' when revoked); null when there is none. For the administration bodies, which run as the owner.';

revoke all on function private.membership_of(org_id uuid, user_id uuid) from public, anon, authenticated, service_role;
