-- Rule 4's test for an entry's values: held for review when above one of its
-- organisation's review limits and not confirmed.
create or replace function private.rule4_held_for_review(rules public.bufdir_counting_rules, limits public.organisation_review_limits, minutes integer, anonymous integer, known_participants integer, review_confirmed_at timestamp with time zone) returns boolean
    language sql immutable parallel safe
    return review_confirmed_at is null
       and private.exceeds_review_limits(limits => limits, minutes => minutes, anonymous => anonymous,
                                         known_participants => known_participants);

comment on function private.rule4_held_for_review(rules public.bufdir_counting_rules, limits public.organisation_review_limits, minutes integer, anonymous integer, known_participants integer, review_confirmed_at timestamp with time zone) is 'Rule 4: true when an entry is held for review (a value above a set review limit, private.exceeds_review_limits, and no confirmation). Read under the given rules; inlined.';

revoke all on function private.rule4_held_for_review(rules public.bufdir_counting_rules, limits public.organisation_review_limits, minutes integer, anonymous integer, known_participants integer, review_confirmed_at timestamp with time zone) from public, anon, authenticated, service_role;
