/**
 * A database's schema as pg_dump states it, object by object (privileges
 * included, unlike db/schema.sql), plus the role settings of the database, which
 * pg_dump leaves out. Two databases are compared entry by entry, so a difference
 * is named by the object it concerns.
 */
import pg from "pg";
import { libpqEnvironment } from "./database-target.ts";
import { runCommand } from "./run-command.ts";

/** One object of a dump: pg_dump's table-of-contents entry and its statements. */
export interface SchemaEntry {
  /** pg_dump's type: FUNCTION, TABLE, POLICY, COMMENT, ACL, … or ROLE SETTING. */
  readonly type: string;
  /** The schema, or "-" for objects outside one. */
  readonly schema: string;
  /** pg_dump's name: `caller_org_ids(public.member_role[])`, `activities delete_editors`, `TABLE activities`, … */
  readonly name: string;
  readonly sql: string;
}

/** The key an entry is compared under. */
export function entryKey(entry: Pick<SchemaEntry, "type" | "schema" | "name">): string {
  return `${entry.type}; ${entry.schema}; ${entry.name}`;
}

/** A readable name for an entry: `FUNCTION hidden.caller_org_ids(public.member_role[])`. */
export function describeEntry(entry: SchemaEntry): string {
  const qualified = entry.schema === "-" ? entry.name : `${entry.schema}.${entry.name}`;
  return entry.type === "COMMENT" || entry.type === "ACL" ? `${entry.type} ON ${entry.name} (${entry.schema})` : `${entry.type} ${qualified}`;
}

/** Splits pg_dump's plain output into its entries. */
export function parseDump(dump: string): SchemaEntry[] {
  const entries: SchemaEntry[] = [];
  const cleaned = `\n${dump}`.replace(/^\\(un)?restrict .*$/gm, "");
  const parts = cleaned.split("\n--\n-- Name: ").slice(1);
  for (const part of parts) {
    const headerEnd = part.indexOf("\n--\n");
    const header = part.slice(0, headerEnd);
    const match = /^(.*); Type: (.*); Schema: (.*); Owner: .*$/.exec(header);
    if (match === null) throw new Error(`unexpected pg_dump entry header: ${header}`);
    const sql = part
      .slice(headerEnd + 4)
      .split("\n--\n-- PostgreSQL database dump complete")[0]!
      .trim();
    entries.push({ name: match[1]!, type: match[2]!, schema: match[3]!, sql });
  }
  return entries;
}

/**
 * The schema entries of a PostgreSQL database (dbmate's bookkeeping left out).
 * pg_dump gets the connection through libpq's variables, never its arguments.
 */
export async function schemaEntries(url: string): Promise<SchemaEntry[]> {
  const result = await runCommand("pg_dump", ["--schema-only", "--no-owner", "--exclude-schema=dbmate"], {
    env: { ...process.env, ...libpqEnvironment(url) },
    captureStdout: true,
    captureStderr: true,
  });
  if (result.exitCode !== 0) throw new Error(`pg_dump failed (exit ${result.exitCode}): ${result.stderr.trim()}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const settings = await client.query<{ role: string; settings: string[] }>(
      `select r.rolname as role, s.setconfig as settings
         from pg_catalog.pg_db_role_setting s
         join pg_catalog.pg_roles r on r.oid = s.setrole
        where s.setdatabase = (select oid from pg_catalog.pg_database where datname = pg_catalog.current_database())
        order by r.rolname`,
    );
    const roleSettings = settings.rows.map((row) => ({
      type: "ROLE SETTING",
      schema: "-",
      name: row.role,
      sql: [...row.settings].sort().join("\n"),
    }));
    return [...parseDump(result.stdout), ...roleSettings];
  } finally {
    await client.end();
  }
}

export interface SchemaDifference {
  /** Entries only the first database has. */
  readonly removed: SchemaEntry[];
  /** Entries only the second database has. */
  readonly added: SchemaEntry[];
  /** Entries both have, with different statements: [first, second]. */
  readonly changed: [SchemaEntry, SchemaEntry][];
}

/** What differs from `before` to `after`, entry by entry. */
export function compareEntries(before: readonly SchemaEntry[], after: readonly SchemaEntry[]): SchemaDifference {
  const beforeByKey = new Map(before.map((entry) => [entryKey(entry), entry]));
  const afterByKey = new Map(after.map((entry) => [entryKey(entry), entry]));
  const removed = before.filter((entry) => !afterByKey.has(entryKey(entry)));
  const added = after.filter((entry) => !beforeByKey.has(entryKey(entry)));
  const changed: [SchemaEntry, SchemaEntry][] = [];
  for (const entry of before) {
    const other = afterByKey.get(entryKey(entry));
    if (other !== undefined && other.sql !== entry.sql) changed.push([entry, other]);
  }
  return { removed, added, changed };
}

export function isEmptyDifference(difference: SchemaDifference): boolean {
  return difference.removed.length === 0 && difference.added.length === 0 && difference.changed.length === 0;
}
