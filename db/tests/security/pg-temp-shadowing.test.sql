-- Code planted in pg_temp never runs as another role. Any role with TEMP on the
-- database (PUBLIC has it) can create types and relations in its session's
-- temporary schema, which PostgreSQL searches first unless a function's
-- search_path names pg_temp explicitly (and last). Each attacker (anon, an
-- outsider, a mentor, a coordinator) plants domains named like built-in types
-- and views named like every project table, each recording current_user when
-- evaluated; then calls every public RPC and reads every public table. Whatever
-- the planted code records must be the attacker's own role: a row recorded as
-- the owner would mean a definer function ran it. Refused writes change nothing.
begin;
set local search_path = extensions, tests, public;
\ir ../../fixtures/bufdir-fixture.sql
select tests.create_user('outsider@attack.example') as outsider_id \gset
select plan(11);

-- One call per RPC in public, in an order in which later calls find work to do.
create temporary table attack_calls (ordinal int primary key, rpc text not null unique, statement text not null);
insert into attack_calls values
  (1, 'custom_access_token_hook', $$select public.custom_access_token_hook('{"user_id": "00000000-0000-4000-b000-000000000001", "claims": {"sub": "00000000-0000-4000-b000-000000000001", "role": "authenticated"}}')$$),
  (2, 'list_member_names', $$select * from public.list_member_names('00000000-0000-4000-a000-00000000000a')$$),
  (3, 'list_activities', $$select * from public.list_activities('00000000-0000-4000-a000-00000000000a', '2026-01-01', '2026-01-31')$$),
  (4, 'register_activity', $$select public.register_activity('00000000-0000-4000-a000-00000000000a', 'direct', 'in_person_outreach', '2026-01-02', 60, array['00000000-0000-4000-b000-000000000001']::uuid[])$$),
  (5, 'edit_activity', $$select public.edit_activity('00000000-0000-4000-a000-00000000000a', '00000000-0000-4000-d000-000000000a01', 'in_person_outreach', '2026-01-01', 45, array['00000000-0000-4000-b000-000000000001']::uuid[])$$),
  (6, 'compute_bufdir_metrics', $$select public.compute_bufdir_metrics('00000000-0000-4000-a000-00000000000a', '2026-01-01', '2026-01-31')$$),
  (7, 'refresh_metric_snapshot', $$select public.refresh_metric_snapshot('00000000-0000-4000-a000-00000000000a', '2026-01-01', '2026-01-31')$$),
  (8, 'get_metric_snapshot', $$select * from public.get_metric_snapshot('00000000-0000-4000-a000-00000000000a', '2026-01-01', '2026-01-31')$$),
  (9, 'metric_snapshot_status', $$select public.metric_snapshot_status('00000000-0000-4000-a000-00000000000a', '2026-01-01', '2026-01-31')$$),
  (10, 'verify_metric_snapshot', $$select * from public.verify_metric_snapshot('00000000-0000-4000-a000-00000000000a', '2026-01-01', '2026-01-31')$$),
  (11, 'export_bufdir_report', $$select public.export_bufdir_report('00000000-0000-4000-a000-00000000000a', '2026-01-01', '2026-01-31')$$),
  (12, 'save_metric_snapshot', $$select public.save_metric_snapshot('00000000-0000-4000-a000-00000000000a', '2026-02-01', '2026-02-28', '{}'::jsonb)$$),
  (13, 'delete_metric_snapshot', $$select public.delete_metric_snapshot('00000000-0000-4000-a000-00000000000a', '2026-01-01', '2026-01-31')$$),
  (14, 'set_summaries_enabled', $$select public.set_summaries_enabled('00000000-0000-4000-a000-00000000000a', true)$$),
  (15, 'generate_periodic_summaries', $$select * from public.generate_periodic_summaries('00000000-0000-4000-a000-00000000000a', 'month', '2026-01-01')$$),
  (16, 'list_periodic_summaries_since', $$select * from public.list_periodic_summaries_since('00000000-0000-4000-a000-00000000000a')$$),
  (17, 'invalidate_periodic_summaries', $$select public.invalidate_periodic_summaries('00000000-0000-4000-a000-00000000000a', '2026-01-01', '2026-01-31')$$),
  (18, 'delete_activity', $$select public.delete_activity('00000000-0000-4000-a000-00000000000a', '00000000-0000-4000-d000-000000000a01')$$),
  (19, 'set_review_limits', $$select public.set_review_limits('00000000-0000-4000-a000-00000000000a', 60, 10, 5)$$),
  (20, 'list_held_activities', $$select * from public.list_held_activities('00000000-0000-4000-a000-00000000000a', '2026-01-01', '2026-01-31')$$),
  (21, 'confirm_activity', $$select public.confirm_activity('00000000-0000-4000-a000-00000000000a', '00000000-0000-4000-d000-000000000a01')$$),
  (22, 'create_organisation', $$select public.create_organisation('Planted', 'outsider@attack.example')$$),
  (23, 'list_organisations', $$select * from public.list_organisations()$$),
  (24, 'add_member', $$select public.add_member('00000000-0000-4000-a000-00000000000a', 'outsider@attack.example', 'admin')$$),
  (25, 'set_member_status', $$select public.set_member_status('00000000-0000-4000-a000-00000000000a', '00000000-0000-4000-b000-000000000005', 'approved')$$),
  (26, 'list_members', $$select * from public.list_members('00000000-0000-4000-a000-00000000000a')$$),
  (27, 'add_mentor_active_period', $$select public.add_mentor_active_period('00000000-0000-4000-a000-00000000000a', '00000000-0000-4000-b000-000000000004', '2026-04-01')$$),
  (28, 'list_mentor_active_periods', $$select * from public.list_mentor_active_periods('00000000-0000-4000-a000-00000000000a')$$),
  (29, 'add_contact', $$select public.add_contact('00000000-0000-4000-a000-00000000000a', 'Planted Contact')$$),
  (30, 'list_contacts', $$select * from public.list_contacts('00000000-0000-4000-a000-00000000000a')$$),
  (31, 'end_mentor_active_period', $$select public.end_mentor_active_period('00000000-0000-4000-a000-00000000000a', '00000000-0000-4000-e000-000000000a05', '2026-06-30')$$),
  (32, 'explain_activities', $$select * from public.explain_activities('00000000-0000-4000-a000-00000000000a', '2026-01-01', '2026-01-31')$$),
  (33, 'explain_activity', $$select * from public.explain_activity('00000000-0000-4000-a000-00000000000a', '00000000-0000-4000-d000-000000000a02')$$),
  (34, 'count_entries_by_verdict', $$select * from public.count_entries_by_verdict('00000000-0000-4000-a000-00000000000a', '2026-01-01', '2026-01-31')$$);

