create or replace function public.delete_activity(org_id uuid, activity_id uuid) returns public.activity_registration
    language plpgsql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
declare
  caller uuid := (select hidden.request_user_id());
  caller_role public.member_role := hidden.caller_membership(org_id => delete_activity.org_id);
  existing public.activity_registration;
begin
  if delete_activity.activity_id is null then
    raise exception 'activity_id must not be null' using errcode = '22004';
  end if;
  existing := hidden.activity_registration(org_id => delete_activity.org_id, activity_id => delete_activity.activity_id);
  if existing.id is null or existing.deleted_at is not null then
    raise exception 'no activity % in organisation %', delete_activity.activity_id, delete_activity.org_id using errcode = 'P0002';
  end if;
  if caller_role = 'peer_mentor' and (existing.registered_by <> caller or existing.registration_path <> 'direct') then
    raise exception 'permission denied: mentors delete only the direct entries they registered' using errcode = '42501';
  end if;
  update public.activities a set deleted_at = pg_catalog.now()
  where a.org_id = delete_activity.org_id and a.id = delete_activity.activity_id;
  return hidden.activity_registration(org_id => delete_activity.org_id, activity_id => delete_activity.activity_id);
end
$$;

comment on function public.delete_activity(org_id uuid, activity_id uuid) is 'Soft-deletes a live activity (kept, never counted again) and returns it. Mentors their own direct entries; coordinators and admins any. Errors: 22004, 42501, P0002 (missing, already deleted or unreadable).';

revoke all on function public.delete_activity(org_id uuid, activity_id uuid) from public, anon, authenticated, service_role;
grant execute on function public.delete_activity(org_id uuid, activity_id uuid) to authenticated;
grant execute on function public.delete_activity(org_id uuid, activity_id uuid) to service_role;
