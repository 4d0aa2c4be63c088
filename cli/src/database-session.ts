/**
 * The database a CLI command works on: the embedded engine under .data/pglite
 * (started in this process and stopped when the command ends) or DATABASE_URL.
 * The embedded database is bootstrapped and migrated on first use; a
 * DATABASE_URL database is never migrated implicitly (`bufdir db migrate` does).
 */
import { existsSync, readdirSync } from "node:fs";
import pg from "pg";
import { createPostgresPool } from "@bufdir-reporting/client/node";
import { type DatabaseTarget, resolveDatabaseTarget } from "../../scripts/lib/database-target.ts";
import { EMBEDDED_MARKER_FILE, startEmbeddedServer } from "../../scripts/lib/embedded-server.ts";
import { prepareDatabase } from "../../scripts/lib/migrations.ts";
import { migrationStatus } from "../../scripts/lib/migration-status.ts";
import { embeddedDataDir } from "../../scripts/lib/paths.ts";
import { watchForCancellation, withCliApplicationName } from "./cancellation.ts";
import { describeDatabase, requireReachable } from "./database-reachability.ts";
import { CliFailure, EXIT } from "./output.ts";
import { withProgress } from "./progress-bar.ts";

export interface DatabaseSession {
  readonly engine: "embedded" | "postgres";
  readonly url: string;
  /** True when this command created the embedded database (a new data folder) and migrated it. */
  readonly created: boolean;
  /** A small pool for the client's transports (acting as API roles). */
  readonly pool: pg.Pool;
  /** Runs work as the connecting role (owner), outside any API role. */
  asOwner<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Apply the bootstrap and pending migrations, also on DATABASE_URL. */
  migrate?: boolean;
  /** The embedded engine's data folder (default: .data/pglite, or BUFDIR_DATA_DIR). */
  dataDir?: string;
  /** Use the embedded engine even when DATABASE_URL is set (the demo seeds; it must never write to a real database). */
  embeddedOnly?: boolean;
  /** Open a DATABASE_URL database that has pending migrations too (`db status` lists them). */
  allowPending?: boolean;
}

/**
 * Opens the command's database.
 *
 * @example
 * const session = await openDatabaseSession();
 * try { await session.asOwner((c) => c.query("select 1")); } finally { await session.close(); }
 */
export async function openDatabaseSession(options: OpenOptions = {}): Promise<DatabaseSession> {
  const target: DatabaseTarget = options.embeddedOnly === true ? { engine: "embedded" } : databaseTargetArgument();
  const dataDir = options.dataDir ?? embeddedDataDir;
  const created = target.engine === "embedded" && isNewDataDir(dataDir);
  const server =
    target.engine === "embedded"
      ? await withProgress(created ? `creating the embedded database in ${dataDir}` : "starting the embedded database", () => startEmbeddedServer({ dataDir }))
      : undefined;
  const url = server?.url ?? (target.engine === "postgres" ? target.url : "");
  try {
    if (server === undefined) await requireReachable(url);
    if (server !== undefined || options.migrate === true) {
      await migrateShowingProgress(url);
    } else if (options.allowPending !== true) {
      await refuseWhenMigrationsPending(url);
    }
  } catch (error) {
    await server?.stop();
    throw error;
  }
  // The embedded engine has one backend: a couple of connections suffice, as long
  // as no transaction is held open on one while another waits.
  const pool = createPostgresPool(server !== undefined ? url : withCliApplicationName(url), { max: server !== undefined ? 2 : 4 });
  const stopWatching = watchForCancellation(server !== undefined ? null : url);
  return {
    engine: target.engine,
    url,
    created,
    pool,
    asOwner: async (work) => {
      const client = await pool.connect();
      try {
        return await work(client);
      } finally {
        client.release();
      }
    },
    close: async () => {
      stopWatching();
      await pool.end();
      await server?.stop();
    },
  };
}

/** A data folder that holds no database yet: absent, empty, or only the marker of an earlier start that never got further. */
function isNewDataDir(dataDir: string): boolean {
  return !existsSync(dataDir) || readdirSync(dataDir).every((entry) => entry === EMBEDDED_MARKER_FILE);
}

/** Applies the bootstrap and the pending migrations, saying so on a terminal when there are any. */
async function migrateShowingProgress(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let pending: number;
  try {
    pending = (await migrationStatus(client)).pending;
  } finally {
    await client.end();
  }
  if (pending === 0) await prepareDatabase(url);
  else await withProgress(`applying ${pending} migrations`, () => prepareDatabase(url));
}

/** DATABASE_URL as the CLI reads it: one that is not a postgres:// URL is a usage error. */
function databaseTargetArgument(): DatabaseTarget {
  try {
    return resolveDatabaseTarget();
  } catch (error) {
    throw new CliFailure(error instanceof Error ? error.message : String(error), EXIT.usage, "invalid_database_url");
  }
}

async function refuseWhenMigrationsPending(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { pending } = await migrationStatus(client);
    if (pending > 0) {
      throw new CliFailure(
        `${describeDatabase(url)} is not migrated (${pending} pending migrations): run \`bufdir db migrate\` first`,
        EXIT.query,
        "not_migrated",
      );
    }
  } finally {
    await client.end();
  }
}
