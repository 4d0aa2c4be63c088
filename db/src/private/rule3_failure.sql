-- Rule 3's test, one expression: what is wrong with an entry's kind, place or
-- size under the rules' thresholds, the first that applies (null: it qualifies).
-- The figures count only entries it passes, and an entry's verdict names it.
-- It takes the thresholds' values, not the rules row, so that the rules table
-- can change without it (a SQL-standard body reading a row's fields ties the
-- table's row type).
create or replace function private.rule3_failure(logic_version integer, counting_kinds public.activity_kind[], require_in_norway boolean, outreach_min_participants integer, group_min_participants integer, group_min_minutes integer, course_min_minutes integer, kind public.activity_kind, in_norway boolean, participants integer, minutes integer) returns public.entry_verdict
    language sql immutable parallel safe
    return case
      when not kind = any (counting_kinds) then 'kind_not_counted'::public.entry_verdict
      when not (in_norway or not require_in_norway) then 'abroad'::public.entry_verdict
      when kind = 'in_person_outreach' and participants < outreach_min_participants
        then 'too_few_participants'::public.entry_verdict
      when kind = 'group_meeting' and participants < group_min_participants
        then 'too_few_participants'::public.entry_verdict
      when kind = 'group_meeting' and minutes < group_min_minutes then 'too_short'::public.entry_verdict
      when kind = 'mentor_course' and minutes < course_min_minutes then 'too_short'::public.entry_verdict
    end;

comment on function private.rule3_failure(logic_version integer, counting_kinds public.activity_kind[], require_in_norway boolean, outreach_min_participants integer, group_min_participants integer, group_min_minutes integer, course_min_minutes integer, kind public.activity_kind, in_norway boolean, participants integer, minutes integer) is 'Rule 3: why an entry does not qualify under the rules'' thresholds (kind_not_counted, abroad, too_few_participants, too_short; the first that applies), null when it qualifies. Read with the given logic (bufdir_counting_rules.logic_version); inlined.';

revoke all on function private.rule3_failure(logic_version integer, counting_kinds public.activity_kind[], require_in_norway boolean, outreach_min_participants integer, group_min_participants integer, group_min_minutes integer, course_min_minutes integer, kind public.activity_kind, in_norway boolean, participants integer, minutes integer) from public, anon, authenticated, service_role;
