/**
 * The engines every mirror test runs on: better-sqlite3 and sql.js, each in
 * memory and on a temporary file. Use with `describe.each(MIRROR_DRIVERS)`.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openBetterSqlite3Driver } from "../../../src/mirror/better-sqlite3-driver.ts";
import { openSqlJsDriver } from "../../../src/mirror/sql-js-driver.ts";
import { openSqlJsFileDriver, type SqlJsFileDriver } from "../../../src/mirror/sql-js-file-driver.ts";
import type { SqliteDriver } from "../../../src/mirror/sqlite-driver.ts";

/** A database opened for one test. */
export interface TestDatabase {
  /** The connection in use; replaced by `reopen()`. */
  readonly driver: SqliteDriver;
  /**
   * File-backed databases only: closes the connection (sql.js saves first) and
   * opens the file again, as an app restart would. Returns the new connection.
   */
  reopen(): Promise<SqliteDriver>;
  /** The database file's bytes, for file-backed databases; null in memory. */
  fileBytes(): Promise<Uint8Array | null>;
  /** Closes the connection and removes any temporary files. */
  dispose(): Promise<void>;
}

/** How to open an empty database on one engine. */
export interface DriverFactory {
  readonly name: string;
  readonly persistent: boolean;
  open(): Promise<TestDatabase>;
}

async function temporaryFile(): Promise<{ path: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "mirror-test-"));
  return { path: join(dir, "mirror.sqlite"), remove: () => rm(dir, { recursive: true, force: true }) };
}

async function closeQuietly(driver: SqliteDriver): Promise<void> {
  // A test may already have closed it on purpose.
  await driver.close().catch(() => undefined);
}

function inMemory(driver: SqliteDriver): TestDatabase {
  return {
    driver,
    reopen: () => Promise.reject(new Error("an in-memory database cannot be reopened")),
    fileBytes: async () => null,
    dispose: () => closeQuietly(driver),
  };
}

export const MIRROR_DRIVERS: readonly DriverFactory[] = [
  {
    name: "better-sqlite3 in memory",
    persistent: false,
    open: async () => inMemory(await openBetterSqlite3Driver(":memory:")),
  },
  {
    name: "better-sqlite3 on a file",
    persistent: true,
    open: async () => {
      const file = await temporaryFile();
      const database = {
        driver: await openBetterSqlite3Driver(file.path),
        async reopen() {
          await database.driver.close();
          database.driver = await openBetterSqlite3Driver(file.path);
          return database.driver;
        },
        fileBytes: async () => new Uint8Array(await readFile(file.path)),
        async dispose() {
          await closeQuietly(database.driver);
          await file.remove();
        },
      };
      return database;
    },
  },
  {
    name: "sql.js in memory",
    persistent: false,
    open: async () => inMemory(await openSqlJsDriver()),
  },
  {
    name: "sql.js on a file",
    persistent: true,
    open: async () => {
      const file = await temporaryFile();
      const database: { driver: SqlJsFileDriver } & Omit<TestDatabase, "driver"> = {
        driver: await openSqlJsFileDriver(file.path),
        async reopen() {
          await database.driver.save();
          await database.driver.close();
          database.driver = await openSqlJsFileDriver(file.path);
          return database.driver;
        },
        async fileBytes() {
          await database.driver.save();
          return new Uint8Array(await readFile(file.path));
        },
        async dispose() {
          await closeQuietly(database.driver);
          await file.remove();
        },
      };
      return database;
    },
  },
];
