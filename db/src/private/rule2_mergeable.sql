-- Rule 2, the proxy side: only a proxy entry in scope (not left out by rule 4)
-- is ever merged into a twin. Bulk entries never are.
create or replace function private.rule2_mergeable(logic_version integer, path public.registration_path, left_out public.left_out_reason) returns boolean
    language sql immutable parallel safe
    return path = 'proxy' and left_out is null;

comment on function private.rule2_mergeable(logic_version integer, path public.registration_path, left_out public.left_out_reason) is 'Rule 2: true for an entry that may be merged into a direct twin (a proxy entry not left out). Read with the given logic (bufdir_counting_rules.logic_version); inlined.';

revoke all on function private.rule2_mergeable(logic_version integer, path public.registration_path, left_out public.left_out_reason) from public, anon, authenticated, service_role;
