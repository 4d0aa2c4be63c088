create or replace function hidden.set_review_limits(org_id uuid, max_minutes_per_activity integer, max_anonymous_participants integer, max_known_participants integer) returns public.organisation_review_limits
    language plpgsql security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
-- Definer: API roles hold no write privilege on the table; this body checks the
-- caller (an approved admin of the organisation) first.
declare
  result public.organisation_review_limits;
begin
  if set_review_limits.org_id is null then
    raise exception 'org_id must not be null' using errcode = '22004';
  end if;
  perform hidden.require_role(org_id => set_review_limits.org_id, roles => '{admin}');
  if hidden.request_user_id() is null then
    raise exception 'permission denied: review limits are set by an admin of the organisation' using errcode = '42501';
  end if;
  if set_review_limits.max_minutes_per_activity not between 1 and 1440 then
    raise exception 'max_minutes_per_activity (%) must be between 1 and 1440, or null for no limit',
      set_review_limits.max_minutes_per_activity using errcode = '22023';
  elsif set_review_limits.max_anonymous_participants not between 0 and 100000 then
    raise exception 'max_anonymous_participants (%) must be between 0 and 100000, or null for no limit',
      set_review_limits.max_anonymous_participants using errcode = '22023';
  elsif set_review_limits.max_known_participants < 0 then
    raise exception 'max_known_participants (%) must not be negative, or null for no limit',
      set_review_limits.max_known_participants using errcode = '22023';
  end if;
  insert into public.organisation_review_limits as l
    (org_id, max_minutes_per_activity, max_anonymous_participants, max_known_participants, updated_by)
  values (set_review_limits.org_id, set_review_limits.max_minutes_per_activity,
          set_review_limits.max_anonymous_participants, set_review_limits.max_known_participants,
          hidden.request_user_id())
  on conflict on constraint organisation_review_limits_pkey do update
    set max_minutes_per_activity = excluded.max_minutes_per_activity,
        max_anonymous_participants = excluded.max_anonymous_participants,
        max_known_participants = excluded.max_known_participants,
        updated_by = excluded.updated_by
  returning l.* into result;
  return result;
end
$$;

comment on function hidden.set_review_limits(org_id uuid, max_minutes_per_activity integer, max_anonymous_participants integer, max_known_participants integer) is 'The security-definer body of public.set_review_limits, where PostgREST does not expose it; public.set_review_limits (security invoker) calls it.';

revoke all on function hidden.set_review_limits(org_id uuid, max_minutes_per_activity integer, max_anonymous_participants integer, max_known_participants integer) from public, anon, authenticated, service_role;
grant execute on function hidden.set_review_limits(org_id uuid, max_minutes_per_activity integer, max_anonymous_participants integer, max_known_participants integer) to authenticated;
