-- Purpose: run an organisation through RPCs alone: create it with its first
-- admin, add members by e-mail with a role, approve and revoke them, record
-- and end mentors' active periods, register and list contacts, and list what the caller
-- may see of each.
-- Objects: composite public.membership; private.membership_of();
--          RPCs create_organisation (service role), list_organisations,
--          add_member, set_member_status, list_members (invoker wrappers over
--          security-definer bodies in hidden), add_mentor_active_period,
--          end_mentor_active_period, list_mentor_active_periods, add_contact,
--          list_contacts (security invoker, row-level security decides every row).
-- Why: until now an empty database could only be filled by the seed or by SQL.
-- Who may do what follows the roles of DOMAIN.md and the policies already on
-- the tables: admins run an organisation (any member, any role); coordinators
-- manage mentors (they add, approve and revoke peer mentors and record their
-- active periods); nobody approves, revokes or promotes themselves. Creating an
-- organisation is the operator's task (the service role): an organisation is a
-- grant-receiving tenant, and on Supabase every signed-up user is
-- `authenticated`, so letting any of them create one would let anyone appear as
-- an organisation's admin. Members are found by the e-mail address of an
-- existing user (Supabase Auth owns users; P0002 when there is none), which only
-- the definer bodies can read; every check comes before any write.

-- migrate:up
create type public.membership as (
  org_id uuid,
  user_id uuid,
  email text,
  display_name text,
  role public.member_role,
  approval_status public.approval_status,
  created_at timestamptz,
  updated_at timestamptz
);
comment on type public.membership is
  'One membership with the member''s e-mail and display name, as the administration RPCs return it. A revoked member''s e-mail is null and their name is the one in their metadata, or ''former member'' (as list_member_names shows them).';

create function private.membership_of(org_id uuid, user_id uuid)
returns public.membership
language sql stable
set search_path = pg_catalog, pg_temp
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
comment on function private.membership_of(uuid, uuid) is
  'One membership with the member''s e-mail (null when revoked) and display name (full_name or name from their metadata, else the e-mail, or ''former member'' when revoked); null when there is none. For the administration bodies, which run as the owner.';
revoke all on function private.membership_of(uuid, uuid) from public;

-- create_organisation
create function hidden.create_organisation(name text, admin_email text)
returns public.organisations
language plpgsql security definer
set search_path = pg_catalog, pg_temp
as $$
-- Definer: reads auth.users to find the first admin by e-mail, which no API role
-- may read; only the service role gets past the first check.
declare
  admin_id uuid;
  created public.organisations;
begin
  if not hidden.is_service_role_request() then
    raise exception 'permission denied: organisations are created by the operator (the service role)' using errcode = '42501';
  end if;
  if create_organisation.name is null then
    raise exception 'name must not be null' using errcode = '22004';
  elsif create_organisation.admin_email is null then
    raise exception 'admin_email must not be null' using errcode = '22004';
  elsif pg_catalog.length(pg_catalog.btrim(create_organisation.name)) not between 1 and 200 then
    raise exception 'name must be 1 to 200 characters besides surrounding spaces' using errcode = '22023';
  end if;
  if exists (select from public.organisations o
             where pg_catalog.lower(o.name) = pg_catalog.lower(pg_catalog.btrim(create_organisation.name))) then
    raise exception 'an organisation named "%" exists already', pg_catalog.btrim(create_organisation.name) using errcode = '23505';
  end if;
  select u.id into admin_id from auth.users u
  where pg_catalog.lower(u.email) = pg_catalog.lower(pg_catalog.btrim(create_organisation.admin_email));
  if admin_id is null then
    raise exception 'no user with e-mail %: users sign up (Supabase Auth) before they are made admins',
      create_organisation.admin_email using errcode = 'P0002';
  end if;
  insert into public.organisations as o (name) values (pg_catalog.btrim(create_organisation.name))
  returning o.* into created;
  insert into public.members (org_id, user_id, role, approval_status)
  values (created.id, admin_id, 'admin', 'approved');
  return created;
