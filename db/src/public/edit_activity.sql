create or replace function public.edit_activity(org_id uuid, activity_id uuid, kind public.activity_kind, activity_date date, duration_minutes integer, mentor_ids uuid[], participant_ids uuid[] default '{}'::uuid[], anonymous_participants integer default 0, municipality_code text default null::text, municipality_code_version text default null::text, in_norway boolean default true) returns public.activity_registration
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  caller uuid := (select hidden.request_user_id());
  caller_role public.member_role := hidden.caller_membership(org_id => edit_activity.org_id);
  existing public.activity_registration;
  mentors uuid[] := array(select distinct m from pg_catalog.unnest(edit_activity.mentor_ids) m);
  participants uuid[] := array(select distinct p from pg_catalog.unnest(edit_activity.participant_ids) p);
  added_mentors uuid[];
begin
  if edit_activity.activity_id is null then
    raise exception 'activity_id must not be null' using errcode = '22004';
  end if;
  existing := hidden.activity_registration(org_id => edit_activity.org_id, activity_id => edit_activity.activity_id);
  -- One answer for missing, deleted and unreadable: no oracle.
  if existing.id is null or existing.deleted_at is not null then
    raise exception 'no activity % in organisation %', edit_activity.activity_id, edit_activity.org_id using errcode = 'P0002';
  end if;
  if caller_role = 'peer_mentor' and (existing.registered_by <> caller or existing.registration_path <> 'direct') then
    raise exception 'permission denied: mentors edit only the direct entries they registered' using errcode = '42501';
  end if;
  perform hidden.check_activity_fields(
    kind => edit_activity.kind, activity_date => edit_activity.activity_date,
    duration_minutes => edit_activity.duration_minutes,
    anonymous_participants => edit_activity.anonymous_participants,
    municipality_code => edit_activity.municipality_code,
    municipality_code_version => edit_activity.municipality_code_version,
    in_norway => edit_activity.in_norway, mentor_ids => edit_activity.mentor_ids,
    participant_ids => edit_activity.participant_ids);
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
    org_id => edit_activity.org_id, new_mentor_ids => added_mentors,
    new_participant_ids => array(select p from pg_catalog.unnest(participants) p where p <> all (existing.participant_ids)));

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
  return hidden.activity_registration(org_id => edit_activity.org_id, activity_id => edit_activity.activity_id);
end
$$;

comment on function public.edit_activity(org_id uuid, activity_id uuid, kind public.activity_kind, activity_date date, duration_minutes integer, mentor_ids uuid[], participant_ids uuid[], anonymous_participants integer, municipality_code text, municipality_code_version text, in_norway boolean) is 'Replaces a live activity''s fields, mentors and participants, atomically, and returns it. Mentors edit their own direct entries and add no mentor but themselves; coordinators and admins edit any. Errors: 22004, 22023, 42501, 23503, P0002 (missing, deleted or unreadable).';

revoke all on function public.edit_activity(org_id uuid, activity_id uuid, kind public.activity_kind, activity_date date, duration_minutes integer, mentor_ids uuid[], participant_ids uuid[], anonymous_participants integer, municipality_code text, municipality_code_version text, in_norway boolean) from public, anon, authenticated, service_role;
grant execute on function public.edit_activity(org_id uuid, activity_id uuid, kind public.activity_kind, activity_date date, duration_minutes integer, mentor_ids uuid[], participant_ids uuid[], anonymous_participants integer, municipality_code text, municipality_code_version text, in_norway boolean) to authenticated;
grant execute on function public.edit_activity(org_id uuid, activity_id uuid, kind public.activity_kind, activity_date date, duration_minutes integer, mentor_ids uuid[], participant_ids uuid[], anonymous_participants integer, municipality_code text, municipality_code_version text, in_norway boolean) to service_role;
