-- Each convention rule really fires: create one violation per rule inside this
-- rolled-back transaction and check that tests.convention_violations() names it.
begin;
set local search_path = extensions, tests, public;
select plan(20);

create table public.zz_no_rls (id int primary key);
create view public.zz_definer_view as select 1 as one;
create materialized view public.zz_matview as select 1 as one;

create function private.zz_definer() returns int language sql security definer as 'select 1';
grant execute on function private.zz_definer() to public;
create function public.zz_open() returns int language sql as 'select 1';
grant execute on function public.zz_open() to anon;
create function hidden.zz_empty_path() returns int language sql set search_path = '' as 'select 1';
create function private.zz_temp_first() returns int language sql set search_path = pg_temp, pg_catalog as 'select 1';
create function private.zz_bound_invoker(a int) returns int language sql immutable return a + 1;
create function private.zz_bound_definer() returns int language sql security definer return 1;
create function public.zz_overloaded(a int) returns int language sql as 'select a';
create function public.zz_overloaded(a text) returns text language sql as 'select a';
create function public.zz_numeric() returns numeric language sql as 'select 1.5';

create table public.zz_parent (id int primary key);
alter table public.zz_parent enable row level security;
create table public.zz_child (id int primary key, parent_id int references public.zz_parent (id));
alter table public.zz_child enable row level security;
create table public.zz_tenant_no_pk (org_id uuid);
alter table public.zz_tenant_no_pk enable row level security;
create table public.zz_tenant_narrow_pk (org_id uuid, id int primary key);
alter table public.zz_tenant_narrow_pk enable row level security;
create table public.zz_tenant_narrow_index (org_id uuid, id int, primary key (org_id, id));
alter table public.zz_tenant_narrow_index enable row level security;
create unique index zz_tenant_narrow_index_id on public.zz_tenant_narrow_index (id);

create table public.zz_policies (id int primary key, owner uuid);
alter table public.zz_policies enable row level security;
create policy select_members on public.zz_policies for select to authenticated
  using ((select auth.jwt()) -> 'user_metadata' ->> 'team' = 'a');
comment on policy select_members on public.zz_policies is 'reads user_metadata';
create policy update_owner on public.zz_policies for update to authenticated
  using (owner = auth.uid());
comment on policy update_owner on public.zz_policies is 'bare auth.uid()';
create policy "Anyone can do anything" on public.zz_policies for all to public using (true);

create function pg_temp.fires(rule text, needle text) returns boolean language sql as $$
  select exists (select from tests.convention_violations() v where v.rule = fires.rule and v.violation like '%' || needle || '%')
$$;

select ok(pg_temp.fires('rls_enabled', 'zz_no_rls'), 'a table without RLS is reported');
select ok(pg_temp.fires('view_security_invoker', 'zz_definer_view'), 'a view without security_invoker is reported');
select ok(pg_temp.fires('no_materialized_view', 'zz_matview'), 'a materialized view in public is reported');
select ok(pg_temp.fires('definer_search_path', 'zz_definer'), 'a definer function without a pinned search_path is reported');
select ok(pg_temp.fires('search_path_pg_temp_last', 'zz_empty_path'), 'a function with an empty search_path (pg_temp implicitly first) is reported');
select ok(pg_temp.fires('search_path_pg_temp_last', 'zz_temp_first'), 'a function searching pg_temp first is reported');
select ok(pg_temp.fires('search_path_pg_temp_last', 'zz_bound_definer'), 'a definer function with a SQL-standard body and no pinned search_path is reported');
select ok(pg_temp.fires('search_path_pg_temp_last', 'zz_bound_invoker'), 'an invoker function with a SQL-standard body and no pinned search_path is reported (the advisor lists it too)');
select ok(pg_temp.fires('definer_not_public', 'zz_definer'), 'a definer function executable by PUBLIC is reported');
select ok(pg_temp.fires('function_not_public', 'zz_open'), 'a public function executable by anon is reported');
select ok(pg_temp.fires('no_overloads', 'zz_overloaded'), 'an overloaded function name is reported');
select ok(pg_temp.fires('function_comment', 'zz_numeric'), 'a function without a comment is reported');
select ok(pg_temp.fires('rpc_json_safe_types', 'zz_numeric'), 'an RPC returning numeric is reported');
select ok(pg_temp.fires('fk_indexed', 'zz_child'), 'a foreign key without an index is reported');
select ok(pg_temp.fires('tenant_primary_key', 'zz_tenant_no_pk'), 'a tenant table without a primary key is reported');
select ok(pg_temp.fires('tenant_constraints_include_org', 'zz_tenant_narrow_pk'), 'a tenant primary key without org_id is reported');
select ok(pg_temp.fires('tenant_unique_indexes_include_org', 'zz_tenant_narrow_index_id'), 'a tenant unique index without org_id is reported');
select ok(pg_temp.fires('policy_no_user_metadata', 'select_members on public.zz_policies'), 'a policy reading user_metadata is reported');
select ok(pg_temp.fires('policy_wrapped_calls', 'update_owner on public.zz_policies'), 'a policy calling auth.uid() bare is reported');
select ok(pg_temp.fires('policy_naming', 'Anyone can do anything'), 'a policy for ALL, to public, badly named and uncommented is reported');

select * from finish();
rollback;
