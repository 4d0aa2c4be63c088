-- The delta-sync horizon is a row lock on a private per-organisation row: no API
-- role can read, lock or change that row, the old advisory keys are not used by
-- anything any more, and every organisation has its row from the start. The
-- waits themselves (BF010 for a reader, 55P03 for a writer) need two sessions:
-- tests/concurrency/summary-sync-cursor.test.ts.
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
select plan(20);

create temporary table horizon_before as select tests.fingerprint('private.summary_horizons') as digest;

-- Every organisation has its row, made with it.
select is((select count(*)::int from private.summary_horizons), (select count(*)::int from public.organisations),
  'every organisation has a horizon row');
insert into public.organisations (id, name) values ('00000000-0000-4000-a000-0000000000cc', 'Horizon test organisation');
select ok(exists (select from private.summary_horizons where org_id = '00000000-0000-4000-a000-0000000000cc'),
  'a new organisation gets its horizon row at once');
delete from public.organisations where id = '00000000-0000-4000-a000-0000000000cc';
select ok(not exists (select from private.summary_horizons where org_id = '00000000-0000-4000-a000-0000000000cc'),
  'and loses it with the organisation');

-- anon
select tests.authenticate_as_anon();
select is(tests.outcome($$select * from private.summary_horizons for update$$), 'error:42501', 'anon cannot lock a horizon row');
select is(tests.outcome($$select * from private.summary_horizons for share$$), 'error:42501', 'anon cannot take a horizon row in shared mode');
select is(tests.outcome($$delete from private.summary_horizons$$), 'error:42501', 'anon cannot delete horizon rows');
select is(tests.outcome($$select private.share_summary_horizons(array[tests.organisation_id('A')])$$), 'error:42501',
  'anon cannot call the writers'' lock');
select tests.clear_authentication();
select is(tests.fingerprint('private.summary_horizons'), (select digest from horizon_before), '... and nothing changed');

-- authenticated: a coordinator of A
select tests.authenticate_as('coordinator.a@fixture.example');
select is(tests.outcome($$select * from private.summary_horizons for update$$), 'error:42501', 'a coordinator cannot lock a horizon row');
select is(tests.outcome($$insert into private.summary_horizons values ('00000000-0000-4000-a000-0000000000cd')$$), 'error:42501',
  'a coordinator cannot add a horizon row');
select is(tests.outcome($$select private.await_summary_writers(tests.organisation_id('A'))$$), 'error:42501',
  'a coordinator cannot call the reader''s lock directly');
select tests.clear_authentication();
select is(tests.fingerprint('private.summary_horizons'), (select digest from horizon_before), '... and nothing changed');

-- service role
select tests.authenticate_as_service_role();
select is(tests.outcome($$select * from private.summary_horizons for update$$), 'error:42501', 'the service role cannot lock a horizon row either');
select tests.clear_authentication();
select is(tests.fingerprint('private.summary_horizons'), (select digest from horizon_before), '... and nothing changed');

-- What the functions use now.
select tests.clear_authentication();
select is(
  array(select p.oid::regprocedure::text from pg_proc p
        where p.pronamespace in ('public'::regnamespace, 'hidden'::regnamespace, 'private'::regnamespace)
          and p.prosrc ~ 'pg_advisory[a-z_]*lock[a-z_]*\(\s*pg_catalog\.hashtext\(''private\.summary_changes''\)'
        order by 1),
  '{}'::text[], 'no function takes the old advisory sync keys any more');
select ok(pg_get_functiondef('private.await_summary_writers(uuid)'::regprocedure) ~ 'for update',
  'the reader takes the horizon row FOR UPDATE');
select ok(pg_get_functiondef('private.share_summary_horizons(uuid[])'::regprocedure) ~ 'for share',
  'writers take it FOR SHARE');
select is((select provolatile::text from pg_proc where oid = 'public.list_periodic_summaries_since(uuid,text,integer)'::regprocedure), 'v',
  'the sync RPC is volatile: a read-only transaction could not lock the row');

-- A writer makes the horizon its own for the rest of its transaction, and the
-- reader in the same transaction still lists (its own changes left out).
select tests.authenticate_as('coordinator.a@fixture.example');
select lives_ok($$select public.generate_periodic_summaries(tests.organisation_id('A'), 'month', '2026-01-01')$$,
  'a coordinator regenerates January (taking the horizon in shared mode)');
select is((select count(*)::int from public.list_periodic_summaries_since(tests.organisation_id('A'))), 0,
  'a writer syncing in its own transaction is not refused as busy by itself, and sees none of its own changes');

select * from finish();
rollback;
