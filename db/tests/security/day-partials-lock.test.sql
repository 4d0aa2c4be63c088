-- Rebuilds of an organisation's day partials are serialised by a row lock only
-- the owner can take, and no function takes an advisory lock (any login can take
-- any advisory key and so stall whoever waits on it).
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
select plan(8);

select is(
  (select array_agg(p.oid::regprocedure::text order by p.oid::regprocedure::text)
   from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
   where n.nspname not in ('pg_catalog', 'information_schema', 'extensions')
     and p.prosrc ~* 'pg_(try_)?advisory'),
  null,
  'no function of the project takes (or tries) an advisory lock');
select ok((select p.prosrc ~ 'private\.lock_day_partials\(' from pg_catalog.pg_proc p
           where p.oid = 'private.refresh_day_partials(uuid, date, date)'::regprocedure),
  'refresh_day_partials takes the organisation''s day-partials row lock');
select is((select count(*) from public.organisations o
           where not exists (select from private.day_partial_locks l where l.org_id = o.id)),
  0::bigint, 'every organisation has its day-partials lock row, made with it');
select ok(not has_function_privilege('anon', 'private.lock_day_partials(uuid)', 'execute')
          and not has_function_privilege('authenticated', 'private.lock_day_partials(uuid)', 'execute')
          and not has_function_privilege('service_role', 'private.lock_day_partials(uuid)', 'execute'),
  'no API role may call the lock function');

select tests.fingerprint('private.day_partial_locks') as before \gset
select tests.authenticate_as_anon();
select is(tests.outcome($$select from private.day_partial_locks for update$$), 'error:42501',
  'anon cannot lock an organisation''s day-partials row');
select tests.authenticate_as('coordinator.a@fixture.example');
select is(tests.outcome($$select from private.day_partial_locks for update$$), 'error:42501',
  'a coordinator cannot lock it either');
select tests.authenticate_as_service_role();
select is(tests.outcome($$select from private.day_partial_locks for update$$), 'error:42501',
  'nor can the service role');
select tests.clear_authentication();
select is(tests.fingerprint('private.day_partial_locks'), :'before', 'after the refused locks, the lock rows are unchanged');

select * from finish();
rollback;
