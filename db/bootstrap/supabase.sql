-- Supabase compatibility bootstrap.
--
-- Recreates, on plain PostgreSQL and on the embedded engine, the objects a Supabase
-- project provides before any migration runs: the API roles, the `auth` schema with
-- a minimal `auth.users` and the claim-reading functions, the `extensions` schema,
-- and Supabase's default privileges on `public`. Migrations can then rely on them
-- unchanged on every engine.
--
-- Not a migration: scripts/lib/migrations.ts (applySupabaseBootstrap) applies it only where Supabase's own
-- objects are absent. Idempotent. Roles are cluster-wide: they are created when
-- missing and never altered or dropped.

do $$
begin
  if not exists (select from pg_catalog.pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select from pg_catalog.pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select from pg_catalog.pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
  if not exists (select from pg_catalog.pg_roles where rolname = 'authenticator') then
    create role authenticator login noinherit;
  end if;
  if not exists (select from pg_catalog.pg_roles where rolname = 'supabase_auth_admin') then
    create role supabase_auth_admin nologin noinherit;
  end if;
end
$$;

-- PostgREST's authenticator switches into the API roles for each request.
grant anon, authenticated, service_role to authenticator;

create schema if not exists extensions;
grant usage on schema extensions to anon, authenticated, service_role;

create schema if not exists auth;
grant usage on schema auth to anon, authenticated, service_role, supabase_auth_admin;

-- The columns of Supabase's auth.users that this project reads; GoTrue owns the rest.
create table if not exists auth.users (
  id uuid primary key,
  email text unique,
  role text not null default 'authenticated',
  aud text not null default 'authenticated',
  raw_app_meta_data jsonb not null default '{}'::jsonb,
  raw_user_meta_data jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table auth.users is 'Minimal stand-in for Supabase Auth''s users table (local engines only).';
grant select on auth.users to supabase_auth_admin;

-- Claim readers, as Supabase defines them: the newer `request.jwt.claims` JSON,
-- falling back to the older per-claim settings.
create or replace function auth.jwt() returns jsonb
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$$;
comment on function auth.jwt() is 'The verified JWT claims of the current request, or null.';

create or replace function auth.uid() returns uuid
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
  )::uuid
$$;
comment on function auth.uid() is 'The `sub` claim of the current request: the calling user''s id, or null.';

create or replace function auth.role() returns text
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.role', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
  )::text
$$;
comment on function auth.role() is 'The `role` claim of the current request, or null.';

create or replace function auth.email() returns text
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.email', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
  )::text
$$;
comment on function auth.email() is 'The `email` claim of the current request, or null.';

grant execute on function auth.jwt(), auth.uid(), auth.role(), auth.email()
  to anon, authenticated, service_role, supabase_auth_admin;

-- Supabase's exposure of `public`: the API roles may use it, and every table,
-- function and sequence created there is granted to them by default. Row-level
-- security is what then decides; the invariant tests check it is never missing.
grant usage on schema public to anon, authenticated, service_role;
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
