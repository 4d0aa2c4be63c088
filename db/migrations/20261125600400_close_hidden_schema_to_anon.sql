-- Purpose: the hidden schema is usable by exactly the roles that call into it.
-- Objects: USAGE on schema hidden (revoked from anon); the schema's comment.
-- Why: anon calls no function there (no RPC is executable by anon, and every
-- policy that calls a helper is `to authenticated`), so its USAGE only let it
-- look the helpers and the RPC bodies up. authenticated and service_role keep
-- USAGE: the security-invoker RPCs in public and the row-level policies call
-- into hidden as the caller.

-- migrate:up
revoke usage on schema hidden from anon;
comment on schema hidden is
  'Not exposed by PostgREST: helpers for row-level policies and the security-definer bodies of the RPCs in public. Usable by authenticated and service_role.';

-- migrate:down
comment on schema hidden is 'Helpers for row-level policies: usable by the API roles, not exposed as RPCs.';
grant usage on schema hidden to anon;
