/**
 * The CLI as its own package: compiled ahead of time, with a version, reading
 * `.env` as dbmate does, importing the client only by its package name, and
 * loading only the command group a command line names.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import cliPackage from "../package.json" with { type: "json" };
import { namedCommand } from "../src/command-groups.ts";
import { projectRoot } from "../../scripts/lib/paths.ts";
import { closedPortUrl, createCliHarness, expectOneLineFailure, runBufdir, withEnv, type CliHarness } from "./support/cli-harness.ts";

let cli: CliHarness;

beforeAll(async () => {
  cli = await createCliHarness();
});

afterAll(async () => {
  await cli?.dispose();
});

/** Every .ts file under `folder`, as paths relative to the project. */
function typeScriptFiles(folder: string): string[] {
  return readdirSync(resolve(projectRoot, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => relative(projectRoot, join(entry.parentPath, entry.name)));
}

/** The module specifiers a file imports (static and dynamic). */
function importsOf(file: string): string[] {
  const source = readFileSync(resolve(projectRoot, file), "utf8");
  return [...source.matchAll(/(?:\bfrom|\bimport\s*\(?)\s*["']([^"']+)["']/g)].map((match) => match[1]!);
}

describe("bufdir --version", () => {
  it("prints the CLI package's version and exits 0", async () => {
    const result = await runBufdir(["--version"], cli.env);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toBe(`${cliPackage.version}\n`);
  });
});

describe(".env in the working directory", () => {
  it("supplies DATABASE_URL when the environment has none", async () => {
    const folder = join(cli.dir, "with-dotenv");
    mkdirSync(folder);
    const url = await closedPortUrl();
    writeFileSync(join(folder, ".env"), `# as dbmate reads it\nDATABASE_URL=${url}\n`);
    const result = await runBufdir(["db", "status"], withEnv(cli.env, { DATABASE_URL: undefined }), { cwd: folder });
    expectOneLineFailure(result, 4, new RegExp(`cannot reach 127\\.0\\.0\\.1:${new URL(url).port}\\b`));
  });

  it("loses to a DATABASE_URL set in the environment", async () => {
    const folder = join(cli.dir, "overridden-dotenv");
    mkdirSync(folder);
    const fileUrl = await closedPortUrl();
    const envUrl = await closedPortUrl();
    writeFileSync(join(folder, ".env"), `DATABASE_URL=${fileUrl}\n`);
    const result = await runBufdir(["db", "status"], withEnv(cli.env, { DATABASE_URL: envUrl }), { cwd: folder });
    expectOneLineFailure(result, 4, new RegExp(`cannot reach 127\\.0\\.0\\.1:${new URL(envUrl).port}\\b`));
  });
});

describe("the command line names one command group", () => {
  it("is the first word that is neither an option nor the value of --as", () => {
    expect(namedCommand(["--as", "metrics@example.org", "orgs", "list"])).toBe("orgs");
    expect(namedCommand(["--json", "db", "status"])).toBe("db");
    expect(namedCommand(["--as=kari@example.org", "members", "list"])).toBe("members");
  });

  it("is the named command after help, and none for the program's own options", () => {
    expect(namedCommand(["help", "metrics"])).toBe("metrics");
    expect(namedCommand(["--help"])).toBeUndefined();
    expect(namedCommand(["--version"])).toBeUndefined();
    expect(namedCommand([])).toBeUndefined();
  });

  it("still lists every group in the help, and a group's own help shows its commands", async () => {
    const help = await runBufdir(["--help"], cli.env);
    expect(help.exitCode, help.stderr).toBe(0);
    for (const group of ["db", "seed", "users", "orgs", "members", "contacts", "activities", "metrics", "summaries", "report", "demo"]) {
      expect(help.stdout).toMatch(new RegExp(`^  ${group} `, "m"));
    }
    const metrics = await runBufdir(["help", "metrics"], cli.env);
    expect(metrics.exitCode, metrics.stderr).toBe(0);
    expect(metrics.stdout).toMatch(/^  compute /m);
  });
});

describe("the CLI's sources", () => {
  it("import the client by its package name, never by a path into client/", () => {
    const byPath = typeScriptFiles("cli/src").flatMap((file) =>
      importsOf(file).filter((specifier) => specifier.startsWith(".") && resolve(projectRoot, file, "..", specifier).startsWith(resolve(projectRoot, "client"))).map((specifier) => `${file}: ${specifier}`));
    expect(byPath).toEqual([]);
    expect(typeScriptFiles("cli/src").some((file) => importsOf(file).includes("@bufdir-reporting/client"))).toBe(true);
  });

  it("and nothing outside bench/ imports bench/", () => {
    const folders = ["cli", "client/src", "client/test", "scripts", "db/tests"];
    const intoBench = folders.flatMap(typeScriptFiles).flatMap((file) =>
      importsOf(file).filter((specifier) => specifier.startsWith(".") && resolve(projectRoot, file, "..", specifier).startsWith(resolve(projectRoot, "bench") + "/")).map((specifier) => `${file}: ${specifier}`));
    expect(intoBench).toEqual([]);
  });
});
