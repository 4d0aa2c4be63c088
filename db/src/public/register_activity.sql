create or replace function public.register_activity(org_id uuid, registration_path public.registration_path, kind public.activity_kind, activity_date date, duration_minutes integer, mentor_ids uuid[], participant_ids uuid[] default '{}'::uuid[], anonymous_participants integer default 0, municipality_code text default null::text, municipality_code_version text default null::text, in_norway boolean default true) returns public.activity_registration
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  caller uuid := (select hidden.request_user_id());
  caller_role public.member_role := hidden.caller_membership(org_id => register_activity.org_id);
  mentors uuid[] := array(select distinct m from pg_catalog.unnest(register_activity.mentor_ids) m);
  participants uuid[] := array(select distinct p from pg_catalog.unnest(register_activity.participant_ids) p);
  new_id uuid;
begin
  if register_activity.registration_path is null then
    raise exception 'registration_path must not be null' using errcode = '22004';
  end if;
  perform hidden.check_activity_fields(
    kind => register_activity.kind, activity_date => register_activity.activity_date,
    duration_minutes => register_activity.duration_minutes,
    anonymous_participants => register_activity.anonymous_participants,
    municipality_code => register_activity.municipality_code,
    municipality_code_version => register_activity.municipality_code_version,
    in_norway => register_activity.in_norway, mentor_ids => register_activity.mentor_ids,
    participant_ids => register_activity.participant_ids);
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
  perform hidden.check_activity_links(org_id => register_activity.org_id, new_mentor_ids => mentors,
                                      new_participant_ids => participants);

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
  return hidden.activity_registration(org_id => register_activity.org_id, activity_id => new_id);
end
$$;

comment on function public.register_activity(org_id uuid, registration_path public.registration_path, kind public.activity_kind, activity_date date, duration_minutes integer, mentor_ids uuid[], participant_ids uuid[], anonymous_participants integer, municipality_code text, municipality_code_version text, in_norway boolean) is 'Registers one activity with its mentors and known participants, atomically, as the calling member, and returns it. direct: peer mentors, naming only themselves; proxy and bulk: coordinators and admins. Errors: 22004, 22023, 42501, 23503 (a mentor who is not a member, a contact that does not exist or the caller cannot read).';

revoke all on function public.register_activity(org_id uuid, registration_path public.registration_path, kind public.activity_kind, activity_date date, duration_minutes integer, mentor_ids uuid[], participant_ids uuid[], anonymous_participants integer, municipality_code text, municipality_code_version text, in_norway boolean) from public, anon, authenticated, service_role;
grant execute on function public.register_activity(org_id uuid, registration_path public.registration_path, kind public.activity_kind, activity_date date, duration_minutes integer, mentor_ids uuid[], participant_ids uuid[], anonymous_participants integer, municipality_code text, municipality_code_version text, in_norway boolean) to authenticated;
grant execute on function public.register_activity(org_id uuid, registration_path public.registration_path, kind public.activity_kind, activity_date date, duration_minutes integer, mentor_ids uuid[], participant_ids uuid[], anonymous_participants integer, municipality_code text, municipality_code_version text, in_norway boolean) to service_role;
