-- The predicate the figures use to leave held entries out (rule 4, through
-- private.rule4_held_for_review): true when a value exceeds a limit that is set.
-- Null limits (or no limits row) hold nothing. A SQL-standard body with no
-- settings, so a query over many activities inlines it (a call per row cost
-- about 16 µs, inline under 1 µs).
create or replace function private.exceeds_review_limits(limits public.organisation_review_limits, minutes integer, anonymous integer, known_participants integer) returns boolean
    language sql immutable parallel safe
    return coalesce(minutes > (limits).max_minutes_per_activity, false)
        or coalesce(anonymous > (limits).max_anonymous_participants, false)
        or coalesce(known_participants > (limits).max_known_participants, false);

comment on function private.exceeds_review_limits(limits public.organisation_review_limits, minutes integer, anonymous integer, known_participants integer) is 'True when an activity''s minutes, anonymous participants or known participants exceed a set review limit of its organisation (null limits: none). An entry is held for review when this is true and review_confirmed_at is null (private.rule4_held_for_review). Inlined: a query over many activities reads the limits once (private.review_limits_of) and pays no call per row.';

revoke all on function private.exceeds_review_limits(limits public.organisation_review_limits, minutes integer, anonymous integer, known_participants integer) from public, anon, authenticated, service_role;
