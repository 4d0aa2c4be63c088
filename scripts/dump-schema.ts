/**
 * Writes db/schema.sql, dbmate's schema dump of a freshly migrated database, or
 * with --check fails when the committed dump disagrees with the migrations.
 *
 * pg_dump refuses servers newer than itself and PGlite reports PostgreSQL 18, so
 * this needs DATABASE_URL pointing at PostgreSQL 15 (the version the dump is for).
 *
 * Usage: DATABASE_URL=postgres://... tsx scripts/dump-schema.ts [--check]
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { resolveDatabaseTarget } from "./lib/database-target.ts";
import { dbmateUrl, MIGRATIONS_TABLE, prepareDatabase } from "./lib/migrations.ts";
import { binDir, dbDir, migrationsDir } from "./lib/paths.ts";
import { runCommandOrThrow } from "./lib/run-command.ts";
import { createScratchDatabase } from "./lib/scratch-database.ts";

const schemaPath = resolve(dbDir, "schema.sql");
const check = process.argv.includes("--check");
const target = resolveDatabaseTarget();
if (target.engine !== "postgres") {
  console.error("db/schema.sql is dumped from PostgreSQL 15: set DATABASE_URL (pg_dump refuses the embedded engine).");
  process.exit(2);
}

const scratch = await createScratchDatabase(target);
const workDir = mkdtempSync(join(tmpdir(), "bufdir-schema-"));
let exitCode = 0;
try {
  await prepareDatabase(scratch.url);
  const dumpPath = join(workDir, "schema.sql");
  // The URL goes through dbmate's environment: arguments are visible to anyone on the machine.
  await runCommandOrThrow(resolve(binDir, "dbmate"), [
    "--migrations-dir", migrationsDir,
    "--migrations-table", MIGRATIONS_TABLE,
    "--schema-file", dumpPath,
    "dump",
  ], { captureStdout: true, env: { ...process.env, DATABASE_URL: dbmateUrl(scratch.url) } });
  // pg_dump prints a per-run restrict key in PostgreSQL 15.14+; it is noise for a comparison.
  const fresh = readFileSync(dumpPath, "utf8").replace(/^\\(un)?restrict .*$/gm, "\\$1restrict <key>");
  const committed = existsSync(schemaPath) ? readFileSync(schemaPath, "utf8") : "";
  if (check) {
    if (fresh !== committed) {
      console.error("db/schema.sql disagrees with db/migrations: run `make schema` against PostgreSQL 15 and commit it.");
      exitCode = 1;
    } else {
      console.log("db/schema.sql matches the migrations");
    }
  } else {
    writeFileSync(schemaPath, fresh);
    console.log(`wrote ${schemaPath}`);
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
  await scratch.dispose();
}
process.exit(exitCode);
