-- The newest counting logic this code implements. Each rules row names the logic
-- its thresholds are read with (bufdir_counting_rules.logic_version), and the
-- rules' tests (private.figure_parts) branch on it; a row may name no later logic
-- than this (bufdir_counting_rules_logic_version_check). A logic change raises it
-- together with the branch it adds (db/fixtures/README.md, "Changing a counting
-- rule").
create or replace function private.latest_counting_logic() returns integer
    language sql immutable parallel safe
    set search_path to 'pg_catalog', 'pg_temp'
    return 1;

comment on function private.latest_counting_logic() is 'The newest counting logic (bufdir_counting_rules.logic_version) the rules'' tests in private.figure_parts implement: 1, the rules as db/fixtures/README.md states them for 2026.1.';

revoke all on function private.latest_counting_logic() from public, anon, authenticated, service_role;
