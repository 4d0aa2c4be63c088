/**
 * Which db/src file states a schema entry, and the statement that removes it.
 * The layout: db/src/<schema>/<name>.sql for a function, type, sequence or table
 * (with its constraints, indexes, comments, row-level security and grants),
 * <table>.triggers.sql and <table>.policies.sql for a table's triggers and
 * policies; schemas.sql, default-privileges.sql and the role settings at the top.
 */
import { readSource, sourceOrder } from "./db-sources.ts";
import type { SchemaEntry } from "./schema-entries.ts";

/** The table an index or identity sequence belongs to, read from its statement. */
function tableNamedIn(sql: string, pattern: RegExp): string | undefined {
  const match = pattern.exec(sql);
  return match === null ? undefined : `${match[1]}/${match[2]}.sql`;
}

/** The source file an entry belongs to, or undefined when none does (the bootstrap's objects). */
export function sourceFileOf(entry: SchemaEntry, files: readonly string[] = sourceOrder(), read = readSource): string | undefined {
  const { type, schema, name } = entry;
  const [word, rest = ""] = name.split(" ", 2);
  const tableFile = (table: string, suffix = ""): string => `${schema}/${table}${suffix}.sql`;
  let file: string | undefined;
  if (type === "SCHEMA" || ((type === "COMMENT" || type === "ACL") && word === "SCHEMA")) file = "schemas.sql";
  else if (type === "DEFAULT ACL") file = "default-privileges.sql";
  else if (type === "ROLE SETTING") file = files.find((candidate) => read(candidate).includes(`alter role ${name} in database`));
  else if (type === "FUNCTION" || type === "AGGREGATE") file = `${schema}/${name.slice(0, name.indexOf("("))}.sql`;
  else if ((type === "COMMENT" || type === "ACL") && (word === "FUNCTION" || word === "AGGREGATE")) file = `${schema}/${rest.slice(0, rest.indexOf("("))}.sql`;
  else if (type === "TYPE" || type === "VIEW") file = tableFile(name);
  else if ((type === "COMMENT" || type === "ACL") && (word === "TYPE" || word === "SEQUENCE" || word === "VIEW")) file = tableFile(rest);
  else if (type === "SEQUENCE") file = /^CREATE SEQUENCE/.test(entry.sql) ? tableFile(name) : tableNamedIn(entry.sql, /ALTER TABLE (\w+)\.(\w+) ALTER COLUMN/);
  else if (type === "TABLE" || type === "ROW SECURITY") file = tableFile(name);
  else if ((type === "COMMENT" || type === "ACL") && (word === "TABLE" || word === "COLUMN")) file = tableFile(rest.split(".")[0]!);
  else if (type === "CONSTRAINT" || type === "FK CONSTRAINT" || type === "DEFAULT") file = tableFile(word!);
  else if (type === "INDEX") file = tableNamedIn(entry.sql, / ON (?:ONLY )?(\w+)\.(\w+) USING/);
  else if (type === "TRIGGER") file = tableFile(word!, ".triggers");
  else if (type === "POLICY") file = tableFile(word!, ".policies");
  else if (type === "COMMENT" && word === "TRIGGER") file = tableFile(name.split(" ON ")[1]!, ".triggers");
  else if (type === "COMMENT" && word === "POLICY") file = tableFile(name.split(" ON ")[1]!, ".policies");
  return file !== undefined && files.includes(file) ? file : undefined;
}

/** Entry types whose change needs a hand-written statement (`alter table`, `alter type`, …). */
export const STRUCTURAL_TYPES = new Set(["TABLE", "CONSTRAINT", "FK CONSTRAINT", "INDEX", "SEQUENCE", "TYPE", "DEFAULT", "ROW SECURITY"]);

/** The object a COMMENT entry is on, qualified: `FUNCTION caller_org_ids(…)` in hidden → `function hidden.caller_org_ids(…)`. */
function commentTarget(entry: SchemaEntry): string {
  const [word, rest = ""] = entry.name.split(" ", 2);
  const full = entry.name.slice(word!.length + 1);
  if (word === "SCHEMA") return `schema ${rest}`;
  if (word === "POLICY" || word === "TRIGGER") {
    const [object, table] = full.split(" ON ");
    return `${word.toLowerCase()} ${object} on ${entry.schema}.${table}`;
  }
  return `${word!.toLowerCase()} ${entry.schema}.${full}`;
}

/**
 * The statement that removes an entry a source no longer states, or undefined
 * when removing its owner (or re-applying its file) takes care of it.
 */
export function removalOf(entry: SchemaEntry): string | undefined {
  const { type, schema, name } = entry;
  const [first, second] = name.split(" ", 2);
  switch (type) {
    case "FUNCTION":
      return `drop function if exists ${schema}.${name};`;
    case "AGGREGATE":
      return `drop aggregate if exists ${schema}.${name};`;
    case "POLICY":
      return `drop policy if exists ${second} on ${schema}.${first};`;
    case "TRIGGER":
      return `drop trigger if exists ${second} on ${schema}.${first};`;
    case "VIEW":
      return `drop view if exists ${schema}.${name};`;
    case "TABLE":
      return `drop table if exists ${schema}.${name};`;
    case "TYPE":
      return `drop type if exists ${schema}.${name};`;
    case "SEQUENCE":
      return /^CREATE SEQUENCE/.test(entry.sql) ? `drop sequence if exists ${schema}.${name};` : undefined;
    case "COMMENT":
      return `comment on ${commentTarget(entry)} is null;`;
    default:
      return undefined;
  }
}

/** The order removals run in: what depends on others first. */
export function removalRank(entry: SchemaEntry): number {
  return ["TRIGGER", "POLICY", "COMMENT", "VIEW", "FUNCTION", "AGGREGATE", "TABLE", "SEQUENCE", "TYPE"].indexOf(entry.type);
}
