/**
 * Reaching the database, run as processes: `db create` makes the database
 * DATABASE_URL names and exits as documented; `make psql` is an interactive
 * psql; a password in DATABASE_URL is never printed (nor under --json, nor on a
 * failure) and never on a command line; and on a terminal long work shows its
 * progress, while piped output gets nothing extra.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withDatabaseName } from "../../scripts/lib/database-target.ts";
import { projectRoot } from "../../scripts/lib/paths.ts";
import { testTarget } from "../../scripts/test/support/test-target.ts";
import {
  bufdirBin, closedPortUrl, createCliHarness, expectJsonFailure, expectOneLineFailure, runProcess, withEnv, type CliHarness, type CliResult,
} from "./support/cli-harness.ts";

const onPostgres = testTarget().engine === "postgres";
const SECRET = "s3cr@t-Pa55";

let cli: CliHarness;
/** Databases a test created by name; dropped afterwards. */
const created: string[] = [];

beforeAll(async () => {
  cli = await createCliHarness();
});

afterAll(async () => {
  if (onPostgres && created.length > 0) {
    const admin = new pg.Client(withDatabaseName(cli.env.DATABASE_URL!, "postgres"));
    await admin.connect();
    try {
      for (const name of created) await admin.query(`drop database if exists ${admin.escapeIdentifier(name)} with (force)`);
    } finally {
      await admin.end();
    }
  }
  await cli?.dispose();
});

/** The harness's server with another database name (and, when given, a password the trust login ignores). */
function urlFor(database: string, change: (url: URL) => void = () => undefined): string {
  const url = new URL(withDatabaseName(cli.env.DATABASE_URL!, database));
  change(url);
  return url.toString();
}

function newDatabaseName(): string {
  const name = `bufdir_cli_create_${randomBytes(4).toString("hex")}`;
  created.push(name);
  return name;
}

/** A shell word for `script -c`. */
const quoted = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

/** Runs `bufdir <args>` on a pseudo-terminal (`script`), as an operator sees it: stdout and stderr together. */
function onTerminal(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  const command = [process.execPath, bufdirBin, ...args].map(quoted).join(" ");
  return runProcess("script", ["-qec", command, "/dev/null"], env);
}

describe.runIf(onPostgres)("db create", () => {
  it("creates the database DATABASE_URL names, which db status then finds and db migrate fills", async () => {
    const name = newDatabaseName();
    const url = urlFor(name);
    const missing = await cli.bufdir(["db", "status"], { DATABASE_URL: url });
    expectOneLineFailure(missing, 4, new RegExp(`database "${name}": the server has no such database \\(\`bufdir db create\`, with this DATABASE_URL, creates it\\)`));

    const result = await cli.bufdir(["db", "create"], { DATABASE_URL: url });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^created database "${name}" on 127\\.0\\.0\\.1:\\d+ \\(\`bufdir db migrate\` applies the migrations\\)$`, "m"));
    const status = await cli.bufdirJson<{ migrations: { applied: number; pending: number } }>(["db", "status"], { DATABASE_URL: url });
    expect(status.migrations.applied).toBe(0);
    await cli.bufdirJson(["db", "migrate"], { DATABASE_URL: url });
    const migrated = await cli.bufdirJson<{ migrations: { applied: number; pending: number } }>(["db", "status"], { DATABASE_URL: url });
    expect(migrated.migrations.pending).toBe(0);
  });

  it("refuses a database that exists already (exit 1, database_exists), changing nothing", async () => {
    expectOneLineFailure(await cli.bufdir(["db", "create"], { DATABASE_URL: urlFor("postgres") }), 1, /database "postgres" exists already on 127\.0\.0\.1:\d+: nothing was changed/);
    const failure = expectJsonFailure(await cli.bufdir(["--json", "db", "create"], { DATABASE_URL: cli.env.DATABASE_URL }), 1, "database_exists");
    expect(failure.code).toBe("42P04");
  });

  it("under --json prints the name and the URL without its password", async () => {
    const name = newDatabaseName();
    const result = await cli.bufdir(["--json", "db", "create"], { DATABASE_URL: urlFor(name, (url) => (url.password = SECRET)) });
    expect(result.exitCode, result.stderr).toBe(0);
    const printed = JSON.parse(result.stdout) as { created: string; url: string };
    expect(printed.created).toBe(name);
    expect(printed.url).toMatch(/^postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\//);
    expect(result.stdout + result.stderr).not.toContain("s3cr");
  });

  it("an unreachable server is exit 4", async () => {
    expectOneLineFailure(await cli.bufdir(["db", "create"], { DATABASE_URL: await closedPortUrl() }), 4, /nothing accepts connections there/);
  });
});

