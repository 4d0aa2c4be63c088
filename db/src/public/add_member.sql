create or replace function public.add_member(org_id uuid, email text, role public.member_role) returns public.membership
    language sql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select hidden.add_member(org_id => add_member.org_id, email => add_member.email, role => add_member.role)
$$;

comment on function public.add_member(org_id uuid, email text, role public.member_role) is 'Adds the existing user of an e-mail address to the organisation with a role, pending approval. Admins add any role, coordinators peer mentors; the service role any. Errors: 22004, 23505 (a member already), 42501, P0002 (no such organisation, or no user with that e-mail).';

revoke all on function public.add_member(org_id uuid, email text, role public.member_role) from public, anon, authenticated, service_role;
grant execute on function public.add_member(org_id uuid, email text, role public.member_role) to authenticated;
grant execute on function public.add_member(org_id uuid, email text, role public.member_role) to service_role;
