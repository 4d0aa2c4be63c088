create or replace function hidden.confirm_activity(org_id uuid, activity_id uuid) returns public.held_activity
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
-- Definer: only the table owner writes a confirmation (private.guard_review_confirmation);
-- this body checks the caller (an approved coordinator or admin) first.
declare
  limits public.organisation_review_limits;
  target public.activities;
  measured public.held_activity;
begin
  if confirm_activity.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  elsif confirm_activity.activity_id is null then
    raise exception 'activity_id must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(org_id => confirm_activity.org_id, roles => '{coordinator,admin}');
  if hidden.request_user_id() is null then
    raise exception 'permission denied: entries are confirmed by a coordinator or admin of the organisation' using errcode = '42501';
  end if;
  select a.* into target from public.activities a
  where a.org_id = confirm_activity.org_id and a.id = confirm_activity.activity_id and a.deleted_at is null
  for no key update;
  if target.id is null then
    raise exception 'no activity % in organisation %', confirm_activity.activity_id, confirm_activity.org_id using errcode = 'P0002';
  end if;
  select l.* into limits from public.organisation_review_limits l where l.org_id = confirm_activity.org_id;
  select target.org_id, target.id, target.activity_date, target.kind, target.registration_path, target.registered_by,
         target.duration_minutes, target.anonymous_participants, k.known,
         private.exceeded_review_limits(limits => limits, minutes => target.duration_minutes,
                                        anonymous => target.anonymous_participants, known_participants => k.known)::text[],
         null::timestamptz, null::uuid
  into measured
  from (select pg_catalog.count(*)::integer as known from public.activity_participants ap
        where ap.org_id = target.org_id and ap.activity_id = target.id) k;
  if measured.exceeded_limits = '{}' then
    raise exception 'activity % exceeds no review limit of its organisation: there is nothing to confirm', confirm_activity.activity_id
      using errcode = '22023';
  end if;
  update public.activities a
  set review_confirmed_at = pg_catalog.now(), review_confirmed_by = hidden.request_user_id()
  where a.org_id = confirm_activity.org_id and a.id = confirm_activity.activity_id;
  measured.review_confirmed_at := pg_catalog.now();
  measured.review_confirmed_by := hidden.request_user_id();
  return measured;
end
$$;

comment on function hidden.confirm_activity(org_id uuid, activity_id uuid) is 'The security-definer body of public.confirm_activity, where PostgREST does not expose it; public.confirm_activity (security invoker) calls it.';

revoke all on function hidden.confirm_activity(org_id uuid, activity_id uuid) from public, anon, authenticated, service_role;
grant execute on function hidden.confirm_activity(org_id uuid, activity_id uuid) to authenticated;
