-- Rule 4's test for an entry's values: held for review when above one of its
-- organisation's review limits that is set (null: no limit) and not confirmed.
-- It takes the limits' values, not their row, so that the limits table can
-- change without it (a SQL-standard body reading a row's fields ties the
-- table's row type).
create or replace function private.rule4_held_for_review(logic_version integer, max_minutes_per_activity integer, max_anonymous_participants integer, max_known_participants integer, minutes integer, anonymous integer, known_participants integer, review_confirmed_at timestamp with time zone) returns boolean
    language sql immutable parallel safe
    return review_confirmed_at is null
       and (coalesce(minutes > max_minutes_per_activity, false)
            or coalesce(anonymous > max_anonymous_participants, false)
            or coalesce(known_participants > max_known_participants, false));

comment on function private.rule4_held_for_review(logic_version integer, max_minutes_per_activity integer, max_anonymous_participants integer, max_known_participants integer, minutes integer, anonymous integer, known_participants integer, review_confirmed_at timestamp with time zone) is 'Rule 4: true when an entry is held for review: a value above a set review limit of its organisation (organisation_review_limits; null: none) and no confirmation. Read with the given logic (bufdir_counting_rules.logic_version); inlined.';

revoke all on function private.rule4_held_for_review(logic_version integer, max_minutes_per_activity integer, max_anonymous_participants integer, max_known_participants integer, minutes integer, anonymous integer, known_participants integer, review_confirmed_at timestamp with time zone) from public, anon, authenticated, service_role;
