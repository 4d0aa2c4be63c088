/**
 * `bufdir summaries run-job`, run as a process the way cron runs it: each
 * organisation in its own transaction with its own time limit. With nothing in
 * the way, every organisation is served and the exit code is 0. Then, of three
 * organisations, the middle one is held past its limit honestly: another
 * transaction holds its summaries, which regenerating them must wait for, and
 * the job's lock wait (30 s) is longer than the limit (6 s). Its statement is
 * cancelled (57014), rolled back and recorded; the organisations before and
 * after it are committed; the exit code says one failed. Concurrent
 * transactions need PostgreSQL (the embedded engine has one backend).
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SeedSummary } from "../src/seed/index.ts";
import { testTarget } from "../../scripts/test/support/test-target.ts";
import { createCliHarness, expectJsonFailure, expectOneLineFailure, type CliHarness } from "./support/cli-harness.ts";

const AS_OF = "2026-07-01";
/** The organisations' time limit in the failing run: several times what one organisation's work takes here. */
const LIMIT_SECONDS = 6;

/** A name as a regular expression matches it literally. */
const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

let cli: CliHarness;

beforeAll(async () => {
  cli = await createCliHarness();
}, 120_000);

afterAll(async () => {
  await cli?.dispose();
});

describe("summaries run-job refuses bad arguments before it opens the database", () => {
  it("refuses a date that is not YYYY-MM-DD, with exit 2", async () => {
    expectOneLineFailure(await cli.bufdir(["summaries", "run-job", "--as-of", "12.06.2026"]), 2,
      /invalid --as-of "12\.06\.2026": expected a real date as YYYY-MM-DD/);
  });

  it("refuses a time limit that is not a positive number of seconds, with exit 2", async () => {
    for (const limit of ["0", "-1", "soon"]) {
      expectOneLineFailure(await cli.bufdir(["summaries", "run-job", "--organisation-timeout", limit]), 2, /--organisation-timeout/);
    }
  });

  it("refuses --as: the job runs as the DATABASE_URL login", async () => {
    const result = await cli.bufdir(["--json", "--as", "coordinator@org1.example", "summaries", "run-job"]);
    expectJsonFailure(result, 2, "usage");
  });
});

