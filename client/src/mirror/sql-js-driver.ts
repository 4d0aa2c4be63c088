import initSqlJs, { type Database, type SqlJsStatic } from "sql.js";
import { ConnectionDriver, type SqliteConnection } from "./connection-driver.ts";
import type { SqliteDriver, SqliteRow } from "./sqlite-driver.ts";
import { SqliteDriverError } from "./sqlite-driver-error.ts";

/**
 * A sql.js connection: an in-memory database that can be exported as the bytes
 * of a SQLite file (to persist it, or to hand it to any other SQLite).
 *
 * @example
 * const driver = await openSqlJsDriver();
 * await openMirror(driver);
 * const bytes = await driver.export();
 */
export interface SqlJsDriver extends SqliteDriver {
  /**
   * The database as SQLite file bytes. Refused while a transaction is open:
   * sql.js closes and reopens the connection to export, which would roll the
   * transaction back. `PRAGMA foreign_keys` survives the reopen; other
   * per-connection settings return to their defaults.
   */
  export(): Promise<Uint8Array>;
}

/**
 * Options for `openSqlJsDriver`.
 *
 * @example
 * const options: SqlJsDriverOptions = { bytes: await readFile("mirror.sqlite") };
 */
export interface SqlJsDriverOptions {
  /** The bytes of a SQLite file to start from; an empty database when absent. */
  readonly bytes?: Uint8Array;
  /**
   * An initialised sql.js module, for hosts that must say where the WASM file
   * lives (browsers: `initSqlJs({ locateFile })`). Node finds it unaided.
   */
  readonly sqlJs?: SqlJsStatic;
}

let defaultSqlJs: Promise<SqlJsStatic> | undefined;

/**
 * Opens a database with sql.js (SQLite compiled to WASM): empty, or from the
 * bytes of a SQLite file.
 *
 * @example
 * const driver = await openSqlJsDriver({ bytes: savedBytes });
 * const rows = await driver.all("select id from summary_cache");
 */
export async function openSqlJsDriver(options: SqlJsDriverOptions = {}): Promise<SqlJsDriver> {
  // The WASM module is compiled once per process and shared by every connection.
  const sqlJs = options.sqlJs ?? (await (defaultSqlJs ??= initSqlJs()));
  const driver = new SqlJsConnectionDriver(new sqlJs.Database(options.bytes ?? null));
  // better-sqlite3 is built with foreign keys on by default; SQLite's own default is off. Same start on both.
  await driver.run("PRAGMA foreign_keys = ON");
  return driver;
}

class SqlJsConnectionDriver extends ConnectionDriver implements SqlJsDriver {
  readonly #database: Database;

  constructor(database: Database) {
    super(sqlJsConnection(database));
    this.#database = database;
  }

  async export(): Promise<Uint8Array> {
    if (this.inTransaction) {
      throw new SqliteDriverError("cannot export while a transaction is open: sql.js reopens the connection to export");
    }
    const [setting] = await this.all<{ foreign_keys: number }>("PRAGMA foreign_keys");
    const bytes = this.attempt(null, () => this.#database.export());
    await this.run(`PRAGMA foreign_keys = ${setting?.foreign_keys === 1 ? "ON" : "OFF"}`);
    return bytes;
  }
}

function sqlJsConnection(database: Database): SqliteConnection {
  const scalar = (sql: string): number => Number(database.exec(sql)[0]?.values[0]?.[0] ?? 0);
  return {
    run(sql, params) {
      const statement = prepareOne(database, sql);
      try {
        const totalBefore = scalar("select total_changes()");
        statement.bind([...params]);
        while (statement.step()) {
          // Rows, if any, are not wanted here.
        }
        // As better-sqlite3 does: sqlite3_changes() still reports the last DML
        // statement after DDL, so trust it only if this statement changed anything.
        const changes = scalar("select total_changes()") === totalBefore ? 0 : database.getRowsModified();
        return { changes, lastInsertRowid: scalar("select last_insert_rowid()") };
      } finally {
        statement.free();
      }
    },
    all(sql, params) {
      const statement = prepareOne(database, sql);
      try {
        statement.bind([...params]);
        const rows: SqliteRow[] = [];
        while (statement.step()) rows.push(statement.getAsObject());
        return rows;
      } finally {
        statement.free();
      }
    },
    exec(sql) {
      database.exec(sql);
    },
    close() {
      database.close();
    },
  };
}

/**
 * Prepares exactly one statement, refusing empty and multi-statement SQL with
 * better-sqlite3's messages (sql.js would silently run only the first).
 */
function prepareOne(database: Database, sql: string) {
  if (isBlank(sql)) throw new Error("The supplied SQL string contains no statements");
  const statement = database.prepare(sql);
  // sqlite3_sql() is the text of the first statement; anything after it must be blank.
  if (!isBlank(sql.slice(statement.getSQL().length))) {
    statement.free();
    throw new Error("The supplied SQL string contains more than one statement");
  }
  return statement;
}

/** Whitespace, comments and stray semicolons only. */
function isBlank(sql: string): boolean {
  return sql.replace(/--[^\n]*|\/\*[\s\S]*?(\*\/|$)/g, "").replace(/[\s;]/g, "") === "";
}
