/**
 * Day partials across committed transactions and concurrent sessions: a change
 * another session has not committed is invisible and leaves the partials fresh;
 * once committed it makes its day stale; two refreshes of one organisation at
 * once rebuild each day once. Every figure is compared with the oracle (the
 * first aggregation, tests/support/30-metrics-oracle.sql). PostgreSQL only: the
 * embedded engine has one backend, so sessions cannot overlap.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyTestSupport, prepareDatabase } from "../../../scripts/lib/migrations.ts";
import { createScratchDatabase, type ScratchDatabase } from "../../../scripts/lib/scratch-database.ts";
import { testTarget } from "../../../scripts/test/support/test-target.ts";

const target = testTarget();
const org = "00000000-0000-4000-a000-0000000000f1";
const year = ["2026-01-01", "2026-12-31"] as const;

if (target.engine === "embedded") {
  console.log("day-partials-commit: skipped on the embedded engine (one backend: no concurrent sessions)");
}

describe.runIf(target.engine === "postgres")("day partials across sessions", () => {
  let scratch: ScratchDatabase;
  let pool: pg.Pool;

  const one = async <T extends pg.QueryResultRow>(client: pg.ClientBase | pg.Pool, sql: string, params: unknown[] = []) =>
    (await client.query<T>(sql, params)).rows[0]!;
  const differences = async (client: pg.ClientBase | pg.Pool) =>
    (await one<{ d: string | null }>(client,
      `select string_agg(f.figure, ', ') as d
       from private.figure_differences(private.compute_metrics($1, $2, $3), tests.compute_metrics_oracle($1, $2, $3)) f`,
      [org, ...year])).d;
  const stale = async (client: pg.ClientBase | pg.Pool) =>
    (await one<{ days: string[] }>(client, `select private.stale_days($1, $2, $3, '2026.1')::text[] as days`, [org, ...year])).days;
  const refresh = async (client: pg.ClientBase | pg.Pool) =>
    (await one<{ n: number }>(client, `select private.refresh_day_partials($1, $2, $3) as n`, [org, ...year])).n;

  beforeAll(async () => {
    scratch = await createScratchDatabase(target);
    await prepareDatabase(scratch.url);
    await applyTestSupport(scratch.url);
    pool = new pg.Pool({ connectionString: scratch.url, max: 4 });
    await pool.query(`select tests.generate_organisation($1, 0.77, 250)`, [org]);
    await refresh(pool);
  });
  afterAll(async () => {
    await pool?.end();
    await scratch?.dispose();
  });

  it("keeps the partials fresh while a change is uncommitted, and marks its day once it commits", async () => {
    const writer = await pool.connect();
    try {
      await writer.query("begin");
      const { day } = await one<{ day: string }>(writer,
        `update public.activities set anonymous_participants = anonymous_participants + 3
         where org_id = $1 and id = (select id from public.activities where org_id = $1 and deleted_at is null order by id limit 1)
         returning activity_date::text as day`, [org]);
      expect(await stale(pool)).toEqual([]);
      expect(await differences(pool)).toBeNull();
      await writer.query("commit");
      expect(await stale(pool)).toEqual([day]);
      expect(await differences(pool)).toBeNull();
      expect(await refresh(pool)).toBe(1);
      expect(await differences(pool)).toBeNull();
    } finally {
      writer.release();
    }
  });

  it("lets one of two concurrent refreshes rebuild a day, and the other find it fresh", async () => {
    await pool.query(`update public.activities set duration_minutes = 91
      where org_id = $1 and id in (select id from public.activities where org_id = $1 and kind = 'mentor_course' order by id limit 2)`, [org]);
    const [first, second] = [await pool.connect(), await pool.connect()];
    try {
      await first.query("begin");
      const rebuilt = await refresh(first);
      await second.query("begin");
      const waiting = refresh(second);
      await new Promise((settle) => setTimeout(settle, 200));
      await first.query("commit");
      expect(rebuilt).toBeGreaterThan(0);
      expect(await waiting).toBe(0);
      await second.query("commit");
      expect(await stale(pool)).toEqual([]);
      expect(await differences(pool)).toBeNull();
    } finally {
      first.release();
      second.release();
    }
  });
});
