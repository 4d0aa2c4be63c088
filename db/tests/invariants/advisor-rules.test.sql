-- The database advisor's rules that apply here (db/tests/support/25-advisor-rules.sql)
-- hold on the migrated schema, and each rule really fires: one violation per rule
-- is created inside this rolled-back transaction and must be reported.
begin;
set local search_path = extensions, tests, public;
select plan(18);

select is_empty($$ select violation from tests.advisor_violations() where rule = 'no_definer_in_exposed_schema' $$,
  'no security-definer function in public: every RPC is security invoker');
select is_empty($$ select violation from tests.advisor_violations() where rule = 'auth_users_not_exposed' $$,
  'no view in public reads auth.users');
select is_empty($$ select violation from tests.advisor_violations() where rule = 'one_permissive_policy' $$,
  'at most one permissive policy per table, role and command');
select is_empty($$ select violation from tests.advisor_violations() where rule = 'no_always_true_write_policy' $$,
  'no write policy lets every row through');
select is_empty($$ select violation from tests.advisor_violations() where rule = 'no_duplicate_index' $$,
  'no table has two identical indexes');
select is_empty($$ select violation from tests.advisor_violations() where rule = 'no_extension_in_exposed_schema' $$,
  'no extension lives in public');
select is_empty($$ select violation from tests.advisor_violations() where rule = 'no_foreign_table_in_exposed_schema' $$,
  'no foreign table lives in public');
select is_empty($$ select violation from tests.advisor_violations() where rule = 'no_unupgradable_reg_types' $$,
  'no column stores a reg* type pg_upgrade cannot carry');
select is_empty($$ select violation from tests.advisor_violations() where rule = 'auth_references_primary_key' $$,
  'every foreign key into auth references its primary key');

-- One violation of each rule.
create function public.zz_definer() returns int language sql security definer set search_path = pg_catalog, pg_temp as 'select 1';
create view public.zz_accounts with (security_invoker = true) as select id from auth.users;
create table public.zz_policies (id int primary key);
alter table public.zz_policies enable row level security;
create policy select_one on public.zz_policies for select to authenticated using (id > 0);
create policy select_two on public.zz_policies for select to authenticated using (id < 10);
create policy delete_anything on public.zz_policies for delete to authenticated using (true);
create index zz_policies_id_a on public.zz_policies (id);
create index zz_policies_id_b on public.zz_policies (id);
create foreign data wrapper zz_wrapper;
create server zz_server foreign data wrapper zz_wrapper;
create foreign table public.zz_remote_rows (id int) server zz_server;
create table public.zz_reg (id int primary key, fn regproc);
alter table public.zz_reg enable row level security;
create table public.zz_by_email (id int primary key, email text references auth.users (email));

create function pg_temp.fires(rule text, needle text) returns boolean language sql as $$
  select exists (select from tests.advisor_violations() v where v.rule = fires.rule and v.violation like '%' || needle || '%')
$$;

select ok(pg_temp.fires('no_definer_in_exposed_schema', 'zz_definer'), 'a security-definer function in public is reported');
select ok(pg_temp.fires('auth_users_not_exposed', 'zz_accounts'), 'a view in public over auth.users is reported');
select ok(pg_temp.fires('one_permissive_policy', 'select_one, select_two'), 'two permissive select policies for one role are reported');
select ok(pg_temp.fires('no_always_true_write_policy', 'delete_anything'), 'a delete policy of plain true is reported');
select ok(pg_temp.fires('no_duplicate_index', 'zz_policies_id_a'), 'two identical indexes are reported');
select ok(pg_temp.fires('no_foreign_table_in_exposed_schema', 'zz_remote_rows'), 'a foreign table in public is reported');
select ok(pg_temp.fires('no_unupgradable_reg_types', 'zz_reg'), 'a regproc column is reported');
select ok(pg_temp.fires('auth_references_primary_key', 'zz_by_email'), 'a foreign key to a unique column of auth.users is reported');
-- Extensions with no objects of their own are not on every server; plpgsql's
-- catalogue row stands in for one moved into public.
update pg_extension set extnamespace = 'public'::regnamespace where extname = 'plpgsql';
select ok(pg_temp.fires('no_extension_in_exposed_schema', 'plpgsql'), 'an extension in public is reported');

select * from finish();
rollback;