end
$$;
comment on function hidden.create_organisation(text, text) is
  'The security-definer body of public.create_organisation, where PostgREST does not expose it; public.create_organisation (security invoker) calls it.';
revoke all on function hidden.create_organisation(text, text) from public, anon;
grant execute on function hidden.create_organisation(text, text) to service_role;

create function public.create_organisation(name text, admin_email text)
returns public.organisations
language sql volatile
set search_path = pg_catalog, pg_temp
as $$
  select hidden.create_organisation(create_organisation.name, create_organisation.admin_email)
$$;
comment on function public.create_organisation(text, text) is
  'Creates an organisation with the existing user of admin_email as its first, approved admin. The service role only. Errors: 22004, 22023 (a blank or over-long name), 23505 (an organisation of that name, in any case, exists), 42501, P0002 (no user with that e-mail).';
revoke all on function public.create_organisation(text, text) from public, anon;
grant execute on function public.create_organisation(text, text) to service_role;

-- list_organisations
create function public.list_organisations()
returns table (id uuid, name text, created_at timestamptz, role public.member_role, approval_status public.approval_status)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  -- Row-level security decides which organisations and memberships are read:
  -- a member's own (approved or pending), everything for the service role.
  select o.id, o.name, o.created_at, m.role, m.approval_status
  from public.organisations o
  left join public.members m on m.org_id = o.id and m.user_id = (select hidden.request_user_id())
  order by o.name, o.id
$$;
comment on function public.list_organisations() is
  'The organisations the caller may read (approved and pending members their own; the service role all), by name, each with the caller''s role and approval status there (null for the service role).';
revoke all on function public.list_organisations() from public, anon;
grant execute on function public.list_organisations() to authenticated, service_role;

-- add_member
create function hidden.add_member(org_id uuid, email text, role public.member_role)
returns public.membership
language plpgsql security definer
set search_path = pg_catalog, pg_temp
as $$
-- Definer: finds the user by e-mail in auth.users, which no API role may read;
-- the caller's right to add this role is checked first.
declare
  new_user_id uuid;
begin
  if add_member.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  elsif add_member.email is null then
    raise exception 'email must not be null' using errcode = '22004';
  elsif add_member.role is null then
    raise exception 'role must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(add_member.org_id, '{coordinator,admin}');
  if add_member.role <> 'peer_mentor' and not hidden.is_service_role_request()
     and not exists (select from hidden.caller_org_ids('{admin}') o where o = add_member.org_id) then
    raise exception 'permission denied: only an admin of organisation % adds a %', add_member.org_id, add_member.role
      using errcode = '42501';
  end if;
  if not exists (select from public.organisations o where o.id = add_member.org_id) then
    raise exception 'no organisation %', add_member.org_id using errcode = 'P0002';
  end if;
  select u.id into new_user_id from auth.users u
  where pg_catalog.lower(u.email) = pg_catalog.lower(pg_catalog.btrim(add_member.email));
  if new_user_id is null then
    raise exception 'no user with e-mail %: they sign up (Supabase Auth) before they are added', add_member.email
      using errcode = 'P0002';
  end if;
  if exists (select from public.members m where m.org_id = add_member.org_id and m.user_id = new_user_id) then
    raise exception '% is a member of organisation % already (approve, revoke or list members instead)', add_member.email, add_member.org_id
      using errcode = '23505';
  end if;
  insert into public.members (org_id, user_id, role, approval_status)
  values (add_member.org_id, new_user_id, add_member.role, 'pending');
  return private.membership_of(add_member.org_id, new_user_id);
end
$$;
comment on function hidden.add_member(uuid, text, public.member_role) is
  'The security-definer body of public.add_member, where PostgREST does not expose it; public.add_member (security invoker) calls it.';
revoke all on function hidden.add_member(uuid, text, public.member_role) from public, anon;
grant execute on function hidden.add_member(uuid, text, public.member_role) to authenticated, service_role;

create function public.add_member(org_id uuid, email text, role public.member_role)
returns public.membership
language sql volatile
set search_path = pg_catalog, pg_temp
as $$
  select hidden.add_member(add_member.org_id, add_member.email, add_member.role)
