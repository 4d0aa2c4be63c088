-- Purpose: register, edit, soft-delete and list activities through RPCs, each
-- one atomic call with the activity's mentors and participants.
-- Objects: type activity_registration; helpers hidden.caller_membership(),
--          hidden.check_activity_fields(), hidden.check_activity_links(),
--          hidden.activity_registration(); RPCs register_activity, edit_activity,
--          delete_activity, list_activities.
-- Why: an activity is three kinds of rows (the activity, its mentors, its known
-- participants) that must be written together or not at all; before these RPCs
-- every caller had to get three inserts right in one transaction. The rules
-- live here, in the database: who may name whom (a mentor names only
-- themselves; co-mentors are named by coordinators and admins), a mentor links
-- only contacts they can already read (an unreadable one is refused exactly as
-- a missing one), proxy and bulk entries are for coordinators and admins,
-- revoked members do nothing, and the schema's thresholds answer 22023 naming
-- the argument instead of a bare check violation. The RPCs are security invoker:
-- row-level security stays the last word on every row they touch.

-- migrate:up
create type public.activity_registration as (
  org_id uuid,
  id uuid,
  kind public.activity_kind,
  activity_date date,
  duration_minutes integer,
  anonymous_participants integer,
  municipality_code text,
  municipality_code_version text,
  in_norway boolean,
  registration_path public.registration_path,
  registered_by uuid,
  created_at timestamptz,
  updated_at timestamptz,
  deleted_at timestamptz,
  mentor_ids uuid[],
  participant_ids uuid[]
);
comment on type public.activity_registration is
  'One activity with the ids of its mentors and known participants (each sorted), as the activity RPCs return it.';

create function hidden.caller_membership(org_id uuid)
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
revoke all on function hidden.caller_membership(uuid) from public, anon;
grant execute on function hidden.caller_membership(uuid) to authenticated, service_role;

create function hidden.check_activity_fields(
  kind public.activity_kind,
  activity_date date,
  duration_minutes integer,
  anonymous_participants integer,
  municipality_code text,
  municipality_code_version text,
  in_norway boolean,
  mentor_ids uuid[],
  participant_ids uuid[]
)
returns void
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
declare
  latest date := (pg_catalog.date_trunc('year', pg_catalog.now()::date) + interval '2 years - 1 day')::date;
begin
  if check_activity_fields.kind is null then
    raise exception 'kind must not be null' using errcode = '22004';
  elsif check_activity_fields.activity_date is null then
    raise exception 'activity_date must not be null' using errcode = '22004';
  elsif check_activity_fields.duration_minutes is null then
    raise exception 'duration_minutes must not be null' using errcode = '22004';
  elsif check_activity_fields.anonymous_participants is null then
    raise exception 'anonymous_participants must not be null' using errcode = '22004';
  elsif check_activity_fields.in_norway is null then
    raise exception 'in_norway must not be null' using errcode = '22004';
  elsif check_activity_fields.mentor_ids is null then
    raise exception 'mentor_ids must not be null' using errcode = '22004';
  elsif check_activity_fields.participant_ids is null then
    raise exception 'participant_ids must not be null' using errcode = '22004';
  elsif check_activity_fields.activity_date < date '2000-01-01' then
    raise exception 'activity_date (%) is before 2000-01-01', check_activity_fields.activity_date using errcode = '22023';
  elsif check_activity_fields.activity_date > latest then
    raise exception 'activity_date (%) is after %, the end of next year', check_activity_fields.activity_date, latest
      using errcode = '22023';
  elsif check_activity_fields.duration_minutes not between 1 and 1440 then
    raise exception 'duration_minutes (%) must be between 1 and 1440', check_activity_fields.duration_minutes
      using errcode = '22023';
  elsif check_activity_fields.anonymous_participants not between 0 and 100000 then
    raise exception 'anonymous_participants (%) must be between 0 and 100000', check_activity_fields.anonymous_participants
      using errcode = '22023';
  elsif check_activity_fields.municipality_code !~ '^[0-9]{4}$' then
    raise exception 'municipality_code must be four digits' using errcode = '22023';
  elsif check_activity_fields.municipality_code_version !~ '^[0-9]{4}$' then
    raise exception 'municipality_code_version must be a year of four digits' using errcode = '22023';
  elsif (check_activity_fields.municipality_code is null) <> (check_activity_fields.municipality_code_version is null) then
    raise exception 'municipality_code and municipality_code_version are given together or not at all' using errcode = '22023';
  elsif pg_catalog.cardinality(check_activity_fields.mentor_ids) = 0 then
    raise exception 'mentor_ids must name at least one mentor' using errcode = '22023';
  elsif pg_catalog.array_position(check_activity_fields.mentor_ids, null) is not null then
    raise exception 'mentor_ids must not contain null' using errcode = '22004';
  elsif pg_catalog.array_position(check_activity_fields.participant_ids, null) is not null then
    raise exception 'participant_ids must not contain null' using errcode = '22004';
  end if;
