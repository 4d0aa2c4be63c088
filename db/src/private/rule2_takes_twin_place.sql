-- Rule 2's order: a direct entry with merged twins takes, for rule 5, the
-- earliest registration among itself and them (created_at, then id).
create or replace function private.rule2_takes_twin_place(logic_version integer, twin_created_at timestamp with time zone, twin_id uuid, own_created_at timestamp with time zone, own_id uuid) returns boolean
    language sql immutable parallel safe
    return (twin_created_at, twin_id) < (own_created_at, own_id);

comment on function private.rule2_takes_twin_place(logic_version integer, twin_created_at timestamp with time zone, twin_id uuid, own_created_at timestamp with time zone, own_id uuid) is 'Rule 2: true when a direct entry takes its earliest merged twin''s place in registration order (the twin was registered first); null when it has no twin. Read with the given logic (bufdir_counting_rules.logic_version); inlined.';

revoke all on function private.rule2_takes_twin_place(logic_version integer, twin_created_at timestamp with time zone, twin_id uuid, own_created_at timestamp with time zone, own_id uuid) from public, anon, authenticated, service_role;
