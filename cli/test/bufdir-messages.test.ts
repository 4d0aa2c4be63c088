/**
 * What `bufdir` says, run as a process: every example its help gives runs;
 * organisations match anywhere in their name; bad counts and contact ids are
 * usage errors in the domain's words; refusals name the organisation and the
 * way out; printed figures say what they are; `metrics verify` fails on a
 * difference; periods come in calendar order; and names that carry terminal
 * control sequences are printed without them.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActivityRegistration, CachedSummary } from "@bufdir-reporting/client";
import type { SeedSummary } from "../src/seed/index.ts";
import { createCliHarness, expectJsonFailure, expectOneLineFailure, type CliHarness } from "./support/cli-harness.ts";

const PERIOD = "2026-H1";
const COORDINATOR = "coordinator@org1.example";
/** Approved and active all of 2026 in the seed's roster. */
const MENTOR = "mentor1@org1.example";

let cli: CliHarness;
let seeded: SeedSummary;
let org: { id: string; name: string };

async function activityCount(): Promise<number> {
  return cli.withDatabase(async (client) => (await client.query<{ n: number }>("select count(*)::int as n from public.activities")).rows[0]!.n);
}

beforeAll(async () => {
  cli = await createCliHarness();
  if (cli.engine === "postgres") await cli.bufdirJson(["db", "migrate"]);
  seeded = await cli.bufdirJson<SeedSummary>(["seed", "--activities", "40"]);
  org = seeded.organisations[0]!;
});

afterAll(async () => {
  await cli?.dispose();
});

/** Every command's path, read from the help of `bufdir` and of each command group. */
async function commandPaths(): Promise<string[][]> {
  const listed = (help: string) =>
    [...(help.split(/^Commands:$/m)[1] ?? "").matchAll(/^ {2}(\S+)/gm)].map((match) => match[1]!).filter((name) => name !== "help");
  const paths: string[][] = [];
  for (const top of listed((await cli.bufdir(["--help"])).stdout)) {
    const subs = listed((await cli.bufdir([top, "--help"])).stdout);
    if (subs.length === 0) paths.push([top]);
    for (const sub of subs) paths.push([top, sub]);
  }
  return paths;
}

/** The example command lines of a help text: its lines that run `bufdir`, placeholders filled in. */
function examplesOf(help: string): string[][] {
  return help
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => /^(DATABASE_URL=\S+ )?bufdir /.test(line))
    .map((line) =>
      (line.replace(/^DATABASE_URL=\S+ /, "").match(/"[^"]*"|\S+/g) ?? [])
        .slice(1)
        .map((word) => word.replace(/^"|"$/g, "").replace("<id>", org.id)),
    );
}

describe("help", () => {
  it("every example a command's help gives runs and exits 0", { timeout: 300_000 }, async () => {
    const examples: string[][] = [];
    for (const path of await commandPaths()) {
      const help = await cli.bufdir([...path, "--help"]);
      expect(help.exitCode, path.join(" ")).toBe(0);
      // `db create` makes a database of its own: it has its own test.
      if (path.join(" ") !== "db create") examples.push(...examplesOf(help.stdout));
    }
    expect(examples.length).toBeGreaterThanOrEqual(3);
    for (const example of examples) {
      const result = await cli.bufdir(example);
      expect(result.exitCode, `bufdir ${example.join(" ")}: ${result.stderr}`).toBe(0);
    }
  });
});

