create or replace function public.list_organisations() returns table(id uuid, name text, created_at timestamp with time zone, role public.member_role, approval_status public.approval_status)
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  -- Row-level security decides which organisations and memberships are read:
  -- a member's own (approved or pending), everything for the service role.
  select o.id, o.name, o.created_at, m.role, m.approval_status
  from public.organisations o
  left join public.members m on m.org_id = o.id and m.user_id = (select hidden.request_user_id())
  order by o.name, o.id
$$;

comment on function public.list_organisations() is 'The organisations the caller may read (approved and pending members their own; the service role all), by name, each with the caller''s role and approval status there (null for the service role).';

revoke all on function public.list_organisations() from public, anon, authenticated, service_role;
grant execute on function public.list_organisations() to authenticated;
grant execute on function public.list_organisations() to service_role;
