-- Schema conventions as queries: each row is one violation, named by its rule.
-- db/tests/invariants/ asserts there are none, and proves each rule can fire.
-- Exposed schema: public (PostgREST). Policy helpers live in hidden; internals in private.

create or replace function tests.convention_violations()
returns table (rule text, violation text)
language sql stable
as $fn$
  -- every table in public, hidden and private has row-level security enabled
  select 'rls_enabled'::text, violation::text from (
  select format('%I.%I', n.nspname, c.relname)
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('r', 'p') and n.nspname in ('public', 'hidden', 'private')
    and not c.relrowsecurity
  ) v(violation)
  union all
  -- every view in public runs with security_invoker
  select 'view_security_invoker'::text, violation::text from (
  select format('%I.%I', n.nspname, c.relname)
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where c.relkind = 'v' and n.nspname = 'public'
    and not coalesce('security_invoker=true' = any (c.reloptions), false)
  ) v(violation)
  union all
  -- no materialized view in an exposed or API-usable schema
  select 'no_materialized_view'::text, violation::text from (
  select format('%I.%I', n.nspname, c.relname)
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where c.relkind = 'm' and n.nspname in ('public', 'hidden')
  ) v(violation)
  union all
  -- every security-definer function pins its search_path
  select 'definer_search_path'::text, violation::text from (
  select p.oid::regprocedure::text
  from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  where p.prosecdef and n.nspname in ('public', 'hidden', 'private')
    and not exists (select from unnest(coalesce(p.proconfig, '{}')) c where c like 'search_path=%')
  ) v(violation)
  union all
  -- every function in public, hidden and private pins search_path with pg_temp explicitly last
  -- (Supabase's advisor lists every function that pins none, whatever its body)
  select 'search_path_pg_temp_last'::text, violation::text from (
  select p.oid::regprocedure::text
  from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  where n.nspname in ('public', 'hidden', 'private')
    and not exists (
      select from unnest(coalesce(p.proconfig, '{}')) c
      where c like 'search_path=%'
        and (select array_agg(trim(both ' "' from e)) from unnest(string_to_array(substr(c, length('search_path=') + 1), ',')) e)
          = array['pg_catalog', 'pg_temp'])
  ) v(violation)
  union all
  -- no security-definer function is executable by PUBLIC or anon
  select 'definer_not_public'::text, violation::text from (
  select p.oid::regprocedure::text
  from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  where p.prosecdef and n.nspname in ('public', 'hidden', 'private')
    and (has_function_privilege('anon', p.oid, 'execute')
         or exists (select from aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a where a.grantee = 0 and a.privilege_type = 'EXECUTE'))
  ) v(violation)
  union all
  -- no function in public or hidden is executable by PUBLIC or anon
  select 'function_not_public'::text, violation::text from (
  select p.oid::regprocedure::text
  from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  where n.nspname in ('public', 'hidden')
    and (has_function_privilege('anon', p.oid, 'execute')
         or exists (select from aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a where a.grantee = 0 and a.privilege_type = 'EXECUTE'))
  ) v(violation)
  union all
  -- no overloaded function names in public (PostgREST cannot choose between them)
  select 'no_overloads'::text, violation::text from (
  select p.proname
  from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  where n.nspname = 'public'
  group by p.proname having count(*) > 1
  ) v(violation)
  union all
  -- every function in public, hidden and private has a comment
  select 'function_comment'::text, violation::text from (
  select p.oid::regprocedure::text
  from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  where n.nspname in ('public', 'hidden', 'private')
    and obj_description(p.oid, 'pg_proc') is null
  ) v(violation)
  union all
  -- no RPC in public takes or returns numeric, floating point or interval
  select 'rpc_json_safe_types'::text, violation::text from (
  with rpc_types as (
    select p.oid, t.typ
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    cross join lateral unnest(array[p.prorettype] || coalesce(p.proallargtypes, '{}')) t(typ)
    where n.nspname = 'public' and p.prokind = 'f'
  ), expanded as (
    select r.oid, r.typ from rpc_types r
    union
    select r.oid, a.atttypid
    from rpc_types r
    join pg_type t on t.oid = r.typ and t.typtype = 'c'
    join pg_attribute a on a.attrelid = t.typrelid and a.attnum > 0 and not a.attisdropped
  )
  select e.oid::regprocedure::text || ' uses ' || format_type(e.typ, null)
  from expanded e
  where e.typ in ('numeric'::regtype, 'real'::regtype, 'double precision'::regtype, 'interval'::regtype,
                  'numeric[]'::regtype, 'real[]'::regtype, 'double precision[]'::regtype, 'interval[]'::regtype)
  ) v(violation)
  union all
  -- every foreign key is covered by an index whose leading columns are its columns
  select 'fk_indexed'::text, violation::text from (
  select format('%s (%s)', c.conrelid::regclass, c.conname)
  from pg_constraint c join pg_namespace n on n.oid = c.connamespace
  where c.contype = 'f' and n.nspname in ('public', 'hidden', 'private')
    and not exists (
      select from pg_index i
      where i.indrelid = c.conrelid
        and (select array_agg(k order by k) from unnest((i.indkey::int2[])[0:cardinality(c.conkey) - 1]) k)
          = (select array_agg(k order by k) from unnest(c.conkey) k)
    )
  ) v(violation)
  union all
  -- every tenant table (one with org_id) has a primary key
  select 'tenant_primary_key'::text, violation::text from (
  select format('%I.%I', n.nspname, c.relname)
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('r', 'p') and n.nspname in ('public', 'hidden', 'private')
    and exists (select from pg_attribute a where a.attrelid = c.oid and a.attname = 'org_id' and not a.attisdropped)
    and not exists (select from pg_constraint k where k.conrelid = c.oid and k.contype = 'p')
  ) v(violation)
  union all
  -- every primary key and unique constraint of a tenant table includes org_id
  select 'tenant_constraints_include_org'::text, violation::text from (
  select format('%s (%s)', k.conrelid::regclass, k.conname)
  from pg_constraint k
  join pg_class c on c.oid = k.conrelid
  join pg_namespace n on n.oid = c.relnamespace
  join pg_attribute tenant on tenant.attrelid = c.oid and tenant.attname = 'org_id' and not tenant.attisdropped
  where k.contype in ('p', 'u') and n.nspname in ('public', 'hidden', 'private')
    and not tenant.attnum = any (k.conkey)
  ) v(violation)
  union all
  -- every unique index of a tenant table includes org_id
  select 'tenant_unique_indexes_include_org'::text, violation::text from (
  select format('%s', i.indexrelid::regclass)
  from pg_index i
  join pg_class c on c.oid = i.indrelid
  join pg_namespace n on n.oid = c.relnamespace
  join pg_attribute tenant on tenant.attrelid = c.oid and tenant.attname = 'org_id' and not tenant.attisdropped
  where i.indisunique and n.nspname in ('public', 'hidden', 'private')
    and not tenant.attnum = any (i.indkey::int2[])
  ) v(violation)
  union all
  -- no policy reads user_metadata (the user can edit it)
  select 'policy_no_user_metadata'::text, violation::text from (
  select format('%s on %I.%I', p.policyname, p.schemaname, p.tablename)
  from pg_policies p
  where coalesce(p.qual, '') || coalesce(p.with_check, '') ilike '%user_metadata%'
  ) v(violation)
  union all
  -- no policy calls auth.uid(), auth.jwt(), auth.role(), hidden.request_user_id() or current_setting() without a wrapping select
  select 'policy_wrapped_calls'::text, violation::text from (
  select format('%s on %I.%I', p.policyname, p.schemaname, p.tablename)
  from pg_policies p
  cross join lateral (select coalesce(p.qual, '') || ' ' || coalesce(p.with_check, '') as expr) e
  cross join lateral unnest(array['auth.uid()', 'auth.jwt()', 'auth.role()', 'hidden.request_user_id()', 'current_setting(']) f(fn)
  where (length(e.expr) - length(replace(e.expr, f.fn, ''))) / length(f.fn)
      > (length(e.expr) - length(replace(e.expr, 'SELECT ' || f.fn, ''))) / length('SELECT ' || f.fn)
  ) v(violation)
  union all
  -- every policy is for one command and a named role, is named <command>_<audience>, and has a comment
  select 'policy_naming'::text, violation::text from (
  select format('%s on %I.%I', p.policyname, p.schemaname, p.tablename)
  from pg_policies p
  join pg_policy pol on pol.polname = p.policyname
    and pol.polrelid = format('%I.%I', p.schemaname, p.tablename)::regclass
  where p.schemaname in ('public', 'hidden', 'private')
    and (p.policyname !~ '^(select|insert|update|delete)_[a-z_]+$'
         or obj_description(pol.oid, 'pg_policy') is null
         or p.cmd = 'ALL'
         or 'public' = any (p.roles))
  ) v(violation)
$fn$;
comment on function tests.convention_violations() is 'Every violation of the schema conventions in db/README.md, as (rule, object).';
revoke all on function tests.convention_violations() from public;
