/**
 * `bufdir` as a command: `npx bufdir` in the project and a linked bin (what
 * `npm link` puts on the PATH) run from any folder, with nothing on stdout but
 * the command's own output, so `--json` output parses as it comes.
 */
import { mkdirSync, symlinkSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../scripts/lib/paths.ts";
import { bufdirBin, closedPortUrl, createCliHarness, expectJsonFailure, runProcess, withEnv, type CliHarness } from "./support/cli-harness.ts";

interface DbDescription {
  engine: string;
  migrations: { applied: number; pending: number };
}

let cli: CliHarness;
/** A folder on the PATH holding `bufdir` as a link to the package's bin, as `npm link` makes it. */
let linkedBin: string;
/** A folder outside the project to run the linked command from. */
let elsewhere: string;

beforeAll(async () => {
  cli = await createCliHarness();
  linkedBin = join(cli.dir, "bin");
  elsewhere = join(cli.dir, "elsewhere");
  mkdirSync(linkedBin);
  mkdirSync(elsewhere);
  symlinkSync(bufdirBin, join(linkedBin, "bufdir"));
});

afterAll(async () => {
  await cli?.dispose();
});

describe("npx bufdir", () => {
  it("prints only the command's JSON on stdout", async () => {
    const result = await runProcess("npx", ["--offline", "bufdir", "--json", "db", "status"], cli.env);
    expect(result.exitCode, result.stderr).toBe(0);
    const status = JSON.parse(result.stdout) as DbDescription;
    expect(status.engine).toBe(cli.engine);
  });
});

describe("a linked bufdir on the PATH, run from a folder outside the project", () => {
  const linkedEnv = () => withEnv(cli.env, { PATH: `${linkedBin}:${process.env.PATH ?? ""}` });

  it("prints only the command's JSON on stdout", async () => {
    const result = await runProcess("bufdir", ["--json", "db", "status"], linkedEnv(), { cwd: elsewhere });
    expect(result.exitCode, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as DbDescription).engine).toBe(cli.engine);
  });

  it("keeps stdout empty on a failure, which is one JSON object on stderr", async () => {
    const offline = withEnv(linkedEnv(), { DATABASE_URL: await closedPortUrl() });
    const result = await runProcess("bufdir", ["--json", "metrics", "show", "--org", "x", "--period", "2026-H1"], offline, { cwd: elsewhere });
    expectJsonFailure(result, 4, "connection_refused");
  });
});
