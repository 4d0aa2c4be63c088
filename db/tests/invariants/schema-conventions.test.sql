-- Invariants over the whole schema, so no future migration can regress them.
begin;
set local search_path = extensions, tests, public;
select plan(17);

select is_empty($$ select violation from tests.convention_violations() where rule = 'rls_enabled' $$,
  'every table in public, hidden and private has row-level security enabled');
select is_empty($$ select violation from tests.convention_violations() where rule = 'view_security_invoker' $$,
  'every view in public runs with security_invoker');
select is_empty($$ select violation from tests.convention_violations() where rule = 'no_materialized_view' $$,
  'no materialized view in an exposed or API-usable schema');
select is_empty($$ select violation from tests.convention_violations() where rule = 'search_path_pg_temp_last' $$,
  'every function in public, hidden and private pins search_path with pg_temp explicitly last');
select is_empty($$ select violation from tests.convention_violations() where rule = 'definer_search_path' $$,
  'every security-definer function pins its search_path');
select is_empty($$ select violation from tests.convention_violations() where rule = 'definer_not_public' $$,
  'no security-definer function is executable by PUBLIC or anon');
select is_empty($$ select violation from tests.convention_violations() where rule = 'function_not_public' $$,
  'no function in public or hidden is executable by PUBLIC or anon');
select is_empty($$ select violation from tests.convention_violations() where rule = 'no_overloads' $$,
  'no overloaded function names in public (PostgREST cannot choose between them)');
select is_empty($$ select violation from tests.convention_violations() where rule = 'function_comment' $$,
  'every function in public, hidden and private has a comment');
select is_empty($$ select violation from tests.convention_violations() where rule = 'rpc_json_safe_types' $$,
  'no RPC in public takes or returns numeric, floating point or interval');
select is_empty($$ select violation from tests.convention_violations() where rule = 'fk_indexed' $$,
  'every foreign key is covered by an index whose leading columns are its columns');
select is_empty($$ select violation from tests.convention_violations() where rule = 'tenant_primary_key' $$,
  'every tenant table (one with org_id) has a primary key');
select is_empty($$ select violation from tests.convention_violations() where rule = 'tenant_constraints_include_org' $$,
  'every primary key and unique constraint of a tenant table includes org_id');
select is_empty($$ select violation from tests.convention_violations() where rule = 'tenant_unique_indexes_include_org' $$,
  'every unique index of a tenant table includes org_id');
select is_empty($$ select violation from tests.convention_violations() where rule = 'policy_no_user_metadata' $$,
  'no policy reads user_metadata (the user can edit it)');
select is_empty($$ select violation from tests.convention_violations() where rule = 'policy_wrapped_calls' $$,
  'no policy calls auth.uid(), auth.jwt(), auth.role() or current_setting() without a wrapping select');
select is_empty($$ select violation from tests.convention_violations() where rule = 'policy_naming' $$,
  'every policy is for one command and a named role, is named <command>_<audience>, and has a comment');

select * from finish();
rollback;
