import type BetterSqlite3 from "better-sqlite3";
import { ConnectionDriver, type SqliteConnection } from "./connection-driver.ts";
import type { SqlParams, SqliteDriver, SqliteRow, SqlValue } from "./sqlite-driver.ts";

/**
 * Options for `openBetterSqlite3Driver`.
 *
 * @example
 * const options: BetterSqlite3DriverOptions = { busyTimeoutMs: 2_000 };
 */
export interface BetterSqlite3DriverOptions {
  /** How long a statement waits for another connection's lock before failing (default 5 000 ms). */
  readonly busyTimeoutMs?: number;
}

/**
 * Opens a SQLite database with better-sqlite3 (native, Node only): a file path,
 * or `":memory:"` for a private in-memory database. The file is created when
 * missing.
 *
 * @example
 * const driver = await openBetterSqlite3Driver("/var/lib/app/mirror.sqlite");
 * await openMirror(driver);
 */
export async function openBetterSqlite3Driver(
  filename: string,
  options: BetterSqlite3DriverOptions = {},
): Promise<SqliteDriver> {
  // Loaded on demand so that importing the mirror in a browser bundle never pulls in the native module.
  const { default: Database } = await import("better-sqlite3");
  const database = new Database(filename, { timeout: options.busyTimeoutMs ?? 5_000 });
  return new ConnectionDriver(betterSqlite3Connection(database));
}

function betterSqlite3Connection(database: BetterSqlite3.Database): SqliteConnection {
  return {
    run(sql, params) {
      const info = database.prepare(sql).run(toBindings(params));
      return { changes: info.changes, lastInsertRowid: Number(info.lastInsertRowid) };
    },
    all(sql, params) {
      const statement = database.prepare(sql);
      // better-sqlite3 refuses `all()` on statements without rows; sql.js returns []. Match sql.js.
      if (!statement.reader) {
        statement.run(toBindings(params));
        return [];
      }
      return (statement.all(toBindings(params)) as Record<string, unknown>[]).map(toRow);
    },
    exec(sql) {
      database.exec(sql);
    },
    close() {
      database.close();
    },
  };
}

function toBindings(params: SqlParams): unknown[] {
  return [...params];
}

/** Blobs come back as Node Buffers; hand out plain Uint8Arrays, as sql.js does. */
function toRow(raw: Record<string, unknown>): SqliteRow {
  const row: SqliteRow = {};
  for (const [column, value] of Object.entries(raw)) {
    row[column] = Buffer.isBuffer(value)
      ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
      : (value as SqlValue);
  }
  return row;
}
