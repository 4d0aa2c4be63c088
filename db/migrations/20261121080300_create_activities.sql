-- Purpose: registered activities, the raw data every Bufdir figure is computed from.
-- Objects: enums activity_kind, registration_path; tables activities,
--          activity_mentors, activity_participants; helpers
--          hidden.caller_activity_ids(), hidden.caller_contact_ids(); policies of
--          these tables and of contacts.
-- Why: an activity has one or more mentors and its participants (known contacts
-- plus an anonymous head count). Mentors register their own (direct);
-- coordinators register for a mentor (proxy) or in batches (bulk). Composite
-- foreign keys carry org_id, so no row can point into another organisation.

-- migrate:up
create type public.activity_kind as enum (
  'in_person_outreach', 'phone_or_digital', 'group_meeting', 'mentor_course', 'other'
);
comment on type public.activity_kind is 'What took place. Which kinds count for Bufdir is decided by the versioned counting rules, not here.';

create type public.registration_path as enum ('direct', 'proxy', 'bulk');
comment on type public.registration_path is 'direct: by the mentor; proxy: by a coordinator on a mentor''s behalf; bulk: by a coordinator in a batch, possibly an anonymous head count.';

create table public.activities (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  kind public.activity_kind not null,
  activity_date date not null check (activity_date >= date '2000-01-01'),
  duration_minutes integer not null check (duration_minutes between 1 and 1440),
  anonymous_participants integer not null default 0 check (anonymous_participants between 0 and 100000),
  municipality_code text check (municipality_code ~ '^[0-9]{4}$'),
  municipality_code_version text check (municipality_code_version ~ '^[0-9]{4}$'),
  in_norway boolean not null default true,
  registration_path public.registration_path not null,
  registered_by uuid not null default auth.uid() references auth.users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  primary key (org_id, id),
  check ((municipality_code is null) = (municipality_code_version is null))
);
comment on table public.activities is 'One registered activity on one day. Soft-deleted rows (deleted_at set) are kept and never counted.';
comment on column public.activities.duration_minutes is 'Whole minutes: exact, and safe as a JSON number.';
comment on column public.activities.anonymous_participants is 'Participants not registered as contacts (a head count). Gives only a lower bound on unique participants.';
comment on column public.activities.registered_by is 'The user who registered it: the mentor (direct) or a coordinator (proxy, bulk).';
create index activities_org_date_idx on public.activities (org_id, activity_date);
-- Covers the foreign key to auth.users and the mentor branch of the policies.
create index activities_registered_by_idx on public.activities (registered_by, org_id);
alter table public.activities enable row level security;
create trigger touch_updated_at before update on public.activities
  for each row execute function private.touch_updated_at();
create trigger forbid_tenant_change before update on public.activities
  for each row execute function private.forbid_tenant_change();

create table public.activity_mentors (
  org_id uuid not null,
  activity_id uuid not null,
  mentor_id uuid not null,
  primary key (org_id, activity_id, mentor_id),
  foreign key (org_id, activity_id) references public.activities (org_id, id) on delete cascade,
  foreign key (org_id, mentor_id) references public.members (org_id, user_id)
);
comment on table public.activity_mentors is 'The mentors who took part in an activity (one or more).';
-- Leads with mentor_id: the policy helper looks up "my activities"; also covers the (org_id, mentor_id) foreign key.
create index activity_mentors_mentor_idx on public.activity_mentors (mentor_id, org_id, activity_id);
alter table public.activity_mentors enable row level security;

create table public.activity_participants (
  org_id uuid not null,
  activity_id uuid not null,
  contact_id uuid not null,
  primary key (org_id, activity_id, contact_id),
  foreign key (org_id, activity_id) references public.activities (org_id, id) on delete cascade,
  foreign key (org_id, contact_id) references public.contacts (org_id, id)
);
comment on table public.activity_participants is 'The known contacts who took part in an activity.';
create index activity_participants_contact_idx on public.activity_participants (org_id, contact_id);
alter table public.activity_participants enable row level security;

-- Security definer: the activities a caller took part in or registered. The
-- activity policies need it, and reading activity_mentors under its own
-- policies from there would recurse.
create function hidden.caller_activity_ids()
returns table (org_id uuid, activity_id uuid)
language sql stable security definer
set search_path = ''
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
revoke all on function hidden.caller_activity_ids() from public, anon;
grant execute on function hidden.caller_activity_ids() to authenticated, service_role;

-- Security definer for the same reason: contacts met in the caller's activities.
create function hidden.caller_contact_ids()
returns table (org_id uuid, contact_id uuid)
language sql stable security definer
set search_path = ''
as $$
  select ap.org_id, ap.contact_id
  from public.activity_participants ap
  join public.activity_mentors am
    on am.org_id = ap.org_id and am.activity_id = ap.activity_id
  where am.mentor_id = (select auth.uid())
$$;
comment on function hidden.caller_contact_ids() is 'The contacts the calling user met as a mentor.';
revoke all on function hidden.caller_contact_ids() from public, anon;
grant execute on function hidden.caller_contact_ids() to authenticated, service_role;

