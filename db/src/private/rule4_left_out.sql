-- Rule 4's verdict: why an entry is left out of every figure, the first that
-- applies (no active mentor before held for review), null when in scope.
create or replace function private.rule4_left_out(logic_version integer, has_active_mentor boolean, held_for_review boolean) returns public.left_out_reason
    language sql immutable parallel safe
    return case when not has_active_mentor then 'no_active_mentor'::public.left_out_reason
                when held_for_review then 'held_for_review'::public.left_out_reason
           end;

comment on function private.rule4_left_out(logic_version integer, has_active_mentor boolean, held_for_review boolean) is 'Rule 4: the reason an entry is left out of every figure (no_active_mentor first, then held_for_review), null when it is in scope. Read with the given logic (bufdir_counting_rules.logic_version); inlined.';

revoke all on function private.rule4_left_out(logic_version integer, has_active_mentor boolean, held_for_review boolean) from public, anon, authenticated, service_role;
