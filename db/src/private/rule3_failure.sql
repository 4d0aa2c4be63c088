-- Rule 3's test, one expression: what is wrong with an entry's kind, place or
-- size under the rules' thresholds, the first that applies (null: it qualifies).
-- The figures count only entries it passes, and an entry's verdict names it.
create or replace function private.rule3_failure(rules public.bufdir_counting_rules, kind public.activity_kind, in_norway boolean, participants integer, minutes integer) returns public.entry_verdict
    language sql immutable parallel safe
    return case
      when not kind = any ((rules).counting_kinds) then 'kind_not_counted'::public.entry_verdict
      when not (in_norway or not (rules).require_in_norway) then 'abroad'::public.entry_verdict
      when kind = 'in_person_outreach' and participants < (rules).outreach_min_participants
        then 'too_few_participants'::public.entry_verdict
      when kind = 'group_meeting' and participants < (rules).group_min_participants
        then 'too_few_participants'::public.entry_verdict
      when kind = 'group_meeting' and minutes < (rules).group_min_minutes then 'too_short'::public.entry_verdict
      when kind = 'mentor_course' and minutes < (rules).course_min_minutes then 'too_short'::public.entry_verdict
    end;

comment on function private.rule3_failure(rules public.bufdir_counting_rules, kind public.activity_kind, in_norway boolean, participants integer, minutes integer) is 'Rule 3: why an entry does not qualify (kind_not_counted, abroad, too_few_participants, too_short; the first that applies), null when it qualifies. Read under the given rules; inlined.';

revoke all on function private.rule3_failure(rules public.bufdir_counting_rules, kind public.activity_kind, in_norway boolean, participants integer, minutes integer) from public, anon, authenticated, service_role;
