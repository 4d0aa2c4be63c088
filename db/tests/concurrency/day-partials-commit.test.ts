/**
 * Day partials across committed transactions and concurrent sessions: a change
 * another session has not committed is invisible and leaves the partials fresh;
 * once committed it makes its day stale; two refreshes of one organisation at
 * once rebuild each day once, and a second one gives up after its lock timeout;
 * anon holding the advisory key the rebuild once took stalls nothing. Every
 * figure is compared with the oracle (the
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

  it("is not stalled by anon holding the advisory key refreshes once took", async () => {
    await pool.query(`update public.activities set anonymous_participants = anonymous_participants + 1
      where org_id = $1 and id = (select id from public.activities where org_id = $1 and deleted_at is null order by id desc limit 1)`, [org]);
    const [anon, refresher] = [await pool.connect(), await pool.connect()];
    try {
      await anon.query("begin");
      await anon.query("set local role anon");
      await anon.query(`select pg_advisory_xact_lock(hashtext('private.day_partials'), hashtext($1))`, [org]);
      await refresher.query("begin");
      // Were the refresh still waiting on that key, it would be cancelled here.
      await refresher.query("set local statement_timeout = '3s'");
      const started = Date.now();
      expect(await refresh(refresher)).toBe(1);
      expect(Date.now() - started).toBeLessThan(3000);
      await refresher.query("commit");
      expect(await stale(pool)).toEqual([]);
      expect(await differences(pool)).toBeNull();
    } finally {
      await anon.query("rollback").catch(() => undefined);
      await refresher.query("rollback").catch(() => undefined);
      anon.release();
      refresher.release();
    }
  });

  it("refuses anon the row lock, and makes a refresh behind another give up after its lock timeout, changing nothing", async () => {
    const anon = await pool.connect();
    try {
      await anon.query("begin");
      await anon.query("set local role anon");
      await expect(anon.query("select from private.day_partial_locks for update")).rejects.toMatchObject({ code: "42501" });
    } finally {
      await anon.query("rollback");
      anon.release();
    }

    await pool.query(`update public.activities set anonymous_participants = anonymous_participants + 1
      where org_id = $1 and id = (select id from public.activities where org_id = $1 and deleted_at is null order by id desc limit 1)`, [org]);
    const before = await stale(pool);
    expect(before).toHaveLength(1);
    const [first, second] = [await pool.connect(), await pool.connect()];
    try {
      await first.query("begin");
      expect(await refresh(first)).toBe(1);
      await second.query("begin");
      await second.query("set local lock_timeout = '300ms'");
      const started = Date.now();
      await expect(refresh(second)).rejects.toMatchObject({
        code: "55P03",
        message: expect.stringMatching(/day partials of organisation .* are being rebuilt by another transaction/),
      });
      expect(Date.now() - started).toBeLessThan(2000);
      await second.query("rollback");
      await first.query("rollback");
      expect(await stale(pool)).toEqual(before);
      expect(await differences(pool)).toBeNull();
    } finally {
      await first.query("rollback").catch(() => undefined);
      await second.query("rollback").catch(() => undefined);
      first.release();
      second.release();
    }
  });
});
