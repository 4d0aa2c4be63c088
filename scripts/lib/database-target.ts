/**
 * Which database engine a command runs against: the embedded default, or any
 * PostgreSQL 15+ named by DATABASE_URL (a Supabase project included).
 */

export type DatabaseTarget =
  | { readonly engine: "embedded" }
  | { readonly engine: "postgres"; readonly url: string };

/**
 * Reads DATABASE_URL: unset or empty means the embedded engine.
 *
 * @example
 * resolveDatabaseTarget({}) // { engine: "embedded" }
 * resolveDatabaseTarget({ DATABASE_URL: "postgres://postgres@127.0.0.1:5432/postgres" })
 */
export function resolveDatabaseTarget(env: NodeJS.ProcessEnv = process.env): DatabaseTarget {
  const raw = env.DATABASE_URL?.trim();
  if (raw === undefined || raw === "") return { engine: "embedded" };
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new Error(`DATABASE_URL is not a URL: ${redactPassword(raw)}`);
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw new Error(`DATABASE_URL must start with postgres:// or postgresql://, got ${parsed.protocol}//`);
  }
  return { engine: "postgres", url: raw };
}

/** The same URL pointing at another database on the same server. */
export function withDatabaseName(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** The database a URL names (PostgreSQL's default is the user's name). */
export function databaseNameOf(url: string): string {
  const parsed = new URL(url);
  const path = decodeURIComponent(parsed.pathname.replace(/^\//, ""));
  return path !== "" ? path : decodeURIComponent(parsed.username || "postgres");
}

/** Hides a password before a URL is printed. */
export function redactPassword(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, "$1***@");
}

/**
 * libpq's PG* variables for a URL, for tools (pg_prove) that take no URL.
 * Unset parts fall back to libpq's own defaults.
 */
export function libpqEnvironment(url: string): Record<string, string> {
  const parsed = new URL(url);
  const env: Record<string, string> = { PGDATABASE: databaseNameOf(url) };
  if (parsed.hostname !== "") env.PGHOST = parsed.hostname.replace(/^\[|\]$/g, "");
  if (parsed.port !== "") env.PGPORT = parsed.port;
  if (parsed.username !== "") env.PGUSER = decodeURIComponent(parsed.username);
  if (parsed.password !== "") env.PGPASSWORD = decodeURIComponent(parsed.password);
  const sslmode = parsed.searchParams.get("sslmode");
  if (sslmode !== null) env.PGSSLMODE = sslmode;
  return env;
}
