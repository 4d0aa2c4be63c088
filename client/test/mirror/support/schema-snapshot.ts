/**
 * The schema of a mirror database as comparable text: `PRAGMA user_version`
 * and every `sqlite_master` entry (type, name, table, SQL), sorted by type and
 * name, with the SQL normalised so that equal schemas print equally however
 * they were reached (a fresh CREATE, an ALTER TABLE ADD COLUMN, or a rebuild
 * whose RENAME quoted the table name).
 *
 * Normalising collapses whitespace and unquotes plain identifiers everywhere in
 * the SQL, string literals included; the mirror's DDL has no literal where that
 * would matter.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { SqliteDriver } from "../../../src/mirror/sqlite-driver.ts";

export const SNAPSHOT_DIR = resolve(import.meta.dirname, "../schema-snapshots");

/** The committed snapshot file of `version`. */
export function snapshotPath(version: number): string {
  return resolve(SNAPSHOT_DIR, `v${version}.sql`);
}

/** The header every snapshot file starts with. */
export function snapshotHeader(version: number): string {
  return [
    `-- The mirror's schema at version ${version}: PRAGMA user_version and sqlite_master,`,
    "-- normalised and sorted (client/test/mirror/support/schema-snapshot.ts).",
    "-- Generated; do not edit. Regenerate with",
    "--   UPDATE_SNAPSHOTS=1 node_modules/.bin/vitest run client/test/mirror/schema-snapshots.test.ts",
    "-- A diff in a released version's file means a landed migration step was changed.",
    "",
  ].join("\n");
}

/** The committed snapshot of `version`, header included; version 0 is the empty database. */
export async function committedSnapshot(version: number): Promise<string> {
  if (version === 0) return `${snapshotHeader(0)}${emptySchema()}`;
  return readFile(snapshotPath(version), "utf8");
}

function emptySchema(): string {
  return "-- user_version 0\n";
}

interface MasterRow {
  readonly type: string;
  readonly name: string;
  readonly tbl_name: string;
  readonly sql: string | null;
}

/** The database's schema as snapshot text (header included). */
export async function schemaSnapshot(driver: SqliteDriver): Promise<string> {
  const [version] = await driver.all<{ user_version: number }>("PRAGMA user_version");
  const userVersion = version?.user_version ?? 0;
  const rows = await driver.all<MasterRow>(
    "select type, name, tbl_name, sql from sqlite_master where name not like 'sqlite_stat%' and name <> 'sqlite_sequence'",
  );
  const entries = [...rows]
    .sort((a, b) => compare(a.type, b.type) || compare(a.name, b.name))
    .map((row) => {
      const title =
        row.name === row.tbl_name ? `${row.type} ${row.name}` : `${row.type} ${row.name} on ${row.tbl_name}`;
      return row.sql === null ? `${title}\n` : `${title}\n${layOut(normaliseSql(row.sql), row.type)};\n`;
    });
  const body = entries.map((entry) => `\n${entry}`).join("");
  return `${snapshotHeader(userVersion)}-- user_version ${userVersion}\n${body}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whitespace collapsed, identifiers unquoted, one space after commas and none inside parentheses. */
export function normaliseSql(sql: string): string {
  return sql
    .replace(/\s+/g, " ")
    .replace(/"([A-Za-z_][A-Za-z0-9_]*)"/g, "$1")
    .replace(/\s*,\s*/g, ", ")
    .replace(/\(\s+/g, "(")
    .replace(/\s+\)/g, ")")
    .trim();
}

/** A table's columns and constraints one per line, so snapshot diffs show what changed. */
function layOut(sql: string, type: string): string {
  const open = sql.indexOf("(");
  if (type !== "table" || open < 0 || !sql.endsWith(")")) return sql;
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = "";
  for (const char of sql.slice(open + 1, -1)) {
    if (char === "'") quoted = !quoted;
    if (!quoted && char === "(") depth += 1;
    if (!quoted && char === ")") depth -= 1;
    if (!quoted && depth === 0 && char === ",") {
      parts.push(current.trim());
      current = "";
    } else {
      current += char;
    }
  }
  parts.push(current.trim());
  return `${sql.slice(0, open).trimEnd()} (\n  ${parts.join(",\n  ")}\n)`;
}
