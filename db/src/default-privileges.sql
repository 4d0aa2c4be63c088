-- New objects start closed. PostgreSQL lets PUBLIC execute every new function,
-- and Supabase's default privileges grant ALL on every new table, sequence and
-- function in public to the API roles (TRUNCATE, which ignores row-level
-- security, TRIGGER and REFERENCES among them). Both defaults of the migrating
-- role are revoked, so each object states its own grants next to its definition;
-- db/tests/invariants/privileges.test.sql compares the whole privilege table
-- with its allow-list.

alter default privileges revoke execute on functions from public;

alter default privileges in schema public revoke all on tables from anon, authenticated, service_role;
alter default privileges in schema public revoke all on sequences from anon, authenticated, service_role;
alter default privileges in schema public revoke all on functions from anon, authenticated, service_role;
