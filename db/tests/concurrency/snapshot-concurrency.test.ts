/**
 * Snapshots under concurrency and faults, with many real connections. Runs on
 * PostgreSQL only: the embedded engine has one backend, where sessions cannot
 * overlap and a terminated backend would take every connection down.
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
const actAsServiceRole = actAsSql(asServiceRole());

if (target.engine === "embedded") {
  console.log("snapshot-concurrency: skipped on the embedded engine (one backend: no concurrent sessions, no backend to terminate)");
}

describe.runIf(target.engine === "postgres")("snapshots under concurrency and faults", () => {
  let scratch: ScratchDatabase;
  let pool: pg.Pool;

  /** Runs statements in one transaction as the service role on a fresh connection. */
  async function asService<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = await pool.connect();
    try {
      await client.query("begin");
      await client.query(actAsServiceRole);
      const result = await client.query<T>(sql, params);
      await client.query("commit");
      return result.rows;
    } catch (error) {
      await client.query("rollback").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  const count = async (sql: string) => Number((await pool.query<{ n: string }>(sql)).rows[0]!.n);

  beforeAll(async () => {
    scratch = await createScratchDatabase(target);
    await prepareDatabase(scratch.url);
    pool = new pg.Pool({ connectionString: scratch.url, max: 60 });
    // Backends terminated on purpose below may also drop idle pooled clients.
    pool.on("error", () => undefined);
    await pool.query(readFileSync(resolve(dbDir, "fixtures/bufdir-fixture.sql"), "utf8"));
  });
  afterAll(async () => {
    await pool?.end();
    await scratch?.dispose();
  });

  it("50 concurrent saves of one key leave exactly one row", async () => {
    const [figures] = await asService<{ doc: unknown }>(
      "select public.compute_bufdir_metrics($1, '2026-01-01', '2026-06-30') as doc",
      [orgA],
    );
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, () =>
        asService("select id from public.save_metric_snapshot($1, '2026-01-01', '2026-06-30', $2)", [orgA, JSON.stringify(figures!.doc)]),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.status === "rejected")).toEqual([]);
    expect(await count(`select count(*) as n from public.bufdir_metric_snapshots where org_id = '${orgA}' and period_start = '2026-01-01'`)).toBe(1);
    const ids = new Set(outcomes.map((outcome) => (outcome as PromiseFulfilledResult<{ id: string }[]>).value[0]!.id));
    expect(ids.size).toBe(1);
  });

  it("concurrent refreshes and deletes of one key end in a consistent state", async () => {
    const tasks = Array.from({ length: 20 }, (_, i) =>
      i % 2 === 0
        ? asService("select id from public.refresh_metric_snapshot($1, '2026-07-01', '2026-12-31')", [orgA])
        : asService("select public.delete_metric_snapshot($1, '2026-07-01', '2026-12-31')", [orgA]),
    );
    const outcomes = await Promise.allSettled(tasks);
    // A delete may find nothing to delete (P0002); nothing else may fail.
    for (const outcome of outcomes) {
      if (outcome.status === "rejected") expect((outcome.reason as { code?: string }).code).toBe("P0002");
    }
    const rows = await count(`select count(*) as n from public.bufdir_metric_snapshots where org_id = '${orgA}' and period_start = '2026-07-01'`);
    expect(rows).toBeLessThanOrEqual(1);
    // Every snapshot that exists has its generation record, and no orphan record remains.
    expect(await count(`select count(*) as n from public.bufdir_metric_snapshots s
      where not exists (select from private.snapshot_generations g where g.org_id = s.org_id and g.snapshot_id = s.id)`)).toBe(0);
    expect(await count(`select count(*) as n from private.snapshot_generations g
      where not exists (select from public.bufdir_metric_snapshots s where s.org_id = g.org_id and s.id = g.snapshot_id)`)).toBe(0);
  });

  it("an activity committed while a refresh runs makes the status stale", async () => {
    const refresher = await pool.connect();
    const writer = await pool.connect();
    try {
      await refresher.query("begin isolation level repeatable read");
      await refresher.query(actAsServiceRole);
      // Take the refresher's snapshot before the writer commits.
      await refresher.query("select count(*) from public.activities");
      await writer.query(
        `insert into public.activities (org_id, kind, activity_date, duration_minutes, registration_path, registered_by)
         values ($1, 'in_person_outreach', '2026-02-20', 60, 'direct', '00000000-0000-4000-b000-000000000001')`,
        [orgA],
      );
      await refresher.query("select id from public.refresh_metric_snapshot($1, '2026-01-01', '2026-06-30')", [orgA]);
      await refresher.query("commit");
    } finally {
      refresher.release();
      writer.release();
    }
    const [status] = await asService<{ is_stale: boolean; reasons: string[] }>(
      "select is_stale, reasons from public.metric_snapshot_status($1, '2026-01-01', '2026-06-30')",
      [orgA],
    );
    expect(status).toEqual({ is_stale: true, reasons: ["activities_changed"] });

    await asService("select id from public.refresh_metric_snapshot($1, '2026-01-01', '2026-06-30')", [orgA]);
    const [fresh] = await asService<{ is_stale: boolean }>(
      "select is_stale from public.metric_snapshot_status($1, '2026-01-01', '2026-06-30')",
      [orgA],
    );
    expect(fresh!.is_stale).toBe(false);
  });

  it("a backend terminated in the middle of a refresh leaves no partial snapshot", async () => {
    await asService("delete from public.bufdir_metric_snapshots where org_id = $1", [orgA]);
    const victim = await pool.connect();
    victim.on("error", () => undefined);
    const pid = (await victim.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0]!.pid;
    await victim.query("begin");
    await victim.query(actAsServiceRole);
    await victim.query("select id from public.refresh_metric_snapshot($1, '2026-01-01', '2026-06-30')", [orgA]);
    // The refresh has written its rows but not committed; now its backend dies.
    await pool.query("select pg_terminate_backend($1)", [pid]);
    await expect(victim.query("commit")).rejects.toThrow();
    victim.release(true);
    expect(await count(`select count(*) as n from public.bufdir_metric_snapshots where org_id = '${orgA}'`)).toBe(0);
    expect(await count("select count(*) as n from private.snapshot_generations")).toBe(
      await count("select count(*) as n from public.bufdir_metric_snapshots"),
    );
  });

  it("a backend terminated in the middle of an export leaves no audit row", async () => {
    await asService("select id from public.refresh_metric_snapshot($1, '2026-01-01', '2026-06-30')", [orgA]);
    const before = await count("select count(*) as n from public.bufdir_export_audit_log");
    const victim = await pool.connect();
    victim.on("error", () => undefined);
    const pid = (await victim.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0]!.pid;
    await victim.query("begin");
    await victim.query(actAsServiceRole);
    const exported = await victim.query("select id from public.export_bufdir_report($1, '2026-01-01', '2026-06-30')", [orgA]);
    expect(exported.rows).toHaveLength(1);
    await pool.query("select pg_terminate_backend($1)", [pid]);
    await expect(victim.query("commit")).rejects.toThrow();
    victim.release(true);
    expect(await count("select count(*) as n from public.bufdir_export_audit_log")).toBe(before);
  });
});
