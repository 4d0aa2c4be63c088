/**
 * db/src: the one file a definition lives in, applied in the order db/src/order.txt
 * lists. The baseline migration is these files concatenated; `make migration`
 * writes later migrations from them; `make src-check` builds a database from them
 * and compares it with the migrated one.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import pg from "pg";
import { dbDir } from "./paths.ts";
import { sqlTokens } from "./sql-tokens.ts";

export const sourcesDir = resolve(dbDir, "src");
export const orderFile = resolve(sourcesDir, "order.txt");

/** Every .sql file under db/src, as a path relative to it with forward slashes. */
export function sourceFilesOnDisk(dir = sourcesDir): string[] {
  const found: string[] = [];
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".sql")) found.push(relative(dir, path).split(sep).join("/"));
    }
  };
  walk(dir);
  return found.sort();
}

/**
 * The files of order.txt in order (blank lines and `#` comments skipped). Throws
 * when a listed file is missing, listed twice, or a file on disk is not listed.
 *
 * @example
 * sourceOrder("schemas.sql\n# tables\npublic/organisations.sql\n", ["public/organisations.sql", "schemas.sql"])
 * // ["schemas.sql", "public/organisations.sql"]
 */
export function sourceOrder(orderText = readFileSync(orderFile, "utf8"), onDisk = sourceFilesOnDisk()): string[] {
  const listed = parseOrder(orderText);
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const file of listed) {
    if (seen.has(file)) problems.push(`${file} is listed twice`);
    seen.add(file);
  }
  const present = new Set(onDisk);
  for (const file of listed) if (!present.has(file)) problems.push(`${file} is listed but missing`);
  for (const file of onDisk) if (!seen.has(file)) problems.push(`${file} is not listed`);
  if (problems.length > 0) throw new Error(`db/src/order.txt: ${problems.join("; ")}`);
  return listed;
}

/** The files an order.txt lists, in order, unchecked (blank lines and `#` comments skipped). */
export function parseOrder(orderText: string): string[] {
  return orderText
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}

/** The text of one source file. */
export function readSource(file: string): string {
  return readFileSync(resolve(sourcesDir, file), "utf8");
}

/**
 * Every source file in order, each after a line naming it. Function bodies are
 * checked when they run, as pg_dump restores them: a function may read a table
 * listed after it.
 */
export function concatenatedSources(files = sourceOrder(), read = readSource): string {
  const sections = files.map((file) => `-- db/src/${file}\n${read(file).trimEnd()}\n`);
  return ["set local check_function_bodies = off;\n", ...sections].join("\n");
}

/** Applies every source file, in order, in one transaction. */
export async function applySources(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("begin");
    await client.query(concatenatedSources());
    await client.query("commit");
  } catch (error) {
    await client.query("rollback").catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/** One statement of a source file, with the comment lines right above it. */
export interface SourceStatement {
  /** The statement and the comment lines before it, as written. */
  readonly text: string;
  /** The statement alone, lower-cased, comments left out, white space folded. */
  readonly normalized: string;
}

/**
 * Splits SQL into statements at top-level semicolons: quoted strings,
 * quoted identifiers, dollar-quoted bodies and comments are kept whole.
 */
export function splitStatements(sql: string): SourceStatement[] {
  const statements: SourceStatement[] = [];
  let start = 0;
  let code = "";
  const push = (end: number): void => {
    const text = sql.slice(start, end).trim();
    const normalized = code.replace(/\s+/g, " ").trim().toLowerCase();
    if (normalized !== "") statements.push({ text, normalized });
    start = end;
    code = "";
  };
  for (const token of sqlTokens(sql)) {
    if (token.kind === "comment") continue;
    if (token.kind !== "code") {
      code += token.text;
      continue;
    }
    let from = 0;
    for (let semicolon = token.text.indexOf(";"); semicolon >= 0; semicolon = token.text.indexOf(";", from)) {
      code += token.text.slice(from, semicolon + 1);
      push(token.start + semicolon + 1);
      from = semicolon + 1;
    }
    code += token.text.slice(from);
  }
  push(sql.length);
  return statements;
}

const RERUNNABLE = [
  /^create or replace /,
  /^comment on /,
  /^grant /,
  /^revoke /,
  /^drop (policy|trigger|function|view) if exists /,
  /^create policy /,
  /^alter table [a-z_.]+ enable row level security;$/,
  /^alter default privileges /,
  /^create schema if not exists /,
  /^do /,
];

/**
 * True for a statement that may run again over its own result (`create or
 * replace`, `comment on`, grants, a policy after its `drop policy if exists`);
 * false for a table's, type's or index's `create` and the like.
 */
export function isRerunnable(statement: SourceStatement): boolean {
  return RERUNNABLE.some((pattern) => pattern.test(statement.normalized));
}
