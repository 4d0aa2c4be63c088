-- Fixture rows by the names db/fixtures/README.md gives them, so a test reads
-- tests.activity_id('A08') where it would otherwise paste a uuid:
--   tests.organisation_id('A')   organisations A, B, C
--   tests.activity_id('A08')     activities A01…A21, B01…B03, C01…C18
--   tests.contact_id('a01')      contacts a01…a06, b01…b03, c01…c07
--   tests.user_id('mentor.a@fixture.example')   users by e-mail (10-helpers.sql)
--
-- A name maps to an id by the fixture's id scheme (the header of
-- db/fixtures/bufdir-fixture.sql), and the row must be there. A name that names
-- no row raises (P0002) rather than returning null: `where id = null` matches
-- nothing, so an assertion expecting 'ok:0' would pass whatever the policy says.
-- Security definer so the answer is the same whoever the test acts as, anon
-- included: a refusal a test asserts is never the helper's own.

create or replace function tests.fixture_row_id(target regclass, id_prefix text, name_pattern text, name text)
returns uuid
language plpgsql stable security definer
set search_path = ''
as $$
declare
  found_id uuid;
begin
  if fixture_row_id.name ~ name_pattern then
    execute format('select t.id from %s t where t.id = $1', target)
      into found_id
      using (id_prefix || lower(fixture_row_id.name))::uuid;
  end if;
  if found_id is null then
    raise exception 'no fixture row named % in %', coalesce(quote_literal(fixture_row_id.name), 'null'), target
      using errcode = 'P0002', hint = 'Fixture rows are named as in db/fixtures/README.md; is the fixture loaded?';
  end if;
  return found_id;
end
$$;
comment on function tests.fixture_row_id(regclass, text, text, text) is
  'The id a fixture name maps to (id_prefix || lower(name), name matching name_pattern), if target holds that row; raises P0002 otherwise.';

create or replace function tests.organisation_id(name text)
returns uuid
language sql stable
as $$
  select tests.fixture_row_id('public.organisations', '00000000-0000-4000-a000-00000000000', '^[A-F]$', name)
$$;
comment on function tests.organisation_id(text) is 'The fixture organisation A, B or C by its letter; raises P0002 for any other name.';

create or replace function tests.activity_id(name text)
returns uuid
language sql stable
as $$
  select tests.fixture_row_id('public.activities', '00000000-0000-4000-d000-000000000', '^[A-F][0-9]{2}$', name)
$$;
comment on function tests.activity_id(text) is
  'The fixture activity named as in db/fixtures/README.md (''A08''); raises P0002 when no activity has that name.';

create or replace function tests.contact_id(name text)
returns uuid
language sql stable
as $$
  select tests.fixture_row_id('public.contacts', '00000000-0000-4000-c000-000000000', '^[a-f][0-9]{2}$', name)
$$;
comment on function tests.contact_id(text) is
  'The fixture contact named as in db/fixtures/README.md (''a01''); raises P0002 when no contact has that name.';

revoke all on function tests.fixture_row_id(regclass, text, text, text), tests.organisation_id(text),
  tests.activity_id(text), tests.contact_id(text) from public;
grant execute on function tests.fixture_row_id(regclass, text, text, text), tests.organisation_id(text),
  tests.activity_id(text), tests.contact_id(text) to anon, authenticated, service_role;