select set_eq(
  $$select rpc from attack_calls$$,
  $$select p.proname::text from pg_catalog.pg_proc p where p.pronamespace = 'public'::regnamespace and p.prorettype <> 'trigger'::regtype$$,
  'every RPC in public is attacked below');

-- What the planted code saw: the role it ran as.
create temporary table planted_runs (run_as text not null, planted text not null);
grant select, insert on planted_runs to public;
grant select on attack_calls to public;

-- Every row of every project table, for "nothing changed" (read as the owner, with nothing planted).
create function pg_temp.all_rows() returns text language sql as $$
  select string_agg(c.oid::regclass::text || '=' || tests.fingerprint(c.oid::regclass), ',' order by c.oid::regclass::text)
  from pg_catalog.pg_class c
  where c.relkind in ('r', 'p') and c.relnamespace in ('public'::regnamespace, 'private'::regnamespace)
$$;

-- The plant, run as the attacker: the recorder, a view named like each project
-- table (same columns, recording when read), and domains named like the types
-- function bodies cast to.
create function pg_temp.plant() returns void language plpgsql as $plant$
declare
  target record;
begin
  create function pg_temp.planted_check(planted pg_catalog.text) returns pg_catalog.bool
  language plpgsql volatile as $check$
  begin
    insert into pg_temp.planted_runs (run_as, planted) values (current_user, planted);
    return true;
  end
  $check$;
  for target in
    select c.relname, string_agg(pg_catalog.format('null::%s as %I', a.atttypid::regtype, a.attname), ', ' order by a.attnum) as columns
    from pg_catalog.pg_class c
    join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    where c.relkind in ('r', 'p', 'v') and c.relnamespace in ('public'::regnamespace, 'hidden'::regnamespace, 'private'::regnamespace)
    group by c.oid, c.relname
    order by c.relname
  loop
    execute pg_catalog.format(
      'create view pg_temp.%I as select %s from pg_catalog.generate_series(1, 1) where pg_temp.planted_check(%L)',
      target.relname, target.columns, target.relname);
  end loop;
  create domain pg_temp.uuid as pg_catalog.uuid check (pg_temp.planted_check('uuid'));
  create domain pg_temp.jsonb as pg_catalog.jsonb check (pg_temp.planted_check('jsonb'));
  create domain pg_temp.date as pg_catalog.date check (pg_temp.planted_check('date'));
  create domain pg_temp.text as pg_catalog.text check (pg_temp.planted_check('text'));
