-- Purpose: a membership's approval status decides what it grants.
-- Objects: helpers hidden.caller_org_ids(), hidden.caller_activity_ids(),
--          hidden.caller_contact_ids(), hidden.caller_membership() (now approved
--          memberships only, or a pending mentor's own); new helper
--          hidden.caller_pending_org_ids(); the select, insert, update and delete
--          policies of organisations, members, contacts and activities that give a
--          pending mentor their narrow rights.
-- Why: until now a revoked member kept reading the organisation's contacts and
-- registering new ones, and a pending mentor acted like an approved one. Every
-- policy and every RPC's role check goes through hidden.caller_org_ids, so it
-- now answers for approved memberships only: a revoked membership grants
-- nothing from the next statement on (reads, writes, RPCs and summary sync
-- alike), and so does a pending one, except for what the pending branches below
-- name. A pending mentor reads their organisation, their own membership row and
-- what they registered themselves (direct entries and contacts), and registers
-- and maintains their own direct entries (which never count: only approved
-- mentors are counted) with contacts of their own. A pending coordinator or
-- admin reads the organisation and their own membership row, nothing more.

-- migrate:up
-- Security definer: reads members regardless of the caller's own policies (a
-- policy on members that called an invoker helper reading members would recurse).
create or replace function hidden.caller_org_ids(roles public.member_role[] default null)
returns setof uuid
language sql stable security definer
set search_path = pg_catalog, pg_temp
as $$
  select m.org_id
  from public.members m
  where m.user_id = (select auth.uid())
    and m.approval_status = 'approved'
    and (caller_org_ids.roles is null or m.role = any (caller_org_ids.roles))
$$;
comment on function hidden.caller_org_ids(public.member_role[]) is
  'The organisations where the calling user is an approved member, optionally only those where their role is one of `roles`. Pending and revoked memberships are not listed. Empty for anon and unknown users.';

-- Security definer for the same reason as caller_org_ids.
create function hidden.caller_pending_org_ids(roles public.member_role[] default null)
returns setof uuid
language sql stable security definer
set search_path = pg_catalog, pg_temp
as $$
  select m.org_id
  from public.members m
  where m.user_id = (select auth.uid())
    and m.approval_status = 'pending'
    and (caller_pending_org_ids.roles is null or m.role = any (caller_pending_org_ids.roles))
$$;
comment on function hidden.caller_pending_org_ids(public.member_role[]) is
  'The organisations where the calling user''s membership awaits approval, optionally only those where their role is one of `roles`. Policies grant these only the pending rights they name.';
revoke all on function hidden.caller_pending_org_ids(public.member_role[]) from public, anon;
grant execute on function hidden.caller_pending_org_ids(public.member_role[]) to authenticated, service_role;

-- Approved memberships only, like caller_org_ids: a revoked or pending mentor
-- gets nothing through the links of activities they took part in.
create or replace function hidden.caller_activity_ids()
returns table (org_id uuid, activity_id uuid)
language sql stable security definer
set search_path = pg_catalog, pg_temp
as $$
  select am.org_id, am.activity_id
  from public.activity_mentors am
  join public.members m on m.org_id = am.org_id and m.user_id = am.mentor_id and m.approval_status = 'approved'
  where am.mentor_id = (select auth.uid())
  union
  select a.org_id, a.id
  from public.activities a
  join public.members m on m.org_id = a.org_id and m.user_id = a.registered_by and m.approval_status = 'approved'
  where a.registered_by = (select auth.uid())
$$;
comment on function hidden.caller_activity_ids() is
  'The activities the calling user took part in as a mentor or registered, in the organisations where they are an approved member.';

create or replace function hidden.caller_contact_ids()
returns table (org_id uuid, contact_id uuid)
language sql stable security definer
set search_path = pg_catalog, pg_temp
as $$
  select ap.org_id, ap.contact_id
  from public.activity_participants ap
  join public.activity_mentors am
    on am.org_id = ap.org_id and am.activity_id = ap.activity_id
  join public.members m on m.org_id = am.org_id and m.user_id = am.mentor_id and m.approval_status = 'approved'
  where am.mentor_id = (select auth.uid())
$$;
comment on function hidden.caller_contact_ids() is
  'The contacts the calling user met as a mentor, in the organisations where they are an approved member.';

-- The activity RPCs ask this first: a pending coordinator or admin is refused
-- there at once, a pending mentor goes on to their own direct entries.
create or replace function hidden.caller_membership(org_id uuid)
returns public.member_role
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
declare
  found_role public.member_role;
