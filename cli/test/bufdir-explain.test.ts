/**
 * Why an entry counts or not, as an operator sees it, one process per command on
 * a database of the file's own: `activities add` says at once when the new entry
 * will not count and why; `activities explain` gives each entry's verdict for one
 * activity or a period, as the actor may read them, agreeing with the figures;
 * `metrics show` and the report have a "not counted, by reason" table; refusals
 * exit as documented with one line.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActivityVerdict, MetricSnapshot, RegisteredActivity, VerdictCount } from "@bufdir-reporting/client";
import type { SeedSummary } from "../src/seed/index.ts";
import { createCliHarness, expectJsonFailure, expectOneLineFailure, type CliHarness } from "./support/cli-harness.ts";

/** Slot 3 of the seed's roster: pending approval. */
const PENDING_MENTOR = "mentor3@org1.example";
/** Slot 1: approved, active from a month of the previous year on. */
const MENTOR = "mentor1@org1.example";
const COORDINATOR = "coordinator@org1.example";
/** A member of the second organisation only. */
const OUTSIDER = "mentor1@org2.example";
const PERIOD = "2026-H2";

let cli: CliHarness;
let org: { id: string; name: string };
/** A day of December 2026 on which MENTOR has no entry. */
let freeDay: string;

beforeAll(async () => {
  cli = await createCliHarness();
  await cli.bufdirJson(["db", "migrate"]);
  const seeded = await cli.bufdirJson<SeedSummary>(["seed", "--activities", "40"]);
  org = { id: seeded.organisations[0]!.id, name: seeded.organisations[0]!.name };
  freeDay = await cli.withDatabase(async (client) => {
    const { rows } = await client.query<{ day: string }>(
      `select to_char(d, 'YYYY-MM-DD') as day from generate_series('2026-12-01'::date, '2026-12-31', interval '1 day') d
       where not exists (select from public.activities a join public.activity_mentors am on am.org_id = a.org_id and am.activity_id = a.id
                         join auth.users u on u.id = am.mentor_id
                         where a.org_id = $1 and a.activity_date = d::date and lower(u.email) = $2)
       order by d limit 1`,
      [org.id, MENTOR],
    );
    return rows[0]!.day;
  });
});

afterAll(async () => {
  await cli?.dispose();
});

describe("bufdir activities add: whether the new entry will count", () => {
  it("a pending mentor's entry: registered, and at once 'will not count: mentor … is pending approval'", async () => {
    const added = await cli.bufdir([
      "--as", PENDING_MENTOR, "activities", "add", "--org", org.name, "--kind", "group_meeting", "--date", "2026-09-14",
      "--minutes", "90", "--anonymous", "4",
    ]);
    expect(added.exitCode, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/^registered\s+[0-9a-f-]{36}$/m);
    expect(added.stdout).toMatch(new RegExp(`^will not count: mentor ${PENDING_MENTOR} is pending approval \\(rule 4`, "m"));
  });

  it("under --json the registration carries its verdict beside the activity's fields", async () => {
    const added = await cli.bufdirJson<RegisteredActivity>([
      "--as", PENDING_MENTOR, "activities", "add", "--org", org.name, "--kind", "in_person_outreach", "--date", "2026-09-15",
      "--minutes", "60", "--anonymous", "1",
    ]);
    expect(added).toMatchObject({ org_id: org.id, registration_path: "direct", activity_date: "2026-09-15", verdictFailure: null });
    expect(added.verdict).toMatchObject({ activity_id: added.id, counts: false, verdict: "no_active_mentor", inactive_mentor: "pending_approval" });
  });

  it("an approved mentor's first entry of the day counts; a repeat that day without a new participant does not; a short course does not", async () => {
    const first = await cli.bufdir([
      "--as", MENTOR, "activities", "add", "--org", org.name, "--kind", "in_person_outreach", "--date", freeDay, "--minutes", "60", "--anonymous", "1",
    ]);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^will count$/m);
    const repeat = await cli.bufdir([
      "--as", MENTOR, "activities", "add", "--org", org.name, "--kind", "in_person_outreach", "--date", freeDay, "--minutes", "60", "--anonymous", "1",
    ]);
    expect(repeat.stdout).toMatch(/^will not count: same day as an earlier entry, no new participant \(rule 5\)$/m);
    const course = await cli.bufdir([
      "--as", MENTOR, "activities", "add", "--org", org.name, "--kind", "mentor_course", "--date", freeDay, "--minutes", "60",
    ]);
    expect(course.stdout).toMatch(/^will not count: below the minute threshold \(rule 3\)$/m);
  });
});

