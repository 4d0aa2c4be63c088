/**
 * Long work, run as a process: `summaries generate --every` reports each period
 * as it is done (nothing extra on stderr when piped), and Ctrl-C (SIGINT) or SIGTERM stops it with exit 130 and
 * one line, cancelling the statement running on the server (PostgreSQL), with
 * nothing half-written: every period is there whole, or not at all.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SeedSummary } from "../src/seed/index.ts";
import { testTarget } from "../../scripts/test/support/test-target.ts";
import { createCliHarness, expectOneLineFailure, startBufdir, type CliHarness } from "./support/cli-harness.ts";

let cli: CliHarness;
let organisation: { id: string; name: string };

beforeAll(async () => {
  cli = await createCliHarness();
  if (cli.engine === "postgres") await cli.bufdirJson(["db", "migrate"]);
  const seeded = await cli.bufdirJson<SeedSummary>(["seed", "--activities", "400", "--organisations", "1"]);
  organisation = seeded.organisations[0]!;
});

afterAll(async () => {
  await cli?.dispose();
});

/** Per generated period: how many summaries it has, and whether the organisation-wide one is among them. */
async function generatedPeriods(): Promise<{ period_start: string; summaries: number; has_organisation_row: boolean }[]> {
  return cli.withDatabase(async (client) => (await client.query<{ period_start: string; summaries: number; has_organisation_row: boolean }>(
    `select period_start::text, count(*)::int as summaries, bool_or(mentor_id is null) as has_organisation_row
     from public.periodic_summaries where org_id = $1 and period_type = 'month' group by 1 order by 1`, [organisation.id])).rows);
}

/** The mentors with an activity in each month: what a whole month's generation writes besides the organisation's row. */
async function mentorsPerMonth(): Promise<Map<string, number>> {
  const rows = await cli.withDatabase(async (client) => (await client.query<{ month: string; mentors: number }>(
    `select date_trunc('month', a.activity_date)::date::text as month, count(distinct am.mentor_id)::int as mentors
     from public.activities a join public.activity_mentors am on am.org_id = a.org_id and am.activity_id = a.id
     where a.org_id = $1 and a.deleted_at is null and a.activity_date between '2026-01-01' and '2026-12-31' group by 1`, [organisation.id])).rows);
  return new Map(rows.map((row) => [row.month, row.mentors]));
}

describe("summaries generate --every", () => {
  it("generates every month of the year, one after another, and reports each; piped, nothing on stderr", async () => {
    const result = await cli.bufdir(["summaries", "generate", "--org", organisation.name, "--period", "2026", "--every", "month"]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout.trim().split("\n")).toHaveLength(12);
    expect(result.stdout).toMatch(/^generated \d+ month summaries of .* for 2026-01 \(2026-01-01 to 2026-01-31\)/m);
    expect(result.stdout).toMatch(/for 2026-12 \(2026-12-01 to 2026-12-31\)/);
    expect(result.stderr).toBe("");
    const mentors = await mentorsPerMonth();
    const periods = await generatedPeriods();
    expect(periods).toHaveLength(12);
    for (const period of periods) {
      expect(period.has_organisation_row).toBe(true);
      expect(period.summaries, period.period_start).toBe(1 + (mentors.get(period.period_start) ?? 0));
    }
  });

  it("refuses a type that does not fit in the period, with one line and exit 2", async () => {
    const result = await cli.bufdir(["summaries", "generate", "--org", organisation.name, "--period", "2026-Q2", "--every", "half_year"]);
    expectOneLineFailure(result, 2, /--every half_year does not fit in 2026-Q2, a quarter/);
  });
});

describe("a signal during generation", () => {
  it("stops with exit 130 and one line; what was written is whole periods only", async () => {
    await cli.withDatabase((client) => client.query("delete from public.periodic_summaries where org_id = $1", [organisation.id]));
    const running = startBufdir(["summaries", "generate", "--org", organisation.name, "--period", "2026", "--every", "month"], cli.env);
    // Signalled once the first period is done and the next under way.
    await until(() => /for 2026-01 /.test(running.stdout()), () => running.stdout() + running.stderr());
    running.child.kill("SIGINT");
    const result = await running.ended;
    expectOneLineFailure(result, 130,
      /^bufdir: cancelled by SIGINT: the statement running on the server was cancelled and nothing of it was written$/);
    const mentors = await mentorsPerMonth();
    const periods = await generatedPeriods();
    expect(periods.length).toBeLessThan(12);
    for (const period of periods) {
      expect(period.has_organisation_row).toBe(true);
      expect(period.summaries, period.period_start).toBe(1 + (mentors.get(period.period_start) ?? 0));
    }
  });

  it.runIf(testTarget().engine === "postgres")(
    "cancels the statement waiting on the server, which then writes nothing (PostgreSQL)",
    async () => {
      await cli.withDatabase((client) => client.query("delete from public.periodic_summaries where org_id = $1", [organisation.id]));
      await cli.withDatabase(async (blocker) => {
        // Holds the summaries table so the CLI's first period waits inside its statement.
        await blocker.query("begin");
        await blocker.query("lock table public.periodic_summaries in share mode");
        const running = startBufdir(["summaries", "generate", "--org", organisation.name, "--period", "2026", "--every", "month"], cli.env);
        // The CLI's connections are the only ones to this scratch database named
        // bufdir-cli-<pid>. Inside a transaction the activity view is a snapshot: clear it first.
        const waiting = async () => {
          await blocker.query("select pg_stat_clear_snapshot()");
          const activity = await blocker.query<{ n: number }>(
            `select count(*)::int as n from pg_stat_activity
             where datname = current_database() and application_name like 'bufdir-cli-%' and wait_event_type = 'Lock' and state = 'active'`);
          return activity.rows[0]!.n;
        };
        await until(async () => (await waiting()) === 1, () => running.stderr());
        running.child.kill("SIGTERM");
        const result = await running.ended;
        expectOneLineFailure(result, 130, /^bufdir: cancelled by SIGTERM: /);
        expect(await waiting()).toBe(0);
        await blocker.query("rollback");
      });
      expect(await generatedPeriods()).toEqual([]);
    },
  );
});

/** Polls `condition` every 50 ms until it holds; fails after 30 s, saying what the CLI printed. */
async function until(condition: () => boolean | Promise<boolean>, printed: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within 30 s; the CLI printed: ${printed()}`);
    await new Promise((settle) => setTimeout(settle, 50));
  }
}
