/**
 * The scheduled summary job, run as pg_cron runs it (the block of
 * db/scheduling/pg_cron.sql, outside any transaction block): each organisation
 * in its own transaction. An organisation that cannot be served (here B, whose
 * sync horizon another session keeps, so its writer's lock wait runs out) is
 * rolled back alone and recorded in summary_job_failures; A's summaries are
 * committed, and A's horizon is free again before the job has finished. A
 * procedure-like block that commits cannot run inside pgTAP's rolled-back
 * transaction, and the test needs several sessions, so it runs on PostgreSQL only.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actAsSql } from "../../../client/src/context/act-as-sql.ts";
import { asServiceRole } from "../../../client/src/context/request-context.ts";
import { prepareDatabase } from "../../../scripts/lib/migrations.ts";
import { dbDir } from "../../../scripts/lib/paths.ts";
import { createScratchDatabase, type ScratchDatabase } from "../../../scripts/lib/scratch-database.ts";
import { testTarget } from "../../../scripts/test/support/test-target.ts";

const target = testTarget();
const orgA = "00000000-0000-4000-a000-00000000000a";
const orgB = "00000000-0000-4000-a000-00000000000b";
const AS_OF = "2026-07-01";
const actAsServiceRole = actAsSql(asServiceRole());

/** The job's block as pg_cron.sql schedules it, for a given day instead of current_date. */
function jobBlock(asOf: string): string {
  const file = readFileSync(resolve(dbDir, "scheduling/pg_cron.sql"), "utf8");
  const block = /-- job:begin\n([\s\S]*?)\n\s*-- job:end/.exec(file)?.[1];
  if (block === undefined || !block.includes("current_date")) throw new Error("pg_cron.sql has no job block between the markers");
  return block.replace("current_date", `'${asOf}'::date`);
}

if (target.engine === "embedded") {
  console.log("summary-job: skipped on the embedded engine (one backend: transactions cannot overlap)");
}

describe.runIf(target.engine === "postgres")("the scheduled summary job, one organisation at a time", () => {
  let scratch: ScratchDatabase;
  const clients: pg.Client[] = [];
  const connect = async () => {
    const client = new pg.Client(scratch.url);
    await client.connect();
    clients.push(client);
    return client;
  };
  const summariesEnding = async (client: pg.Client, orgId: string) =>
    Number((await client.query<{ n: string }>(
      "select count(*) as n from public.periodic_summaries where org_id = $1 and period_end = '2026-06-30'", [orgId])).rows[0]!.n);

  beforeAll(async () => {
    scratch = await createScratchDatabase(target);
    await prepareDatabase(scratch.url);
    const owner = await connect();
    await owner.query(readFileSync(resolve(dbDir, "fixtures/bufdir-fixture.sql"), "utf8"));
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.end()));
    await scratch?.dispose();
  });

  it("commits every other organisation when one fails, records the failure, and frees each horizon at its own commit", async () => {
    const owner = await connect();
    expect(await summariesEnding(owner, orgA)).toBe(0);
    expect(await summariesEnding(owner, orgB)).toBe(0);

    // A sync reader of B that keeps its transaction open holds B's horizon.
    const reader = await connect();
    await reader.query("set idle_in_transaction_session_timeout = 60000");
    await reader.query("begin");
    await reader.query(actAsServiceRole);
    await reader.query("select * from public.list_periodic_summaries_since($1)", [orgB]);

    const job = await connect();
    let jobDone = false;
    const running = job.query(jobBlock(AS_OF)).finally(() => {
      jobDone = true;
    });

    // A is done and committed while the job still waits on B: A syncs at once.
    // Watched for as long as the job runs (it waits on B until its lock timeout),
    // not for a fixed time, so a slow machine cannot fail it.
    const watcher = await connect();
    let syncedA: number | null = null;
    while (!jobDone) {
      if ((await summariesEnding(watcher, orgA)) > 0) {
        await watcher.query("begin");
        await watcher.query(actAsServiceRole);
        syncedA = (await watcher.query("select * from public.list_periodic_summaries_since($1, null, 5000)", [orgA])).rowCount;
        await watcher.query("commit");
        break;
      }
      await new Promise((resolveWait) => setTimeout(resolveWait, 50));
    }
    expect(syncedA).toBeGreaterThan(0);

    await running;
    await reader.query("rollback");

    // A's June, Q2 and H1 summaries are committed; nothing of B's run is left.
    expect(await summariesEnding(owner, orgA)).toBeGreaterThan(3);
    expect(await summariesEnding(owner, orgB)).toBe(0);
    const failures = await owner.query(
      "select org_id, as_of::text, period_type::text, period_start::text, sqlstate, message from public.summary_job_failures order by id");
    expect(failures.rows).toEqual([
      { org_id: orgB, as_of: AS_OF, period_type: "month", period_start: "2026-06-01", sqlstate: "55P03", message: expect.stringMatching(/lock/) },
    ]);

    // The service role reads the failures; a member and anon do not.
    await owner.query("begin");
    await owner.query(actAsServiceRole);
    expect((await owner.query("select org_id from public.summary_job_failures")).rowCount).toBe(1);
    await owner.query("rollback");
    for (const role of ["authenticated", "anon"]) {
      await owner.query("begin");
      await owner.query(`set local role ${role}`);
      await expect(owner.query("select * from public.summary_job_failures"), role).rejects.toMatchObject({ code: "42501" });
      await owner.query("rollback");
    }

    // Run again with nothing in the way: B is served too.
    await job.query(jobBlock(AS_OF));
    expect(await summariesEnding(owner, orgB)).toBeGreaterThan(3);
    expect((await owner.query("select count(*)::int as n from public.summary_job_failures")).rows[0]!.n).toBe(1);
  }, 60_000);

  it("a failing organisation's share of the job raises nothing and keeps nothing", async () => {
    const owner = await connect();
    const before = Number((await owner.query<{ n: string }>("select count(*) as n from public.summary_job_failures")).rows[0]!.n);
    // A period the rules in force do not cover: the aggregation itself refuses it.
    const result = await owner.query<{ written: number | null }>("select private.run_summary_job_for($1, '1990-01-01', 1000) as written", [orgA]);
    expect(result.rows[0]!.written).toBeNull();
    const failures = await owner.query("select sqlstate, as_of::text from public.summary_job_failures order by id offset $1", [before]);
    expect(failures.rows).toHaveLength(1);
    expect(failures.rows[0]).toMatchObject({ as_of: "1990-01-01" });
    expect(failures.rows[0]!.sqlstate).toMatch(/^[0-9A-Z]{5}$/);
  });
});