describe.runIf(testTarget().engine === "postgres")("summaries run-job, one organisation at a time with its own time limit", () => {
  let organisations: { id: string; name: string }[];
  const clients: pg.Client[] = [];
  const connect = async () => {
    const client = new pg.Client({ connectionString: cli.env.DATABASE_URL });
    await client.connect();
    clients.push(client);
    return client;
  };
  const summariesEnding = (client: pg.Client, orgId: string) =>
    client.query<{ n: number }>("select count(*)::int as n from public.periodic_summaries where org_id = $1 and period_end = '2026-06-30'", [orgId])
      .then((result) => result.rows[0]!.n);
  /** Every summary of the organisation as it stands, to show that a run kept nothing. */
  const fingerprint = (client: pg.Client, orgId: string) =>
    client.query("select id, period_type::text, period_start::text, summary_data, updated_at, version from public.periodic_summaries where org_id = $1 order by id", [orgId])
      .then((result) => result.rows);

  beforeAll(async () => {
    await cli.bufdirJson(["db", "migrate"]);
    const seeded = await cli.bufdirJson<SeedSummary>(["seed", "--activities", "60", "--organisations", "3"]);
    organisations = seeded.organisations.map(({ id, name }) => ({ id, name })).sort((a, b) => a.id.localeCompare(b.id));
    expect(organisations).toHaveLength(3);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.end()));
  });

  it("serves every organisation when nothing is in the way, and exits 0", async () => {
    const owner = await connect();
    const failuresBefore = (await owner.query<{ n: number }>("select count(*)::int as n from public.summary_job_failures")).rows[0]!.n;
    const report = await cli.bufdirJson<{
      asOf: string;
      organisationTimeoutSeconds: number;
      served: number;
      failed: number;
      summaries: number;
      organisations: { id: string; status: string; summaries?: number }[];
    }>(["summaries", "run-job", "--as-of", AS_OF, "--organisation-timeout", "30"]);
    expect(report).toMatchObject({ asOf: AS_OF, organisationTimeoutSeconds: 30, served: 3, failed: 0 });
    expect(report.organisations.map(({ id, status }) => ({ id, status }))).toEqual(organisations.map(({ id }) => ({ id, status: "served" })));
    let written = 0;
    for (const organisation of organisations) {
      const summaries = await summariesEnding(owner, organisation.id);
      expect(summaries).toBeGreaterThan(0);
      written += summaries;
    }
    expect(report.summaries).toBe(written);
    expect((await owner.query<{ n: number }>("select count(*)::int as n from public.summary_job_failures")).rows[0]!.n).toBe(failuresBefore);
  }, 120_000);


  it("commits the organisations before and after one that runs past its limit, records that one with 57014, keeps nothing of it, and exits 1", async () => {
    const [first, slow, last] = organisations as [typeof organisations[0], typeof organisations[0], typeof organisations[0]];
    const owner = await connect();
    const slowBefore = await fingerprint(owner, slow.id);
    const failuresBefore = (await owner.query<{ n: number }>("select count(*)::int as n from public.summary_job_failures")).rows[0]!.n;
    const began = (await owner.query<{ now: Date }>("select clock_timestamp() as now")).rows[0]!.now;

    // Another transaction holds the middle organisation's June summaries, which
    // the job's regeneration must wait for; the job's lock wait (30 s) is longer
    // than the organisation's time limit, so the limit ends it.
    const holder = await connect();
    await holder.query("set idle_in_transaction_session_timeout = 60000");
    await holder.query("begin");
    const held = await holder.query("select id from public.periodic_summaries where org_id = $1 and period_end = '2026-06-30' for update", [slow.id]);
    expect(held.rowCount).toBeGreaterThan(0);

    let result;
    try {
      result = await cli.bufdir(["summaries", "run-job", "--as-of", AS_OF, "--organisation-timeout", String(LIMIT_SECONDS)]);
    } finally {
      await holder.query("rollback");
    }

    expectOneLineFailure(result, 1, /^bufdir: 1 of 3 organisations not served as of 2026-07-01 \(.*: 57014\); each is recorded in public\.summary_job_failures/);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(new RegExp(`^${literally(first.name)}: \\d+ summaries written \\(`));
    expect(lines[1]).toMatch(new RegExp(`^${literally(slow.name)}: FAILED 57014: canceling statement due to statement timeout \\(the organisation's time limit is ${LIMIT_SECONDS} s\\) \\([\\d.]+ s; nothing of it kept\\)$`));
    expect(lines[2]).toMatch(new RegExp(`^${literally(last.name)}: \\d+ summaries written \\(`));
    expect(lines[3]).toMatch(/^as of 2026-07-01: 3 organisations, 2 served, 1 failed; \d+ summaries written$/);

    // The others' summaries of this run are committed; nothing of the slow one's run is kept; its failure is recorded once.
    for (const organisation of [first, last]) {
      const rewritten = await owner.query<{ n: number }>(
        "select count(*)::int as n from public.periodic_summaries where org_id = $1 and period_end = '2026-06-30' and updated_at >= $2", [organisation.id, began]);
      expect(rewritten.rows[0]!.n, organisation.name).toBe(await summariesEnding(owner, organisation.id));
    }
    expect(await fingerprint(owner, slow.id)).toEqual(slowBefore);
    const failures = await owner.query(
      "select org_id::text, as_of::text, period_type::text, period_start::text, sqlstate, message from public.summary_job_failures order by id offset $1", [failuresBefore]);
    expect(failures.rows).toEqual([
      { org_id: slow.id, as_of: AS_OF, period_type: null, period_start: null, sqlstate: "57014", message: expect.stringMatching(/statement timeout/) },
    ]);
  }, 120_000);
});
