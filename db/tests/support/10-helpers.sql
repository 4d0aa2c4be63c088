-- pgTAP test support: the pgTAP extension and the `tests` helper schema.
--
-- Applied by the test runner after the migrations, never by them, so no deployed
-- database carries it. Helpers act out a request the way PostgREST does: a role
-- switch and the verified claims, both transaction-local (`set_config(..., true)`),
-- so nothing leaks past the test's rollback, not even on the embedded engine
-- whose clients share one backend.

create extension if not exists pgtap with schema extensions;
-- Tests assert while acting as the API roles (and as Supabase Auth's role, for
-- the access-token hook), so those roles need pgTAP's functions.
grant usage on schema extensions to supabase_auth_admin;
grant execute on all functions in schema extensions to anon, authenticated, service_role, supabase_auth_admin;

create schema if not exists tests;
comment on schema tests is 'pgTAP helpers: create users and act as them. Test databases only.';
grant usage on schema tests to anon, authenticated, service_role;

create or replace function tests.create_user(email text, user_id uuid default gen_random_uuid())
returns uuid
language sql volatile
as $$
  insert into auth.users (id, email) values (user_id, email) returning id
$$;
comment on function tests.create_user(text, uuid) is 'Adds a user to auth.users and returns its id. Call before acting as anyone.';

create or replace function tests.user_id(email text)
returns uuid
language plpgsql stable security definer
set search_path = ''
as $$
declare
  found_id uuid;
begin
  select u.id into found_id from auth.users u where u.email = user_id.email;
  if found_id is null then
    raise exception 'tests.user_id: no user with e-mail %', user_id.email using errcode = 'P0002';
  end if;
  return found_id;
end
$$;
comment on function tests.user_id(text) is 'The id of the test user with this e-mail; callable while acting as any role.';

create or replace function tests.authenticate_as(email text, extra_claims jsonb default '{}'::jsonb)
returns void
language plpgsql volatile
as $$
declare
  claims jsonb;
begin
  claims := jsonb_build_object(
    'sub', tests.user_id(authenticate_as.email),
    'email', authenticate_as.email,
    'role', 'authenticated',
    'aud', 'authenticated'
  ) || coalesce(extra_claims, '{}'::jsonb);
  perform set_config('role', 'authenticated', true);
  perform set_config('request.jwt.claims', claims::text, true);
end
$$;
comment on function tests.authenticate_as(text, jsonb) is
  'Acts as the user with this e-mail until the transaction ends: role authenticated plus the claims its JWT would carry.';

create or replace function tests.authenticate_as_service_role()
returns void
language plpgsql volatile
as $$
begin
  perform set_config('role', 'service_role', true);
  perform set_config('request.jwt.claims', '{"role":"service_role"}', true);
end
$$;
comment on function tests.authenticate_as_service_role() is 'Acts as the service role (bypasses RLS) until the transaction ends.';

create or replace function tests.authenticate_as_anon()
returns void
language plpgsql volatile
as $$
begin
  perform set_config('role', 'anon', true);
  perform set_config('request.jwt.claims', '{"role":"anon"}', true);
end
$$;
comment on function tests.authenticate_as_anon() is 'Acts as an anonymous API caller until the transaction ends.';

create or replace function tests.clear_authentication()
returns void
language plpgsql volatile
as $$
begin
  perform set_config('role', 'none', true);
  perform set_config('request.jwt.claims', '', true);
end
$$;
comment on function tests.clear_authentication() is 'Returns to the connecting (owner) role with no claims.';

revoke all on all functions in schema tests from public;
grant execute on all functions in schema tests to anon, authenticated, service_role;

-- Acting out a write and reading its outcome without aborting the test's transaction.
create or replace function tests.outcome(statement text)
returns text
language plpgsql volatile
as $$
declare
  affected bigint;
begin
  execute statement;
  get diagnostics affected = row_count;
  return 'ok:' || affected;
exception when others then
  return 'error:' || sqlstate;
end
$$;
comment on function tests.outcome(text) is
  'Runs a statement as the current role: ''ok:<rows affected>'' or ''error:<SQLSTATE>''. Failed statements are rolled back to a savepoint.';

-- Security definer so it sees every row whoever the test is acting as.
create or replace function tests.fingerprint(target regclass)
returns text
language plpgsql stable security definer
set search_path = ''
as $$
declare
  digest text;
begin
  execute format('select md5(coalesce(string_agg(t::text, ''|'' order by t::text), '''')) from %s t', target)
    into digest;
  return digest;
end
$$;
comment on function tests.fingerprint(regclass) is
  'A digest of every row of a table, regardless of RLS: equal before and after means nothing changed.';

revoke all on function tests.outcome(text), tests.fingerprint(regclass) from public;
grant execute on function tests.outcome(text), tests.fingerprint(regclass) to anon, authenticated, service_role;

-- The hand-worked figures of db/fixtures/expected-figures.csv, for tests to assert
-- against. psql reads the file (COPY FROM STDIN does not work on the embedded
-- engine), so a test does:
--   \set figures_csv `cat db/fixtures/expected-figures.csv`
--   select tests.load_expected_figures(:'figures_csv');
create table if not exists tests.expected_figures (
  org_id uuid not null,
  mentor_id uuid,
  period_start date not null,
  period_end date not null,
  metric text not null,
  value text not null,
  rule text not null
);
comment on table tests.expected_figures is 'The fixture''s hand-worked figures; loaded per test, rolled back with it.';
grant select on tests.expected_figures to anon, authenticated, service_role;

create or replace function tests.load_expected_figures(csv text)
returns integer
language plpgsql volatile
as $$
declare
  loaded integer;
begin
  -- The first six columns never hold commas or quotes; the rule text (last) may.
  insert into tests.expected_figures
  select f[1]::uuid, nullif(f[2], '')::uuid, f[3]::date, f[4]::date, f[5], f[6], btrim(f[7], '"')
  from regexp_split_to_table(csv, E'\n') with ordinality as line(text, n)
  cross join lateral regexp_match(line.text, '^([^,]*),([^,]*),([^,]*),([^,]*),([^,]*),([^,]*),(.*)$') f
  where line.n > 1 and line.text <> '';
  get diagnostics loaded = row_count;
  return loaded;
end
$$;
comment on function tests.load_expected_figures(text) is 'Parses expected-figures.csv (header first) into tests.expected_figures; returns the number of figures.';
revoke all on function tests.load_expected_figures(text) from public;
