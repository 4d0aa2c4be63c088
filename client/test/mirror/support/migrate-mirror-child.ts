/**
 * Child process for the crash test: migrates a mirror file to the latest version
 * and, when asked, stops dead before its n-th call into SQLite (it prints
 * "paused" and waits for the parent's SIGKILL). Every call the migrator makes is
 * counted: statements, pragmas, BEGIN and COMMIT alike.
 * Usage: tsx migrate-mirror-child.ts <file> [pause-before-call]
 */
import { openBetterSqlite3Driver } from "../../../src/mirror/better-sqlite3-driver.ts";
import { migrateMirror } from "../../../src/mirror/migrations/migrate-mirror.ts";
import type { SqliteDriver } from "../../../src/mirror/sqlite-driver.ts";

const [file, pauseAt] = process.argv.slice(2);
if (file === undefined) throw new Error("usage: migrate-mirror-child.ts <file> [pause-before-call]");
const pauseBefore = pauseAt === undefined ? Number.POSITIVE_INFINITY : Number(pauseAt);

const driver = await openBetterSqlite3Driver(file);
let calls = 0;
const beforeCall = async (): Promise<void> => {
  calls += 1;
  if (calls === pauseBefore) {
    process.stdout.write("paused\n");
    await new Promise(() => undefined);
  }
};
const counted: SqliteDriver = {
  run: async (sql, params) => (await beforeCall(), driver.run(sql, params)),
  all: async (sql, params) => (await beforeCall(), driver.all(sql, params)),
  exec: async (sql) => (await beforeCall(), driver.exec(sql)),
  transaction: (work) => driver.transaction(work),
  close: () => driver.close(),
} as SqliteDriver;

await migrateMirror(counted);
await driver.close();
process.stdout.write(`done after ${calls} calls\n`);
