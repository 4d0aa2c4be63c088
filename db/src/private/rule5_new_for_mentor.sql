-- Rule 5's test, per active mentor and day in registration order: an entry is
-- new for the mentor when it is their first of the day or the first to name one
-- of its known contacts (anonymous head counts never make it new).
create or replace function private.rule5_new_for_mentor(logic_version integer, first_of_day boolean, first_to_name_a_contact boolean) returns boolean
    language sql immutable parallel safe
    return first_of_day or first_to_name_a_contact;

comment on function private.rule5_new_for_mentor(logic_version integer, first_of_day boolean, first_to_name_a_contact boolean) is 'Rule 5: true when an entry is new for one of its active mentors that day (the mentor''s first entry of the day, or the first to name a contact). An entry counts when it is new for at least one. Read with the given logic (bufdir_counting_rules.logic_version); inlined.';

revoke all on function private.rule5_new_for_mentor(logic_version integer, first_of_day boolean, first_to_name_a_contact boolean) from public, anon, authenticated, service_role;
