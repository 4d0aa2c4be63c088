-- Purpose: add counting rules logic version.
-- Why: thresholds were versioned data but the logic was not: a change to rule 2
-- or rule 5 re-interpreted every past period under the same rule version, and a
-- snapshot sent to Bufdir could no longer be recomputed as sent. Each rules row
-- now names the logic its thresholds are read with, and may name no later logic
-- than the code implements (private.latest_counting_logic()).
-- Objects: public.bufdir_counting_rules (column logic_version and its check),
-- private.latest_counting_logic(); db/src/public/bufdir_counting_rules.sql and
-- db/src/private/latest_counting_logic.sql state the same.
-- Written by hand: a table change.

-- migrate:up
create or replace function private.latest_counting_logic() returns integer
    language sql immutable parallel safe
    return 1;

comment on function private.latest_counting_logic() is 'The newest counting logic (bufdir_counting_rules.logic_version) the rules'' tests implement: 1, the rules as db/fixtures/README.md states them for 2026.1.';

revoke all on function private.latest_counting_logic() from public, anon, authenticated, service_role;

-- Every version so far reads its thresholds with the logic the code has had.
-- In steps: a column added with a default could not be, as SQL-standard bodies
-- (the rules' tests) use the table's row type; and rows are immutable, so the
-- trigger that refuses updates stands aside for this one.
alter table public.bufdir_counting_rules add column logic_version integer;
alter table public.bufdir_counting_rules disable trigger refuse_rule_change;
update public.bufdir_counting_rules set logic_version = 1;
alter table public.bufdir_counting_rules enable trigger refuse_rule_change;
alter table public.bufdir_counting_rules alter column logic_version set not null;
alter table public.bufdir_counting_rules
    add constraint bufdir_counting_rules_logic_version_check
    check (((logic_version >= 1) and (logic_version <= private.latest_counting_logic())));

comment on column public.bufdir_counting_rules.logic_version is 'The counting logic this version''s thresholds are read with: the branch of the rules'' tests (private.ruleN_*) that applies. 1 = the rules as db/fixtures/README.md states them for 2026.1. A change of logic is a new value, with a new rule version; earlier versions keep theirs, so their periods recompute as they were.';

-- migrate:down
alter table public.bufdir_counting_rules drop constraint bufdir_counting_rules_logic_version_check;
alter table public.bufdir_counting_rules drop column logic_version;
drop function private.latest_counting_logic();