$$;
comment on function public.add_member(uuid, text, public.member_role) is
  'Adds the existing user of an e-mail address to the organisation with a role, pending approval. Admins add any role, coordinators peer mentors; the service role any. Errors: 22004, 23505 (a member already), 42501, P0002 (no such organisation, or no user with that e-mail).';
revoke all on function public.add_member(uuid, text, public.member_role) from public, anon;
grant execute on function public.add_member(uuid, text, public.member_role) to authenticated, service_role;

-- set_member_status
create function hidden.set_member_status(org_id uuid, user_id uuid, approval_status public.approval_status)
returns public.membership
language plpgsql security definer
set search_path = pg_catalog, pg_temp
as $$
-- Definer: returns the member's e-mail and name from auth.users; the caller's
-- right over the target's role is checked before the update.
declare
  target public.members;
begin
  if set_member_status.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  elsif set_member_status.user_id is null then
    raise exception 'user_id must not be null' using errcode = '22004';
  elsif set_member_status.approval_status is null then
    raise exception 'approval_status must not be null' using errcode = '22004';
  elsif set_member_status.approval_status = 'pending' then
    raise exception 'approval_status must be approved or revoked (a membership starts pending)' using errcode = '22023';
  end if;
  perform hidden.require_role(set_member_status.org_id, '{coordinator,admin}');
  if set_member_status.user_id = hidden.request_user_id() then
    raise exception 'permission denied: nobody approves or revokes their own membership' using errcode = '42501';
  end if;
  select m.* into target from public.members m
  where m.org_id = set_member_status.org_id and m.user_id = set_member_status.user_id
  for no key update;
  if target.user_id is null then
    raise exception 'no member % in organisation %', set_member_status.user_id, set_member_status.org_id using errcode = 'P0002';
  end if;
  if target.role <> 'peer_mentor' and not hidden.is_service_role_request()
     and not exists (select from hidden.caller_org_ids('{admin}') o where o = set_member_status.org_id) then
    raise exception 'permission denied: only an admin approves or revokes a % of organisation %', target.role, set_member_status.org_id
      using errcode = '42501';
  end if;
  -- An unchanged status writes nothing, so the figures do not turn stale for it.
  update public.members m set approval_status = set_member_status.approval_status
  where m.org_id = set_member_status.org_id and m.user_id = set_member_status.user_id
    and m.approval_status is distinct from set_member_status.approval_status;
  return private.membership_of(set_member_status.org_id, set_member_status.user_id);
end
$$;
comment on function hidden.set_member_status(uuid, uuid, public.approval_status) is
  'The security-definer body of public.set_member_status, where PostgREST does not expose it; public.set_member_status (security invoker) calls it.';
revoke all on function hidden.set_member_status(uuid, uuid, public.approval_status) from public, anon;
grant execute on function hidden.set_member_status(uuid, uuid, public.approval_status) to authenticated, service_role;

create function public.set_member_status(org_id uuid, user_id uuid, approval_status public.approval_status)
returns public.membership
language sql volatile
set search_path = pg_catalog, pg_temp
as $$
  select hidden.set_member_status(set_member_status.org_id, set_member_status.user_id, set_member_status.approval_status)
$$;
comment on function public.set_member_status(uuid, uuid, public.approval_status) is
  'Approves or revokes a membership (approved again after a revocation reinstates it). Admins any member, coordinators peer mentors; nobody their own; the service role any. The organisation''s figures turn stale when the status changes. Errors: 22004, 22023 (pending), 42501, P0002 (not a member).';
revoke all on function public.set_member_status(uuid, uuid, public.approval_status) from public, anon;
grant execute on function public.set_member_status(uuid, uuid, public.approval_status) to authenticated, service_role;

-- list_members
create function hidden.list_members(org_id uuid)
returns setof public.membership
language plpgsql stable security definer
set search_path = pg_catalog, pg_temp
as $$
-- Definer: reads the members' e-mails and names from auth.users; the caller is
-- checked first (an approved member reads the roster the policies show them).
begin
  if list_members.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(list_members.org_id);
  return query
    select x.*
    from public.members m
    cross join lateral private.membership_of(m.org_id, m.user_id) x
    where m.org_id = list_members.org_id
    order by m.role desc, m.approval_status, m.user_id;