end
$$;
comment on function hidden.check_activity_fields(public.activity_kind, date, integer, integer, text, text, boolean, uuid[], uuid[]) is
  'Validates an activity''s fields against the schema''s thresholds: 22004 for a null, 22023 for a value out of range. Messages name the argument.';
revoke all on function hidden.check_activity_fields(public.activity_kind, date, integer, integer, text, text, boolean, uuid[], uuid[]) from public, anon;
grant execute on function hidden.check_activity_fields(public.activity_kind, date, integer, integer, text, text, boolean, uuid[], uuid[]) to authenticated, service_role;

-- Runs as the caller: a contact the caller cannot read is not found here, so
-- linking it is refused exactly as linking one that does not exist (no oracle).
create function hidden.check_activity_links(org_id uuid, new_mentor_ids uuid[], new_participant_ids uuid[])
returns void
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
declare
  missing uuid;
begin
  select wanted.id into missing
  from pg_catalog.unnest(check_activity_links.new_mentor_ids) as wanted(id)
  where not exists (
    select from public.members m
    where m.org_id = check_activity_links.org_id and m.user_id = wanted.id and m.approval_status <> 'revoked'
  )
  limit 1;
  if missing is not null then
    raise exception 'mentor_ids: % is not a member of the organisation', missing using errcode = '23503';
  end if;
  select wanted.id into missing
  from pg_catalog.unnest(check_activity_links.new_participant_ids) as wanted(id)
  where not exists (
    select from public.contacts c
    where c.org_id = check_activity_links.org_id and c.id = wanted.id and c.deleted_at is null
  )
  limit 1;
  if missing is not null then
    raise exception 'participant_ids: no contact % in the organisation', missing using errcode = '23503';
  end if;
end
$$;
comment on function hidden.check_activity_links(uuid, uuid[], uuid[]) is
  'Refuses (23503) a mentor who is not a current member and a contact the caller cannot read or that does not exist, with the same error for both.';
revoke all on function hidden.check_activity_links(uuid, uuid[], uuid[]) from public, anon;
grant execute on function hidden.check_activity_links(uuid, uuid[], uuid[]) to authenticated, service_role;

create function hidden.activity_registration(org_id uuid, activity_id uuid)
returns public.activity_registration
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select a.org_id, a.id, a.kind, a.activity_date, a.duration_minutes, a.anonymous_participants,
         a.municipality_code, a.municipality_code_version, a.in_norway, a.registration_path,
         a.registered_by, a.created_at, a.updated_at, a.deleted_at,
         array(select am.mentor_id from public.activity_mentors am
               where am.org_id = a.org_id and am.activity_id = a.id order by am.mentor_id),
         array(select ap.contact_id from public.activity_participants ap
               where ap.org_id = a.org_id and ap.activity_id = a.id order by ap.contact_id)
  from public.activities a
  where a.org_id = activity_registration.org_id and a.id = activity_registration.activity_id
