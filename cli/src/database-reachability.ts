/**
 * Connects once before any work, so a server that is down, a database that
 * does not exist or a refused login is one line naming host, port and database
 * (exit 4), not a tool's output followed by the wrong advice.
 */
import pg from "pg";
import { databaseNameOf } from "../../scripts/lib/database-target.ts";
import { CliFailure, EXIT, shorten } from "./output.ts";

/** How long the first connection may take before the server counts as unreachable. */
const CONNECT_TIMEOUT_MS = 5_000;

/** "127.0.0.1:5432, database \"bufdir\"" for a URL. */
export function describeDatabase(url: string): string {
  const parsed = new URL(url);
  const host = parsed.hostname !== "" ? parsed.hostname : "localhost";
  const port = parsed.port !== "" ? parsed.port : "5432";
  return `${shorten(host)}:${port}, database "${shorten(databaseNameOf(url))}"`;
}

/** Why a first connection failed, in the operator's words. */
function unreachableReason(error: unknown): { reason: string; text: string } {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case "ECONNREFUSED":
      return { reason: "connection_refused", text: "nothing accepts connections there" };
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return { reason: "unknown_host", text: "the host name does not resolve" };
    case "ETIMEDOUT":
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return { reason: "no_route", text: "the host does not answer" };
    case "3D000":
      return { reason: "database_missing", text: "the server has no such database (`bufdir db create`, with this DATABASE_URL, creates it)" };
    case "28P01":
    case "28000":
      return { reason: "login_refused", text: `the server refused the login: ${shorten(message, 120)}` };
  }
  if (/timeout/i.test(message)) return { reason: "no_route", text: `no answer within ${CONNECT_TIMEOUT_MS / 1000} s` };
  return { reason: "database_unreachable", text: shorten(message, 120) };
}

/**
 * Resolves when a connection to `url` succeeds; otherwise throws a CliFailure
 * with exit code 4.
 *
 * @example
 * await requireReachable("postgres://postgres@127.0.0.1:1/x"); // throws: cannot reach 127.0.0.1:1, database "x": nothing accepts connections there
 */
export async function requireReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  client.on("error", () => undefined);
  try {
    await client.connect();
  } catch (error) {
    const { reason, text } = unreachableReason(error);
    throw new CliFailure(`cannot reach ${describeDatabase(url)}: ${text}`, EXIT.network, reason);
  } finally {
    await client.end().catch(() => undefined);
  }
}
