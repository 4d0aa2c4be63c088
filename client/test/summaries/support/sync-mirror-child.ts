/**
 * Child process for the crash test: syncs organisation A's summaries into a
 * mirror file as the service role and, when asked, stops dead before its n-th
 * call into SQLite (it prints "paused" and waits for the parent's SIGKILL).
 * Usage: tsx sync-mirror-child.ts <database-url> <mirror-file> [pause-before-call]
 */
import { asServiceRole } from "../../../src/context/request-context.ts";
import { openBetterSqlite3Driver } from "../../../src/mirror/better-sqlite3-driver.ts";
import { openMirror } from "../../../src/mirror/open-mirror.ts";
import type { SqliteDriver } from "../../../src/mirror/sqlite-driver.ts";
import { SummaryCacheRepository } from "../../../src/summaries/summary-cache-repository.ts";
import { createPostgresTransport } from "../../../src/transport/postgres-transport.ts";

const [url, file, pauseAt] = process.argv.slice(2);
if (url === undefined || file === undefined) throw new Error("usage: sync-mirror-child.ts <database-url> <mirror-file> [pause-before-call]");
const pauseBefore = pauseAt === undefined ? Number.POSITIVE_INFINITY : Number(pauseAt);

const driver = await openBetterSqlite3Driver(file);
await openMirror(driver);
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

const transport = createPostgresTransport({ connectionString: url, context: asServiceRole() });
const repository = new SummaryCacheRepository({
  driver: counted,
  transport,
  organisationId: "00000000-0000-4000-a000-00000000000a",
  pageSize: 2,
});
const result = await repository.sync();
await transport.end();
await driver.close();
if (result.isErr()) {
  process.stdout.write(`failed ${JSON.stringify(result.error)}\n`);
  process.exit(1);
}
process.stdout.write(`done after ${calls} calls\n`);
