/**
 * Figures computed in one transaction and saved in a later one: a change
 * committed in between makes the saved snapshot stale (the figures carry the
 * snapshot they were computed in), and a token from the future is refused.
 * Sequential transactions only, so it runs on both engines.
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

const orgA = "00000000-0000-4000-a000-00000000000a";
const actAsServiceRole = actAsSql(asServiceRole());

describe("save_metric_snapshot with figures computed earlier", () => {
  let scratch: ScratchDatabase;
  let client: pg.Client;

  async function asService<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
    await client.query("begin");
    try {
      await client.query(actAsServiceRole);
      const result = await client.query<T>(sql, params);
      await client.query("commit");
      return result.rows;
    } catch (error) {
      await client.query("rollback");
      throw error;
    }
  }

  beforeAll(async () => {
    scratch = await createScratchDatabase(testTarget());
    await prepareDatabase(scratch.url);
    client = new pg.Client(scratch.url);
    await client.connect();
    await client.query(readFileSync(resolve(dbDir, "fixtures/bufdir-fixture.sql"), "utf8"));
  });
  afterAll(async () => {
    await client?.end();
    await scratch?.dispose();
  });

  it("is fresh when nothing changed between computing and saving", async () => {
    const [{ figures }] = (await asService<{ figures: unknown }>(
      "select public.compute_bufdir_metrics($1, '2026-01-01', '2026-06-30') as figures", [orgA])) as [{ figures: unknown }];
    await asService("select id from public.save_metric_snapshot($1, '2026-01-01', '2026-06-30', $2)", [orgA, JSON.stringify(figures)]);
    const [status] = await asService<{ is_stale: boolean }>("select is_stale from public.metric_snapshot_status($1, '2026-01-01', '2026-06-30')", [orgA]);
    expect(status!.is_stale).toBe(false);
  });

  it("is stale when an activity was committed between computing and saving", async () => {
    const [{ figures }] = (await asService<{ figures: unknown }>(
      "select public.compute_bufdir_metrics($1, '2026-01-01', '2026-06-30') as figures", [orgA])) as [{ figures: unknown }];
    await client.query(
      `insert into public.activities (org_id, kind, activity_date, duration_minutes, registration_path, registered_by)
       values ($1, 'mentor_course', '2026-05-30', 120, 'direct', '00000000-0000-4000-b000-000000000001')`,
      [orgA],
    );
    await asService("select id from public.save_metric_snapshot($1, '2026-01-01', '2026-06-30', $2)", [orgA, JSON.stringify(figures)]);
    const [status] = await asService<{ is_stale: boolean; reasons: string[] }>(
      "select is_stale, reasons from public.metric_snapshot_status($1, '2026-01-01', '2026-06-30')", [orgA]);
    expect(status).toEqual({ is_stale: true, reasons: ["activities_changed"] });
  });

  it("refuses figures that claim a snapshot not yet taken", async () => {
    const [{ figures }] = (await asService<{ figures: Record<string, unknown> }>(
      "select public.compute_bufdir_metrics($1, '2026-01-01', '2026-06-30') as figures", [orgA])) as [{ figures: Record<string, unknown> }];
    const forged = { ...figures, computed_in: "4000000000:4000000000:" };
    await expect(asService("select id from public.save_metric_snapshot($1, '2026-01-01', '2026-06-30', $2)", [orgA, JSON.stringify(forged)]))
      .rejects.toMatchObject({ code: "22023" });
  });
});
