-- Rule 2, the direct side: a proxy entry merges only into a direct entry in
-- scope (not left out by rule 4).
create or replace function private.rule2_merge_target(logic_version integer, path public.registration_path, left_out public.left_out_reason) returns boolean
    language sql immutable parallel safe
    return path = 'direct' and left_out is null;

comment on function private.rule2_merge_target(logic_version integer, path public.registration_path, left_out public.left_out_reason) is 'Rule 2: true for an entry proxy twins may merge into (a direct entry not left out). Read with the given logic (bufdir_counting_rules.logic_version); inlined.';

revoke all on function private.rule2_merge_target(logic_version integer, path public.registration_path, left_out public.left_out_reason) from public, anon, authenticated, service_role;
