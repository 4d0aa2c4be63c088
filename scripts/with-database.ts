/**
 * Runs a command with DATABASE_URL pointing at a bootstrapped, migrated database,
 * then cleans up: the embedded server stops when the command ends, and a
 * scratch database is dropped. The command's exit code is passed on.
 *
 * The command also gets libpq's PG* variables for the database (PGHOST, PGPASSWORD,
 * …), so `psql` needs no URL on its command line, where anyone on the machine could
 * read the password.
 *
 * Usage: tsx scripts/with-database.ts [--scratch] [--interactive] -- <command> [args...]
 *   (default)      the project database: the embedded one under .data/pglite (migrated on
 *                  first use), or DATABASE_URL itself, never migrated implicitly
 *                  (deploying is explicit: `bufdir db migrate`)
 *   --scratch      a fresh, migrated database (in-memory embedded, or a new database on DATABASE_URL's server)
 *   --interactive  the command reads this terminal (`make psql`): stdin is always passed on;
 *                  here Ctrl-C is left to the command too (psql cancels the query), and the
 *                  database is cleaned up when the command ends
 */
import { libpqEnvironment, redactPassword, resolveDatabaseTarget } from "./lib/database-target.ts";
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
if (options.includes("--interactive")) {
  // The terminal's Ctrl-C reaches the command as well; it decides what it means.
  process.on("SIGINT", () => undefined);
  cleanUpOnSignals(() => database.dispose(), ["SIGTERM", "SIGHUP"]);
} else {
  cleanUpOnSignals(() => database.dispose());
}
try {
  if (migrate) await prepareDatabase(database.url);
  console.error(`DATABASE_URL=${redactPassword(database.url)}`);
  const [program, ...args] = command as [string, ...string[]];
  const env = { ...process.env, ...libpqEnvironment(database.url), DATABASE_URL: database.url };
  exitCode = (await runCommand(program, args, { env, inheritStdin: true })).exitCode;
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
} finally {
  await database.dispose();
}
process.exit(exitCode);