end
$$;
comment on function hidden.list_members(uuid) is
  'The security-definer body of public.list_members, where PostgREST does not expose it; public.list_members (security invoker) calls it.';
revoke all on function hidden.list_members(uuid) from public, anon;
grant execute on function hidden.list_members(uuid) to authenticated, service_role;

create function public.list_members(org_id uuid)
returns setof public.membership
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select * from hidden.list_members(list_members.org_id)
$$;
comment on function public.list_members(uuid) is
  'The organisation''s members with e-mail, display name, role and approval status (admins first, then coordinators, then mentors); a revoked member''s e-mail is null. Approved members (the roster they may read already) and the service role. Errors: 22004, 42501.';
revoke all on function public.list_members(uuid) from public, anon;
grant execute on function public.list_members(uuid) to authenticated, service_role;

-- add_mentor_active_period
create function public.add_mentor_active_period(org_id uuid, mentor_id uuid, active_from date, active_to date default null)
returns public.mentor_active_periods
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  mentor_role public.member_role;
  overlapping public.mentor_active_periods;
  added public.mentor_active_periods;
begin
  if add_mentor_active_period.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  elsif add_mentor_active_period.mentor_id is null then
    raise exception 'mentor_id must not be null' using errcode = '22004';
  elsif add_mentor_active_period.active_from is null then
    raise exception 'active_from must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(add_mentor_active_period.org_id, '{coordinator,admin}');
  if add_mentor_active_period.active_from not between '2000-01-01'
       and pg_catalog.make_date(pg_catalog.date_part('year', current_date)::integer + 1, 12, 31)
     or add_mentor_active_period.active_to not between '2000-01-01'
       and pg_catalog.make_date(pg_catalog.date_part('year', current_date)::integer + 1, 12, 31) then
    raise exception 'active_from and active_to must lie between 2000-01-01 and the end of next year' using errcode = '22023';
  elsif add_mentor_active_period.active_to < add_mentor_active_period.active_from then
    raise exception 'active_to (%) must not be before active_from (%)', add_mentor_active_period.active_to,
      add_mentor_active_period.active_from using errcode = '22023';
  end if;
  select m.role into mentor_role from public.members m
  where m.org_id = add_mentor_active_period.org_id and m.user_id = add_mentor_active_period.mentor_id;
  if mentor_role is null then
    raise exception 'mentor_id % is not a member of organisation %', add_mentor_active_period.mentor_id,
      add_mentor_active_period.org_id using errcode = '23503';
  elsif mentor_role <> 'peer_mentor' then
    raise exception 'mentor_id % is a % of organisation %, not a peer mentor', add_mentor_active_period.mentor_id, mentor_role,
      add_mentor_active_period.org_id using errcode = '22023';
  end if;
  select p.* into overlapping from public.mentor_active_periods p
  where p.org_id = add_mentor_active_period.org_id and p.mentor_id = add_mentor_active_period.mentor_id
    and daterange(p.active_from, p.active_to, '[]')
        && daterange(add_mentor_active_period.active_from, add_mentor_active_period.active_to, '[]')
  limit 1;
  if overlapping.id is not null then
    raise exception 'the mentor is active from % to % already: a period may not overlap another', overlapping.active_from,
      coalesce(overlapping.active_to::text, 'open end') using errcode = '22023';
  end if;
  insert into public.mentor_active_periods as p (org_id, mentor_id, active_from, active_to)
  values (add_mentor_active_period.org_id, add_mentor_active_period.mentor_id, add_mentor_active_period.active_from,
          add_mentor_active_period.active_to)
  returning p.* into added;
  return added;
end
$$;
comment on function public.add_mentor_active_period(uuid, uuid, date, date) is
  'Records a period (inclusive; open-ended when active_to is null) in which a peer mentor is active; Bufdir counts only active, approved mentors, and the organisation''s figures turn stale. Coordinators and admins of the organisation, the service role; row-level security applies. Errors: 22004, 22023 (a date out of range, an end before the start, not a peer mentor, an overlap with another period), 23503 (not a member), 42501.';