describe("bufdir activities explain", () => {
  it("--period gives every entry's verdict, and the entries that count are the figures' activity-days", async () => {
    const verdicts = await cli.bufdirJson<ActivityVerdict[]>(["--as", COORDINATOR, "activities", "explain", "--org", org.name, "--period", PERIOD]);
    expect(verdicts.length).toBeGreaterThan(3);
    expect(verdicts.some((verdict) => verdict.counts)).toBe(true);
    expect(verdicts.some((verdict) => verdict.verdict === "no_active_mentor" && verdict.inactive_mentor === "pending_approval")).toBe(true);
    const computed = await cli.bufdirJson<MetricSnapshot>(["--as", COORDINATOR, "metrics", "compute", "--org", org.name, "--period", PERIOD]);
    const totals = computed.snapshot_json.totals;
    const live = verdicts.filter((verdict) => verdict.verdict !== "deleted");
    expect(live.filter((verdict) => verdict.counts)).toHaveLength(totals.activity_days);
    expect(live.filter((verdict) => verdict.verdict === "merged_proxy_twin")).toHaveLength(totals.proxy_duplicates_merged);
    expect(live.filter((verdict) => ["no_active_mentor", "held_for_review"].includes(verdict.verdict))).toHaveLength(
      (computed.snapshot_json.entries_left_out_by_reason.no_active_mentor ?? 0) + (computed.snapshot_json.entries_left_out_by_reason.held_for_review ?? 0),
    );
    expect(live.filter((verdict) => !verdict.counts && !["merged_proxy_twin", "no_active_mentor", "held_for_review"].includes(verdict.verdict))).toHaveLength(
      totals.activities_non_counting,
    );
  });

  it("--period prints a table with the reason of each entry that does not count", async () => {
    const table = await cli.bufdir(["--as", COORDINATOR, "activities", "explain", "--org", org.name, "--period", PERIOD]);
    expect(table.exitCode, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^date\s+kind\s+path\s+id\s+counts\s+why$/m);
    expect(table.stdout).toMatch(/\sno\s+no approved mentor active on the date \(rule 4\): the mentor is pending approval$/m);
    expect(table.stdout).toMatch(/\syes$/m);
  });

  it("--id explains one activity; a mentor sees only what they may read", async () => {
    const [pendingEntry] = (await cli.bufdirJson<ActivityVerdict[]>(["--as", PENDING_MENTOR, "activities", "explain", "--org", org.name, "--period", "2026-09-14..2026-09-14"]));
    expect(pendingEntry).toMatchObject({ counts: false, verdict: "no_active_mentor" });
    const one = await cli.bufdir(["--as", COORDINATOR, "activities", "explain", "--org", org.name, "--id", pendingEntry!.activity_id]);
    expect(one.exitCode, one.stderr).toBe(0);
    expect(one.stdout).toMatch(/^verdict\s+will not count: no approved mentor active on the date \(rule 4\): the mentor is pending approval$/m);
    const mine = await cli.bufdirJson<ActivityVerdict[]>(["--as", PENDING_MENTOR, "activities", "explain", "--org", org.name, "--period", PERIOD]);
    const all = await cli.bufdirJson<ActivityVerdict[]>(["--as", COORDINATOR, "activities", "explain", "--org", org.name, "--period", PERIOD]);
    expect(mine.length).toBeLessThan(all.length);
    expect(mine.every((verdict) => verdict.verdict === "no_active_mentor" || verdict.verdict === "deleted")).toBe(true);
    const someoneElses = all.find((verdict) => !mine.some((own) => own.activity_id === verdict.activity_id))!;
    expectOneLineFailure(
      await cli.bufdir(["--as", PENDING_MENTOR, "activities", "explain", "--org", org.name, "--id", someoneElses.activity_id]),
      1, /not_found \(P0002\)/,
    );
  });

  it("refuses another organisation's member (exit 1), a call without exactly one of --id and --period and an --id that is no id (exit 2)", async () => {
    expectOneLineFailure(
      await cli.bufdir(["--as", OUTSIDER, "activities", "explain", "--org", org.name, "--period", PERIOD]),
      1, /permission_denied \(42501\)/,
    );
    expectJsonFailure(await cli.bufdir(["--json", "--as", OUTSIDER, "activities", "explain", "--org", org.name, "--period", PERIOD]), 1, "permission_denied");
    expectOneLineFailure(await cli.bufdir(["activities", "explain", "--org", org.name]), 2, /either --id <activity-id> or --period <period>/);
    expectOneLineFailure(
      await cli.bufdir(["activities", "explain", "--org", org.name, "--id", org.id, "--period", PERIOD]),
      2, /either --id <activity-id> or --period <period>/,
    );
    expectOneLineFailure(await cli.bufdir(["activities", "explain", "--org", org.name, "--id", "notauuid"]), 2, /--id must be an activity id \(a uuid/);
  });
});

describe("the not-counted table", () => {
  it("metrics show ends with 'not counted, by reason', agreeing with explain", async () => {
    const shown = await cli.bufdir(["--as", COORDINATOR, "metrics", "show", "--org", org.name, "--period", PERIOD]);
    expect(shown.exitCode, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/^not counted, by reason \(the period's entries now, as coordinator@org1\.example may read them/m);
    const verdicts = await cli.bufdirJson<ActivityVerdict[]>(["--as", COORDINATOR, "activities", "explain", "--org", org.name, "--period", PERIOD]);
    const pending = verdicts.filter((verdict) => verdict.verdict === "no_active_mentor").length;
    expect(shown.stdout).toMatch(new RegExp(`^no_active_mentor\\s+${pending}\\s+no approved mentor active on the date \\(rule 4\\)$`, "m"));
    const json = await cli.bufdirJson<MetricSnapshot & { not_counted_by_reason: VerdictCount[] }>(
      ["--as", COORDINATOR, "metrics", "show", "--org", org.name, "--period", PERIOD],
    );
    expect(json.content_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(json.not_counted_by_reason.map((row) => row.verdict)).not.toContain("counts");
    expect(json.not_counted_by_reason.find((row) => row.verdict === "no_active_mentor")?.entries).toBe(pending);
  });

  it("the report has the table, every reason listed", async () => {
    const out = join(cli.dir, "explain-report.html");
    const written = await cli.bufdir(["--as", COORDINATOR, "report", "--org", org.name, "--period", PERIOD, "--out", out]);
    expect(written.exitCode, written.stderr).toBe(0);
    const html = readFileSync(out, "utf8");
    expect(html).toContain("Entries not counted, by reason");
    expect(html).toMatch(/<tr data-key="no_active_mentor"><th scope="row">no approved mentor active on the date \(rule 4\)<\/th><td class="num">\d+<\/td><\/tr>/);
    expect(html).toContain('<tr data-key="same_day_repeat">');
  });
});
