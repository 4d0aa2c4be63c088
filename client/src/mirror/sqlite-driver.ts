/**
 * The small asynchronous SQLite surface the local mirror is written against.
 * Both adapters (better-sqlite3 on Node, sql.js anywhere WASM runs) implement it
 * with the same observable behaviour, so the schema, the migrator and the
 * repository above them never know which engine they run on.
 */

/**
 * A value both drivers bind and return the same way.
 *
 * Integers come back as JavaScript numbers (exact up to 2^53 − 1, which covers
 * unix milliseconds); booleans, bigints and `undefined` are refused at bind time.
 *
 * @example
 * const params: SqlValue[] = ["org-1", 1_767_225_600_000, null];
 */
export type SqlValue = string | number | Uint8Array | null;

/**
 * Positional parameters for `?` placeholders.
 *
 * @example
 * await driver.all("select * from summary_cache where organisation_id = ?", ["org-1"]);
 */
export type SqlParams = readonly SqlValue[];

/**
 * A result row keyed by column name, as both drivers return it.
 *
 * @example
 * const [row] = await driver.all<SqliteRow>("select 1 as one");
 * row?.one; // 1
 */
export type SqliteRow = Record<string, SqlValue>;

/**
 * What a data-changing statement reports.
 *
 * `changes` counts the rows this statement inserted, updated or deleted (0 for
 * statements that change no rows, such as DDL); `lastInsertRowid` is the
 * connection's most recent rowid insert, as SQLite reports it.
 *
 * @example
 * const { changes } = await driver.run("delete from summary_cache where last_synced_at < ?", [cutoff]);
 */
export interface RunResult {
  readonly changes: number;
  readonly lastInsertRowid: number;
}

/**
 * One SQLite connection.
 *
 * Foreign-key enforcement starts switched on (`PRAGMA foreign_keys = ON`) on
 * every engine. Every failure is a `SqliteDriverError` carrying SQLite's own
 * message. A driver
 * is a single connection: while `transaction(fn)` awaits `fn`, statements from
 * other callers on the same driver would run inside that transaction, so callers
 * serialise their work; a nested `transaction` call is refused rather than
 * silently joined.
 *
 * @example
 * const driver = await openBetterSqlite3Driver(":memory:");
 * await driver.exec("create table t (a integer not null); create index t_a on t (a)");
 * await driver.transaction(async () => {
 *   await driver.run("insert into t (a) values (?)", [1]);
 * });
 * const rows = await driver.all<{ a: number }>("select a from t");
 * await driver.close();
 */
export interface SqliteDriver {
  /** Runs one statement (any returned rows are discarded). */
  run(sql: string, params?: SqlParams): Promise<RunResult>;
  /**
   * Runs one statement and returns its rows; `T` is the caller's statement of the
   * row shape (not checked). A statement that returns no rows yields `[]`.
   */
  all<T = SqliteRow>(sql: string, params?: SqlParams): Promise<T[]>;
  /** Runs several `;`-separated statements without parameters. */
  exec(sql: string): Promise<void>;
  /**
   * Runs `fn` between BEGIN and COMMIT and returns its value; rolls back and
   * rethrows when `fn` (or COMMIT) throws.
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /** Closes the connection; later calls fail. */
  close(): Promise<void>;
}
