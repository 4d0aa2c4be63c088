/**
 * How `bufdir` fails, run as a process: the exit code the README documents,
 * one line on stderr (one JSON object under --json) that names what was wrong
 * in readable terms, and nothing written or changed by a refused command.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withDatabaseName } from "../../scripts/lib/database-target.ts";
import type { SeedSummary } from "../src/seed/index.ts";
import { testTarget } from "../../scripts/test/support/test-target.ts";
import {
  closedPortUrl,
  createCliHarness,
  expectJsonFailure,
  expectOneLineFailure,
  runBufdir,
  withEnv,
  type CliHarness,
} from "./support/cli-harness.ts";

const PERIOD = "2026-H1";
const COORDINATOR = "coordinator@org1.example";

let cli: CliHarness;
let seeded: SeedSummary;
let offline: { DATABASE_URL: string };
let offlinePort: string;
const orgName = () => seeded.organisations[0]!.name;

beforeAll(async () => {
  cli = await createCliHarness();
  offline = { DATABASE_URL: await closedPortUrl() };
  offlinePort = new URL(offline.DATABASE_URL).port;
  if (cli.engine === "postgres") await cli.bufdirJson(["db", "migrate"]);
  seeded = await cli.bufdirJson<SeedSummary>(["seed", "--activities", "30", "--organisations", "3"]);
});

afterAll(async () => {
  await cli?.dispose();
});

describe("an unreachable database: exit 4, one line naming host, port and database, nothing of dbmate's", () => {
  it.each([
    ["metrics show", ["metrics", "show", "--org", "x", "--period", PERIOD]],
    ["db status", ["db", "status"]],
    ["db migrate", ["db", "migrate"]],
  ])("%s", async (_name, args) => {
    const result = await cli.bufdir(args, offline);
    expectOneLineFailure(result, 4, new RegExp(`cannot reach 127\\.0\\.0\\.1:${offlinePort}, database "postgres": nothing accepts connections there`));
    expect(result.stdout).toBe("");
    expect(result.stderr).not.toMatch(/dial tcp|dbmate|not migrated/);
  });

  it("under --json the same failure is one JSON object on stderr", async () => {
    const failure = expectJsonFailure(await cli.bufdir(["--json", "metrics", "show", "--org", "x", "--period", PERIOD], offline), 4, "connection_refused");
    expect(failure.message).toContain(`127.0.0.1:${offlinePort}`);
  });

  it.runIf(testTarget().engine === "postgres")("a database that does not exist on a running server is exit 4 and named", async () => {
    const missing = withDatabaseName(cli.env.DATABASE_URL!, "bufdir_no_such_database_here");
    const result = await cli.bufdir(["metrics", "show", "--org", "x", "--period", PERIOD], { DATABASE_URL: missing });
    expectOneLineFailure(result, 4, /database "bufdir_no_such_database_here": the server has no such database/);
  });
});

describe("usage errors: exit 2, one line and a hint", () => {
  it("a missing option names it and the help to read, instead of printing the usage", async () => {
    expectOneLineFailure(
      await cli.bufdir(["metrics", "show", "--org", orgName()], offline),
      2,
      /^bufdir: required option '--period <period>' not specified \(see `bufdir metrics show --help`\)$/,
    );
  });

  it("an unknown option is the same, and under --json one JSON object", async () => {
    const failure = expectJsonFailure(await cli.bufdir(["--json", "report", "--org", "x", "--period", PERIOD, "--colour"], offline), 2, "usage");
    expect(failure.message).toMatch(/unknown option '--colour' \(see `bufdir report --help`\)/);
  });

  it.each([
    ["--as", ["--as", "", "metrics", "show", "--org", "x", "--period", PERIOD]],
    ["--org", ["metrics", "show", "--org", " ", "--period", PERIOD]],
  ])("an empty %s is refused before any database is opened", async (option, args) => {
    expectOneLineFailure(await cli.bufdir(args, offline), 2, new RegExp(`^bufdir: ${option} needs a value`));
  });

  it("a long value is shortened in the message", async () => {
    const long = `Likepersonsforeningen ${"Oslo ".repeat(200)}`;
    const result = await cli.bufdir(["metrics", "status", "--org", long, "--period", PERIOD]);
    expectOneLineFailure(result, 2, /no organisation "Likepersonsforeningen Oslo Osl…[ Oslo]+"/);
    expect(result.stderr.length).toBeLessThan(400);
  });

  it("organisations are matched ignoring case and by a part of the name only one holds", async () => {
    const status = await cli.bufdirJson<{ snapshot_exists: boolean }>(["metrics", "status", "--org", orgName().toUpperCase().slice(0, -1), "--period", PERIOD]);
    expect(status.snapshot_exists).toBe(false);
  });

  it("a part that several names share is refused and lists them", async () => {
    const result = await cli.bufdir(["metrics", "status", "--org", "likepersonsforeningen", "--period", PERIOD]);
    expectOneLineFailure(result, 2, /"likepersonsforeningen" is in several organisations' names: /);
    for (const { name } of seeded.organisations) expect(result.stderr).toContain(`"${name}"`);
  });
});

describe("the database's refusals name organisations by name", () => {
  it("a coordinator of another organisation is refused (42501) with the organisation's name, not its id", async () => {
    const result = await cli.bufdir(["--as", "coordinator@org2.example", "metrics", "compute", "--org", orgName(), "--period", PERIOD]);
    expectOneLineFailure(result, 1, new RegExp(`^bufdir: permission_denied \\(42501\\): .*organisation "${orgName()}"`));
    expect(result.stderr).not.toContain(seeded.organisations[0]!.id);
  });
});

describe("a missing snapshot is the same outcome on every command", () => {
  it.each([
    ["metrics show", ["metrics", "show"], "not_found (P0002)"],
    ["metrics verify", ["metrics", "verify"], "not_found (P0002)"],
    ["metrics delete", ["metrics", "delete"], "not_found (P0002)"],
    ["metrics export --saved", ["metrics", "export", "--saved", "--out", "exports"], "snapshot_missing (BF002)"],
    ["report", ["report"], "not_found (P0002)"],
  ])("%s: exit 1, the organisation named, and no file written", async (_name, command, reason) => {
    const cwd = join(cli.dir, "cwd-missing");
    mkdirSync(cwd, { recursive: true });
    const args = ["--as", COORDINATOR, ...command, "--org", orgName(), "--period", PERIOD];
    const result = await runBufdir(args, cli.env, { cwd });
    const message = `${reason}: no snapshot of ${orgName()} for ${PERIOD}: run \`bufdir metrics compute\` first`;
    expectOneLineFailure(result, 1, new RegExp(`^bufdir: ${message.replace(/[()]/g, "\\$&")}$`));
    const json = expectJsonFailure(await runBufdir(["--json", ...args], cli.env, { cwd }), 1, reason.split(" ")[0]!);
    expect(json.code).toBe(reason.slice(-6, -1));
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe("an output path that cannot be created fails at once, before the database is opened", () => {
  // The database is unreachable here: exit 2 (not 4) shows the path was checked first.
  it.each([
    ["report --out", ["report", "--org", "x", "--period", PERIOD, "--out", "/proc/nope/x.html"], /cannot write to \/proc\/nope\/x\.html: cannot create \/proc\/nope \(ENOENT\)/],
    // The folder exists; the file cannot be created in it: found before the database is opened too.
    ["report --out in an existing folder", ["report", "--org", "x", "--period", PERIOD, "--out", "/root/../proc/x.html"], /^bufdir: cannot write to \/proc\/x\.html: cannot create the file \(ENOENT\)$/],
    ["metrics export --out", ["metrics", "export", "--org", "x", "--period", PERIOD, "--out", "/proc/nope/exports"], /cannot write to \/proc\/nope\/exports: cannot create \/proc\/nope \(ENOENT\)/],
  ])("%s under /proc", async (_name, args, message) => {
    expectOneLineFailure(await runBufdir(args, withEnv(cli.env, offline)), 2, message);
  });

  it("a file where a folder should be", async () => {
    const file = join(cli.dir, "a-file");
    writeFileSync(file, "");
    const result = await cli.bufdir(["report", "--org", "x", "--period", PERIOD, "--out", join(file, "sub", "x.html")], offline);
    expectOneLineFailure(result, 2, /a-file is not a folder/);
    expect(existsSync(join(file, "sub"))).toBe(false);
  });

  it("a report file named neither .html nor .pdf is refused, and nothing is written", async () => {
    const out = join(cli.dir, "named-wrong", "report.txt");
    const result = await cli.bufdir(["report", "--org", "x", "--period", PERIOD, "--out", out], offline);
    expectOneLineFailure(result, 2, /report\.txt: a report file's name ends in \.html \(a web page\) or \.pdf \(printed by Chromium\)$/);
    expect(existsSync(join(cli.dir, "named-wrong"))).toBe(false);
  });

  it("a PDF with no Chromium to print it is refused, and nothing is written", async () => {
    const out = join(cli.dir, "no-chromium", "report.pdf");
    const result = await cli.bufdir(["report", "--org", "x", "--period", PERIOD, "--out", out], { ...offline, BUFDIR_CHROMIUM: "/nonexistent/chromium" });
    expectOneLineFailure(result, 2, /report\.pdf: a PDF is printed by Chromium, and BUFDIR_CHROMIUM \(\/nonexistent\/chromium\) is not a program; write \.html and print it from a browser instead$/);
    expect(existsSync(join(cli.dir, "no-chromium"))).toBe(false);
  });

  it("under --json as one JSON object", async () => {
    expectJsonFailure(await cli.bufdir(["--json", "report", "--org", "x", "--period", PERIOD, "--out", "/proc/nope/x.html"], offline), 2, "output_path");
  });
});
