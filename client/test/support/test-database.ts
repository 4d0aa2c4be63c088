/**
 * A private, migrated database for one test file: a fresh in-memory embedded
 * server, or a new scratch database on DATABASE_URL's PostgreSQL. Test files that
 * create functions and tables use one so they cannot disturb each other.
 */
import pg from "pg";
import { applyTestSupport, prepareDatabase } from "../../../scripts/lib/migrations.ts";
import { createScratchDatabase } from "../../../scripts/lib/scratch-database.ts";
import { testTarget } from "../../../scripts/test/support/test-target.ts";

export interface TestDatabase {
  readonly engine: "embedded" | "postgres";
  readonly url: string;
  /** Runs SQL as the owner (one connection, closed afterwards). */
  sql<T extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<T[]>;
  dispose(): Promise<void>;
}

/**
 * Creates, migrates and prepares (pgTAP helpers) a database, then runs `setupSql`.
 *
 * @example
 * let db: TestDatabase;
 * beforeAll(async () => { db = await createTestDatabase(FIXTURES_SQL); });
 * afterAll(() => db?.dispose());
 */
export async function createTestDatabase(setupSql?: string): Promise<TestDatabase> {
  const scratch = await createScratchDatabase(testTarget());
  const sql = async <T extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<T[]> => {
    const client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    try {
      return (await client.query<T>(text, values)).rows;
    } finally {
      await client.end();
    }
  };
  try {
    await prepareDatabase(scratch.url);
    await applyTestSupport(scratch.url);
    if (setupSql !== undefined) await sql(setupSql);
  } catch (error) {
    await scratch.dispose();
    throw error;
  }
  return { engine: scratch.engine, url: scratch.url, sql, dispose: () => scratch.dispose() };
}
