/**
 * Ctrl-C (SIGINT) and SIGTERM during a command: the statement running on the
 * server is cancelled, so its transaction rolls back and nothing of it is
 * written; the command stops before its next step and bufdir exits 130. A
 * second signal exits at once.
 *
 * The CLI's connections carry an application_name of their own, so the cancel
 * reaches exactly this process's backends. The embedded engine runs in this
 * process and cannot be interrupted mid-statement: there the signal takes effect
 * as soon as the running statement returns. (Run as `npx bufdir`, the signal
 * reaches this process; the `tsx` launcher behind `npm run bufdir` kills its
 * child outright when that child cannot answer a signal within 60 ms.)
 */
import { CliFailure, EXIT } from "./output.ts";

let requested: NodeJS.Signals | undefined;

/** The application_name of this process's database connections. */
export const CLI_APPLICATION_NAME = `bufdir-cli-${process.pid}`;

/**
 * The connection string the CLI's own pool uses: `url` with this process's
 * application_name.
 *
 * @example
 * new pg.Pool({ connectionString: withCliApplicationName(url) });
 */
export function withCliApplicationName(url: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set("application_name", CLI_APPLICATION_NAME);
  return parsed.toString();
}

/** Whether a signal asked the running command to stop. */
export function cancellationRequested(): NodeJS.Signals | undefined {
  return requested;
}

/**
 * Throws the cancelled failure when a signal arrived; long commands call it
 * between steps.
 *
 * @example
 * for (const period of periods) { throwIfCancelled(); await generate(period); }
 */
export function throwIfCancelled(): void {
  if (requested !== undefined) throw cancelledFailure(requested);
}

/** The failure a cancelled command ends with (exit 130). */
export function cancelledFailure(signal: NodeJS.Signals): CliFailure {
  return new CliFailure(`cancelled by ${signal}: the statement running on the server was cancelled and nothing of it was written`, EXIT.cancelled);
}

/** Asks the server to cancel whatever this process's connections are running. */
async function cancelServerStatements(url: string): Promise<void> {
  // Loaded here: every command imports this module, and most are never cancelled.
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query(
      `select pg_catalog.pg_cancel_backend(a.pid) from pg_catalog.pg_stat_activity a
       where a.application_name = $1 and a.pid <> pg_catalog.pg_backend_pid() and a.state <> 'idle'`,
      [CLI_APPLICATION_NAME],
    );
  } catch {
    // The command's own connection reports whatever happens to it.
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Watches for SIGINT and SIGTERM while a command works on `url` (a PostgreSQL
 * server; null for the embedded engine). Returns the function that stops watching.
 *
 * @example
 * const stop = watchForCancellation(session.engine === "postgres" ? session.url : null);
 * try { await work(); } finally { stop(); }
 */
export function watchForCancellation(url: string | null): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    if (requested !== undefined) process.exit(EXIT.cancelled);
    requested = signal;
    if (url !== null) void cancelServerStatements(url);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  };
}
