create or replace function hidden.list_held_activities(org_id uuid, period_start date, period_end date) returns setof public.held_activity
    language plpgsql stable security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
-- Definer: counts every participant link of the entries, whoever registered them;
-- this body checks the caller (an approved coordinator or admin) first.
declare
  limits public.organisation_review_limits;
begin
  perform hidden.check_snapshot_key(org_id => list_held_activities.org_id, period_start => list_held_activities.period_start,
                                    period_end => list_held_activities.period_end);
  perform hidden.require_role(org_id => list_held_activities.org_id, roles => '{coordinator,admin}');
  if hidden.request_user_id() is null then
    raise exception 'permission denied: held entries are listed for coordinators and admins of the organisation' using errcode = '42501';
  end if;
  select l.* into limits from public.organisation_review_limits l where l.org_id = list_held_activities.org_id;
  if limits.org_id is null then
    return;
  end if;
  return query
  select h.*
  from (
    select a.org_id, a.id, a.activity_date, a.kind, a.registration_path, a.registered_by, a.duration_minutes,
           a.anonymous_participants, k.known,
           private.exceeded_review_limits(limits => limits, minutes => a.duration_minutes, anonymous => a.anonymous_participants,
                                          known_participants => k.known)::text[] as exceeded,
           a.review_confirmed_at, a.review_confirmed_by
    from public.activities a
    cross join lateral (
      select pg_catalog.count(*)::integer as known from public.activity_participants ap
      where ap.org_id = a.org_id and ap.activity_id = a.id) k
    where a.org_id = list_held_activities.org_id
      and a.activity_date between list_held_activities.period_start and list_held_activities.period_end
      and a.deleted_at is null and a.review_confirmed_at is null
  ) h
  where h.exceeded <> '{}'
  order by h.activity_date, h.id;
end
$$;

comment on function hidden.list_held_activities(org_id uuid, period_start date, period_end date) is 'The security-definer body of public.list_held_activities, where PostgREST does not expose it; public.list_held_activities (security invoker) calls it.';

revoke all on function hidden.list_held_activities(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function hidden.list_held_activities(org_id uuid, period_start date, period_end date) to authenticated;
