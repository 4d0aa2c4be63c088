create or replace function public.list_member_names(org_id uuid) returns table(user_id uuid, display_name text, email text, role public.member_role)
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select * from hidden.list_member_names(org_id => list_member_names.org_id)
$$;

comment on function public.list_member_names(org_id uuid) is 'The members of an organisation with a readable name each: user_id, display_name (full_name or name from the user''s metadata, else the e-mail), email and role; a revoked member''s row shows their name only (display_name from their metadata or ''former member'', email null). Any member of the organisation (the roster they may read already), or the service role. Errors: 22004, 42501.';

revoke all on function public.list_member_names(org_id uuid) from public, anon, authenticated, service_role;
grant execute on function public.list_member_names(org_id uuid) to authenticated;
grant execute on function public.list_member_names(org_id uuid) to service_role;
