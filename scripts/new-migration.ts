/**
 * `make migration NAME=<verb_object>`: writes the next dbmate migration from what
 * differs between db/src and the migrated database, then proves it.
 *
 * Two scratch databases are made: one migrated (db/migrations), one built from
 * db/src. Their schemas are compared object by object (scripts/lib/schema-entries.ts);
 * each differing object names its source file (scripts/lib/source-of-entry.ts).
 * Up: the removal of what no source states any more, then the changed files' new
 * text. Down: the removal of what the change adds, then the same files as they
 * were at the previous revision (HEAD unless --previous names another). Only
 * statements that may run again over their own result are taken from a file
 * that existed before (`create or replace`, comments, grants, policies after
 * `drop policy if exists`); a change to a table's columns, constraints or
 * indexes, or to a type, is refused: write that migration by hand and keep the
 * source in step (`make src-check` compares them). A new file is taken whole.
 * The migration is then applied to the migrated database, which must come out
 * equal to the one built from db/src, and rolled back, which must restore it.
 *
 * `--baseline` writes the first migration instead: up is every source file in
 * the order of db/src/order.txt; down removes everything it made.
 *
 * Needs DATABASE_URL on PostgreSQL 15 (pg_dump refuses the embedded engine).
 *
 * Usage: tsx scripts/new-migration.ts <name> [--previous <git revision>]
 *        tsx scripts/new-migration.ts --baseline
 */
import { existsSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import pg from "pg";
import { resolveDatabaseTarget } from "./lib/database-target.ts";
import { applySources, concatenatedSources, isRerunnable, parseOrder, readSource, sourceOrder, splitStatements } from "./lib/db-sources.ts";
import { migrationFiles } from "./lib/migration-status.ts";
import { applySupabaseBootstrap, dbmate, prepareDatabase } from "./lib/migrations.ts";
import { migrationsDir, projectRoot } from "./lib/paths.ts";
import { runCommand } from "./lib/run-command.ts";
import { createScratchDatabase, type ScratchDatabase } from "./lib/scratch-database.ts";
import { compareEntries, describeEntry, isEmptyDifference, schemaEntries, type SchemaDifference, type SchemaEntry } from "./lib/schema-entries.ts";
import { removalOf, removalRank, sourceFileOf, STRUCTURAL_TYPES } from "./lib/source-of-entry.ts";

const args = process.argv.slice(2);
const baseline = args.includes("--baseline");
const previousAt = args.indexOf("--previous");
const previousRevision = previousAt >= 0 ? args[previousAt + 1] : "HEAD";
const positional = args.filter((arg, index) => !arg.startsWith("--") && (previousAt < 0 || index !== previousAt + 1));
const name = baseline ? "baseline" : positional[0];

if (name === undefined || !/^[a-z][a-z0-9_]*$/.test(name) || previousRevision === undefined) {
  console.error("usage: make migration NAME=<verb_object>   (lower case, digits and underscores)");
  process.exit(2);
}
const target = resolveDatabaseTarget();
if (target.engine !== "postgres") {
  console.error("make migration compares pg_dump's view of two databases: set DATABASE_URL to PostgreSQL 15.");
  process.exit(2);
}

/** The next version: now in UTC, as dbmate's `new` names it, later than every existing one. */
function nextVersion(): string {
  const now = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const latest = migrationFiles().at(-1)?.version;
  if (latest !== undefined && now <= latest) throw new Error(`the clock (${now}) is not past the latest migration ${latest}`);
  return now;
}

/** A file as it was at a git revision, or undefined when it did not exist there. */
async function fileAt(revision: string, file: string): Promise<string | undefined> {
  const result = await runCommand("git", ["show", `${revision}:db/src/${file}`], { cwd: projectRoot, captureStdout: true, captureStderr: true });
  return result.exitCode === 0 ? result.stdout : undefined;
}

/** What of a file a later migration may run: all of it, or its statements that may run again. */
function rerunnablePart(text: string): string {
  const statements = splitStatements(text);
  if (statements.every(isRerunnable)) return text.trim();
  return statements.filter(isRerunnable).map((statement) => statement.text).join("\n\n");
}

function removals(entries: readonly SchemaEntry[]): string[] {
  return [...entries]
    .sort((a, b) => removalRank(a) - removalRank(b))
    .map(removalOf)
    .filter((statement): statement is string => statement !== undefined);
}

function printDifference(difference: SchemaDifference): void {
  for (const entry of difference.removed) console.error(`  only in the migrated database: ${describeEntry(entry)}`);
  for (const entry of difference.added) console.error(`  only in db/src: ${describeEntry(entry)}`);
  for (const [entry] of difference.changed) console.error(`  differs: ${describeEntry(entry)}`);
}

async function withScratch<T>(work: (scratch: ScratchDatabase) => Promise<T>): Promise<T> {
  const scratch = await createScratchDatabase(target);
  try {
    return await work(scratch);
  } finally {
    await scratch.dispose();
  }
}

/** Statements that remove what the sources made, read from a database built from them. */
async function baselineDown(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("set search_path = pg_catalog");
    const query = async (sql: string): Promise<string[]> => (await client.query<{ name: string }>(sql)).rows.map((row) => row.name);
    const schemas = await query(`select nspname as name from pg_namespace
      where nspname not in ('public', 'auth', 'extensions', 'information_schema') and nspname not like 'pg\\_%' order by nspname desc`);
    const tables = await query(`select c.oid::regclass::text as name from pg_class c
      where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm') order by 1`);
    const functions = await query(`select p.oid::regprocedure::text as name from pg_proc p
      where p.pronamespace = 'public'::regnamespace order by 1`);
    const types = await query(`select t.oid::regtype::text as name from pg_type t
      where t.typnamespace = 'public'::regnamespace and t.typtype in ('e', 'c', 'd')
        and not exists (select from pg_class c where c.oid = t.typrelid and c.relkind <> 'c') order by 1`);
    const roles = await query(`select r.rolname as name from pg_db_role_setting s join pg_roles r on r.oid = s.setrole
      where s.setdatabase = (select oid from pg_database where datname = current_database()) order by 1`);
    const defaults = splitStatements(readSource("default-privileges.sql"))
      .map((statement) => /^alter default privileges (in schema \w+ )?revoke (.+) on (\w+) from (.+);$/.exec(statement.normalized))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => `alter default privileges ${match[1] ?? ""}grant ${match[2]} on ${match[3]} to ${match[4]};`);
    return [
      ...roles.map((role) => `do $$\nbegin\n  execute pg_catalog.format('alter role %I in database %I reset all', '${role}', pg_catalog.current_database());\nend\n$$;`),
      ...schemas.map((schema) => `drop schema ${schema} cascade;`),
      ...(tables.length > 0 ? [`drop table ${tables.join(", ")} cascade;`] : []),
      ...functions.map((fn) => `drop function if exists ${fn};`),
      ...(types.length > 0 ? [`drop type ${types.join(", ")} cascade;`] : []),
      ...defaults.reverse(),
    ].join("\n");
  } finally {
    await client.end();
  }
}

