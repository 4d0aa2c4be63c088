/**
 * The driver contract: both engines, in memory and on a file, behave the same
 * for everything the mirror uses.
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqlJsDriver } from "../../src/mirror/sql-js-driver.ts";
import { openSqlJsFileDriver } from "../../src/mirror/sql-js-file-driver.ts";
import type { SqliteDriver, SqlValue } from "../../src/mirror/sqlite-driver.ts";
import { SqliteDriverError } from "../../src/mirror/sqlite-driver-error.ts";
import { MIRROR_DRIVERS, type TestDatabase } from "./support/mirror-drivers.ts";

describe.each(MIRROR_DRIVERS)("SqliteDriver on $name", (factory) => {
  let database: TestDatabase;
  let driver: SqliteDriver;

  beforeEach(async () => {
    database = await factory.open();
    driver = database.driver;
    await driver.exec(
      "create table item (id integer primary key, label text, amount integer, ratio real, payload blob)",
    );
  });
  afterEach(async () => {
    await database.dispose();
  });

  it("round-trips text, integers, reals, blobs and null through typed columns", async () => {
    const payload = new Uint8Array([0, 1, 254, 255]);
    await driver.run("insert into item (label, amount, ratio, payload) values (?, ?, ?, ?)", [
      "blåbær – ✓",
      9_007_199_254_740_991,
      0.25,
      payload,
    ]);
    await driver.run("insert into item (label, amount, ratio, payload) values (?, ?, ?, ?)", [null, -1, null, null]);

    const rows = await driver.all<Record<string, SqlValue>>("select * from item order by id");
    expect(rows).toEqual([
      { id: 1, label: "blåbær – ✓", amount: 9_007_199_254_740_991, ratio: 0.25, payload },
      { id: 2, label: null, amount: -1, ratio: null, payload: null },
    ]);
    // A plain Uint8Array on both engines (better-sqlite3 would hand out a Buffer).
    expect(Object.getPrototypeOf(rows[0]!.payload)).toBe(Uint8Array.prototype);
    const types = await driver.all("select typeof(amount) as amount, typeof(ratio) as ratio from item where id = 1");
    expect(types).toEqual([{ amount: "integer", ratio: "real" }]);
  });

  it("reports changed rows and the last rowid, and no changes for statements that change no rows", async () => {
    expect(await driver.run("insert into item (label) values (?)", ["a"])).toEqual({ changes: 1, lastInsertRowid: 1 });
    expect(await driver.run("insert into item (label) values (?)", ["b"])).toEqual({ changes: 1, lastInsertRowid: 2 });
    expect(await driver.run("update item set amount = 5")).toEqual({ changes: 2, lastInsertRowid: 2 });
    expect(await driver.run("create table other (a)")).toEqual({ changes: 0, lastInsertRowid: 2 });
    expect(await driver.run("select * from item")).toEqual({ changes: 0, lastInsertRowid: 2 });
    expect(await driver.run("delete from item where label = ?", ["nobody"])).toEqual({
      changes: 0,
      lastInsertRowid: 2,
    });
  });

  it("returns [] from all() for a statement without rows, after running it", async () => {
    expect(await driver.all("insert into item (label) values ('x')")).toEqual([]);
    expect(await driver.all("select label from item")).toEqual([{ label: "x" }]);
    expect(await driver.all("PRAGMA user_version = 7")).toEqual([]);
    expect(await driver.all("PRAGMA user_version")).toEqual([{ user_version: 7 }]);
  });

  it("runs several statements with exec()", async () => {
    await driver.exec("insert into item (label) values ('a'); insert into item (label) values ('b'); -- done");
    expect(await driver.all("select label from item order by id")).toEqual([{ label: "a" }, { label: "b" }]);
  });

  it("refuses several statements, or none, in run() and all(), and runs nothing", async () => {
    const twice = "insert into item (label) values ('a'); insert into item (label) values ('b')";
    await expect(driver.run(twice)).rejects.toMatchObject({
      name: "SqliteDriverError",
      message: "The supplied SQL string contains more than one statement",
      sql: twice,
    });
    await expect(driver.all(twice)).rejects.toThrow("The supplied SQL string contains more than one statement");
    await expect(driver.run("  -- nothing ")).rejects.toThrow("The supplied SQL string contains no statements");
    expect(await driver.all("select count(*) as n from item")).toEqual([{ n: 0 }]);
    // A trailing comment or semicolon is not a second statement.
    expect(await driver.run("insert into item (label) values ('c'); -- trailing")).toEqual({
      changes: 1,
      lastInsertRowid: 1,
    });
  });

  it("refuses parameters the engines would bind differently", async () => {
    const unbindable = [true, 1n, undefined, { a: 1 }];
    for (const value of unbindable) {
      // Deliberately outside SqlValue: what a caller without types could pass.
      const params = [value] as unknown as SqlValue[];
      await expect(driver.run("insert into item (label) values (?)", params)).rejects.toBeInstanceOf(SqliteDriverError);
    }
    expect(await driver.all("select count(*) as n from item")).toEqual([{ n: 0 }]);
  });

  it("throws SqliteDriverError with SQLite's message and the statement", async () => {
    await driver.exec("create table strict_item (name text not null)");
    const sql = "insert into strict_item (name) values (?)";
    const error = await driver.run(sql, [null]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SqliteDriverError);
    expect(error).toMatchObject({ message: "NOT NULL constraint failed: strict_item.name", sql });
    expect((error as SqliteDriverError).cause).toBeInstanceOf(Error);
    await expect(driver.all("select nope from item")).rejects.toMatchObject({
      name: "SqliteDriverError",
      message: "no such column: nope",
      sql: "select nope from item",
    });
    await expect(driver.exec("create table item (a)")).rejects.toThrow("table item already exists");
  });

  it("enforces foreign keys from the start", async () => {
    expect(await driver.all("PRAGMA foreign_keys")).toEqual([{ foreign_keys: 1 }]);
    await driver.exec(
      "create table parent (id integer primary key); create table child (parent_id integer references parent (id))",
    );
    await expect(driver.run("insert into child (parent_id) values (1)")).rejects.toMatchObject({
      name: "SqliteDriverError",
      message: "FOREIGN KEY constraint failed",
    });
  });

  it("commits a transaction and returns its value", async () => {
    const value = await driver.transaction(async () => {
      await driver.run("insert into item (label) values ('kept')");
      return 42;
    });
    expect(value).toBe(42);
    expect(await driver.all("select label from item")).toEqual([{ label: "kept" }]);
  });

  it("rolls a transaction back when its function throws, and rethrows", async () => {
    await driver.run("insert into item (label) values ('before')");
    const failure = new Error("boom");
    await expect(
      driver.transaction(async () => {
        await driver.run("insert into item (label) values ('inside')");
        await driver.exec("create table made_inside (a)");
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await driver.all("select label from item")).toEqual([{ label: "before" }]);
    expect(await driver.all("select name from sqlite_master where name = 'made_inside'")).toEqual([]);
    // The connection is usable for the next transaction.
    await driver.transaction(async () => driver.run("insert into item (label) values ('after')"));
    expect(await driver.all("select label from item order by id")).toEqual([{ label: "before" }, { label: "after" }]);
  });

  it("rolls back when COMMIT itself fails", async () => {
    await driver.exec(`
      PRAGMA foreign_keys = ON;
      create table parent (id integer primary key);
      create table child (parent_id integer references parent (id) deferrable initially deferred);
    `);
    // A deferred foreign key is only checked at COMMIT.
    await expect(
      driver.transaction(async () => {
        await driver.run("insert into child (parent_id) values (99)");
      }),
    ).rejects.toMatchObject({ name: "SqliteDriverError", message: "FOREIGN KEY constraint failed", sql: "COMMIT" });
    expect(await driver.all("select count(*) as n from child")).toEqual([{ n: 0 }]);
    await driver.transaction(async () => driver.run("insert into parent (id) values (1)"));
    expect(await driver.all("select id from parent")).toEqual([{ id: 1 }]);
  });

  it("refuses a nested transaction without disturbing the open one", async () => {
    await driver.transaction(async () => {
      await driver.run("insert into item (label) values ('outer')");
      await expect(driver.transaction(async () => 1)).rejects.toThrow(/nested transactions are not supported/);
      await driver.run("insert into item (label) values ('still outer')");
    });
    expect(await driver.all("select label from item order by id")).toEqual([
      { label: "outer" },
      { label: "still outer" },
    ]);
  });

  it("fails every call after close()", async () => {
    await driver.close();
    await expect(driver.all("select 1")).rejects.toBeInstanceOf(SqliteDriverError);
    await expect(driver.run("select 1")).rejects.toBeInstanceOf(SqliteDriverError);
    await expect(driver.exec("select 1")).rejects.toBeInstanceOf(SqliteDriverError);
  });
});

describe.each(MIRROR_DRIVERS.filter((factory) => factory.persistent))("SqliteDriver on $name, reopened", (factory) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await factory.open();
  });
  afterEach(async () => {
    await database.dispose();
  });

  it("keeps committed data and user_version across a reopen", async () => {
    await database.driver.exec("create table item (label text, amount integer)");
    await database.driver.run("insert into item (label, amount) values (?, ?)", ["persisted", 7]);
    await database.driver.run("PRAGMA user_version = 5");
    const reopened = await database.reopen();
    expect(await reopened.all("select label, amount from item")).toEqual([{ label: "persisted", amount: 7 }]);
    expect(await reopened.all("PRAGMA user_version")).toEqual([{ user_version: 5 }]);
  });
});

describe("sql.js export", () => {
  it("gives the bytes of a SQLite file that reopens with the same contents", async () => {
    const source = await openSqlJsDriver();
    await source.exec("create table t (a text); insert into t values ('en'), ('to'); PRAGMA user_version = 3");
    const bytes = await source.export();
    expect(new TextDecoder().decode(bytes.subarray(0, 15))).toBe("SQLite format 3");
    const copy = await openSqlJsDriver({ bytes });
    expect(await copy.all("select a from t order by a")).toEqual([{ a: "en" }, { a: "to" }]);
    expect(await copy.all("PRAGMA user_version")).toEqual([{ user_version: 3 }]);
    await Promise.all([source.close(), copy.close()]);
  });

  it("keeps foreign-key enforcement on across the reopen that exporting does", async () => {
    const driver = await openSqlJsDriver();
    await driver.exec(
      "PRAGMA foreign_keys = ON; create table p (id integer primary key); create table c (p integer references p (id))",
    );
    await driver.export();
    expect(await driver.all("PRAGMA foreign_keys")).toEqual([{ foreign_keys: 1 }]);
    await expect(driver.run("insert into c values (1)")).rejects.toThrow("FOREIGN KEY constraint failed");
    await driver.run("PRAGMA foreign_keys = OFF");
    await driver.export();
    expect(await driver.all("PRAGMA foreign_keys")).toEqual([{ foreign_keys: 0 }]);
    await driver.close();
  });

  it("is refused inside a transaction, which stays open and commits", async () => {
    const driver = await openSqlJsDriver();
    await driver.exec("create table t (a integer)");
    await driver.transaction(async () => {
      await driver.run("insert into t values (1)");
      await expect(driver.export()).rejects.toThrow(/cannot export while a transaction is open/);
      await driver.run("insert into t values (2)");
    });
    expect(await driver.all("select a from t order by a")).toEqual([{ a: 1 }, { a: 2 }]);
    await driver.close();
  });
});

describe("sql.js on a file", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "mirror-file-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("starts empty when the file is missing and creates it on save, leaving no temporary file", async () => {
    const path = join(dir, "mirror.sqlite");
    const driver = await openSqlJsFileDriver(path);
    expect(driver.path).toBe(path);
    expect(await driver.all("select count(*) as n from sqlite_master")).toEqual([{ n: 0 }]);
    expect(await readdir(dir)).toEqual([]);
    await driver.exec("create table t (a text); insert into t values ('lagret')");
    await driver.save();
    expect(await readdir(dirname(path))).toEqual(["mirror.sqlite"]);
    await driver.close();

    const reopened = await openSqlJsFileDriver(path);
    expect(await reopened.all("select a from t")).toEqual([{ a: "lagret" }]);
    await reopened.close();
  });

  it("does not write the file on close", async () => {
    const path = join(dir, "mirror.sqlite");
    const driver = await openSqlJsFileDriver(path);
    await driver.exec("create table t (a text)");
    await driver.close();
    expect(await readdir(dir)).toEqual([]);
  });

  it("fails to open a path that cannot be read, and to save where it cannot write", async () => {
    await expect(openSqlJsFileDriver(dir)).rejects.toThrow(/EISDIR/);
    const driver = await openSqlJsFileDriver(join(dir, "missing-folder", "mirror.sqlite"));
    await expect(driver.save()).rejects.toThrow(/ENOENT/);
    await driver.close();
  });
});
