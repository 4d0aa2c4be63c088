/**
 * An export that edits cannot starve: while a pending mentor edits their own
 * entry in the period in a tight loop on another connection (each edit its own
 * committed transaction), every export_bufdir_report(…, refresh => true) by the
 * coordinator succeeds, since it computes, saves and exports in one transaction.
 * The older two-call path (refresh_metric_snapshot, then export_bufdir_report)
 * races with the edits: a change committed between the calls makes the snapshot
 * stale, and the export is refused with BF003. Needs overlapping sessions, so it
 * runs on PostgreSQL only.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actAsSql } from "../../../client/src/context/act-as-sql.ts";
import { asUser } from "../../../client/src/context/request-context.ts";
import { prepareDatabase } from "../../../scripts/lib/migrations.ts";
import { dbDir } from "../../../scripts/lib/paths.ts";
import { createScratchDatabase, type ScratchDatabase } from "../../../scripts/lib/scratch-database.ts";
import { testTarget } from "../../../scripts/test/support/test-target.ts";

const target = testTarget();
const orgA = "00000000-0000-4000-a000-00000000000a";
const PENDING_ID = "00000000-0000-4000-b000-000000000005";
const PENDING = asUser({ sub: PENDING_ID, email: "pending.a@fixture.example" });
const COORDINATOR = asUser({ sub: "00000000-0000-4000-b000-000000000006", email: "coordinator.a@fixture.example" });
const ATTEMPTS = 10;
/** The editor stops after this many edits or when the exports are done, whichever comes first. */
const MAX_EDITS = 20_000;

if (target.engine === "embedded") {
  console.log("export-under-edits: skipped on the embedded engine (one backend: sessions cannot overlap)");
}

describe.runIf(target.engine === "postgres")("exports while another member edits the period", () => {
  let scratch: ScratchDatabase;
  const clients: pg.Client[] = [];
  const connect = async () => {
    const client = new pg.Client(scratch.url);
    await client.connect();
    clients.push(client);
    return client;
  };
  let activityId: string;

  async function as<T extends pg.QueryResultRow>(client: pg.Client, context: ReturnType<typeof asUser>, sql: string, params: unknown[]): Promise<T[]> {
    await client.query("begin");
    try {
      await client.query(actAsSql(context));
      const rows = (await client.query<T>(sql, params)).rows;
      await client.query("commit");
      return rows;
    } catch (error) {
      await client.query("rollback");
      throw error;
    }
  }

  /** Edits the pending mentor's entry until `stop()` or MAX_EDITS; resolves with the number of edits. */
  function editInALoop(client: pg.Client): { stop: () => void; done: Promise<number> } {
    let stopped = false;
    const done = (async () => {
      let edits = 0;
      while (!stopped && edits < MAX_EDITS) {
        await as(client, PENDING,
          `select public.edit_activity($1, $2, 'in_person_outreach', '2026-03-10', $3, $4::uuid[], '{}', 0, '0301', '2024', true)`,
          [orgA, activityId, 30 + (edits % 60), [PENDING_ID]]);
        edits += 1;
      }
      return edits;
    })();
    return { stop: () => (stopped = true), done };
  }

  beforeAll(async () => {
    scratch = await createScratchDatabase(target);
    await prepareDatabase(scratch.url);
    const owner = await connect();
    await owner.query(readFileSync(resolve(dbDir, "fixtures/bufdir-fixture.sql"), "utf8"));
    const [registered] = await as<{ id: string }>(owner, PENDING,
      `select id from public.register_activity($1, 'direct', 'in_person_outreach', '2026-03-10', 30, $2::uuid[], '{}', 0, '0301', '2024', true)`,
      [orgA, [PENDING_ID]]);
    activityId = registered!.id;
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.end()));
    await scratch?.dispose();
  });

  it(`${ATTEMPTS} refreshing exports all succeed while the period is edited many times a second`, async () => {
    const coordinator = await connect();
    const editor = editInALoop(await connect());
    const outcomes: string[] = [];
    let editsBefore = 0;
    try {
      // Let the editor get going first.
      await new Promise((resolveWait) => setTimeout(resolveWait, 200));
      for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
        try {
          const [record] = await as<{ id: string }>(coordinator, COORDINATOR,
            "select id from public.export_bufdir_report($1, '2026-01-01', '2026-06-30', refresh => true)", [orgA]);
          outcomes.push(record?.id ? "ok" : "no row");
        } catch (error) {
          outcomes.push(`error ${(error as { code?: string }).code}`);
        }
      }
      editsBefore = Number((await coordinator.query<{ n: string }>(
        "select count(*) as n from public.bufdir_export_audit_log where org_id = $1", [orgA])).rows[0]!.n);
    } finally {
      editor.stop();
    }
    const edits = await editor.done;
    console.log(`export-under-edits: ${edits} committed edits of the period during ${ATTEMPTS} refreshing exports`);
    expect(outcomes).toEqual(Array.from({ length: ATTEMPTS }, () => "ok"));
    expect(editsBefore).toBe(ATTEMPTS);
    // The edits really ran alongside: many per export.
    expect(edits).toBeGreaterThan(ATTEMPTS);
  }, 120_000);

  it("the two-call path (refresh, then export) races with the edits and is refused with BF003", async () => {
    const coordinator = await connect();
    const editor = editInALoop(await connect());
    const outcomes: string[] = [];
    try {
      await new Promise((resolveWait) => setTimeout(resolveWait, 200));
      for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
        try {
          await as(coordinator, COORDINATOR, "select id from public.refresh_metric_snapshot($1, '2026-01-01', '2026-06-30')", [orgA]);
          await as(coordinator, COORDINATOR, "select id from public.export_bufdir_report($1, '2026-01-01', '2026-06-30')", [orgA]);
          outcomes.push("ok");
        } catch (error) {
          outcomes.push(`error ${(error as { code?: string }).code}`);
        }
      }
    } finally {
      editor.stop();
    }
    const edits = await editor.done;
    console.log(`export-under-edits: two-call path, ${edits} edits, outcomes ${outcomes.join(", ")}`);
    expect(outcomes).toContain("error BF003");
    expect(outcomes.every((outcome) => outcome === "ok" || outcome === "error BF003")).toBe(true);
  }, 120_000);
});
