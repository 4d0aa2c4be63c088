create or replace function private.exceeded_review_limits(limits public.organisation_review_limits, minutes integer, anonymous integer, known_participants integer) returns public.review_limit[]
    language sql immutable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select array_remove(array[
    case when exceeded_review_limits.minutes > (exceeded_review_limits.limits).max_minutes_per_activity
         then 'minutes_per_activity'::public.review_limit end,
    case when exceeded_review_limits.anonymous > (exceeded_review_limits.limits).max_anonymous_participants
         then 'anonymous_participants'::public.review_limit end,
    case when exceeded_review_limits.known_participants > (exceeded_review_limits.limits).max_known_participants
         then 'known_participants'::public.review_limit end], null)
$$;

comment on function private.exceeded_review_limits(limits public.organisation_review_limits, minutes integer, anonymous integer, known_participants integer) is 'The review limits an activity''s values exceed, in enum order (empty when none); non-empty exactly when private.exceeds_review_limits is true.';

revoke all on function private.exceeded_review_limits(limits public.organisation_review_limits, minutes integer, anonymous integer, known_participants integer) from public, anon, authenticated, service_role;