revoke all on function public.add_mentor_active_period(uuid, uuid, date, date) from public, anon;
grant execute on function public.add_mentor_active_period(uuid, uuid, date, date) to authenticated, service_role;

-- end_mentor_active_period
create function public.end_mentor_active_period(org_id uuid, period_id uuid, active_to date)
returns public.mentor_active_periods
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  target public.mentor_active_periods;
  overlapping public.mentor_active_periods;
  ended public.mentor_active_periods;
begin
  if end_mentor_active_period.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  elsif end_mentor_active_period.period_id is null then
    raise exception 'period_id must not be null' using errcode = '22004';
  elsif end_mentor_active_period.active_to is null then
    raise exception 'active_to must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(end_mentor_active_period.org_id, '{coordinator,admin}');
  select p.* into target from public.mentor_active_periods p
  where p.org_id = end_mentor_active_period.org_id and p.id = end_mentor_active_period.period_id
  for update;
  if target.id is null then
    raise exception 'no active period % in organisation %', end_mentor_active_period.period_id, end_mentor_active_period.org_id
      using errcode = 'P0002';
  elsif end_mentor_active_period.active_to < target.active_from then
    raise exception 'active_to (%) must not be before the period''s start (%)', end_mentor_active_period.active_to, target.active_from
      using errcode = '22023';
  elsif end_mentor_active_period.active_to > pg_catalog.make_date(pg_catalog.date_part('year', current_date)::integer + 1, 12, 31) then
    raise exception 'active_to must not be after the end of next year' using errcode = '22023';
  end if;
  select p.* into overlapping from public.mentor_active_periods p
  where p.org_id = target.org_id and p.mentor_id = target.mentor_id and p.id <> target.id
    and daterange(p.active_from, p.active_to, '[]') && daterange(target.active_from, end_mentor_active_period.active_to, '[]')
  limit 1;
  if overlapping.id is not null then
    raise exception 'the mentor is active from % to % already: a period may not overlap another', overlapping.active_from,
      coalesce(overlapping.active_to::text, 'open end') using errcode = '22023';
  end if;
  update public.mentor_active_periods p set active_to = end_mentor_active_period.active_to
  where p.org_id = target.org_id and p.id = target.id
  returning p.* into ended;
  return ended;
end
$$;
comment on function public.end_mentor_active_period(uuid, uuid, date) is
  'Sets the last active day of a mentor''s period (ending an open one, or moving a set end); the organisation''s figures turn stale. Coordinators and admins of the organisation, the service role; row-level security applies. Errors: 22004, 22023 (an end before the start or after next year, an overlap with another period), 42501, P0002 (no such period).';
revoke all on function public.end_mentor_active_period(uuid, uuid, date) from public, anon;
grant execute on function public.end_mentor_active_period(uuid, uuid, date) to authenticated, service_role;

-- list_mentor_active_periods
create function public.list_mentor_active_periods(org_id uuid)
returns setof public.mentor_active_periods
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
begin
  if list_mentor_active_periods.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(list_mentor_active_periods.org_id);
  -- Row-level security decides: coordinators and admins read every period, a mentor their own.
  return query
    select p.* from public.mentor_active_periods p
    where p.org_id = list_mentor_active_periods.org_id
    order by p.mentor_id, p.active_from;
end
$$;
comment on function public.list_mentor_active_periods(uuid) is
  'The active periods of the organisation''s mentors the caller may read (coordinators, admins and the service role all; an approved mentor their own), by mentor and start. Errors: 22004, 42501.';
revoke all on function public.list_mentor_active_periods(uuid) from public, anon;
grant execute on function public.list_mentor_active_periods(uuid) to authenticated, service_role;

-- add_contact
create function public.add_contact(org_id uuid, full_name text, birth_year integer default null, phone text default null,
                                   email text default null, municipality_code text default null,
                                   municipality_code_version text default null)
