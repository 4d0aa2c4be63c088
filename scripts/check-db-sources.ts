/**
 * `make src-check`: fails when db/src disagrees with db/migrations. One scratch
 * database is migrated, another built from db/src in the order of
 * db/src/order.txt; their schemas (privileges and role settings included) are
 * compared object by object, and each differing object is named with its source
 * file.
 *
 * Needs DATABASE_URL on PostgreSQL 15 (pg_dump refuses the embedded engine).
 *
 * Usage: DATABASE_URL=postgres://... tsx scripts/check-db-sources.ts
 */
import { resolveDatabaseTarget } from "./lib/database-target.ts";
import { applySources } from "./lib/db-sources.ts";
import { applySupabaseBootstrap, prepareDatabase } from "./lib/migrations.ts";
import { createScratchDatabase } from "./lib/scratch-database.ts";
import { compareEntries, describeEntry, isEmptyDifference, schemaEntries, type SchemaEntry } from "./lib/schema-entries.ts";
import { sourceFileOf } from "./lib/source-of-entry.ts";

const target = resolveDatabaseTarget();
if (target.engine !== "postgres") {
  console.error("make src-check compares pg_dump's view of two databases: set DATABASE_URL to PostgreSQL 15.");
  process.exit(2);
}

async function entriesOf(build: (url: string) => Promise<unknown>): Promise<SchemaEntry[]> {
  const scratch = await createScratchDatabase(target);
  try {
    await build(scratch.url);
    return await schemaEntries(scratch.url);
  } finally {
    await scratch.dispose();
  }
}

let exitCode = 0;
try {
  const migrated = await entriesOf((url) => prepareDatabase(url));
  const fromSources = await entriesOf(async (url) => {
    await applySupabaseBootstrap(url);
    await applySources(url);
  });
  const difference = compareEntries(migrated, fromSources);
  if (isEmptyDifference(difference)) {
    console.log("db/src matches the migrations");
  } else {
    const where = (entry: SchemaEntry): string => `db/src/${sourceFileOf(entry) ?? "?"}`;
    console.error("db/src disagrees with db/migrations (write the change with `make migration NAME=…`):");
    for (const entry of difference.removed) console.error(`  ${describeEntry(entry)}: in the migrations, not in ${where(entry)}`);
    for (const entry of difference.added) console.error(`  ${describeEntry(entry)}: in ${where(entry)}, not in the migrations`);
    for (const [entry] of difference.changed) console.error(`  ${describeEntry(entry)}: differs from ${where(entry)}`);
    exitCode = 1;
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  exitCode = 1;
}
process.exit(exitCode);
