-- The schemas by exposure (db/README.md): PostgREST publishes `public`; the API
-- roles may use `hidden` (helpers that policies call, and the security-definer
-- bodies of the RPCs) but PostgREST does not publish it; `private` holds
-- internals nobody but the owner reaches. anon calls nothing in `hidden`, so it
-- has no usage there.

create schema if not exists private;

comment on schema private is 'Internals: helpers and bookkeeping. Not exposed by the API; API roles have no usage.';

revoke all on schema private from public;

create schema if not exists hidden;

comment on schema hidden is 'Not exposed by PostgREST: helpers for row-level policies and the security-definer bodies of the RPCs in public. Usable by authenticated and service_role.';

revoke all on schema hidden from public, anon;
grant usage on schema hidden to authenticated;
grant usage on schema hidden to service_role;
