/**
 * Delta sync never skips a change committed late by a transaction that started
 * earlier, and only writers of the same organisation can hold it back: a long
 * transaction in another organisation or another database does not. Needs
 * several real connections, so it runs on PostgreSQL only: the embedded engine
 * has one backend, where transactions cannot overlap.
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
/** The longest a foreign transaction in these tests stays open. */
const FOREIGN_TRANSACTION_MS = 60_000;
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

    // A sync now must not hand out a cursor past the early transaction's changes:
    // it says busy (BF010), which is not an empty page ("no changes").
    await expect(syncAll(syncer, null)).rejects.toMatchObject({ code: "BF010" });
    await syncer.query("rollback");

    await early.query("commit");
    const second = await syncAll(syncer, null);
    const delivered = second.rows.map((row) => row.summary_id);
    const expected = [...earlyRows.rows, ...lateRows.rows].map((row) => row.id as string);
    expect(new Set(delivered)).toEqual(new Set(expected));
    expect(delivered).toHaveLength(expected.length);

    // Nothing more after the last cursor.
    const third = await syncAll(syncer, second.cursor);
    expect(third.rows).toEqual([]);
  });

  it("hands out the changes of a writer that commits while the sync waits for it", async () => {
    const writer = await connect();
    const syncer = await connect();
    const start = (await syncAll(syncer, null)).cursor;

    await writer.query("begin");
    await writer.query(actAsServiceRole);
    const written = await writer.query("select id from public.generate_periodic_summaries($1, 'month', '2026-04-01')", [orgA]);

    // The sync waits for the writer's lock; the writer commits during that wait.
    const sync = syncAll(syncer, start);
    await new Promise((resolveWait) => setTimeout(resolveWait, 200));
    await writer.query("commit");
    const synced = await sync;

    expect(new Set(synced.rows.map((row) => row.summary_id))).toEqual(new Set(written.rows.map((row) => row.id as string)));
    expect((await syncAll(syncer, synced.cursor)).rows).toEqual([]);
  });

  it("syncs an organisation within 1 s while transactions of another organisation and another database stay open", async () => {
    const syncer = await connect();
    const start = (await syncAll(syncer, null)).cursor;

    // Another organisation's writer: it holds B's lock and a transaction id.
    const otherOrganisation = await connect();
    await otherOrganisation.query(`set idle_in_transaction_session_timeout = ${FOREIGN_TRANSACTION_MS}`);
    await otherOrganisation.query("begin");
    await otherOrganisation.query(actAsServiceRole);
    await otherOrganisation.query("select public.generate_periodic_summaries($1, 'month', '2026-05-01')", [orgB]);

    // Another database on the same server, with a transaction id below every later one.
    const otherDatabase = await createScratchDatabase(target);
    const foreign = new pg.Client(otherDatabase.url);
    try {
      await foreign.connect();
      await foreign.query(`set idle_in_transaction_session_timeout = ${FOREIGN_TRANSACTION_MS}`);
      await foreign.query("begin");
      await foreign.query("select pg_current_xact_id()");

      // A's change commits after both foreign transactions began: the old,
      // cluster-wide horizon withheld it until they ended.
      const writer = await connect();
      await writer.query("begin");
      await writer.query(actAsServiceRole);
      const written = await writer.query("select id from public.generate_periodic_summaries($1, 'month', '2026-06-01')", [orgA]);
      await writer.query("commit");

      const began = performance.now();
      const synced = await syncAll(syncer, start);
      const elapsedMs = performance.now() - began;

      expect(new Set(synced.rows.map((row) => row.summary_id))).toEqual(new Set(written.rows.map((row) => row.id as string)));
      expect(elapsedMs).toBeLessThan(1_000);
      // Both foreign transactions were still open while the sync ran.
      const pids = await Promise.all([otherOrganisation, foreign].map(async (client) => (await client.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0]!.pid));
      const open = await syncer.query<{ n: number }>(
        "select count(*)::int as n from pg_stat_activity where pid = any($1) and state = 'idle in transaction' and backend_xid is not null",
        [pids],
      );
      expect(open.rows[0]!.n).toBe(2);
    } finally {
      await foreign.end().catch(() => undefined);
      await otherOrganisation.query("rollback");
      await otherDatabase.dispose();
    }
  });

  it("is not stalled by anyone holding the old advisory keys, anon included", async () => {
    const syncer = await connect();
    const start = (await syncAll(syncer, null)).cursor;
    const squatter = await connect();
    await squatter.query("set role anon");
    await squatter.query("select pg_advisory_lock(hashtext('private.summary_changes'), hashtext($1))", [orgA]);
    await squatter.query("select pg_advisory_lock_shared(hashtext('private.summary_changes'), hashtext($1))", [orgA]);
    try {
      const writer = await connect();
      await writer.query("set lock_timeout = '2s'");
      await writer.query("begin");
      await writer.query(actAsServiceRole);
      const written = await writer.query("select id from public.generate_periodic_summaries($1, 'month', '2026-07-01')", [orgA]);
      await writer.query("commit");
      const synced = await syncAll(syncer, start);
      expect(new Set(synced.rows.map((row) => row.summary_id))).toEqual(new Set(written.rows.map((row) => row.id as string)));
    } finally {
      await squatter.query("select pg_advisory_unlock_all()");
      await squatter.query("reset role");
    }
  });

  it("lets no API role lock the horizon row", async () => {
    const client = await connect();
    for (const role of ["anon", "authenticated", "service_role"]) {
      await client.query("begin");
      await client.query(`set local role ${role}`);
      await expect(client.query("select * from private.summary_horizons for update"), role).rejects.toMatchObject({ code: "42501" });
      await client.query("rollback");
    }
  });

  it("a reader that keeps the horizon makes a writer fail after its lock timeout, not wait for ever", async () => {
    const reader = await connect();
    await reader.query(`set idle_in_transaction_session_timeout = ${FOREIGN_TRANSACTION_MS}`);
    await reader.query("begin");
    await reader.query(actAsServiceRole);
    await reader.query("select * from public.list_periodic_summaries_since($1)", [orgA]);
    try {
      const writer = await connect();
      // The writer's own shorter lock_timeout wins over the horizon's 5 s.
      await writer.query("set lock_timeout = '300ms'");
      await writer.query("begin");
      await writer.query(actAsServiceRole);
      const began = performance.now();
      await expect(writer.query("select public.generate_periodic_summaries($1, 'month', '2026-08-01')", [orgA])).rejects.toMatchObject({ code: "55P03" });
      expect(performance.now() - began).toBeLessThan(2_000);
      await writer.query("rollback");

      // With no lock_timeout of its own it still gives up, after 5 s.
      await writer.query("set lock_timeout = 0");
      await writer.query("begin");
      await writer.query(actAsServiceRole);
      const again = performance.now();
      await expect(writer.query("select public.generate_periodic_summaries($1, 'month', '2026-08-01')", [orgA])).rejects.toMatchObject({ code: "55P03" });
      expect(performance.now() - again).toBeGreaterThan(4_000);
      expect(performance.now() - again).toBeLessThan(8_000);
      await writer.query("rollback");
    } finally {
      await reader.query("rollback");
    }
  }, 20_000);

  it("refuses to sync under repeatable read, where the snapshot predates the wait", async () => {
    const syncer = await connect();
    await syncer.query("begin isolation level repeatable read");
    await syncer.query(actAsServiceRole);
    await expect(syncer.query("select * from public.list_periodic_summaries_since($1)", [orgA])).rejects.toMatchObject({ code: "0A000" });
    await syncer.query("rollback");
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