async function writeBaseline(): Promise<string> {
  const others = migrationFiles();
  if (others.length > 0) throw new Error(`the baseline is the first migration: db/migrations holds ${others.length} already`);
  const down = await withScratch(async (scratch) => {
    await applySupabaseBootstrap(scratch.url);
    await applySources(scratch.url);
    return baselineDown(scratch.url);
  });
  const version = nextVersion();
  const file = resolve(migrationsDir, `${version}_baseline.sql`);
  writeFileSync(file, [
    "-- Purpose: the whole schema, as db/src states it: every source file in the order",
    "-- of db/src/order.txt (each after a line naming it).",
    "-- Objects: everything in the schemas public, hidden and private; the default",
    "-- privileges of the migrating role; authenticator's date order in this database.",
    "-- Why: one migration to start from; later changes are made in db/src and written",
    "-- as migrations by `make migration` (db/README.md). Generated by",
    "-- `tsx scripts/new-migration.ts --baseline`.",
    "",
    "-- migrate:up",
    concatenatedSources(),
    "-- migrate:down",
    down,
    "",
  ].join("\n"));
  return file;
}

async function writeMigration(): Promise<string | undefined> {
  const migrated = await createScratchDatabase(target);
  try {
    await prepareDatabase(migrated.url);
    const before = await schemaEntries(migrated.url);
    const after = await withScratch(async (scratch) => {
      await applySupabaseBootstrap(scratch.url);
      await applySources(scratch.url);
      return schemaEntries(scratch.url);
    });
    const difference = compareEntries(before, after);
    if (isEmptyDifference(difference)) {
      console.log("db/src agrees with db/migrations: no migration to write");
      return undefined;
    }
    const files = sourceOrder();
    const previousOrder = parseOrder((await fileAt(previousRevision!, "order.txt")) ?? "");
    const previousText = new Map<string, string | undefined>();
    const changedFiles = new Set<string>();
    const problems: string[] = [];
    const all = [...difference.removed, ...difference.added, ...difference.changed.map(([entry]) => entry)];
    for (const entry of all) {
      const file = sourceFileOf(entry, [...new Set([...files, ...previousOrder])], (candidate) =>
        files.includes(candidate) ? readSource(candidate) : "");
      if (file === undefined) problems.push(`${describeEntry(entry)} belongs to no file of db/src`);
      else changedFiles.add(file);
    }
    for (const file of changedFiles) previousText.set(file, await fileAt(previousRevision!, file));
    for (const [entry] of difference.changed) {
      if (STRUCTURAL_TYPES.has(entry.type)) problems.push(`${describeEntry(entry)} changed: write its alter statement by hand`);
    }
    for (const entry of difference.added) {
      const file = sourceFileOf(entry);
      const inNewFile = file !== undefined && previousText.get(file) === undefined;
      if (STRUCTURAL_TYPES.has(entry.type) && !inNewFile) problems.push(`${describeEntry(entry)} added to an existing table or type: write its statement by hand`);
    }
    for (const entry of difference.removed) {
      if (STRUCTURAL_TYPES.has(entry.type) && entry.type !== "TABLE" && entry.type !== "TYPE") problems.push(`${describeEntry(entry)} removed: write its statement by hand`);
    }
    if (problems.length > 0) {
      console.error("make migration cannot write this change:");
      for (const problem of problems) console.error(`  ${problem}`);
      console.error("Write it with `dbmate new`, keeping db/src in step; `make src-check` compares them.");
      process.exitCode = 1;
      return undefined;
    }
    const inOrder = (list: readonly string[]): string[] => list.filter((file) => changedFiles.has(file));
    const up = [
      ...removals(difference.removed),
      ...inOrder(files).map((file) => {
        const previous = previousText.get(file);
        const text = readSource(file);
        return `-- db/src/${file}\n${previous === undefined ? text.trim() : rerunnablePart(text)}`;
      }),
    ];
    const down = [
      ...removals(difference.added),
      ...inOrder(previousOrder)
        .filter((file) => previousText.get(file) !== undefined)
        .map((file) => `-- db/src/${file} as at ${previousRevision}\n${rerunnablePart(previousText.get(file)!)}`),
    ];
    const version = nextVersion();
    const path = resolve(migrationsDir, `${version}_${name}.sql`);
    if (existsSync(path)) throw new Error(`${path} exists already`);
    writeFileSync(path, [
      `-- Purpose: ${name!.replace(/_/g, " ")}.`,
      `-- Objects: ${[...changedFiles].sort().map((file) => `db/src/${file}`).join(", ")}.`,
      `-- Written by \`make migration\`: up is the new text of these files, down their text at ${previousRevision}.`,
      "",
      "-- migrate:up",
      up.join("\n\n"),
      "",
      "-- migrate:down",
      down.join("\n\n"),
      "",
    ].join("\n"));
    console.log(`wrote ${path}`);

    // Proof: the migration brings the migrated database to db/src, and its rollback brings it back.
    await dbmate(migrated.url, "migrate", true);
    const applied = compareEntries(await schemaEntries(migrated.url), after);
    await dbmate(migrated.url, "rollback", true);
    const rolledBack = compareEntries(await schemaEntries(migrated.url), before);
    if (!isEmptyDifference(applied) || !isEmptyDifference(rolledBack)) {
      if (!isEmptyDifference(applied)) {
        console.error("after its up, the database still differs from db/src:");
        printDifference(applied);
      }
      if (!isEmptyDifference(rolledBack)) {
        console.error("after its down, the database differs from before:");
        printDifference(rolledBack);
      }
      console.error(`edit ${path} until \`make src-check\` and the migrations test pass`);
      process.exitCode = 1;
    } else {
      console.log("checked: up brings the migrated database to db/src, down restores it");
    }
    return path;
  } finally {
    await migrated.dispose();
  }
}

try {
  if (baseline) console.log(`wrote ${await writeBaseline()}`);
  else await writeMigration();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