describe("db create on the embedded engine", () => {
  it("is a usage error: the embedded database is created on first use", async () => {
    expectOneLineFailure(await cli.bufdir(["db", "create"], { DATABASE_URL: undefined }), 2, /db create needs DATABASE_URL naming the database to create/);
  });
});

describe("make psql", () => {
  it("runs psql on the project database reading stdin, with no URL on its command line, and passes its exit code on", { timeout: 120_000 }, async () => {
    const dryRun = await runProcess("make", ["-n", "psql"], process.env);
    expect(dryRun.exitCode, dryRun.stderr).toBe(0);
    const recipe = dryRun.stdout.split("\n").find((line) => line.includes("with-database.ts"))!;
    expect(recipe).toMatch(/ -- psql$/);
    const run = (input: string) =>
      new Promise<CliResult>((done, fail) => {
        const child = spawn("sh", ["-c", recipe], { cwd: projectRoot, env: cli.env, stdio: ["pipe", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
        child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
        child.on("error", fail);
        child.on("close", (code) => done({ exitCode: code ?? -1, stdout, stderr }));
        child.stdin.end(input);
      });
    const answered = await run("select 40 + 2 as answer;\n");
    expect(answered.exitCode, answered.stderr).toBe(0);
    expect(answered.stdout).toMatch(/^\s+42$/m);
    const failed = await run("\\set ON_ERROR_STOP on\nselect 1 / 0;\n");
    expect(failed.exitCode).toBe(3);
    expect(failed.stderr).toContain("division by zero");
  });
});

describe.runIf(onPostgres)("a password in DATABASE_URL", () => {
  it.each([
    ["in the user-info, with an @ in it", () => urlFor(new URL(cli.env.DATABASE_URL!).pathname.slice(1), (url) => (url.password = SECRET))],
    ["as ?password=", () => urlFor(new URL(cli.env.DATABASE_URL!).pathname.slice(1), (url) => url.searchParams.set("password", SECRET))],
    ["with an empty user name", () => urlFor(new URL(cli.env.DATABASE_URL!).pathname.slice(1), (url) => { url.username = ""; url.password = SECRET; })],
  ])("%s is not printed by db status, as text or JSON", async (_case, url) => {
    const env = { DATABASE_URL: url(), PGUSER: "postgres" };
    for (const args of [["db", "status"], ["--json", "db", "status"]]) {
      const result = await cli.bufdir(args, env);
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stdout + result.stderr).not.toMatch(/s3cr|Pa55|%40t/);
      expect(result.stdout).toContain("***");
    }
  });

  it("is on no command line while dbmate migrates, and a failed migration does not print it", async () => {
    const name = newDatabaseName();
    const url = urlFor(name, (parsed) => (parsed.password = SECRET));
    expect((await cli.bufdir(["db", "create"], { DATABASE_URL: url })).exitCode).toBe(0);
    // Every process's arguments, sampled while the migrations run.
    let sampling = true;
    const seen: string[] = [];
    const sampler = (async () => {
      while (sampling) {
        seen.push((await runProcess("ps", ["-eo", "args"], process.env)).stdout);
        await new Promise((settle) => setTimeout(settle, 20));
      }
    })();
    const migrated = await cli.bufdir(["db", "migrate"], { DATABASE_URL: url });
    sampling = false;
    await sampler;
    expect(migrated.exitCode, migrated.stderr).toBe(0);
    expect(seen.join("\n")).toContain("dbmate");
    expect(seen.join("\n")).not.toMatch(/s3cr/);

    // A second database where the first migration cannot apply: a table it creates exists already.
    const broken = newDatabaseName();
    const brokenUrl = urlFor(broken, (parsed) => (parsed.password = SECRET));
    expect((await cli.bufdir(["db", "create"], { DATABASE_URL: brokenUrl })).exitCode).toBe(0);
    const admin = new pg.Client(urlFor(broken));
    await admin.connect();
    await admin.query("create table public.organisations (in_the_way int)");
    await admin.end();
    for (const args of [["db", "migrate"], ["--json", "db", "migrate"]]) {
      const failed = await cli.bufdir(args, { DATABASE_URL: brokenUrl });
      expect(failed.exitCode).toBe(1);
      expect(failed.stderr).toMatch(/dbmate migrate failed/);
      expect(failed.stdout + failed.stderr).not.toMatch(/s3cr|Pa55/);
      expect(failed.stderr.trimEnd().split("\n")).toHaveLength(1);
    }
  });
});

describe("progress", () => {
  const dir = mkdtempSync(join(tmpdir(), "bufdir-progress-"));
  const embedded = withEnv(process.env, { DATABASE_URL: undefined, BUFDIR_DATA_DIR: join(dir, "pglite"), BUFDIR_TEST_ENGINE: undefined });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("the first db status on a new embedded folder says, on a terminal, that it creates and migrates it", { timeout: 120_000 }, async () => {
    const first = await onTerminal(["db", "status"], embedded);
    expect(first.exitCode, first.stdout).toBe(0);
    expect(first.stdout).toContain(`creating the embedded database in ${join(dir, "pglite")} … done in`);
    expect(first.stdout).toMatch(/applying \d+ migrations … done in \d+\.\d s/);
    expect(first.stdout).toMatch(/^engine\s+embedded \(data in .*; created and migrated just now\)/m);
    const again = await onTerminal(["db", "status"], embedded);
    expect(again.stdout).toContain("starting the embedded database … done in");
    expect(again.stdout).not.toMatch(/creating|applying|just now/);
  });

  it("long work shows its progress on a terminal; piped or under --json nothing extra", { timeout: 180_000 }, async () => {
    const seeded = await onTerminal(["seed", "--activities", "20", "--organisations", "1"], embedded);
    expect(seeded.exitCode, seeded.stdout).toBe(0);
    expect(seeded.stdout).toMatch(/\[#+\] \d+\/\d+/);
    const computed = await onTerminal(["--as", "coordinator@org1.example", "metrics", "compute", "--org", "oslo", "--period", "2026-H1"], embedded);
    expect(computed.exitCode, computed.stdout).toBe(0);
    expect(computed.stdout).toMatch(/computing the figures of Likepersonsforeningen Oslo 2026-H1 … done in \d+\.\d s/);
    const generated = await onTerminal(["summaries", "generate", "--org", "oslo", "--period", "2026-Q1"], embedded);
    expect(generated.stdout).toMatch(/generating the 2026-Q1 summaries of Likepersonsforeningen Oslo … done in/);

    const asJson = await onTerminal(["--json", "metrics", "compute", "--org", "oslo", "--period", "2026-H1"], embedded);
    expect(asJson.exitCode).toBe(0);
    expect(asJson.stdout).not.toMatch(/starting the embedded database|computing the figures|…/);
    const piped = await runProcess(process.execPath, [bufdirBin, "metrics", "compute", "--org", "oslo", "--period", "2026-H1"], embedded);
    expect(piped.exitCode, piped.stderr).toBe(0);
    expect(piped.stderr).toBe("");
  });

  it.runIf(onPostgres)("db migrate on PostgreSQL says how many migrations it applies", async () => {
    const name = newDatabaseName();
    const url = urlFor(name);
    expect((await cli.bufdir(["db", "create"], { DATABASE_URL: url })).exitCode).toBe(0);
    const migrated = await onTerminal(["db", "migrate"], withEnv(cli.env, { DATABASE_URL: url }));
    expect(migrated.exitCode, migrated.stdout).toBe(0);
    expect(migrated.stdout).toMatch(/applying \d+ migrations … done in/);
  });
});
