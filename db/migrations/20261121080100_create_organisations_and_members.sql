-- Purpose: tenants and who belongs to them, with one role per organisation.
-- Objects: enums member_role, approval_status; tables organisations, members,
--          mentor_active_periods; helper hidden.caller_org_ids(); access-token
--          hook public.custom_access_token_hook(); their policies.
-- Why: every figure and every policy starts from "which organisations may the
-- caller act in, and as what". The membership table is the source of truth (a
-- removed membership removes access at once); the hook copies memberships into
-- the JWT for clients that want them without a query.

-- migrate:up
create type public.member_role as enum ('peer_mentor', 'coordinator', 'admin');
comment on type public.member_role is 'A member''s role in one organisation.';

create type public.approval_status as enum ('pending', 'approved', 'revoked');
comment on type public.approval_status is 'Whether an organisation has approved a member as a peer mentor (Bufdir counts only approved mentors).';

create table public.organisations (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(btrim(name)) between 1 and 200),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.organisations is 'Tenants: one row per organisation or local branch. Its id is every tenant table''s org_id.';
alter table public.organisations enable row level security;
create trigger touch_updated_at before update on public.organisations
  for each row execute function private.touch_updated_at();

create table public.members (
  org_id uuid not null references public.organisations (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role public.member_role not null,
  approval_status public.approval_status not null default 'pending',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (org_id, user_id)
);
comment on table public.members is 'Who belongs to which organisation, with one role each. A person may hold different roles in different organisations.';
-- The policy helper looks up by user; it also covers the foreign key to auth.users.
create index members_user_id_org_id_role_idx on public.members (user_id, org_id, role);
alter table public.members enable row level security;
create trigger touch_updated_at before update on public.members
  for each row execute function private.touch_updated_at();
create trigger forbid_tenant_change before update on public.members
  for each row execute function private.forbid_tenant_change();

create table public.mentor_active_periods (
  org_id uuid not null,
  id uuid not null default gen_random_uuid(),
  mentor_id uuid not null,
  active_from date not null,
  active_to date,
  created_at timestamptz not null default now(),
  primary key (org_id, id),
  foreign key (org_id, mentor_id) references public.members (org_id, user_id) on delete cascade,
  check (active_to is null or active_to >= active_from)
);
comment on table public.mentor_active_periods is 'When a mentor was active in an organisation (inclusive dates; open-ended when active_to is null). Bufdir counts only active mentors.';
create index mentor_active_periods_mentor_idx on public.mentor_active_periods (org_id, mentor_id, active_from);
alter table public.mentor_active_periods enable row level security;
create trigger forbid_tenant_change before update on public.mentor_active_periods
  for each row execute function private.forbid_tenant_change();

-- Security definer: reads members regardless of the caller's own policies (a
-- policy on members that called an invoker helper reading members would recurse).
create function hidden.caller_org_ids(roles public.member_role[] default null)
returns setof uuid
language sql stable security definer
set search_path = ''
as $$
  select m.org_id
  from public.members m
  where m.user_id = (select auth.uid())
    and (caller_org_ids.roles is null or m.role = any (caller_org_ids.roles))
$$;
comment on function hidden.caller_org_ids(public.member_role[]) is
  'The organisations the calling user belongs to, optionally only those where their role is one of `roles`. Empty for anon and unknown users.';
revoke all on function hidden.caller_org_ids(public.member_role[]) from public, anon;
grant execute on function hidden.caller_org_ids(public.member_role[]) to authenticated, service_role;

-- organisations: members read their own; admins rename; creation and removal are operator tasks (service role).
create policy select_members on public.organisations for select to authenticated
  using (id in (select hidden.caller_org_ids()));
comment on policy select_members on public.organisations is 'Members read the organisations they belong to.';
create policy update_admins on public.organisations for update to authenticated
  using (id in (select hidden.caller_org_ids('{admin}')))
  with check (id in (select hidden.caller_org_ids('{admin}')));
comment on policy update_admins on public.organisations is 'Admins edit their own organisation.';

-- members: the roster is visible to the organisation; admins manage everyone,
-- coordinators manage peer mentors only (no one promotes themselves).
create policy select_members on public.members for select to authenticated
  using (org_id in (select hidden.caller_org_ids()));
