/**
 * Runs a command with DATABASE_URL pointing at a bootstrapped, migrated database,
 * then cleans up: the embedded server stops when the command ends, and a
 * scratch database is dropped. The command's exit code is passed on.
 *
 * Usage: tsx scripts/with-database.ts [--scratch] -- <command> [args...]
 *   (default)  the project database: the embedded one under .data/pglite (migrated on
 *              first use), or DATABASE_URL itself, never migrated implicitly
 *              (deploying is explicit: `bufdir db migrate`)
 *   --scratch  a fresh, migrated database (in-memory embedded, or a new database on DATABASE_URL's server)
 */
import { redactPassword, resolveDatabaseTarget } from "./lib/database-target.ts";
import { startEmbeddedServer } from "./lib/embedded-server.ts";
import { prepareDatabase } from "./lib/migrations.ts";
import { embeddedDataDir } from "./lib/paths.ts";
import { cleanUpOnSignals, runCommand } from "./lib/run-command.ts";
import { createScratchDatabase } from "./lib/scratch-database.ts";

const separator = process.argv.indexOf("--");
const options = separator === -1 ? process.argv.slice(2) : process.argv.slice(2, separator);
const command = separator === -1 ? [] : process.argv.slice(separator + 1);
if (command.length === 0) {
  console.error("usage: tsx scripts/with-database.ts [--scratch] -- <command> [args...]");
  process.exit(2);
}

const target = resolveDatabaseTarget();
const database = options.includes("--scratch")
  ? await createScratchDatabase(target)
  : target.engine === "embedded"
    ? await startEmbeddedServer({ dataDir: embeddedDataDir }).then((server) => ({ url: server.url, dispose: server.stop }))
    : { url: target.url, dispose: async () => {} };

// A database named by DATABASE_URL may be production: it is only ever migrated on purpose.
const migrate = options.includes("--scratch") || target.engine === "embedded";
let exitCode = 1;
cleanUpOnSignals(() => database.dispose());
try {
  if (migrate) await prepareDatabase(database.url);
  console.error(`DATABASE_URL=${redactPassword(database.url)}`);
  const [program, ...args] = command as [string, ...string[]];
  exitCode = (await runCommand(program, args, { env: { ...process.env, DATABASE_URL: database.url } })).exitCode;
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
} finally {
  await database.dispose();
}
process.exit(exitCode);
