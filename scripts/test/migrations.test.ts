import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applySupabaseBootstrap, dbmate, prepareDatabase } from "../lib/migrations.ts";
import { migrationFiles } from "../lib/migration-status.ts";
import { migrationsDir } from "../lib/paths.ts";
import { createScratchDatabase, type ScratchDatabase } from "../lib/scratch-database.ts";
import { testTarget } from "./support/test-target.ts";

let scratch: ScratchDatabase;

async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const client = new pg.Client(scratch.url);
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/**
 * The project's schema as the catalog states it, one line an object: functions
 * with their definitions, relations with their columns, types, policies,
 * triggers, comments and privileges (read alike on both engines).
 */
async function schemaObjects(): Promise<string[]> {
  const rows = await query<{ line: string }>(`
    with ours as (
      select oid from pg_namespace where nspname in ('public', 'hidden', 'private')
    )
    select line from (
      select 'function ' || p.oid::regprocedure || ' ' || pg_get_functiondef(p.oid) || ' acl ' || coalesce(p.proacl::text, '')
               || ' comment ' || coalesce(obj_description(p.oid, 'pg_proc'), '') as line
        from pg_proc p where p.pronamespace in (select oid from ours)
      union all
      select 'relation ' || c.oid::regclass || ' ' || c.relkind::text || ' rls ' || c.relrowsecurity || ' acl ' || coalesce(c.relacl::text, '')
               || ' comment ' || coalesce(obj_description(c.oid, 'pg_class'), '') || ' columns '
               || coalesce((select string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull
                                              || ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '') || ' ' || coalesce(col_description(c.oid, a.attnum), ''),
                                              ', ' order by a.attnum)
                             from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
                            where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped), '')
        from pg_class c where c.relnamespace in (select oid from ours)
      union all
      select 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
        from pg_constraint where connamespace in (select oid from ours)
      union all
      select 'index ' || indexrelid::regclass || ' ' || pg_get_indexdef(indexrelid)
        from pg_index where indrelid in (select oid from pg_class where relnamespace in (select oid from ours))
      union all
      select 'type ' || t.oid::regtype || ' ' || t.typtype::text || ' ' || coalesce(obj_description(t.oid, 'pg_type'), '') || ' '
               || coalesce((select string_agg(enumlabel::text, ',' order by enumsortorder) from pg_enum where enumtypid = t.oid), '')
        from pg_type t where t.typnamespace in (select oid from ours) and t.typtype in ('e', 'c', 'd')
      union all
      select 'policy ' || polrelid::regclass || ' ' || polname || ' ' || polcmd::text || ' ' || polroles::text || ' '
               || coalesce(pg_get_expr(polqual, polrelid), '') || ' ' || coalesce(pg_get_expr(polwithcheck, polrelid), '')
               || ' comment ' || coalesce(obj_description(p.oid, 'pg_policy'), '')
        from pg_policy p where polrelid in (select oid from pg_class where relnamespace in (select oid from ours))
      union all
      select 'trigger ' || pg_get_triggerdef(t.oid)
        from pg_trigger t where not t.tgisinternal and tgrelid in (select oid from pg_class where relnamespace in (select oid from ours))
      union all
      select 'schema ' || n.nspname || ' ' || coalesce(n.nspacl::text, '') || ' ' || coalesce(obj_description(n.oid, 'pg_namespace'), '')
        from pg_namespace n where n.oid in (select oid from ours) and n.nspname <> 'public'
    ) objects
    order by line`);
  return rows.map((row) => row.line);
}

async function rollBack(times: number): Promise<void> {
  for (let remaining = times; remaining > 0; remaining--) await dbmate(scratch.url, "rollback", true);
}

const appliedCount = async () =>
  (await query<{ n: number }>("select count(*)::int as n from dbmate.schema_migrations"))[0]!.n;

beforeAll(async () => {
  scratch = await createScratchDatabase(testTarget());
});
afterAll(async () => {
  await scratch?.dispose();
});

describe("migrations", () => {
  it("apply to an empty database after the Supabase bootstrap", async () => {
    await prepareDatabase(scratch.url);
    expect(await appliedCount()).toBeGreaterThan(0);
    const [schema] = await query<{ exists: boolean }>("select to_regnamespace('private') is not null as exists");
    expect(schema!.exists).toBe(true);
  });

  it("leave the database as it was when run a second time", async () => {
    const before = await appliedCount();
    await prepareDatabase(scratch.url);
    expect(await appliedCount()).toBe(before);
  });

  it("each migration's down restores the schema its up found, down to an empty schema; then all re-apply", async () => {
    const total = await appliedCount();
    await rollBack(total);
    // The baseline's down leaves what the bootstrap made, and nothing of ours.
    const [gone] = await query<{ exists: boolean; settings: boolean }>(
      `select to_regnamespace('private') is not null as exists,
              exists (select from pg_db_role_setting where setdatabase = (select oid from pg_database where datname = current_database())) as settings`,
    );
    expect(gone).toEqual({ exists: false, settings: false });

    // Up one migration at a time (dbmate applies every file of the folder it is given).
    const schemaAfter: string[][] = [await schemaObjects()];
    expect(schemaAfter[0]).toEqual([]);
    const files = migrationFiles();
    const folder = mkdtempSync(join(tmpdir(), "bufdir-migrations-"));
    try {
      for (const [index, { file }] of files.entries()) {
        copyFileSync(join(migrationsDir, file), join(folder, file));
        await dbmate(scratch.url, "migrate", true, folder);
        expect(await appliedCount()).toBe(index + 1);
        schemaAfter.push(await schemaObjects());
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    expect(schemaAfter[1]!.length, "the baseline's objects").toBeGreaterThan(300);
    for (let remaining = files.length; remaining > 0; remaining--) {
      await dbmate(scratch.url, "rollback", true);
      expect(await schemaObjects(), `the down of ${files[remaining - 1]!.file}`).toEqual(schemaAfter[remaining - 1]);
    }
    await dbmate(scratch.url, "migrate", true);
    expect(await appliedCount()).toBe(total);
    expect(await schemaObjects()).toEqual(schemaAfter[files.length]);
  });

  it("bootstrap is idempotent and never recreates existing roles", async () => {
    const before = await query<{ oid: number }>("select oid::int from pg_roles where rolname = 'authenticated'");
    expect(await applySupabaseBootstrap(scratch.url)).toBe(true);
    const after = await query<{ oid: number }>("select oid::int from pg_roles where rolname = 'authenticated'");
    expect(after).toEqual(before);
  });
});
