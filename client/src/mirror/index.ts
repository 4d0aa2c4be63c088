/** The client's local SQLite mirror of `periodic_summaries`: drivers, schema and migrations. */
export type { RunResult, SqliteDriver, SqliteRow, SqlParams, SqlValue } from "./sqlite-driver.ts";
export { SqliteDriverError } from "./sqlite-driver-error.ts";
export { openBetterSqlite3Driver, type BetterSqlite3DriverOptions } from "./better-sqlite3-driver.ts";
export { openSqlJsDriver, type SqlJsDriver, type SqlJsDriverOptions } from "./sql-js-driver.ts";
export { openSqlJsFileDriver, type SqlJsFileDriver } from "./sql-js-file-driver.ts";
export { MIRROR_SCHEMA_SQL, MIRROR_SCHEMA_VERSION } from "./mirror-schema.ts";
export {
  PERIOD_TYPES,
  SUMMARY_CACHE_COLUMNS,
  SUMMARY_SOURCES,
  type PeriodType,
  type SummaryCacheRow,
  type SummarySource,
} from "./summary-cache-row.ts";
export { SYNC_STATE_COLUMNS, type SyncStateRow } from "./sync-state-row.ts";
export { openMirror } from "./open-mirror.ts";
export { migrateMirror, type MigrateMirrorOptions, type MigrationReport } from "./migrations/migrate-mirror.ts";
export type { MigrationStep } from "./migrations/migration-step.ts";
export { MIRROR_MIGRATIONS } from "./migrations/mirror-migrations.ts";
export {
  MirrorForeignKeyError,
  MirrorMigrationError,
  MirrorTooNewError,
  type ForeignKeyViolation,
} from "./migrations/mirror-migration-errors.ts";
