create or replace function public.list_members(org_id uuid) returns setof public.membership
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select * from hidden.list_members(org_id => list_members.org_id)
$$;

comment on function public.list_members(org_id uuid) is 'The organisation''s members with e-mail, display name, role and approval status (admins first, then coordinators, then mentors); a revoked member''s e-mail is null. Approved members (the roster they may read already) and the service role. Errors: 22004, 42501.';

revoke all on function public.list_members(org_id uuid) from public, anon, authenticated, service_role;
grant execute on function public.list_members(org_id uuid) to authenticated;
grant execute on function public.list_members(org_id uuid) to service_role;
