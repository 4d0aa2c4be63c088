/**
 * Delta sync never skips a change committed late by a transaction that started
 * earlier. Needs several real connections, so it runs on PostgreSQL only: the
 * embedded engine has one backend, where transactions cannot overlap.
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
  console.log("summary-sync-cursor: skipped on the embedded engine (one backend: transactions cannot overlap)");
}

describe.runIf(target.engine === "postgres")("list_periodic_summaries_since under concurrency", () => {
  let scratch: ScratchDatabase;
  const clients: pg.Client[] = [];
  const connect = async () => {
    const client = new pg.Client(scratch.url);
    await client.connect();
    clients.push(client);
    return client;
  };

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

  async function syncAll(client: pg.Client, cursor: string | null): Promise<{ rows: { cursor: string; summary_id: string }[]; cursor: string | null }> {
    const rows: { cursor: string; summary_id: string }[] = [];
    for (;;) {
      await client.query("begin");
      await client.query(actAsServiceRole);
      const page = await client.query<{ cursor: string; summary_id: string }>(
        "select cursor, summary_id from public.list_periodic_summaries_since($1, $2, 3)",
        [orgA, cursor],
      );
      await client.query("commit");
      rows.push(...page.rows);
      if (page.rows.length > 0) cursor = page.rows.at(-1)!.cursor;
      if (page.rows.length < 3) return { rows, cursor };
    }
  }

  it("withholds changes behind a running transaction, then delivers every change exactly once", async () => {
    const early = await connect();
    const late = await connect();
    const syncer = await connect();

    // The early transaction writes first (so its id is lower) but commits last.
    await early.query("begin");
    await early.query(actAsServiceRole);
    const earlyRows = await early.query("select id from public.generate_periodic_summaries($1, 'month', '2026-01-01')", [orgA]);

    await late.query("begin");
    await late.query(actAsServiceRole);
    const lateRows = await late.query("select id from public.generate_periodic_summaries($1, 'month', '2026-02-01')", [orgA]);
    await late.query("commit");

    // A sync now must not hand out a cursor past the early transaction's changes.
    const first = await syncAll(syncer, null);
    expect(first.rows).toEqual([]);

    await early.query("commit");
    const second = await syncAll(syncer, first.cursor);
    const delivered = second.rows.map((row) => row.summary_id);
    const expected = [...earlyRows.rows, ...lateRows.rows].map((row) => row.id as string);
    expect(new Set(delivered)).toEqual(new Set(expected));
    expect(delivered).toHaveLength(expected.length);

    // Nothing more after the last cursor.
    const third = await syncAll(syncer, second.cursor);
    expect(third.rows).toEqual([]);
  });

  it("announces generated and invalidated summaries with pg_notify by outbox id alone", async () => {
    const listener = await connect();
    const writer = await connect();
    const events: Record<string, unknown>[] = [];
    listener.on("notification", (message) => events.push(JSON.parse(message.payload ?? "{}") as Record<string, unknown>));
    await listener.query("listen periodic_summaries");

    await writer.query("begin");
    await writer.query(actAsServiceRole);
    await writer.query("select public.generate_periodic_summaries($1, 'month', '2026-03-01')", [orgA]);
    await writer.query("select public.invalidate_periodic_summaries($1, '2026-03-01', '2026-03-31')", [orgA]);
    await writer.query("commit");
    await new Promise((resolveWait) => setTimeout(resolveWait, 200));

    expect(events.length).toBeGreaterThan(0);
    // The channel is shared: it names no tenant, only the outbox rows, which the service role reads.
    for (const event of events) expect(Object.keys(event)).toEqual(["outbox_id"]);
    await writer.query("begin");
    await writer.query(actAsServiceRole);
    const queued = await writer.query<{ org_id: string; event: string }>(
      "select org_id, event from public.summary_push_outbox where id = any($1::bigint[])",
      [events.map((event) => String(event.outbox_id))],
    );
    await writer.query("commit");
    expect(queued.rows).toHaveLength(events.length);
    expect(new Set(queued.rows.map((row) => row.event))).toEqual(new Set(["generated", "invalidated"]));
    expect(queued.rows.every((row) => row.org_id === orgA)).toBe(true);
  });
});
