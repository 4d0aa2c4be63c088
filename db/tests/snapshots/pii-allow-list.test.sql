-- The figures' allow-list: anything but the documented shape is refused with
-- BF001, through the RPC and through a direct table write, and nothing is stored.
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
select plan(25);

select tests.authenticate_as('coordinator.a@fixture.example');
create temporary table good as
select public.compute_bufdir_metrics(tests.organisation_id('A'), '2026-01-01', '2026-06-30') as doc;
grant select on good to authenticated, service_role;
select tests.fingerprint('public.bufdir_metric_snapshots') as before \gset

create function pg_temp.save(doc jsonb) returns text language sql as $$
  select tests.outcome(format(
    'select public.save_metric_snapshot(%L, %L, %L, %L)',
    tests.organisation_id('A'), '2026-01-01', '2026-06-30', doc))
$$;

select is(pg_temp.save((select doc || '{"contact_name": "Kari Nordmann"}' from good)), 'error:BF001', 'a name under an extra key is refused');
select is(pg_temp.save((select jsonb_set(doc, '{totals,activity_days}', '"Kari Nordmann"') from good)), 'error:BF001', 'a name in place of a count is refused');
select is(pg_temp.save((select jsonb_set(doc, '{activity_days_by_county,kari@example.no}', '1') from good)), 'error:BF001', 'an e-mail address as a breakdown key is refused');
select is(pg_temp.save((select jsonb_set(doc, '{activity_days_by_month,+47 912 34 567}', '1') from good)), 'error:BF001', 'a phone number as a key is refused');
select is(pg_temp.save((select jsonb_set(doc, '{activity_days_by_county,01017012345}', '1') from good)), 'error:BF001', 'a national identity number as a key is refused');
select is(pg_temp.save((select jsonb_set(doc, '{totals,participations}', '"12017012345"') from good)), 'error:BF001', 'a national identity number as a value is refused');
select is(pg_temp.save((select jsonb_set(doc, '{activities_by_path,00000000-0000-4000-c000-000000000a01}', '1') from good)), 'error:BF001', 'a person id as a key is refused');
select is(pg_temp.save((select jsonb_set(doc, '{entries_left_out_by_reason,pending.a@fixture.example}', '1') from good)), 'error:BF001', 'an e-mail address as a left-out reason is refused');
select is(pg_temp.save((select doc - 'entries_left_out_by_reason' from good)), 'error:BF001', 'figures without the entries left out are refused');
select is(pg_temp.save((select jsonb_set(doc, '{shape_version}', '1') from good)), 'error:BF001', 'figures of shape version 1 are refused');
select is(pg_temp.save((select jsonb_set(doc, '{totals,minutes_total}', '12.5') from good)), 'error:BF001', 'a fraction is refused');
select is(pg_temp.save((select jsonb_set(doc, '{totals,minutes_total}', '-5') from good)), 'error:BF001', 'a negative count is refused');
select is(pg_temp.save((select jsonb_set(doc, '{totals,minutes_total}', '9007199254740992') from good)), 'error:BF001', 'a count beyond 2^53-1 is refused');
select is(pg_temp.save((select jsonb_set(doc, '{activities_by_kind,other}', '{"note": "met at the hospital"}') from good)), 'error:BF001', 'nested free text is refused');
select is(pg_temp.save((select jsonb_set(doc, '{rule_version}', '"Kari met Ola"') from good)), 'error:BF001', 'free text in a metadata string is refused');
select is(pg_temp.save((select jsonb_set(doc, '{period,note}', '"x"') from good)), 'error:BF001', 'an extra key in the period is refused');
select is(pg_temp.save((select doc - 'totals' from good)), 'error:BF001', 'a missing section is refused');
select is(pg_temp.save((select jsonb_set(doc, '{totals,unique_participants_is_lower_bound}', '1') from good)), 'error:BF001', 'a number where a boolean belongs is refused');
select is(pg_temp.save('"Kari Nordmann"'), 'error:BF001', 'a bare string is refused');
select is(pg_temp.save('[1, 2, 3]'), 'error:BF001', 'an array is refused');
select is(tests.fingerprint('public.bufdir_metric_snapshots'), :'before', 'after every refusal no snapshot was written');

-- The same allow-list guards direct writes, even the service role's.
select tests.authenticate_as_service_role();
select is(tests.outcome($$insert into public.bufdir_metric_snapshots (org_id, period_start, period_end, snapshot_json, rule_version, record_count_at_generation, content_hash)
  select tests.organisation_id('A'), '2026-01-01', '2026-06-30', doc || '{"email": "kari@example.no"}', '2026.1', 0, '' from good$$),
  'error:BF001', 'a direct insert with an e-mail address is refused');
select is(pg_temp.save((select doc from good)), 'ok:1', 'the computed figures themselves pass');
select is(tests.outcome($$update public.bufdir_metric_snapshots set snapshot_json = jsonb_set(snapshot_json, '{totals,active_mentors}', '"Per Johansen"')$$),
  'error:BF001', 'a direct update that puts a name in the figures is refused');
select is((select snapshot_json from public.bufdir_metric_snapshots), (select doc from good), 'the stored figures are unchanged');

select * from finish();
rollback;
