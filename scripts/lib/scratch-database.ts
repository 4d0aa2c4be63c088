/**
 * Throw-away databases for one run of the tests or tools.
 *
 * On PostgreSQL a uniquely named database is created and marked as ours with a
 * comment; it is dropped afterwards, and only a database carrying both our
 * name prefix and our marker is ever dropped. On the embedded engine a fresh
 * in-memory server plays the same part.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { databaseNameOf, type DatabaseTarget, withDatabaseName } from "./database-target.ts";
import { startEmbeddedServer } from "./embedded-server.ts";

export const SCRATCH_PREFIX = "bufdir_scratch_";
export const SCRATCH_MARKER = "created by bufdir-reporting scripts; safe to drop";

export interface ScratchDatabase {
  readonly engine: DatabaseTarget["engine"];
  readonly url: string;
  /** Drops the database (or stops the embedded server); safe to call twice. */
  dispose(): Promise<void>;
}

function scratchName(): string {
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  return `${SCRATCH_PREFIX}${stamp}_${randomBytes(4).toString("hex")}`;
}

async function withAdminClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates a fresh, empty database on the target.
 *
 * @example
 * const scratch = await createScratchDatabase(resolveDatabaseTarget());
 * try { await migrate(scratch.url); } finally { await scratch.dispose(); }
 */
export async function createScratchDatabase(target: DatabaseTarget): Promise<ScratchDatabase> {
  if (target.engine === "embedded") {
    const server = await startEmbeddedServer();
    return { engine: "embedded", url: server.url, dispose: () => server.stop() };
  }
  const name = scratchName();
  await withAdminClient(target.url, async (client) => {
    await client.query(`create database ${client.escapeIdentifier(name)}`);
    await client.query(`comment on database ${client.escapeIdentifier(name)} is ${client.escapeLiteral(SCRATCH_MARKER)}`);
  });
  let disposed: Promise<void> | undefined;
  return {
    engine: "postgres",
    url: withDatabaseName(target.url, name),
    dispose: () => (disposed ??= dropScratchDatabase(target.url, name)),
  };
}

/** True when the database exists and carries our marker. */
export async function isScratchDatabase(serverUrl: string, name: string): Promise<boolean> {
  return withAdminClient(serverUrl, async (client) => {
    const result = await client.query<{ marker: string | null }>(
      `select shobj_description(oid, 'pg_database') as marker from pg_catalog.pg_database where datname = $1`,
      [name],
    );
    return result.rows[0]?.marker === SCRATCH_MARKER;
  });
}

/**
 * Drops a database this module created; refuses any other.
 * Connects through `serverUrl`, which must name a different database.
 */
export async function dropScratchDatabase(serverUrl: string, name: string): Promise<void> {
  if (!name.startsWith(SCRATCH_PREFIX) || !(await isScratchDatabase(serverUrl, name))) {
    throw new Error(`refusing to drop database "${name}": it was not created by these scripts`);
  }
  if (databaseNameOf(serverUrl) === name) {
    throw new Error(`cannot drop "${name}" through a connection to itself`);
  }
  await withAdminClient(serverUrl, async (client) => {
    await client.query(`drop database if exists ${client.escapeIdentifier(name)} with (force)`);
  });
}
