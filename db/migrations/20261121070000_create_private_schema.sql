-- Purpose: the home of internals the API must never reach.
-- Objects: schema `private`; default privileges of the migrating role.
-- Why: PostgREST exposes `public`; helpers, bookkeeping and security-definer
-- functions live in `private`, which the API roles cannot even use. PostgreSQL
-- lets PUBLIC execute every new function by default: that default is revoked
-- here, so each function states its own grants.

-- migrate:up
create schema private;
comment on schema private is 'Internals: helpers and bookkeeping. Not exposed by the API; API roles have no usage.';
revoke all on schema private from public;

alter default privileges revoke execute on functions from public;

-- migrate:down
alter default privileges grant execute on functions to public;
drop schema private;
