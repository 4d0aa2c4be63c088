/**
 * Schema set-up of a database: the Supabase bootstrap, dbmate's migrations, and
 * the pgTAP test support. Every engine gets the same migrations unchanged.
 */
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import pg from "pg";
import { binDir, dbDir, migrationsDir } from "./paths.ts";
import { runCommandOrThrow } from "./run-command.ts";

/** dbmate keeps its bookkeeping out of the API's `public` schema. */
export const MIGRATIONS_TABLE = "dbmate.schema_migrations";

async function executeSqlFile(url: string, file: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(readFileSync(file, "utf8"));
  } finally {
    await client.end();
  }
}

/** True on a Supabase database, whose own auth schema and admin role exist already. */
export async function isSupabaseDatabase(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ supabase: boolean }>(
      `select to_regclass('auth.users') is not null
          and exists (select from pg_catalog.pg_roles where rolname = 'supabase_admin') as supabase`,
    );
    return result.rows[0]?.supabase === true;
  } finally {
    await client.end();
  }
}

/** Applies db/bootstrap/supabase.sql unless the database is a Supabase project. Returns whether it ran. */
export async function applySupabaseBootstrap(url: string): Promise<boolean> {
  if (await isSupabaseDatabase(url)) return false;
  await executeSqlFile(url, resolve(dbDir, "bootstrap/supabase.sql"));
  return true;
}

/** Installs pgTAP and the `tests` helper schema (never part of the migrations): db/tests/support/*.sql in name order. */
export async function applyTestSupport(url: string): Promise<void> {
  const supportDir = resolve(dbDir, "tests/support");
  for (const file of readdirSync(supportDir).filter((name) => name.endsWith(".sql")).sort()) {
    await executeSqlFile(url, resolve(supportDir, file));
  }
}

/**
 * dbmate's driver requires TLS unless told otherwise, where libpq would merely
 * prefer it: a loopback server without an explicit sslmode gets sslmode=disable.
 */
export function dbmateUrl(url: string): string {
  const parsed = new URL(url);
  const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(parsed.hostname);
  if (loopback && !parsed.searchParams.has("sslmode")) parsed.searchParams.set("sslmode", "disable");
  return parsed.toString();
}

function dbmateArgs(url: string, command: string, extra: readonly string[] = []): string[] {
  return [
    "--url", dbmateUrl(url),
    "--migrations-dir", migrationsDir,
    "--migrations-table", MIGRATIONS_TABLE,
    "--no-dump-schema",
    command,
    ...extra,
  ];
}

/** Runs `dbmate <command>` against a database. */
export function dbmate(url: string, command: "up" | "migrate" | "rollback" | "status", quiet = false): Promise<string> {
  return runCommandOrThrow(resolve(binDir, "dbmate"), dbmateArgs(url, command), { captureStdout: quiet });
}

/** Bootstrap (where needed) and every pending migration. */
export async function prepareDatabase(url: string, options: { quiet?: boolean } = {}): Promise<void> {
  await applySupabaseBootstrap(url);
  await dbmate(url, "migrate", options.quiet ?? true);
}
