-- Fixture rows by name (db/tests/support/15-fixture-names.sql): a name gives the
-- row db/fixtures/README.md describes under it, whoever asks; a name that names no
-- row raises instead of answering null.
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
select plan(22);

-- Known names: the id the fixture gives the row, and the row the README describes.
select is(tests.organisation_id('A'), '00000000-0000-4000-a000-00000000000a'::uuid, 'organisation A by its letter');
select is((select name from public.organisations where id = tests.organisation_id('B')), 'Foreningen Øst',
  'organisation B is Foreningen Øst');
select is(tests.activity_id('A08'), '00000000-0000-4000-d000-000000000a08'::uuid, 'activity A08 by its name');
select is(
  (select format('%s %s %s', kind, activity_date, duration_minutes) from public.activities
   where id = tests.activity_id('A08')),
  'group_meeting 2026-03-05 60', 'A08 is the 60-minute group meeting of 2026-03-05');
select is((select deleted_at is not null from public.activities where id = tests.activity_id('A14')), true,
  'a soft-deleted activity (A14) is named too');
select is(tests.activity_id('B03'), '00000000-0000-4000-d000-000000000b03'::uuid, 'activity B03 by its name');
select is(tests.contact_id('a05'), '00000000-0000-4000-c000-000000000a05'::uuid, 'contact a05 by its name');
select is((select full_name from public.contacts where id = tests.contact_id('b01')), 'Anne Bakke',
  'contact b01 is Anne Bakke');

-- Names of no row raise, whatever their spelling.
select throws_ok($$select tests.activity_id('A22')$$, 'P0002',
  'no fixture row named ''A22'' in public.activities', 'an activity past the fixture''s last raises, naming itself');
select throws_ok($$select tests.activity_id('a08')$$, 'P0002', null,
  'a contact''s spelling (lower case) names no activity');
select throws_ok($$select tests.contact_id('A01')$$, 'P0002', null, 'an activity''s name names no contact');
select throws_ok($$select tests.organisation_id('Likepersonforeningen Vest')$$, 'P0002', null,
  'an organisation is named by its letter, not its name');
select throws_ok($$select tests.organisation_id('C')$$, 'P0002', null,
  'organisation C is named only once rule-cases-fixture.sql is loaded');
select throws_ok($$select tests.contact_id(null)$$, 'P0002', 'no fixture row named null in public.contacts',
  'a null name raises rather than answering null');
select throws_ok($$select tests.activity_id('')$$, 'P0002', null, 'an empty name raises');

-- The same answers whoever the test acts as: RLS hides no row from the names.
select tests.authenticate_as_anon();
select is(tests.organisation_id('A'), '00000000-0000-4000-a000-00000000000a'::uuid, 'anon gets organisation A''s id');
select throws_ok($$select tests.activity_id('A22')$$, 'P0002', null, '... and the same error for a name of no row');
select tests.authenticate_as('mentor.a@fixture.example');
select is((select count(*)::int from public.activities where id = tests.activity_id('A08')), 0,
  'mentor.a cannot read A08 ...');
select is(tests.activity_id('A08'), '00000000-0000-4000-d000-000000000a08'::uuid, '... yet names it');
select tests.clear_authentication();

-- The rule cases add organisation C's rows.
\ir ../../fixtures/rule-cases-fixture.sql
select is(tests.organisation_id('C'), '00000000-0000-4000-a000-00000000000c'::uuid, 'organisation C once loaded');
select is((select duration_minutes from public.activities where id = tests.activity_id('C18')), 300,
  'C18 is the entry edited to 300 minutes after its confirmation');
select is((select full_name from public.contacts where id = tests.contact_id('c07')), 'Kontakt C07', 'contact c07');

select * from finish();
rollback;
