-- Rule 4's test for a mentor: approved, with an active period covering the day
-- (an open period has no end).
create or replace function private.rule4_active_mentor(logic_version integer, approval_status public.approval_status, active_from date, active_to date, day date) returns boolean
    language sql immutable parallel safe
    return approval_status = 'approved' and day >= active_from and (active_to is null or day <= active_to);

comment on function private.rule4_active_mentor(logic_version integer, approval_status public.approval_status, active_from date, active_to date, day date) is 'Rule 4: true when a mentor with this approval and active period counts on the day. Read with the given logic (bufdir_counting_rules.logic_version); inlined.';

revoke all on function private.rule4_active_mentor(logic_version integer, approval_status public.approval_status, active_from date, active_to date, day date) from public, anon, authenticated, service_role;
