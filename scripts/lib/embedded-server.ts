/**
 * The embedded engine: PGlite (PostgreSQL compiled to WASM) served over the
 * Postgres wire protocol on a free 127.0.0.1 port, so dbmate, psql, pg_prove and
 * the client all reach it through an ordinary postgres:// URL.
 *
 * PGlite has one backend shared by every connection: callers must run one
 * transaction at a time and use only transaction-local settings.
 */
import { createServer } from "node:net";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Written into a data folder this module created, so a reset can tell it is ours. */
export const EMBEDDED_MARKER_FILE = ".created-by-bufdir-reporting";

/** True when `dataDir` holds an embedded database this module created. */
export function isOwnEmbeddedDataDir(dataDir: string): boolean {
  return existsSync(join(dataDir, EMBEDDED_MARKER_FILE));
}

export interface EmbeddedServer {
  /** postgres:// URL of the running server (sslmode=disable). */
  readonly url: string;
  /** Stops the socket server and closes the database; safe to call twice. */
  stop(): Promise<void>;
}

export interface EmbeddedServerOptions {
  /** A folder for durable data, or undefined for a throw-away in-memory database. */
  dataDir?: string;
  /** How many clients may be connected at once (they still share one backend). */
  maxConnections?: number;
}

/** Asks the kernel for a port nobody listens on right now. */
async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      if (address === null || typeof address === "string") {
        probe.close(() => reject(new Error("could not read the probe's port")));
        return;
      }
      probe.close(() => resolve(address.port));
    });
  });
}

/**
 * Starts an embedded PostgreSQL with the pgTAP extension available.
 *
 * @example
 * const server = await startEmbeddedServer({ dataDir: ".data/pglite" });
 * try { await run(server.url); } finally { await server.stop(); }
 */
export async function startEmbeddedServer(options: EmbeddedServerOptions = {}): Promise<EmbeddedServer> {
  if (options.dataDir !== undefined) {
    mkdirSync(options.dataDir, { recursive: true });
    if (readdirSync(options.dataDir).length === 0) writeFileSync(join(options.dataDir, EMBEDDED_MARKER_FILE), "");
  }
  // Loaded here, not at the top: PGlite is large, and the CLI's commands that do
  // not start the engine (`--help`, any command on DATABASE_URL) should not pay for it.
  const [{ PGlite }, { PGLiteSocketServer }, { pgtap }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("@electric-sql/pglite-socket"),
    import("@electric-sql/pglite-pgtap"),
  ]);
  const db = await PGlite.create(options.dataDir ?? "memory://", { extensions: { pgtap } });
  const host = "127.0.0.1";
  // Another process may take the probed port before we bind it: try a few times.
  for (let attempt = 1; ; attempt++) {
    const port = await findFreePort();
    const server = new PGLiteSocketServer({ db, host, port, maxConnections: options.maxConnections ?? 16 });
    try {
      await server.start();
    } catch (error) {
      if (attempt < 5 && (error as NodeJS.ErrnoException).code === "EADDRINUSE") continue;
      await db.close();
      throw error;
    }
    let stopped: Promise<void> | undefined;
    return {
      url: `postgres://postgres:postgres@${host}:${port}/postgres?sslmode=disable`,
      stop: () => {
        stopped ??= (async () => {
          await server.stop();
          await db.close();
        })();
        return stopped;
      },
    };
  }
}
