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

/** Query parameters that carry a secret (libpq's `password`, `sslpassword`). */
const SECRET_PARAMETER = /password/i;

/**
 * Hides every password before a URL is printed: the user-info's (also with an
 * empty user name or an `@` inside it) and any `?password=` parameter. Read from
 * the parsed URL; text that does not parse loses everything between `//` and
 * its last `@`, and every `password=` value.
 *
 * @example
 * redactPassword("postgres://:p@ss@db.example/app?password=x") // "postgres://:***@db.example/app?password=***"
 */
export function redactPassword(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url.replace(/\/\/[^/?#]*@/, "//***@").replace(/(password=)[^&\s]*/gi, "$1***");
  }
  if (parsed.password !== "") parsed.password = "***";
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAMETER.test(name)) parsed.searchParams.set(name, "***");
  }
  // URLSearchParams encodes "*" as-is but the user-info's as %2A: show both plainly.
  return parsed.toString().replace(/%2A%2A%2A/g, "***");
}

/**
 * Every form in which the URL's passwords could appear in a tool's message: as
 * written, decoded and encoded. A tool's output is cleaned of them before it is shown.
 */
export function passwordsOf(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  const raw = [parsed.password, ...[...parsed.searchParams.entries()].filter(([name]) => SECRET_PARAMETER.test(name)).map(([, value]) => value)];
  const forms = raw.filter((value) => value !== "").flatMap((value) => {
    let decoded = value;
    try {
      decoded = decodeURIComponent(value);
    } catch {
      // A malformed escape is kept as written.
    }
    return [value, decoded, encodeURIComponent(decoded)];
  });
  return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

/**
 * A tool's output with the URL's passwords replaced by ***.
 *
 * @example
 * withoutPasswords("dial postgres://u:s3cret@h/db failed", url) // "dial postgres://u:***@h/db failed"
 */
export function withoutPasswords(text: string, url: string): string {
  return passwordsOf(url).reduce((cleaned, secret) => cleaned.split(secret).join("***"), text);
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