$$;
comment on function hidden.activity_registration(uuid, uuid) is
  'One activity with its mentor and participant ids, read as the caller (row-level security applies).';
revoke all on function hidden.activity_registration(uuid, uuid) from public, anon;
grant execute on function hidden.activity_registration(uuid, uuid) to authenticated, service_role;

create function public.register_activity(
  org_id uuid,
  registration_path public.registration_path,
  kind public.activity_kind,
  activity_date date,
  duration_minutes integer,
  mentor_ids uuid[],
  participant_ids uuid[] default '{}',
  anonymous_participants integer default 0,
  municipality_code text default null,
  municipality_code_version text default null,
  in_norway boolean default true
)
returns public.activity_registration
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  caller uuid := (select auth.uid());
  caller_role public.member_role := hidden.caller_membership(register_activity.org_id);
  mentors uuid[] := array(select distinct m from pg_catalog.unnest(register_activity.mentor_ids) m);
  participants uuid[] := array(select distinct p from pg_catalog.unnest(register_activity.participant_ids) p);
  new_id uuid;
begin
  if register_activity.registration_path is null then
    raise exception 'registration_path must not be null' using errcode = '22004';
  end if;
  perform hidden.check_activity_fields(
    register_activity.kind, register_activity.activity_date, register_activity.duration_minutes,
    register_activity.anonymous_participants, register_activity.municipality_code,
    register_activity.municipality_code_version, register_activity.in_norway,
    register_activity.mentor_ids, register_activity.participant_ids);
  if register_activity.registration_path = 'direct' then
    if caller_role <> 'peer_mentor' then
      raise exception 'permission denied: direct entries are registered by peer mentors; coordinators and admins register proxy or bulk entries'
        using errcode = '42501';
    end if;
    -- Who may name whom: in their own entry a mentor names only themselves.
    if mentors <> array[caller] then
      raise exception 'permission denied: in a direct entry the registering mentor is the only mentor they may name'
        using errcode = '42501';
    end if;
  elsif caller_role not in ('coordinator', 'admin') then
    raise exception 'permission denied: % entries are registered by coordinators and admins', register_activity.registration_path
      using errcode = '42501';
  end if;
  perform hidden.check_activity_links(register_activity.org_id, mentors, participants);

  insert into public.activities as a
    (org_id, kind, activity_date, duration_minutes, anonymous_participants, municipality_code,
     municipality_code_version, in_norway, registration_path, registered_by)
  values (register_activity.org_id, register_activity.kind, register_activity.activity_date,
          register_activity.duration_minutes, register_activity.anonymous_participants,
          register_activity.municipality_code, register_activity.municipality_code_version,
          register_activity.in_norway, register_activity.registration_path, caller)
  returning a.id into new_id;
  insert into public.activity_mentors (org_id, activity_id, mentor_id)
  select register_activity.org_id, new_id, m from pg_catalog.unnest(mentors) m;
  insert into public.activity_participants (org_id, activity_id, contact_id)
  select register_activity.org_id, new_id, p from pg_catalog.unnest(participants) p;
  return hidden.activity_registration(register_activity.org_id, new_id);
end
$$;
comment on function public.register_activity(uuid, public.registration_path, public.activity_kind, date, integer, uuid[], uuid[], integer, text, text, boolean) is
  'Registers one activity with its mentors and known participants, atomically, as the calling member, and returns it. direct: peer mentors, naming only themselves; proxy and bulk: coordinators and admins. Errors: 22004, 22023, 42501, 23503 (a mentor who is not a member, a contact that does not exist or the caller cannot read).';
revoke all on function public.register_activity(uuid, public.registration_path, public.activity_kind, date, integer, uuid[], uuid[], integer, text, text, boolean) from public, anon;
grant execute on function public.register_activity(uuid, public.registration_path, public.activity_kind, date, integer, uuid[], uuid[], integer, text, text, boolean) to authenticated, service_role;

