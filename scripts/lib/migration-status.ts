/**
 * Which of the project's migrations a database holds, read from dbmate's own
 * bookkeeping table with a plain query: it works on a database that was never
 * migrated (every migration pending) and prints nothing of dbmate's.
 */
import { readdirSync } from "node:fs";
import type pg from "pg";
import { MIGRATIONS_TABLE } from "./migrations.ts";
import { migrationsDir } from "./paths.ts";

/** One migration file and whether the database has applied it. */
export interface MigrationEntry {
  /** The timestamp dbmate records, e.g. "20261203070039". */
  readonly version: string;
  /** The file name, e.g. "20261203070039_baseline.sql". */
  readonly file: string;
  readonly applied: boolean;
}

export interface MigrationStatus {
  readonly applied: number;
  readonly pending: number;
  readonly migrations: readonly MigrationEntry[];
}

/** The migration files in version order. */
export function migrationFiles(): { version: string; file: string }[] {
  return readdirSync(migrationsDir)
    .filter((name) => /^\d+_.+\.sql$/.test(name))
    .sort()
    .map((file) => ({ version: file.slice(0, file.indexOf("_")), file }));
}

/**
 * Applied and pending migrations of the database `client` is connected to.
 *
 * @example
 * const { pending } = await migrationStatus(client); // every migration, on a fresh database
 */
export async function migrationStatus(client: pg.ClientBase): Promise<MigrationStatus> {
  const table = await client.query<{ present: boolean }>("select to_regclass($1) is not null as present", [MIGRATIONS_TABLE]);
  const applied = new Set<string>();
  if (table.rows[0]?.present === true) {
    const rows = await client.query<{ version: string }>(`select version::text as version from ${MIGRATIONS_TABLE}`);
    for (const row of rows.rows) applied.add(row.version);
  }
  const migrations = migrationFiles().map((entry) => ({ ...entry, applied: applied.has(entry.version) }));
  const appliedCount = migrations.filter((entry) => entry.applied).length;
  return { applied: appliedCount, pending: migrations.length - appliedCount, migrations };
}
