-- Rule 6's participants of an entry: its known contacts and its anonymous head
-- count (rule 3's thresholds count the same).
create or replace function private.rule6_participants(logic_version integer, contacts uuid[], anonymous integer) returns integer
    language sql immutable parallel safe
    return cardinality(contacts) + anonymous;

comment on function private.rule6_participants(logic_version integer, contacts uuid[], anonymous integer) is 'Rules 3 and 6: an entry''s participants, known contacts plus anonymous head count. Read with the given logic (bufdir_counting_rules.logic_version); inlined.';

revoke all on function private.rule6_participants(logic_version integer, contacts uuid[], anonymous integer) from public, anon, authenticated, service_role;
