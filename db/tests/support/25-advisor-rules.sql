-- The rules Supabase's database advisor checks that apply to this schema, as
-- queries of our own: each row is one violation, named by its rule. CI keeps them
-- without the advisor or a network. The exposed schema is public (what
-- PostgREST serves); auth is Supabase Auth's. Rules the advisor checks that
-- tests.convention_violations() already holds (row-level security on every
-- table, security-invoker views, no materialized view in the API, pinned search
-- paths, indexed foreign keys, primary keys, no user_metadata in policies,
-- auth calls wrapped in a select) are not repeated here.
-- db/tests/invariants/advisor-rules.test.sql asserts there are none and proves
-- each rule can fire.

create or replace function tests.advisor_violations()
returns table (rule text, violation text)
language sql stable
as $fn$
  -- nothing in the exposed schema runs as its owner: no security-definer function there at all
  -- (the API roles would call it over HTTP with the owner's rights)
  select 'no_definer_in_exposed_schema'::text, violation::text from (
  select p.oid::regprocedure::text
  from pg_proc p
  where p.pronamespace = 'public'::regnamespace and p.prosecdef
  ) v(violation)
  union all
  -- no view or materialized view in the exposed schema reads auth.users (it would publish the accounts)
  select 'auth_users_not_exposed'::text, violation::text from (
  select distinct v.oid::regclass::text
  from pg_class v
  join pg_rewrite r on r.ev_class = v.oid
  join pg_depend d on d.classid = 'pg_rewrite'::regclass and d.objid = r.oid
  where v.relnamespace = 'public'::regnamespace and v.relkind in ('v', 'm')
    and d.refobjid = to_regclass('auth.users')
  ) v(violation)
  union all
  -- at most one permissive policy per table, role and command (each extra one is evaluated for every row)
  select 'one_permissive_policy'::text, violation::text from (
  select format('%s: %s for %s (%s)', c.oid::regclass, cmd.cmd, r.rolname, string_agg(pol.polname, ', ' order by pol.polname))
  from pg_policy pol
  join pg_class c on c.oid = pol.polrelid
  cross join lateral (
    select unnest(case pol.polcmd when '*' then array['r', 'a', 'w', 'd'] else array[pol.polcmd::text] end) as cmd) cmd
  cross join lateral unnest(case when pol.polroles = '{0}' then array(select oid from pg_roles where rolname in ('anon', 'authenticated'))
                                 else pol.polroles end) pr(role)
  join pg_roles r on r.oid = pr.role
  where pol.polpermissive and c.relnamespace in ('public'::regnamespace, 'hidden'::regnamespace, 'private'::regnamespace)
  group by c.oid, cmd.cmd, r.rolname
  having count(*) > 1
  ) v(violation)
  union all
  -- no write policy that lets every row through (a using or with check of plain true)
  select 'no_always_true_write_policy'::text, violation::text from (
  select format('%s on %s', pol.polname, c.oid::regclass)
  from pg_policy pol
  join pg_class c on c.oid = pol.polrelid
  where c.relnamespace in ('public'::regnamespace, 'hidden'::regnamespace, 'private'::regnamespace)
    and pol.polcmd in ('a', 'w', 'd', '*')
    and (lower(regexp_replace(coalesce(pg_get_expr(pol.polqual, pol.polrelid), ''), '[\s()]', '', 'g')) in ('true', '1=1')
         or lower(regexp_replace(coalesce(pg_get_expr(pol.polwithcheck, pol.polrelid), ''), '[\s()]', '', 'g')) in ('true', '1=1'))
  ) v(violation)
  union all
  -- no two indexes of a table on the same columns, expressions, predicate and kind
  select 'no_duplicate_index'::text, violation::text from (
  select string_agg(i.indexrelid::regclass::text, ' = ' order by i.indexrelid::regclass::text)
  from pg_index i
  join pg_class c on c.oid = i.indrelid
  where c.relnamespace in ('public'::regnamespace, 'hidden'::regnamespace, 'private'::regnamespace)
  group by i.indrelid, i.indkey::text, i.indclass::text, i.indcollation::text, coalesce(pg_get_expr(i.indexprs, i.indrelid), ''),
           coalesce(pg_get_expr(i.indpred, i.indrelid), ''), i.indisunique
  having count(*) > 1
  ) v(violation)
  union all
  -- no extension installed into the exposed schema (its functions would become RPCs)
  select 'no_extension_in_exposed_schema'::text, violation::text from (
  select e.extname::text
  from pg_extension e
  where e.extnamespace = 'public'::regnamespace
  ) v(violation)
  union all
  -- no foreign table in the exposed schema (row-level security does not apply to it)
  select 'no_foreign_table_in_exposed_schema'::text, violation::text from (
  select c.oid::regclass::text
  from pg_class c
  where c.relnamespace = 'public'::regnamespace and c.relkind = 'f'
  ) v(violation)
  union all
  -- no column of a reg* type that stores an object id pg_upgrade cannot carry over
  select 'no_unupgradable_reg_types'::text, violation::text from (
  select format('%s.%I (%s)', a.attrelid::regclass, a.attname, format_type(a.atttypid, a.atttypmod))
  from pg_attribute a
  join pg_class c on c.oid = a.attrelid
  where c.relnamespace in ('public'::regnamespace, 'hidden'::regnamespace, 'private'::regnamespace)
    and a.attnum > 0 and not a.attisdropped
    and a.atttypid in ('regcollation'::regtype, 'regconfig'::regtype, 'regdictionary'::regtype, 'regnamespace'::regtype,
                       'regoper'::regtype, 'regoperator'::regtype, 'regproc'::regtype, 'regprocedure'::regtype)
  ) v(violation)
  union all
  -- a foreign key into auth references its primary key (auth may drop other unique constraints)
  select 'auth_references_primary_key'::text, violation::text from (
  select format('%s (%s)', k.conrelid::regclass, k.conname)
  from pg_constraint k
  join pg_class target on target.oid = k.confrelid
  where k.contype = 'f' and target.relnamespace = 'auth'::regnamespace
    and not exists (select from pg_constraint pk where pk.conrelid = k.confrelid and pk.contype = 'p' and pk.conindid = k.conindid)
  ) v(violation)
$fn$;
comment on function tests.advisor_violations() is 'Every violation of the database advisor''s rules that apply here, as (rule, object).';
revoke all on function tests.advisor_violations() from public;
