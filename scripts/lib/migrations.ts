/**
 * Schema set-up of a database: the Supabase bootstrap, dbmate's migrations, and
 * the pgTAP test support. Every engine gets the same migrations unchanged.
 */
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import pg from "pg";
import { binDir, dbDir, migrationsDir } from "./paths.ts";
import { withoutPasswords } from "./database-target.ts";
import { runCommand } from "./run-command.ts";

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

function dbmateArgs(command: string, directory = migrationsDir): string[] {
  return [
    "--migrations-dir", directory,
    "--migrations-table", MIGRATIONS_TABLE,
    "--no-dump-schema",
    command,
  ];
}

/**
 * Runs `dbmate <command>` against a database. The URL reaches dbmate through its
 * environment (DATABASE_URL, which dbmate reads), never its arguments, which
 * anyone on the machine can list; its messages are captured and shown without
 * the password. `directory` replaces db/migrations (a test applies the first few).
 */
export async function dbmate(url: string, command: "up" | "migrate" | "rollback" | "status", quiet = false, directory = migrationsDir): Promise<string> {
  const result = await runCommand(resolve(binDir, "dbmate"), dbmateArgs(command, directory), {
    env: { ...process.env, DATABASE_URL: dbmateUrl(url) },
    captureStdout: quiet,
    captureStderr: true,
  });
  const messages = withoutPasswords(result.stderr, url).trim();
  if (result.exitCode !== 0) {
    const stdout = quiet ? withoutPasswords(result.stdout, url).trim() : "";
    const why = [stdout, messages].filter((part) => part !== "").join("\n");
    throw new Error(`dbmate ${command} failed (exit ${result.exitCode})${why !== "" ? `: ${why}` : ""}`);
  }
  if (messages !== "" && !quiet) process.stderr.write(`${messages}\n`);
  return result.stdout;
}

/** Bootstrap (where needed) and every pending migration. */
export async function prepareDatabase(url: string, options: { quiet?: boolean } = {}): Promise<void> {
  await applySupabaseBootstrap(url);
  await dbmate(url, "migrate", options.quiet ?? true);
}
