import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { concatenatedSources, isRerunnable, readSource, sourceFilesOnDisk, sourceOrder, splitStatements } from "../lib/db-sources.ts";
import { parseDump } from "../lib/schema-entries.ts";
import { dbDir } from "../lib/paths.ts";
import { removalOf, sourceFileOf } from "../lib/source-of-entry.ts";

describe("db/src order", () => {
  it("lists every source file exactly once", () => {
    expect([...sourceOrder()].sort()).toEqual(sourceFilesOnDisk());
  });

  it("refuses a file that is not listed, one listed twice and one missing", () => {
    expect(() => sourceOrder("a.sql\n", ["a.sql", "b.sql"])).toThrow("b.sql is not listed");
    expect(() => sourceOrder("a.sql\na.sql\n", ["a.sql"])).toThrow("a.sql is listed twice");
    expect(() => sourceOrder("# comment\na.sql\nc.sql\n", ["a.sql"])).toThrow("c.sql is listed but missing");
  });

  it("concatenates the files in order, each after its name", () => {
    const text = concatenatedSources(["b.sql", "a.sql"], (file) => `select '${file}';\n`);
    expect(text.indexOf("-- db/src/b.sql\nselect 'b.sql';")).toBeLessThan(text.indexOf("-- db/src/a.sql\nselect 'a.sql';"));
  });
});

describe("splitStatements", () => {
  it("keeps bodies, strings and comments whole and the comment above a statement with it", () => {
    const statements = splitStatements(`-- why
create or replace function f() returns int language sql as $$ select 1; $$;
comment on function f() is 'it''s; fine';
create table t (a int); -- trailing`);
    expect(statements.map((statement) => statement.text)).toEqual([
      "-- why\ncreate or replace function f() returns int language sql as $$ select 1; $$;",
      "comment on function f() is 'it''s; fine';",
      "create table t (a int);",
    ]);
    expect(statements.map(isRerunnable)).toEqual([true, true, false]);
  });

  it("reads every source file, and a function's file runs again over its own result", () => {
    for (const file of sourceOrder()) expect(splitStatements(readSource(file)).length, file).toBeGreaterThan(0);
    expect(splitStatements(readSource("private/figure_parts.sql")).every(isRerunnable)).toBe(true);
    expect(splitStatements(readSource("public/activities.policies.sql")).every(isRerunnable)).toBe(true);
    expect(splitStatements(readSource("public/activities.sql")).every(isRerunnable)).toBe(false);
  });
});

describe("schema entries", () => {
  const dump = `--
-- Name: caller_org_ids(public.member_role[]); Type: FUNCTION; Schema: hidden; Owner: -
--

CREATE FUNCTION hidden.caller_org_ids() RETURNS SETOF uuid AS $$ select 1 $$;


--
-- Name: POLICY select_members ON activities; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON POLICY select_members ON public.activities IS 'x';


--
-- Name: activities_org_date_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX activities_org_date_idx ON public.activities USING btree (org_id, activity_date);


--
-- PostgreSQL database dump complete
--
`;
  it("are named by their source file and removed by the statement that drops them", () => {
    const [fn, comment, index] = parseDump(dump);
    expect(sourceFileOf(fn!)).toBe("hidden/caller_org_ids.sql");
    expect(sourceFileOf(comment!)).toBe("public/activities.policies.sql");
    expect(sourceFileOf(index!)).toBe("public/activities.sql");
    expect(removalOf(fn!)).toBe("drop function if exists hidden.caller_org_ids(public.member_role[]);");
    expect(removalOf(comment!)).toBe("comment on policy select_members on public.activities is null;");
    expect(removalOf(index!)).toBeUndefined();
  });
});

describe("planner settings", () => {
  /** Each function's settings besides its search path, as `function name=value`. */
  function settingsIn(text: string, form: RegExp): string[] {
    const found: string[] = [];
    let fn = "";
    for (const line of text.split("\n")) {
      const created = /^create (?:or replace )?function ([a-z_]+\.[a-z_0-9]+)\(/.exec(line);
      if (created) fn = created[1]!;
      const set = form.exec(line);
      if (set && set[1] !== "search_path") found.push(`${fn} ${set[1]}=${set[2]}`);
    }
    return found;
  }

  it("are every one listed in db/README.md, Measured and tuned, and nothing else is", () => {
    const inSources = [
      ...sourceOrder().flatMap((file) => settingsIn(readSource(file), /^ {4}set ([a-z_]+) to '([^']*)'$/)),
      ...settingsIn(readFileSync(resolve(dbDir, "tests/support/30-metrics-oracle.sql"), "utf8"), /^set ([a-z_]+) = ([^\s;]+)$/),
    ].sort();
    const readme = readFileSync(resolve(dbDir, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Measured and tuned"), readme.indexOf("\n## ", readme.indexOf("## Measured and tuned") + 1));
    const listed = section.split("\n").flatMap((row) => {
      const cells = /^\| `([a-z_]+\.[a-z_0-9]+)`[^|]* \| ([^|]*) \|/.exec(row);
      if (!cells) return [];
      return [...cells[2]!.matchAll(/`([a-z_]+=[^`]+)`/g)].map((setting) => `${cells[1]} ${setting[1]}`);
    }).sort();
    expect(listed.length).toBeGreaterThan(0);
    expect(listed).toEqual(inSources);
  });
});