returns public.contacts
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  added public.contacts;
begin
  if add_contact.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  elsif add_contact.full_name is null then
    raise exception 'full_name must not be null' using errcode = '22004';
  end if;
  -- An approved member or a pending mentor; 42501 for anyone else and for the
  -- service role (a contact is registered by a user).
  perform hidden.caller_membership(add_contact.org_id);
  if pg_catalog.length(pg_catalog.btrim(add_contact.full_name)) not between 1 and 200 then
    raise exception 'full_name must be 1 to 200 characters besides surrounding spaces' using errcode = '22023';
  elsif add_contact.birth_year not between 1900 and 2100 then
    raise exception 'birth_year (%) must be between 1900 and 2100', add_contact.birth_year using errcode = '22023';
  elsif pg_catalog.length(add_contact.phone) > 40 then
    raise exception 'phone must be at most 40 characters' using errcode = '22023';
  elsif pg_catalog.length(add_contact.email) > 320 then
    raise exception 'email must be at most 320 characters' using errcode = '22023';
  elsif add_contact.municipality_code !~ '^[0-9]{4}$' or add_contact.municipality_code_version !~ '^[0-9]{4}$'
        or (add_contact.municipality_code is null) <> (add_contact.municipality_code_version is null) then
    raise exception 'municipality_code and municipality_code_version must be given together, four digits each' using errcode = '22023';
  end if;
  insert into public.contacts as c (org_id, full_name, birth_year, phone, email, municipality_code, municipality_code_version, created_by)
  values (add_contact.org_id, pg_catalog.btrim(add_contact.full_name), add_contact.birth_year, add_contact.phone, add_contact.email,
          add_contact.municipality_code, add_contact.municipality_code_version, hidden.request_user_id())
  returning c.* into added;
  return added;
end
$$;
comment on function public.add_contact(uuid, text, integer, text, text, text, text) is
  'Registers a contact (a person mentors meet) as the calling member; row-level security applies (approved members and pending mentors). Errors: 22004, 22023 (a blank or over-long name, a birth year outside 1900-2100, an over-long phone or e-mail, a municipality code without its four-digit version or the reverse), 42501 (not a member, revoked, a pending coordinator or admin, the service role).';
revoke all on function public.add_contact(uuid, text, integer, text, text, text, text) from public, anon;
grant execute on function public.add_contact(uuid, text, integer, text, text, text, text) to authenticated;

-- list_contacts
create function public.list_contacts(org_id uuid)
returns setof public.contacts
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
begin
  if list_contacts.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  if not hidden.is_service_role_request() then
    perform hidden.caller_membership(list_contacts.org_id);
  end if;
  -- Row-level security decides which contacts: coordinators and admins all,
  -- mentors the ones they registered or met.
  return query
    select c.* from public.contacts c
    where c.org_id = list_contacts.org_id and c.deleted_at is null
    order by pg_catalog.lower(c.full_name), c.id;
end
$$;
comment on function public.list_contacts(uuid) is
  'The live contacts of the organisation the caller may read, by name: coordinators, admins and the service role all; an approved mentor those they registered or met; a pending mentor those they registered. Errors: 22004, 42501.';
revoke all on function public.list_contacts(uuid) from public, anon;
grant execute on function public.list_contacts(uuid) to authenticated, service_role;

-- migrate:down
drop function public.list_contacts(uuid);
drop function public.add_contact(uuid, text, integer, text, text, text, text);
drop function public.list_mentor_active_periods(uuid);
drop function public.end_mentor_active_period(uuid, uuid, date);
drop function public.add_mentor_active_period(uuid, uuid, date, date);
drop function public.list_members(uuid);
drop function hidden.list_members(uuid);
drop function public.set_member_status(uuid, uuid, public.approval_status);
drop function hidden.set_member_status(uuid, uuid, public.approval_status);
drop function public.add_member(uuid, text, public.member_role);
drop function hidden.add_member(uuid, text, public.member_role);
drop function public.list_organisations();
drop function public.create_organisation(text, text);
drop function hidden.create_organisation(text, text);
drop function private.membership_of(uuid, uuid);
drop type public.membership;