comment on policy select_members on public.members is 'Members read the roster of their own organisations.';
create policy insert_managers on public.members for insert to authenticated
  with check (
    org_id in (select hidden.caller_org_ids('{admin}'))
    or (org_id in (select hidden.caller_org_ids('{coordinator}')) and role = 'peer_mentor')
  );
comment on policy insert_managers on public.members is 'Admins add any member; coordinators add peer mentors.';
create policy update_managers on public.members for update to authenticated
  using (
    org_id in (select hidden.caller_org_ids('{admin}'))
    or (org_id in (select hidden.caller_org_ids('{coordinator}')) and role = 'peer_mentor')
  )
  with check (
    org_id in (select hidden.caller_org_ids('{admin}'))
    or (org_id in (select hidden.caller_org_ids('{coordinator}')) and role = 'peer_mentor')
  );
comment on policy update_managers on public.members is 'Admins edit any member; coordinators edit peer mentors and cannot promote them.';
create policy delete_managers on public.members for delete to authenticated
  using (
    org_id in (select hidden.caller_org_ids('{admin}'))
    or (org_id in (select hidden.caller_org_ids('{coordinator}')) and role = 'peer_mentor')
  );
comment on policy delete_managers on public.members is 'Admins remove any member; coordinators remove peer mentors.';

-- mentor_active_periods: mentors see their own; coordinators and admins manage.
create policy select_members on public.mentor_active_periods for select to authenticated
  using (
    org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
    or (org_id in (select hidden.caller_org_ids('{peer_mentor}')) and mentor_id = (select auth.uid()))
  );
comment on policy select_members on public.mentor_active_periods is 'Coordinators and admins read all active periods of their organisation; mentors their own.';
create policy insert_managers on public.mentor_active_periods for insert to authenticated
  with check (org_id in (select hidden.caller_org_ids('{coordinator,admin}')));
comment on policy insert_managers on public.mentor_active_periods is 'Coordinators and admins record active periods.';
create policy update_managers on public.mentor_active_periods for update to authenticated
  using (org_id in (select hidden.caller_org_ids('{coordinator,admin}')))
  with check (org_id in (select hidden.caller_org_ids('{coordinator,admin}')));
comment on policy update_managers on public.mentor_active_periods is 'Coordinators and admins edit active periods.';
create policy delete_managers on public.mentor_active_periods for delete to authenticated
  using (org_id in (select hidden.caller_org_ids('{coordinator,admin}')));
comment on policy delete_managers on public.mentor_active_periods is 'Coordinators and admins remove active periods.';

-- Supabase custom access token hook: adds `org_roles` ({org_id: role}) to every
-- token Supabase Auth issues. Claims change only when the token is refreshed, so
-- policies authorise on the members table instead; the claim is for clients.
create function public.custom_access_token_hook(event jsonb)
returns jsonb
language plpgsql stable
as $$
declare
  org_roles jsonb;
begin
  select coalesce(jsonb_object_agg(m.org_id::text, m.role::text order by m.org_id), '{}'::jsonb)
    into org_roles
  from public.members m
  where m.user_id = (event ->> 'user_id')::uuid;

  return jsonb_set(
    event,
    '{claims}',
    coalesce(event -> 'claims', '{}'::jsonb) || jsonb_build_object('org_roles', org_roles)
  );
end
$$;
comment on function public.custom_access_token_hook(jsonb) is
  'Supabase Auth hook: adds the user''s memberships as claim org_roles = {org_id: role}. Callable only by supabase_auth_admin.';
revoke all on function public.custom_access_token_hook(jsonb) from public, anon, authenticated, service_role;
grant execute on function public.custom_access_token_hook(jsonb) to supabase_auth_admin;
grant select on table public.members to supabase_auth_admin;

create policy select_auth_admin on public.members for select to supabase_auth_admin
  using (true);
comment on policy select_auth_admin on public.members is 'Supabase Auth reads memberships to build access tokens.';

-- migrate:down
drop policy select_auth_admin on public.members;
revoke select on table public.members from supabase_auth_admin;
drop function public.custom_access_token_hook(jsonb);
drop table public.mentor_active_periods;
drop table public.members;
drop table public.organisations;
drop function hidden.caller_org_ids(public.member_role[]);
drop type public.approval_status;
drop type public.member_role;