begin
  if caller_membership.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  select m.role into found_role
  from public.members m
  where m.org_id = caller_membership.org_id
    and m.user_id = (select auth.uid())
    and (m.approval_status = 'approved' or (m.approval_status = 'pending' and m.role = 'peer_mentor'));
  if found_role is null then
    raise exception 'permission denied: the caller is not a member of organisation %', caller_membership.org_id
      using errcode = '42501';
  end if;
  return found_role;
end
$$;
comment on function hidden.caller_membership(uuid) is
  'The calling user''s role in org_id: an approved member''s, or peer_mentor for a pending mentor (who registers only their own direct entries). 42501 when they are not a member, their membership is revoked or is a pending coordinator''s or admin''s, or nobody is signed in (the service role has no user).';

-- organisations
alter policy select_members on public.organisations
  using (
    id in (select hidden.caller_org_ids())
    or id in (select hidden.caller_pending_org_ids())
  );
comment on policy select_members on public.organisations is
  'Approved and pending members read the organisations they belong to; revoked members do not.';

-- members: a pending member sees only their own membership (how they learn it is pending).
alter policy select_members on public.members
  using (
    org_id in (select hidden.caller_org_ids())
    or (org_id in (select hidden.caller_pending_org_ids()) and user_id = (select auth.uid()))
  );
comment on policy select_members on public.members is
  'Approved members read the roster of their own organisations; a pending member reads their own membership only.';

-- contacts: a pending mentor registers contacts and reads and edits those they registered.
alter policy select_members on public.contacts
  using (
    org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
    or (
      org_id in (select hidden.caller_org_ids('{peer_mentor}'))
      and (
        created_by = (select auth.uid())
        or (org_id, id) in (select c.org_id, c.contact_id from hidden.caller_contact_ids() c)
      )
    )
    or (org_id in (select hidden.caller_pending_org_ids('{peer_mentor}')) and created_by = (select auth.uid()))
  );
comment on policy select_members on public.contacts is
  'Coordinators and admins read their organisation''s contacts; approved mentors those they registered or met; pending mentors those they registered.';
alter policy insert_members on public.contacts
  with check (
    (
      org_id in (select hidden.caller_org_ids())
      or org_id in (select hidden.caller_pending_org_ids('{peer_mentor}'))
    )
    and created_by = (select auth.uid())
  );
comment on policy insert_members on public.contacts is
  'Approved members and pending mentors register contacts in their organisation, as themselves.';
alter policy update_members on public.contacts
  using (
    org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
    or (
      (
        org_id in (select hidden.caller_org_ids('{peer_mentor}'))
        or org_id in (select hidden.caller_pending_org_ids('{peer_mentor}'))
      )
      and created_by = (select auth.uid())
    )
  )
  with check (
    org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
    or (
      (
        org_id in (select hidden.caller_org_ids('{peer_mentor}'))
        or org_id in (select hidden.caller_pending_org_ids('{peer_mentor}'))
      )
      and created_by = (select auth.uid())
    )
  );
comment on policy update_members on public.contacts is
  'Coordinators and admins edit their organisation''s contacts; approved and pending mentors those they registered.';

-- activities: a pending mentor reads, registers and maintains their own direct entries.
alter policy select_members on public.activities
  using (
    org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
    or (
      org_id in (select hidden.caller_org_ids('{peer_mentor}'))
      and (
        -- Checked directly too: a row being inserted is not yet visible to the
        -- helper, and INSERT … RETURNING must see it.
        registered_by = (select auth.uid())
        or (org_id, id) in (select c.org_id, c.activity_id from hidden.caller_activity_ids() c)
      )
    )
    or (org_id in (select hidden.caller_pending_org_ids('{peer_mentor}')) and registered_by = (select auth.uid()))
  );
comment on policy select_members on public.activities is
  'Coordinators and admins read their organisation''s activities; approved mentors those they took part in or registered; pending mentors those they registered.';
alter policy insert_members on public.activities
  with check (
    registered_by = (select auth.uid())
    and (
      (org_id in (select hidden.caller_org_ids('{coordinator,admin}')) and registration_path in ('proxy', 'bulk'))
      or (
        (
          org_id in (select hidden.caller_org_ids('{peer_mentor}'))
          or org_id in (select hidden.caller_pending_org_ids('{peer_mentor}'))
        )
        and registration_path = 'direct'
      )
    )
  );
comment on policy insert_members on public.activities is
  'Approved and pending mentors register direct entries; coordinators and admins proxy and bulk entries; always as themselves.';
