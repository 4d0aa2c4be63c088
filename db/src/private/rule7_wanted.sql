-- Rule 7's scope: a mentor's own figures are wanted for every mentor, or for
-- the mentors named.
create or replace function private.rule7_wanted(every_mentor boolean, mentor_ids uuid[], mentor_id uuid) returns boolean
    language sql immutable parallel safe
    return every_mentor or mentor_id = any (mentor_ids);

comment on function private.rule7_wanted(every_mentor boolean, mentor_ids uuid[], mentor_id uuid) is 'Rule 7: true when a mentor''s own figures are wanted (every mentor, or one of mentor_ids). Inlined.';

revoke all on function private.rule7_wanted(every_mentor boolean, mentor_ids uuid[], mentor_id uuid) from public, anon, authenticated, service_role;
