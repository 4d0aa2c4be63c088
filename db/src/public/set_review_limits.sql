create or replace function public.set_review_limits(org_id uuid, max_minutes_per_activity integer default null::integer, max_anonymous_participants integer default null::integer, max_known_participants integer default null::integer) returns public.organisation_review_limits
    language sql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select hidden.set_review_limits(org_id => set_review_limits.org_id,
                                  max_minutes_per_activity => set_review_limits.max_minutes_per_activity,
                                  max_anonymous_participants => set_review_limits.max_anonymous_participants,
                                  max_known_participants => set_review_limits.max_known_participants)
$$;

comment on function public.set_review_limits(org_id uuid, max_minutes_per_activity integer, max_anonymous_participants integer, max_known_participants integer) is 'Sets the organisation''s review limits (null: no limit), replacing all three; admins of the organisation only. Entries above a limit are held out of the figures until confirmed; the organisation''s figures become stale. Errors: 22004, 22023, 42501.';

revoke all on function public.set_review_limits(org_id uuid, max_minutes_per_activity integer, max_anonymous_participants integer, max_known_participants integer) from public, anon, authenticated, service_role;
grant execute on function public.set_review_limits(org_id uuid, max_minutes_per_activity integer, max_anonymous_participants integer, max_known_participants integer) to authenticated;
