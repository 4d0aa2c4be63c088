-- The table path keeps the RPCs' rules: nobody removes the registrant's link from
-- a direct entry, a mentor adds no link to their soft-deleted entry, and no API
-- caller writes id, created_at or updated_at (the server sets them; created_at
-- orders a mentor's entries of a day in the counting rules), nor moves an entry
-- to another registrant or path. The RPCs keep working.
-- Fixture: in organisation A, mentor.a registered the direct entries A01, A03
-- and A14 (soft-deleted) and the contacts a01 and a02; A06 is coordinator.a's
-- proxy entry for mentor.a.
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
select plan(27);

create function pg_temp.everything() returns text language sql as $$
  select string_agg(tests.fingerprint(t), ',' order by t::text)
  from unnest(array['public.activities', 'public.activity_mentors', 'public.activity_participants',
    'public.contacts']::regclass[]) t
$$;
-- A14 is soft-deleted; without its own link, re-adding it is the test.
delete from public.activity_mentors where activity_id = tests.activity_id('A14');
select pg_temp.everything() as before \gset

-- mentor.a: links
select tests.authenticate_as('mentor.a@fixture.example');
select is(tests.outcome($$delete from public.activity_mentors where activity_id = tests.activity_id('A01')
  and mentor_id = tests.user_id('mentor.a@fixture.example')$$), 'ok:0',
  'a mentor cannot remove their own link from their direct entry (edit_activity refuses it too)');
select is(tests.outcome($$insert into public.activity_mentors
  values (tests.organisation_id('A'), tests.activity_id('A14'), tests.user_id('mentor.a@fixture.example'))$$),
  'error:42501', 'a mentor cannot add themselves to their own soft-deleted entry');
select is(tests.outcome($$insert into public.activity_participants
  values (tests.organisation_id('A'), tests.activity_id('A14'), tests.contact_id('a02'))$$), 'error:42501',
  'a mentor cannot add a participant to their own soft-deleted entry');
select is(tests.outcome($$insert into public.activities
  (org_id, id, kind, activity_date, duration_minutes, registration_path)
  values (tests.organisation_id('A'), gen_random_uuid(), 'other', '2026-06-01', 10, 'direct')$$), 'error:42501',
  'a mentor cannot choose an entry''s id');
select is(tests.outcome($$insert into public.activities
  (org_id, kind, activity_date, duration_minutes, registration_path, created_at)
  values (tests.organisation_id('A'), 'other', '2026-06-01', 10, 'direct', '2026-06-01 00:00+00')$$), 'error:42501',
  'a mentor cannot choose an entry''s created_at');
select is(tests.outcome($$insert into public.activities
  (org_id, kind, activity_date, duration_minutes, registration_path, updated_at)
  values (tests.organisation_id('A'), 'other', '2026-06-01', 10, 'direct', '2026-06-01 00:00+00')$$), 'error:42501',
  'a mentor cannot choose an entry''s updated_at');
select is(tests.outcome($$update public.activities set created_at = '2000-01-01 00:00+00'
  where id = tests.activity_id('A03')$$), 'error:42501',
  'a mentor cannot move their entry first in its day by rewriting created_at');
select is(tests.outcome($$update public.activities set updated_at = '2000-01-01 00:00+00'
  where id = tests.activity_id('A03')$$), 'error:42501',
  'a mentor cannot rewrite updated_at');
select is(tests.outcome($$update public.activities set id = gen_random_uuid()
  where id = tests.activity_id('A03')$$), 'error:42501',
  'a mentor cannot rewrite an entry''s id');
select is(tests.outcome($$insert into public.contacts (org_id, full_name, created_at)
  values (tests.organisation_id('A'), 'Backdated', '2000-01-01 00:00+00')$$), 'error:42501',
  'a mentor cannot choose a contact''s created_at');
select is(tests.outcome($$update public.contacts set updated_at = '2000-01-01 00:00+00'
  where id = tests.contact_id('a01')$$), 'error:42501',
  'a mentor cannot rewrite a contact''s updated_at');
select tests.clear_authentication();
select is(pg_temp.everything(), :'before', 'after the mentor''s refused table writes nothing changed');

-- coordinator.a
select tests.authenticate_as('coordinator.a@fixture.example');
select is(tests.outcome($$delete from public.activity_mentors where activity_id = tests.activity_id('A01')
  and mentor_id = tests.user_id('mentor.a@fixture.example')$$), 'ok:0',
  'a coordinator cannot remove the registrant from a direct entry either');
select is(tests.outcome($$update public.activities set created_at = '2000-01-01 00:00+00'
  where id = tests.activity_id('A06')$$), 'error:42501',
  'a coordinator cannot rewrite created_at');
select is(tests.outcome($$update public.activities set registered_by = tests.user_id('mentor.a@fixture.example')
  where id = tests.activity_id('A06')$$), 'error:42501',
  'a coordinator cannot hand a proxy entry to a mentor');
select is(tests.outcome($$update public.activities set registration_path = 'direct'
  where id = tests.activity_id('A06')$$), 'error:42501',
  'a coordinator cannot turn a proxy entry into a direct one');
select tests.clear_authentication();
select is(pg_temp.everything(), :'before', 'after the coordinator''s refused table writes nothing changed');

-- What stays allowed on the table path
select tests.authenticate_as('coordinator.a@fixture.example');
select is(tests.outcome($$insert into public.activity_participants
  values (tests.organisation_id('A'), tests.activity_id('A14'), tests.contact_id('a02'))$$), 'ok:1',
  'a coordinator may still link a participant to a soft-deleted entry (they alone restore)');
select is(tests.outcome($$update public.activities set deleted_at = null where id = tests.activity_id('A14')$$), 'ok:1',
  'a coordinator restores the soft-deleted entry');
select tests.authenticate_as('mentor.a@fixture.example');
select is(tests.outcome($$insert into public.activity_mentors
  values (tests.organisation_id('A'), tests.activity_id('A14'), tests.user_id('mentor.a@fixture.example'))$$), 'ok:1',
  'once it is live, the mentor names themselves in it again');
select is(tests.outcome($$update public.activities set duration_minutes = 45
  where id = tests.activity_id('A03')$$), 'ok:1',
  'a mentor edits a field of their own live entry');
select is(tests.outcome($$insert into public.activities
  (org_id, kind, activity_date, duration_minutes, registration_path)
  values (tests.organisation_id('A'), 'other', '2026-06-01', 10, 'direct') returning id$$), 'ok:1',
  'a mentor registers a direct entry on the table path, the server choosing id and timestamps');

-- The RPCs write only the columns a client may set
select is(tests.outcome($$select public.register_activity(tests.organisation_id('A'), 'direct', 'in_person_outreach',
  '2026-06-02', 60, array[tests.user_id('mentor.a@fixture.example')]::uuid[],
  array[tests.contact_id('a01')]::uuid[])$$), 'ok:1',
  'register_activity works');
select is(tests.outcome($$select public.edit_activity(tests.organisation_id('A'), tests.activity_id('A02'),
  'in_person_outreach', '2026-01-15', 30, array[tests.user_id('mentor.a@fixture.example')]::uuid[],
  array[tests.contact_id('a01')]::uuid[])$$), 'ok:1',
  'edit_activity works');
select is((select (r).participant_ids from (select public.edit_activity(tests.organisation_id('A'),
  tests.activity_id('A02'), 'in_person_outreach', '2026-01-15', 30,
  array[tests.user_id('mentor.a@fixture.example')]::uuid[], array[tests.contact_id('a02')]::uuid[]) r) e),
  array[tests.contact_id('a02')]::uuid[], '... and returns the edited entry with its new participants');
select is(tests.outcome($$select public.delete_activity(tests.organisation_id('A'), tests.activity_id('A02'))$$),
  'ok:1', 'delete_activity works');
select tests.authenticate_as('coordinator.a@fixture.example');
select is(tests.outcome($$select public.edit_activity(tests.organisation_id('A'), tests.activity_id('A01'),
  'in_person_outreach', '2026-01-01', 60, array[tests.user_id('mentor.ab@fixture.example')]::uuid[])$$),
  'error:22023',
  'edit_activity still refuses a coordinator who drops the registrant of a direct entry, as the table path does');

select * from finish();
rollback;