describe("organisations by name", () => {
  it("a part of the name, anywhere in it and in any case, finds the one organisation that has it", async () => {
    const status = await cli.bufdirJson<{ snapshot_exists: boolean }>(["metrics", "status", "--org", "oSLO", "--period", PERIOD]);
    expect(status.snapshot_exists).toBe(false);
  });

  it("a part several names share is refused and lists them", async () => {
    const result = await cli.bufdir(["metrics", "status", "--org", "foreningen", "--period", PERIOD]);
    expectOneLineFailure(result, 2, /"foreningen" is in several organisations' names: /);
    for (const { name } of seeded.organisations) expect(result.stderr).toContain(`"${name}"`);
  });
});

describe("activities add", () => {
  const add = (...extra: string[]) => ["activities", "add", "--org", org.name, "--kind", "group_meeting", "--date", "2026-06-12", ...extra];

  it.each([
    [["--minutes", "-5"], /--minutes must be a positive whole number of minutes \(at least 1\), not "-5"/],
    [["--minutes", "0"], /--minutes must be a positive whole number of minutes \(at least 1\), not "0"/],
    [["--minutes", "90", "--anonymous", "-1"], /--anonymous must be a whole number of participants, 0 or more, not "-1"/],
    [["--minutes", "90", "--contact", "notauuid"], /--contact "notauuid" is not a contact id: ids look like .*`bufdir contacts list` shows them/],
  ])("%s is a usage error in the domain's words, and nothing is written", async (extra, message) => {
    const before = await activityCount();
    const result = await cli.bufdir(["--as", MENTOR, ...add(...extra)]);
    expectOneLineFailure(result, 2, message);
    expect(result.stderr).not.toMatch(/22P02|must be a whole number$/);
    expect(await activityCount()).toBe(before);
  });

  it("without --as, the refusal names the organisation and says to pass --as <email>", async () => {
    const before = await activityCount();
    const result = await cli.bufdir(add("--minutes", "90"));
    expectOneLineFailure(result, 1, new RegExp(`permission_denied \\(42501\\): .*not a member of organisation "${org.name}".*pass --as <email>`));
    expect(result.stderr).not.toContain(org.id);
    expect(await activityCount()).toBe(before);
  });

  it("prints anonymous and known participants as they were registered", async () => {
    const result = await cli.bufdir(["--as", MENTOR, ...add("--minutes", "90", "--anonymous", "1")]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^participants\s+1 \(0 known, 1 anonymous\)$/m);
    const listed = await cli.bufdir(["--as", MENTOR, "activities", "list", "--org", org.name, "--period", "2026-06-12..2026-06-12"]);
    expect(listed.stdout).toMatch(/1 \(0 known, 1 anonymous\)/);
  });

  it("a registration with a known contact counts it among the participants", async () => {
    const contact = await cli.withDatabase(async (client) =>
      (await client.query<{ id: string }>("select id::text from public.contacts where org_id = $1 order by id limit 1", [org.id])).rows[0]!.id,
    );
    const registered = await cli.bufdirJson<ActivityRegistration>([
      "--as", COORDINATOR, "activities", "add", "--org", org.name, "--path", "proxy", "--kind", "in_person_outreach",
      "--date", "2026-06-13", "--minutes", "60", "--mentor", MENTOR, "--contact", contact.toUpperCase(), "--anonymous", "2",
    ]);
    expect(registered.participant_ids).toEqual([contact]);
  });
});

describe("metrics", () => {
  it("export prints who exported by name and e-mail, not by id", async () => {
    const result = await cli.bufdir(["--as", COORDINATOR, "metrics", "export", "--org", org.name, "--period", PERIOD, "--out", join(cli.dir, "exports")]);
    expect(result.exitCode, result.stderr).toBe(0);
    const user = seeded.users.find((entry) => entry.email === COORDINATOR)!;
    expect(result.stdout).toMatch(new RegExp(`^exported by\\s+\\S.* <${COORDINATOR}>$`, "m"));
    expect(result.stdout).not.toContain(user.id);
  });

  it("verify exits 0 on a match and 1 (figures_differ) when a figure differs, listing them", async () => {
    expect(await cli.bufdirJson<unknown[]>(["metrics", "verify", "--org", org.name, "--period", PERIOD])).toEqual([]);
    await cli.withDatabase((client) =>
      client.query(
        `update public.activities set duration_minutes = duration_minutes % 1440 + 1
         where id = (select id from public.activities where org_id = $1 and activity_date between '2026-01-01' and '2026-06-30'
                     and deleted_at is null order by id limit 1)`,
        [org.id],
      ),
    );
    const result = await cli.bufdir(["metrics", "verify", "--org", org.name, "--period", PERIOD]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/^figure\s+persisted\s+recomputed$/m);
    expect(result.stdout).toMatch(/^totals\.minutes_total\s/m);
    expect(result.stderr).toMatch(/^bufdir: \d+ figures? of .* 2026-H1 differs? from a recomputation/);
    const json = await cli.bufdir(["--json", "metrics", "verify", "--org", org.name, "--period", PERIOD]);
    expect(json.exitCode).toBe(1);
    expect((JSON.parse(json.stdout) as { figure: string }[]).map((entry) => entry.figure)).toContain("totals.minutes_total");
    expect((JSON.parse(json.stderr) as { reason: string }).reason).toBe("figures_differ");
  });
});

describe("summaries show", () => {
  it("lists periods in calendar order: a year's half before its quarters, each quarter before its months", async () => {
    for (const period of ["2026-02", "2026-01", "2026-Q1", "2026-H1"]) {
      expect((await cli.bufdir(["summaries", "generate", "--org", org.name, "--period", period])).exitCode).toBe(0);
    }
    const mirror = join(cli.dir, "order.sqlite");
    await cli.bufdirJson(["--as", COORDINATOR, "summaries", "sync", "--org", org.name, "--mirror", mirror]);
    const table = await cli.bufdir(["summaries", "show", "--org", org.name, "--mirror", mirror, "--mentor", "none"]);
    expect(table.exitCode, table.stderr).toBe(0);
    const periods = [...table.stdout.matchAll(/^(2026-\S+)\s+\(organisation\)/gm)].map((match) => match[1]);
    expect(periods.slice(0, 4)).toEqual(["2026-H1", "2026-Q1", "2026-01", "2026-02"]);
    // When the help's examples ran first, the second quarter and every month of 2026 are there too, each in its place.
    if (periods.includes("2026-Q2")) expect(periods.slice(4)).toEqual(["2026-03", "2026-Q2", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12"]);
    const json = await cli.bufdirJson<{ summaries: CachedSummary[] }>(["summaries", "show", "--org", org.name, "--mirror", mirror, "--mentor", "none"]);
    expect(json.summaries.slice(0, 4).map((summary) => `${summary.periodType} ${summary.periodStart}`)).toEqual([
      "half_year 2026-01-01", "quarter 2026-01-01", "month 2026-01-01", "month 2026-02-01",
    ]);
  });
});

describe("names that carry terminal control sequences", () => {
  // A title change, a screen clear, a colour, a C1 CSI and a newline that would start a forged row.
  const hostile = "Eve\u001b]0;owned\u0007\u001b[2J\u001b[31m\u009b7m\nforged-row 999";

  it("are printed with every control character removed, on every output path", async () => {
    // A mentor with an activity in the half-year, so a summary row of their own is printed.
    const mentor = await cli.withDatabase(async (client) => {
      const found = await client.query<{ id: string; email: string }>(
        `select u.id::text, u.email from public.activity_mentors am
         join public.activities a on a.org_id = am.org_id and a.id = am.activity_id
         join auth.users u on u.id = am.mentor_id
         where a.org_id = $1 and a.deleted_at is null and a.activity_date between '2026-01-01' and '2026-06-30'
         order by u.email limit 1`,
        [org.id],
      );
      await client.query("update auth.users set raw_user_meta_data = jsonb_build_object('full_name', $1::text) where id = $2::uuid", [hostile, found.rows[0]!.id]);
      await client.query("update public.organisations set name = $1 where id = $2", [`Likepersonsforeningen Oslo\u001b[8m\u0007`, org.id]);
      return found.rows[0]!;
    });
    const outputs = [
      await cli.bufdir(["summaries", "generate", "--org", "oslo", "--period", PERIOD]),
      await cli.bufdir(["metrics", "status", "--org", "oslo", "--period", PERIOD]),
      await cli.bufdir(["--as", "coordinator@org2.example", "metrics", "compute", "--org", "oslo", "--period", PERIOD]),
      await cli.bufdir(["--as", MENTOR, "activities", "list", "--org", "oslo", "--period", "2027-01"]),
      await cli.bufdir(["--json", "--as", "coordinator@org2.example", "metrics", "compute", "--org", "oslo", "--period", PERIOD]),
    ];
    for (const output of outputs) {
      expect(output.stdout + output.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    }
    const [table, fields, refused, empty, json] = outputs as [typeof outputs[0], typeof outputs[0], typeof outputs[0], typeof outputs[0], typeof outputs[0]];
    expect(table.exitCode, table.stderr).toBe(0);
    // The name is one cell of its own row: no forged row begins a line.
    const row = new RegExp(`^2026-H1\\s+Eve\\]0;owned\\[2J\\[31m7mforged-row 999 <${mentor.email.replace(/\./g, "\\.")}>\\s+\\d+\\s+\\d+\\s+\\d+\\s+no$`, "m");
    expect(table.stdout).toMatch(row);
    expect(table.stdout).not.toMatch(/^forged-row/m);
    expect(fields.stdout).toMatch(/^organisation\s+Likepersonsforeningen Oslo\[8m$/m);
    expectOneLineFailure(refused, 1, /organisation "Likepersonsforeningen Oslo\[8m"/);
    expect(empty.stdout).toMatch(/^no activities of Likepersonsforeningen Oslo\[8m in 2027-01/m);
    // Under --json the data stays whole, every control character escaped.
    const failure = expectJsonFailure(json, 1, "permission_denied");
    expect(failure.message).toContain('organisation "Likepersonsforeningen Oslo[8m"');
  });
});