-- contacts
create policy select_members on public.contacts for select to authenticated
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
create policy insert_members on public.contacts for insert to authenticated
  with check (org_id in (select hidden.caller_org_ids()) and created_by = (select auth.uid()));
comment on policy insert_members on public.contacts is 'Any member registers contacts in their organisation, as themselves.';
create policy update_members on public.contacts for update to authenticated
  using (
    org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
    or (org_id in (select hidden.caller_org_ids('{peer_mentor}')) and created_by = (select auth.uid()))
  )
  with check (
    org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
    or (org_id in (select hidden.caller_org_ids('{peer_mentor}')) and created_by = (select auth.uid()))
  );
comment on policy update_members on public.contacts is 'Coordinators and admins edit their organisation''s contacts; mentors those they registered.';
create policy delete_managers on public.contacts for delete to authenticated
  using (org_id in (select hidden.caller_org_ids('{coordinator,admin}')));
comment on policy delete_managers on public.contacts is 'Coordinators and admins remove contacts.';

-- activities: mentors register and edit their own direct entries; coordinators
-- and admins manage all of their organisation's, and register proxy and bulk ones.
create policy select_members on public.activities for select to authenticated
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
  );
comment on policy select_members on public.activities is 'Coordinators and admins read their organisation''s activities; mentors those they took part in or registered.';
create policy insert_members on public.activities for insert to authenticated
  with check (
    registered_by = (select auth.uid())
    and (
      (org_id in (select hidden.caller_org_ids('{coordinator,admin}')) and registration_path in ('proxy', 'bulk'))
      or (org_id in (select hidden.caller_org_ids('{peer_mentor}')) and registration_path = 'direct')
    )
  );
comment on policy insert_members on public.activities is 'Mentors register direct entries; coordinators and admins proxy and bulk entries; always as themselves.';
create policy update_members on public.activities for update to authenticated
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
create policy delete_members on public.activities for delete to authenticated
  using (
    org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
    or (
      org_id in (select hidden.caller_org_ids('{peer_mentor}'))
      and registered_by = (select auth.uid())
      and registration_path = 'direct'
    )
  );
comment on policy delete_members on public.activities is 'Mentors remove their own direct entries; coordinators and admins any of their organisation''s.';

-- activity_mentors and activity_participants follow their activity: readable
-- with it, and written by whoever may edit it. No update: rows are replaced.
create policy select_members on public.activity_mentors for select to authenticated
  using (
    org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
    or (
      org_id in (select hidden.caller_org_ids('{peer_mentor}'))
      and (org_id, activity_id) in (select c.org_id, c.activity_id from hidden.caller_activity_ids() c)
    )
  );
comment on policy select_members on public.activity_mentors is 'Readable by whoever may read the activity.';
create policy insert_editors on public.activity_mentors for insert to authenticated
  with check (
    exists (
      select from public.activities a
      where a.org_id = activity_mentors.org_id and a.id = activity_mentors.activity_id
        and (
          a.org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
          or (a.registered_by = (select auth.uid()) and a.registration_path = 'direct')
        )
    )
  );
comment on policy insert_editors on public.activity_mentors is 'Whoever may edit the activity names its mentors.';
create policy delete_editors on public.activity_mentors for delete to authenticated
  using (
    exists (
      select from public.activities a
      where a.org_id = activity_mentors.org_id and a.id = activity_mentors.activity_id
        and (
          a.org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
          or (a.registered_by = (select auth.uid()) and a.registration_path = 'direct')
        )
    )
  );
comment on policy delete_editors on public.activity_mentors is 'Whoever may edit the activity removes its mentors.';

create policy select_members on public.activity_participants for select to authenticated
  using (
    org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
    or (
      org_id in (select hidden.caller_org_ids('{peer_mentor}'))
      and (org_id, activity_id) in (select c.org_id, c.activity_id from hidden.caller_activity_ids() c)
    )
  );
comment on policy select_members on public.activity_participants is 'Readable by whoever may read the activity.';
create policy insert_editors on public.activity_participants for insert to authenticated
  with check (
    exists (
      select from public.activities a
      where a.org_id = activity_participants.org_id and a.id = activity_participants.activity_id
        and (
          a.org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
          or (a.registered_by = (select auth.uid()) and a.registration_path = 'direct')
        )
    )
  );
comment on policy insert_editors on public.activity_participants is 'Whoever may edit the activity names its participants.';
create policy delete_editors on public.activity_participants for delete to authenticated
  using (
    exists (
      select from public.activities a
      where a.org_id = activity_participants.org_id and a.id = activity_participants.activity_id
        and (
          a.org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
          or (a.registered_by = (select auth.uid()) and a.registration_path = 'direct')
        )
    )
  );
comment on policy delete_editors on public.activity_participants is 'Whoever may edit the activity removes its participants.';

-- migrate:down
drop policy select_members on public.contacts;
drop policy insert_members on public.contacts;
drop policy update_members on public.contacts;
drop policy delete_managers on public.contacts;
drop table public.activity_participants;
drop table public.activity_mentors;
drop table public.activities;
drop function hidden.caller_contact_ids();
drop function hidden.caller_activity_ids();
drop type public.registration_path;
drop type public.activity_kind;