end
$plant$;

-- The attack, as the attacker: every RPC, then a read of every public table.
create function pg_temp.attack() returns void language plpgsql as $attack$
declare
  call record;
begin
  -- The attacker's own statement uses the planted types: proof the plant resolves.
  perform tests.outcome($$select '00000000-0000-4000-a000-00000000000a'::uuid, '{}'::jsonb$$);
  for call in select * from pg_temp.attack_calls order by ordinal loop
    perform tests.outcome(call.statement);
  end loop;
  for call in
    select c.relname from pg_catalog.pg_class c
    where c.relkind in ('r', 'p', 'v') and c.relnamespace = 'public'::regnamespace
    order by c.relname
  loop
    perform tests.outcome(pg_catalog.format('select count(*) from public.%I', call.relname));
  end loop;
end
$attack$;

-- Back as the owner: remove the plant before anything else runs.
create function pg_temp.unplant() returns void language plpgsql as $unplant$
declare
  planted record;
begin
  drop domain pg_temp.uuid, pg_temp.jsonb, pg_temp.date, pg_temp.text;
  for planted in select c.relname from pg_catalog.pg_class c where c.relkind = 'v' and c.relnamespace = pg_catalog.pg_my_temp_schema() loop
    execute pg_catalog.format('drop view pg_temp.%I', planted.relname);
  end loop;
  drop function pg_temp.planted_check(pg_catalog.text);
end
$unplant$;
grant execute on function pg_temp.plant(), pg_temp.attack(), pg_temp.all_rows() to public;

-- One attacker's turn: sign in (null: anon), plant, attack; then, back as the owner, unplant.
create function pg_temp.attack_as(email text) returns void language plpgsql as $turn$
begin
  if email is null then
    perform tests.authenticate_as_anon();
  else
    perform tests.authenticate_as(email);
  end if;
  perform pg_temp.plant();
  perform pg_temp.attack();
  perform tests.clear_authentication();
  perform pg_temp.unplant();
end
$turn$;

-- What the turn's planted code recorded: live as the attacker, never as anyone else.
create function pg_temp.verdict(attacker text, database_role text) returns setof text language plpgsql as $verdict$
begin
  return next ok(exists (select from planted_runs where run_as = database_role),
    attacker || '''s planted code ran (the plant is live)');
  return next is(array(select distinct run_as || ': ' || planted from planted_runs where run_as <> database_role order by 1), '{}'::text[],
    attacker || '''s planted code never ran as another role');
  truncate planted_runs;
end
$verdict$;

create temporary table before as select pg_temp.all_rows() as all_rows;

select pg_temp.attack_as(null);
select pg_temp.verdict('anon', 'anon');
select is(pg_temp.all_rows(), (select all_rows from before), 'anon changed nothing');

-- an outsider (a signed-in user with no membership)
select pg_temp.attack_as('outsider@attack.example');
select pg_temp.verdict('the outsider', 'authenticated');
select is(pg_temp.all_rows(), (select all_rows from before), 'the outsider changed nothing');

-- a mentor of A (registers, edits and deletes their own direct entries)
select pg_temp.attack_as('mentor.a@fixture.example');
select pg_temp.verdict('the mentor', 'authenticated');

-- a coordinator of A (computes, saves, exports and generates: the deepest definer paths)
select pg_temp.attack_as('coordinator.a@fixture.example');
select pg_temp.verdict('the coordinator', 'authenticated');

select * from finish();
rollback;