create function public.edit_activity(
  org_id uuid,
  activity_id uuid,
  kind public.activity_kind,
  activity_date date,
  duration_minutes integer,
  mentor_ids uuid[],
  participant_ids uuid[] default '{}',
  anonymous_participants integer default 0,
  municipality_code text default null,
  municipality_code_version text default null,
  in_norway boolean default true
)
returns public.activity_registration
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  caller uuid := (select auth.uid());
  caller_role public.member_role := hidden.caller_membership(edit_activity.org_id);
  existing public.activity_registration;
  mentors uuid[] := array(select distinct m from pg_catalog.unnest(edit_activity.mentor_ids) m);
  participants uuid[] := array(select distinct p from pg_catalog.unnest(edit_activity.participant_ids) p);
  added_mentors uuid[];
begin
  if edit_activity.activity_id is null then
    raise exception 'activity_id must not be null' using errcode = '22004';
  end if;
  existing := hidden.activity_registration(edit_activity.org_id, edit_activity.activity_id);
  -- One answer for missing, deleted and unreadable: no oracle.
  if existing.id is null or existing.deleted_at is not null then
    raise exception 'no activity % in organisation %', edit_activity.activity_id, edit_activity.org_id using errcode = 'P0002';
  end if;
  if caller_role = 'peer_mentor' and (existing.registered_by <> caller or existing.registration_path <> 'direct') then
    raise exception 'permission denied: mentors edit only the direct entries they registered' using errcode = '42501';
  end if;
  perform hidden.check_activity_fields(
    edit_activity.kind, edit_activity.activity_date, edit_activity.duration_minutes,
    edit_activity.anonymous_participants, edit_activity.municipality_code,
    edit_activity.municipality_code_version, edit_activity.in_norway,
    edit_activity.mentor_ids, edit_activity.participant_ids);
  added_mentors := array(select m from pg_catalog.unnest(mentors) m where m <> all (existing.mentor_ids));
  -- Who may name whom: a mentor adds nobody but themselves (coordinators add co-mentors).
  if caller_role = 'peer_mentor' and added_mentors <> '{}' and added_mentors <> array[caller] then
    raise exception 'permission denied: a mentor may add only themselves as a mentor' using errcode = '42501';
  end if;
  if existing.registration_path = 'direct' and existing.registered_by <> all (mentors) then
    raise exception 'mentor_ids must keep % : a direct entry names the mentor who registered it', existing.registered_by
      using errcode = '22023';
  end if;
  -- Links already there stay allowed; new ones are checked as in a registration.
  perform hidden.check_activity_links(
    edit_activity.org_id, added_mentors,
    array(select p from pg_catalog.unnest(participants) p where p <> all (existing.participant_ids)));

  update public.activities a
  set kind = edit_activity.kind,
      activity_date = edit_activity.activity_date,
      duration_minutes = edit_activity.duration_minutes,
      anonymous_participants = edit_activity.anonymous_participants,
      municipality_code = edit_activity.municipality_code,
      municipality_code_version = edit_activity.municipality_code_version,
      in_norway = edit_activity.in_norway
  where a.org_id = edit_activity.org_id and a.id = edit_activity.activity_id;
  delete from public.activity_mentors am
  where am.org_id = edit_activity.org_id and am.activity_id = edit_activity.activity_id and am.mentor_id <> all (mentors);
  insert into public.activity_mentors (org_id, activity_id, mentor_id)
  select edit_activity.org_id, edit_activity.activity_id, m from pg_catalog.unnest(added_mentors) m;
  delete from public.activity_participants ap
  where ap.org_id = edit_activity.org_id and ap.activity_id = edit_activity.activity_id and ap.contact_id <> all (participants);
  insert into public.activity_participants (org_id, activity_id, contact_id)
  select edit_activity.org_id, edit_activity.activity_id, p
  from pg_catalog.unnest(participants) p where p <> all (existing.participant_ids);
  return hidden.activity_registration(edit_activity.org_id, edit_activity.activity_id);
