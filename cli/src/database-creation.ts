/**
 * `bufdir db create`: the database DATABASE_URL names, created through a
 * maintenance database on the same server (`postgres`, or `template1` where
 * there is none), as `createdb` does.
 */
import pg from "pg";
import { databaseNameOf, withDatabaseName } from "../../scripts/lib/database-target.ts";
import { describeDatabase, requireReachable } from "./database-reachability.ts";
import { CliFailure, EXIT, shorten } from "./output.ts";

/** Databases every PostgreSQL server has, tried in this order. */
const MAINTENANCE_DATABASES = ["postgres", "template1"] as const;

export interface CreatedDatabase {
  readonly name: string;
  /** "127.0.0.1:5432", for the message. */
  readonly server: string;
}

/** The first maintenance database that accepts the login; a server down or a refused login is exit 4. */
async function maintenanceUrl(url: string): Promise<string> {
  for (const name of MAINTENANCE_DATABASES) {
    const candidate = withDatabaseName(url, name);
    try {
      await requireReachable(candidate);
      return candidate;
    } catch (error) {
      // Only a missing maintenance database is worth another try.
      if (!(error instanceof CliFailure && error.reason === "database_missing")) throw error;
    }
  }
  throw new CliFailure(`cannot reach ${describeDatabase(url)}: the server has neither a "postgres" nor a "template1" database to connect to`, EXIT.network, "database_missing");
}

/**
 * Creates the database `url` names. It must not exist yet (exit 1, nothing
 * changed); the login needs the CREATEDB privilege (exit 1 otherwise).
 *
 * @example
 * await createNamedDatabase("postgres://postgres@127.0.0.1:5432/newcomer_op"); // { name: "newcomer_op", ... }
 */
export async function createNamedDatabase(url: string): Promise<CreatedDatabase> {
  const name = databaseNameOf(url);
  const parsed = new URL(url);
  const server = `${shorten(parsed.hostname || "localhost")}:${parsed.port || "5432"}`;
  const client = new pg.Client({ connectionString: await maintenanceUrl(url), connectionTimeoutMillis: 10_000 });
  client.on("error", () => undefined);
  await client.connect();
  try {
    const exists = await client.query("select 1 from pg_catalog.pg_database where datname = $1", [name]);
    if (exists.rowCount !== 0) {
      throw new CliFailure(`database "${shorten(name)}" exists already on ${server}: nothing was changed (to use it: \`bufdir db migrate\`)`, EXIT.query, "database_exists", "42P04");
    }
    await client.query(`create database ${client.escapeIdentifier(name)}`);
  } catch (error) {
    if (error instanceof CliFailure) throw error;
    const code = (error as { code?: unknown }).code;
    if (code === "42P04") throw new CliFailure(`database "${shorten(name)}" exists already on ${server}: nothing was changed`, EXIT.query, "database_exists", "42P04");
    if (code === "42501") throw new CliFailure(`the login may not create databases on ${server} (it needs CREATEDB): nothing was changed`, EXIT.query, "permission_denied", "42501");
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
  return { name, server };
}