alter policy update_members on public.activities
  using (
    org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
    or (
      (
        org_id in (select hidden.caller_org_ids('{peer_mentor}'))
        or org_id in (select hidden.caller_pending_org_ids('{peer_mentor}'))
      )
      and registered_by = (select auth.uid())
      and registration_path = 'direct'
    )
  )
  with check (
    org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
    or (
      (
        org_id in (select hidden.caller_org_ids('{peer_mentor}'))
        or org_id in (select hidden.caller_pending_org_ids('{peer_mentor}'))
      )
      and registered_by = (select auth.uid())
      and registration_path = 'direct'
    )
  );
comment on policy update_members on public.activities is
  'Approved and pending mentors edit (and soft-delete) their own direct entries; coordinators and admins any of their organisation''s.';
alter policy delete_members on public.activities
  using (
    org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
    or (
      (
        org_id in (select hidden.caller_org_ids('{peer_mentor}'))
        or org_id in (select hidden.caller_pending_org_ids('{peer_mentor}'))
      )
      and registered_by = (select auth.uid())
      and registration_path = 'direct'
    )
  );
comment on policy delete_members on public.activities is
  'Approved and pending mentors remove their own direct entries; coordinators and admins any of their organisation''s.';

-- activity_mentors and activity_participants: a pending mentor reads the links
-- of the entries they registered (their writes follow the activity's update
-- rights through the editors' policies).
alter policy select_members on public.activity_mentors
  using (
    org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
    or (
      org_id in (select hidden.caller_org_ids('{peer_mentor}'))
      and (org_id, activity_id) in (select c.org_id, c.activity_id from hidden.caller_activity_ids() c)
    )
    or (
      org_id in (select hidden.caller_pending_org_ids('{peer_mentor}'))
      and exists (
        select from public.activities a
        where a.org_id = activity_mentors.org_id and a.id = activity_mentors.activity_id
          and a.registered_by = (select auth.uid())
      )
    )
  );
comment on policy select_members on public.activity_mentors is
  'Readable by whoever may read the activity: a pending mentor reads those of the entries they registered.';
alter policy select_members on public.activity_participants
  using (
    org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
    or (
      org_id in (select hidden.caller_org_ids('{peer_mentor}'))
      and (org_id, activity_id) in (select c.org_id, c.activity_id from hidden.caller_activity_ids() c)
    )
    or (
      org_id in (select hidden.caller_pending_org_ids('{peer_mentor}'))
      and exists (
        select from public.activities a
        where a.org_id = activity_participants.org_id and a.id = activity_participants.activity_id
          and a.registered_by = (select auth.uid())
      )
    )
  );
comment on policy select_members on public.activity_participants is
  'Readable by whoever may read the activity: a pending mentor reads those of the entries they registered.';

-- migrate:down
alter policy select_members on public.activity_participants
  using (
    org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
    or (
      org_id in (select hidden.caller_org_ids('{peer_mentor}'))
      and (org_id, activity_id) in (select c.org_id, c.activity_id from hidden.caller_activity_ids() c)
    )
  );
comment on policy select_members on public.activity_participants is 'Readable by whoever may read the activity.';
alter policy select_members on public.activity_mentors
  using (
    org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
    or (
      org_id in (select hidden.caller_org_ids('{peer_mentor}'))
      and (org_id, activity_id) in (select c.org_id, c.activity_id from hidden.caller_activity_ids() c)
    )
  );
comment on policy select_members on public.activity_mentors is 'Readable by whoever may read the activity.';
alter policy delete_members on public.activities
  using (
    org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
    or (
      org_id in (select hidden.caller_org_ids('{peer_mentor}'))
      and registered_by = (select auth.uid())
      and registration_path = 'direct'
    )
  );
comment on policy delete_members on public.activities is 'Mentors remove their own direct entries; coordinators and admins any of their organisation''s.';
alter policy update_members on public.activities
  using (
    org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
    or (
      org_id in (select hidden.caller_org_ids('{peer_mentor}'))
      and registered_by = (select auth.uid())
      and registration_path = 'direct'
    )
  )
  with check (
    org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
    or (
      org_id in (select hidden.caller_org_ids('{peer_mentor}'))
      and registered_by = (select auth.uid())
      and registration_path = 'direct'
    )
  );
comment on policy update_members on public.activities is 'Mentors edit (and soft-delete) their own direct entries; coordinators and admins any of their organisation''s.';
alter policy insert_members on public.activities
  with check (
    registered_by = (select auth.uid())
    and (
      (org_id in (select hidden.caller_org_ids('{coordinator,admin}')) and registration_path in ('proxy', 'bulk'))
      or (org_id in (select hidden.caller_org_ids('{peer_mentor}')) and registration_path = 'direct')
    )
  );
comment on policy insert_members on public.activities is 'Mentors register direct entries; coordinators and admins proxy and bulk entries; always as themselves.';
alter policy select_members on public.activities
  using (
    org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
    or (
      org_id in (select hidden.caller_org_ids('{peer_mentor}'))
      and (
        registered_by = (select auth.uid())
        or (org_id, id) in (select c.org_id, c.activity_id from hidden.caller_activity_ids() c)
      )
    )
  );
comment on policy select_members on public.activities is 'Coordinators and admins read their organisation''s activities; mentors those they took part in or registered.';
alter policy update_members on public.contacts
  using (
    org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
    or (org_id in (select hidden.caller_org_ids('{peer_mentor}')) and created_by = (select auth.uid()))
  )
  with check (
    org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
    or (org_id in (select hidden.caller_org_ids('{peer_mentor}')) and created_by = (select auth.uid()))
  );
comment on policy update_members on public.contacts is 'Coordinators and admins edit their organisation''s contacts; mentors those they registered.';
alter policy insert_members on public.contacts
  with check (org_id in (select hidden.caller_org_ids()) and created_by = (select auth.uid()));
comment on policy insert_members on public.contacts is 'Any member registers contacts in their organisation, as themselves.';
alter policy select_members on public.contacts
  using (
    org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
    or (
      org_id in (select hidden.caller_org_ids('{peer_mentor}'))
      and (
        created_by = (select auth.uid())
        or (org_id, id) in (select c.org_id, c.contact_id from hidden.caller_contact_ids() c)
      )
    )
  );
comment on policy select_members on public.contacts is 'Coordinators and admins read their organisation''s contacts; mentors those they registered or met.';
alter policy select_members on public.members
  using (org_id in (select hidden.caller_org_ids()));
comment on policy select_members on public.members is 'Members read the roster of their own organisations.';
alter policy select_members on public.organisations
  using (id in (select hidden.caller_org_ids()));
comment on policy select_members on public.organisations is 'Members read the organisations they belong to.';

create or replace function hidden.caller_membership(org_id uuid)
returns public.member_role
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
declare
  found_role public.member_role;
begin
  if caller_membership.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  select m.role into found_role
  from public.members m
  where m.org_id = caller_membership.org_id
    and m.user_id = (select auth.uid())
    and m.approval_status <> 'revoked';
  if found_role is null then
    raise exception 'permission denied: the caller is not a member of organisation %', caller_membership.org_id
      using errcode = '42501';
  end if;
  return found_role;
end
$$;
comment on function hidden.caller_membership(uuid) is
  'The calling user''s role in org_id; 42501 when they are not a member, their membership is revoked, or nobody is signed in (the service role has no user).';

create or replace function hidden.caller_contact_ids()
returns table (org_id uuid, contact_id uuid)
language sql stable security definer
set search_path = pg_catalog, pg_temp
as $$
  select ap.org_id, ap.contact_id
  from public.activity_participants ap
  join public.activity_mentors am
    on am.org_id = ap.org_id and am.activity_id = ap.activity_id
  where am.mentor_id = (select auth.uid())
$$;
comment on function hidden.caller_contact_ids() is 'The contacts the calling user met as a mentor.';

create or replace function hidden.caller_activity_ids()
returns table (org_id uuid, activity_id uuid)
language sql stable security definer
set search_path = pg_catalog, pg_temp
as $$
  select am.org_id, am.activity_id
  from public.activity_mentors am
  where am.mentor_id = (select auth.uid())
  union
  select a.org_id, a.id
  from public.activities a
  where a.registered_by = (select auth.uid())
$$;
comment on function hidden.caller_activity_ids() is 'The activities the calling user took part in as a mentor or registered.';

drop function hidden.caller_pending_org_ids(public.member_role[]);

create or replace function hidden.caller_org_ids(roles public.member_role[] default null)
returns setof uuid
language sql stable security definer
set search_path = pg_catalog, pg_temp
as $$
  select m.org_id
  from public.members m
  where m.user_id = (select auth.uid())
    and (caller_org_ids.roles is null or m.role = any (caller_org_ids.roles))
$$;
comment on function hidden.caller_org_ids(public.member_role[]) is
  'The organisations the calling user belongs to, optionally only those where their role is one of `roles`. Empty for anon and unknown users.';
