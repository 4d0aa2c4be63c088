/**
 * `make lint`: plpgsql_check (the checker behind `supabase db lint`) over every
 * plpgsql function the migrations create, on a freshly migrated PostgreSQL.
 * Errors fail; warnings are printed.
 *
 * Usage: DATABASE_URL=postgres://... tsx scripts/lint-db.ts
 */
import pg from "pg";
import { resolveDatabaseTarget } from "./lib/database-target.ts";
import { prepareDatabase } from "./lib/migrations.ts";
import { createScratchDatabase } from "./lib/scratch-database.ts";

interface Finding {
  fn: string;
  lineno: number | null;
  level: string;
  message: string;
  sqlstate: string | null;
}

const target = resolveDatabaseTarget();
if (target.engine !== "postgres") {
  console.error("make lint runs plpgsql_check on PostgreSQL: set DATABASE_URL (the embedded engine has no plpgsql_check).");
  process.exit(2);
}

const scratch = await createScratchDatabase(target);
let errors = 0;
try {
  await prepareDatabase(scratch.url);
  const client = new pg.Client(scratch.url);
  await client.connect();
  try {
    await client.query("create extension if not exists plpgsql_check with schema extensions");
    const { rows } = await client.query<Finding>(`
      select p.oid::regprocedure::text as fn, r.lineno, r.level, r.message, r.sqlstate
      from pg_catalog.pg_proc p
      join pg_catalog.pg_language l on l.oid = p.prolang and l.lanname = 'plpgsql'
      join pg_catalog.pg_namespace n on n.oid = p.pronamespace
      -- A trigger function is checked against a table it fires on, with the
      -- transition table names its statement triggers declare (each event names
      -- only some; the function's branches use all of them).
      left join lateral (
        select min(t.tgrelid::int)::oid as relid, max(t.tgoldtable) as oldtable, max(t.tgnewtable) as newtable
        from pg_catalog.pg_trigger t where t.tgfoid = p.oid
      ) trig on true
      cross join lateral extensions.plpgsql_check_function_tb(
        p.oid,
        relid => coalesce(trig.relid, 0),
        oldtable => trig.oldtable,
        newtable => trig.newtable,
        extra_warnings => true
      ) r
      where n.nspname not in ('pg_catalog', 'information_schema', 'extensions')
        and p.prorettype <> 'pg_catalog.event_trigger'::regtype
      order by 1, 2`);
    const { rows: counted } = await client.query<{ n: number }>(`
      select count(*)::int as n from pg_catalog.pg_proc p
      join pg_catalog.pg_language l on l.oid = p.prolang and l.lanname = 'plpgsql'
      join pg_catalog.pg_namespace n on n.oid = p.pronamespace
      where n.nspname not in ('pg_catalog', 'information_schema', 'extensions')`);
    for (const finding of rows) {
      const where = finding.lineno === null ? finding.fn : `${finding.fn} line ${finding.lineno}`;
      console.log(`${finding.level}: ${where}: ${finding.message}${finding.sqlstate ? ` [${finding.sqlstate}]` : ""}`);
      if (finding.level === "error") errors++;
    }
    console.log(`plpgsql_check: ${counted[0]?.n ?? 0} functions checked, ${errors} error(s), ${rows.length - errors} warning(s)`);
  } finally {
    await client.end();
  }
} finally {
  await scratch.dispose();
}
process.exit(errors === 0 ? 0 : 1);
