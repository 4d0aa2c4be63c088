-- The predicate the figures use to leave held entries out: true when a value
-- exceeds a limit that is set. Null limits (or no limits row) hold nothing.
create or replace function private.exceeds_review_limits(limits public.organisation_review_limits, minutes integer, anonymous integer, known_participants integer) returns boolean
    language sql immutable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select coalesce(exceeds_review_limits.minutes > (exceeds_review_limits.limits).max_minutes_per_activity, false)
      or coalesce(exceeds_review_limits.anonymous > (exceeds_review_limits.limits).max_anonymous_participants, false)
      or coalesce(exceeds_review_limits.known_participants > (exceeds_review_limits.limits).max_known_participants, false)
$$;

comment on function private.exceeds_review_limits(limits public.organisation_review_limits, minutes integer, anonymous integer, known_participants integer) is 'True when an activity''s minutes, anonymous participants or known participants exceed a set review limit of its organisation (null limits: none). An entry is held for review when this is true and review_confirmed_at is null. Its pinned search_path keeps PostgreSQL from inlining it: a query over many activities writes the same three coalesce(value > limit, false) terms inline, with the limits read once (private.review_limits_of).';

revoke all on function private.exceeds_review_limits(limits public.organisation_review_limits, minutes integer, anonymous integer, known_participants integer) from public, anon, authenticated, service_role;
