-- Identity is the database role the request runs as together with its verified
-- `sub`. A session that switched to `authenticated` can write any claims it
-- likes; claims saying `"role": "service_role"` (alone, or beside a real
-- member's `sub`), or the legacy `request.jwt.claim.role` setting, grant nothing:
-- every service-role RPC is refused for every organisation and nothing changes.
-- The real service role still gets through.
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
select plan(38);

-- Every table an RPC below could write, as one digest.
create function pg_temp.everything() returns text language sql as $$
  select string_agg(tests.fingerprint(t), ',' order by t::text)
  from unnest(array['public.bufdir_metric_snapshots', 'public.periodic_summaries', 'public.summary_push_outbox',
                    'public.bufdir_export_audit_log', 'private.summaries_switches', 'private.summary_changes',
                    'private.snapshot_generations', 'private.day_partials', 'private.day_cells']::regclass[]) t
$$;

create temporary table service_calls (rpc text, statement text);
insert into service_calls
select format('%s for %s', r.rpc, o.name), format(r.statement, o.id)
from (values ('A', tests.organisation_id('A')), ('B', tests.organisation_id('B'))) o(name, id)
cross join (values
  ('compute_bufdir_metrics', $$select public.compute_bufdir_metrics(%L, '2026-01-01', '2026-06-30')$$),
  ('refresh_metric_snapshot', $$select public.refresh_metric_snapshot(%L, '2026-01-01', '2026-06-30')$$),
  ('metric_snapshot_status', $$select public.metric_snapshot_status(%L, '2026-01-01', '2026-06-30')$$),
  ('generate_periodic_summaries', $$select * from public.generate_periodic_summaries(%L, 'half_year', '2026-01-01')$$),
  ('invalidate_periodic_summaries', $$select public.invalidate_periodic_summaries(%L, '2026-01-01', '2026-06-30')$$)
) r(rpc, statement)
union all
select 'set_summaries_enabled(null, false)', $$select public.set_summaries_enabled(null, false)$$;
grant select on service_calls to authenticated, service_role;

-- Something to invalidate, so a refused invalidation would show.
select tests.authenticate_as_service_role();
select is((select count(*)::int from public.generate_periodic_summaries(tests.organisation_id('A'), 'half_year', '2026-01-01')), 6,
  'setup: the service role generates A''s H1 summaries');
select tests.clear_authentication();
select pg_temp.everything() as before \gset

-- Database role authenticated, claims naming the service role and no user.
select set_config('role', 'authenticated', true);
select set_config('request.jwt.claims', '{"role":"service_role"}', true);
select is(tests.outcome(c.statement), 'error:42501', 'authenticated with a service_role claim: ' || c.rpc || ' is refused')
from service_calls c order by c.rpc;
select tests.clear_authentication();
select is(pg_temp.everything(), :'before', 'nothing changed after the refused calls with a bare service_role claim');

-- Database role authenticated, a real coordinator of A whose claims say service_role.
select set_config('role', 'authenticated', true);
select set_config('request.jwt.claims', json_build_object('sub', tests.user_id('coordinator.a@fixture.example'), 'role', 'service_role')::text, true);
select is(tests.outcome(c.statement), 'error:42501', 'a coordinator of A claiming service_role, even in A: ' || c.rpc || ' is refused')
from service_calls c order by c.rpc;
select tests.clear_authentication();
select is(pg_temp.everything(), :'before', 'nothing changed after the refused calls of a member claiming service_role');

-- Legacy per-claim settings are never read.
select tests.authenticate_as('coordinator.b@fixture.example');
select set_config('request.jwt.claim.role', 'service_role', true);
select is(tests.outcome(c.statement), 'error:42501', 'a coordinator of B with request.jwt.claim.role = service_role: ' || c.rpc || ' is refused')
from service_calls c where c.rpc not like '% for B' order by c.rpc;
select set_config('request.jwt.claim.role', '', true);
select tests.clear_authentication();
select is(pg_temp.everything(), :'before', 'nothing changed after the refused calls with a legacy role setting');

-- The real service role still works.
select tests.authenticate_as_service_role();
select lives_ok($$select public.compute_bufdir_metrics(tests.organisation_id('B'), '2026-01-01', '2026-06-30')$$,
  'the service role computes B''s figures');
select is((public.refresh_metric_snapshot(tests.organisation_id('B'), '2026-01-01', '2026-06-30')).org_id,
  tests.organisation_id('B'), 'the service role refreshes B''s snapshot');
select is((public.metric_snapshot_status(tests.organisation_id('B'), '2026-01-01', '2026-06-30')).is_stale, false,
  'the service role reads B''s snapshot status');
select is(public.invalidate_periodic_summaries(tests.organisation_id('A'), '2026-01-01', '2026-06-30'), 6,
  'the service role invalidates A''s summaries');
select lives_ok($$select public.set_summaries_enabled(null, false)$$, 'the service role switches summaries off globally');
select tests.clear_authentication();
select is((select enabled from private.summaries_switches where org_id = '00000000-0000-0000-0000-000000000000'), false,
  'the global switch is off');

select * from finish();
rollback;
