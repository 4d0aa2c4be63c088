import { migrateMirror, type MigrateMirrorOptions, type MigrationReport } from "./migrations/migrate-mirror.ts";
import type { SqliteDriver } from "./sqlite-driver.ts";

/**
 * Prepares a freshly opened connection for the mirror: switches foreign-key
 * enforcement on (SQLite leaves it off per connection) and migrates the
 * database to the newest schema, creating it when the database is empty.
 *
 * @example
 * const driver = await openBetterSqlite3Driver("mirror.sqlite");
 * await openMirror(driver);
 * const rows = await driver.all<SummaryCacheRow>("select * from summary_cache where organisation_id = ?", [organisationId]);
 */
export async function openMirror(driver: SqliteDriver, options: MigrateMirrorOptions = {}): Promise<MigrationReport> {
  await driver.run("PRAGMA foreign_keys = ON");
  return migrateMirror(driver, options);
}