end
$$;
comment on function public.edit_activity(uuid, uuid, public.activity_kind, date, integer, uuid[], uuid[], integer, text, text, boolean) is
  'Replaces a live activity''s fields, mentors and participants, atomically, and returns it. Mentors edit their own direct entries and add no mentor but themselves; coordinators and admins edit any. Errors: 22004, 22023, 42501, 23503, P0002 (missing, deleted or unreadable).';
revoke all on function public.edit_activity(uuid, uuid, public.activity_kind, date, integer, uuid[], uuid[], integer, text, text, boolean) from public, anon;
grant execute on function public.edit_activity(uuid, uuid, public.activity_kind, date, integer, uuid[], uuid[], integer, text, text, boolean) to authenticated, service_role;

create function public.delete_activity(org_id uuid, activity_id uuid)
returns public.activity_registration
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  caller uuid := (select auth.uid());
  caller_role public.member_role := hidden.caller_membership(delete_activity.org_id);
  existing public.activity_registration;
begin
  if delete_activity.activity_id is null then
    raise exception 'activity_id must not be null' using errcode = '22004';
  end if;
  existing := hidden.activity_registration(delete_activity.org_id, delete_activity.activity_id);
  if existing.id is null or existing.deleted_at is not null then
    raise exception 'no activity % in organisation %', delete_activity.activity_id, delete_activity.org_id using errcode = 'P0002';
  end if;
  if caller_role = 'peer_mentor' and (existing.registered_by <> caller or existing.registration_path <> 'direct') then
    raise exception 'permission denied: mentors delete only the direct entries they registered' using errcode = '42501';
  end if;
  update public.activities a set deleted_at = pg_catalog.now()
  where a.org_id = delete_activity.org_id and a.id = delete_activity.activity_id;
  return hidden.activity_registration(delete_activity.org_id, delete_activity.activity_id);
end
$$;
comment on function public.delete_activity(uuid, uuid) is
  'Soft-deletes a live activity (kept, never counted again) and returns it. Mentors their own direct entries; coordinators and admins any. Errors: 22004, 42501, P0002 (missing, already deleted or unreadable).';
revoke all on function public.delete_activity(uuid, uuid) from public, anon;
grant execute on function public.delete_activity(uuid, uuid) to authenticated, service_role;

create function public.list_activities(org_id uuid, period_start date, period_end date)
returns setof public.activity_registration
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
begin
  perform hidden.check_snapshot_key(list_activities.org_id, list_activities.period_start, list_activities.period_end);
  if current_user <> 'service_role' then
    perform hidden.caller_membership(list_activities.org_id);
  end if;
  return query
  select r.*
  from public.activities a
  cross join lateral hidden.activity_registration(a.org_id, a.id) r
  where a.org_id = list_activities.org_id
    and a.activity_date between list_activities.period_start and list_activities.period_end
    and a.deleted_at is null
  order by a.activity_date, a.created_at, a.id;
end
$$;
comment on function public.list_activities(uuid, date, date) is
  'The live activities of an organisation in an inclusive period that the caller may read (mentors: those they took part in or registered), with mentor and participant ids. Members and the service role. Errors: 22004, 22023, 42501.';
revoke all on function public.list_activities(uuid, date, date) from public, anon;
grant execute on function public.list_activities(uuid, date, date) to authenticated, service_role;

-- migrate:down
drop function public.list_activities(uuid, date, date);
drop function public.delete_activity(uuid, uuid);
drop function public.edit_activity(uuid, uuid, public.activity_kind, date, integer, uuid[], uuid[], integer, text, text, boolean);
drop function public.register_activity(uuid, public.registration_path, public.activity_kind, date, integer, uuid[], uuid[], integer, text, text, boolean);
drop function hidden.activity_registration(uuid, uuid);
drop function hidden.check_activity_links(uuid, uuid[], uuid[]);
drop function hidden.check_activity_fields(public.activity_kind, date, integer, integer, text, text, boolean, uuid[], uuid[]);
drop function hidden.caller_membership(uuid);
drop type public.activity_registration;
