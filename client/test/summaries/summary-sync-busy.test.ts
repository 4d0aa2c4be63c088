/**
 * "Busy, try again" is not "no changes". While a writer of the organisation's
 * summaries is still running, list_periodic_summaries_since raises BF010
 * (`sync_busy`); the repository asks again with backoff and, when the server
 * stays busy, fails with the mirror exactly as it was: no row deleted (also on
 * a sync from the beginning, which replaces the rows when it succeeds), no row
 * re-stamped, the cursor kept. Real PostgreSQL over both transports (the
 * supabase one runs stable functions read-only, as PostgREST does), real SQLite
 * on every engine of the driver matrix. Needs two overlapping transactions, so
 * it runs on PostgreSQL only: the embedded engine has one backend.
 */
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { testTarget } from "../../../scripts/test/support/test-target.ts";
import { actAsSql } from "../../src/context/act-as-sql.ts";
import { postgresFactory, supabaseFactory, type TransportFactory } from "../support/transport-factories.ts";
import { countingTransport, disposeMirrors, HOUR, mirrorContents, type MirrorUnderTest, openMirrors } from "./support/summary-mirrors.ts";
import { contextOf, createSummaryServer, ORG_A, type SummaryServer } from "./support/summary-server.ts";

const target = testTarget();
const GENERATE = "select id from public.generate_periodic_summaries($1, 'month', $2::date)";
const QUICK = { attempts: 2, initialDelayMs: 20, maxDelayMs: 40 } as const;

if (target.engine === "embedded") {
  console.log("summary-sync-busy: skipped on the embedded engine (one backend: transactions cannot overlap)");
}

const TRANSPORTS = [
  { name: "postgres", create: postgresFactory },
  { name: "supabase", create: supabaseFactory },
] as const;

describe.runIf(target.engine === "postgres").each(TRANSPORTS)("a busy sync over the $name transport", ({ create }) => {
  let server: SummaryServer;
  let factory: TransportFactory;
  let mirrors: MirrorUnderTest[] = [];
  let writer: pg.Client | undefined;

  /** A writer of A's summaries that stays open until `commitWriter`. */
  async function openWriter(periodStart: string): Promise<string[]> {
    writer = new pg.Client({ connectionString: server.url });
    await writer.connect();
    await writer.query("set idle_in_transaction_session_timeout = 60000");
    await writer.query("begin");
    await writer.query(actAsSql(contextOf("coordinator.a@fixture.example")));
    const rows = await writer.query<{ id: string }>(GENERATE, [ORG_A, periodStart]);
    return rows.rows.map((row) => row.id);
  }
  async function commitWriter(): Promise<void> {
    await writer?.query("commit");
    await writer?.end();
    writer = undefined;
  }

  beforeAll(async () => {
    server = await createSummaryServer();
    factory = create(server.url);
    await server.as("coordinator.a@fixture.example", "select id from public.generate_periodic_summaries($1, 'half_year', '2026-01-01')", [ORG_A]);
    await server.as("coordinator.a@fixture.example", GENERATE, [ORG_A, "2026-01-01"]);
  });
  afterEach(async () => {
    await writer?.query("rollback").catch(() => undefined);
    await writer?.end().catch(() => undefined);
    writer = undefined;
    await disposeMirrors(mirrors);
    mirrors = [];
  });
  afterAll(async () => {
    await factory?.close();
    await server?.dispose();
  });

  async function syncedMirrors(): Promise<MirrorUnderTest[]> {
    mirrors = await openMirrors({ transport: factory.as(contextOf("coordinator.a@fixture.example")), organisationId: ORG_A });
    for (const mirror of mirrors) (await mirror.repository.sync())._unsafeUnwrap();
    return mirrors;
  }

  it("a delta sync that stays busy deletes nothing, re-stamps nothing and keeps its cursor, after a few tries", async () => {
    for (const mirror of await syncedMirrors()) {
      const before = await mirrorContents(mirror.driver);
      expect(before.summaryCache.length, mirror.name).toBeGreaterThan(0);
      expect(before.syncState).toHaveLength(1);
      mirror.clock.advance(HOUR);
      await openWriter("2026-02-01");
      const counting = countingTransport(factory.as(contextOf("coordinator.a@fixture.example")));
      const failure = (await mirror.repositoryWith({ transport: counting, busyRetry: QUICK }).sync())._unsafeUnwrapErr();
      expect(failure, mirror.name).toMatchObject({ kind: "query", code: "BF010", reason: "sync_busy" });
      expect(counting.calls, mirror.name).toHaveLength(QUICK.attempts);
      expect(await mirrorContents(mirror.driver), mirror.name).toEqual(before);
      await writer!.query("rollback");
      await writer!.end();
      writer = undefined;
    }
  });

  it("a sync from the beginning (--full) that meets busy does not wipe the mirror", async () => {
    for (const mirror of await syncedMirrors()) {
      const before = await mirrorContents(mirror.driver);
      const rows = before.summaryCache.length;
      expect(rows, mirror.name).toBeGreaterThan(0);
      mirror.clock.advance(HOUR);
      await openWriter("2026-03-01");
      const failure = (await mirror.repositoryWith({ busyRetry: QUICK }).refresh({ full: true }))._unsafeUnwrapErr();
      expect(failure, mirror.name).toMatchObject({ kind: "query", reason: "sync_busy" });
      const after = await mirrorContents(mirror.driver);
      expect(after.summaryCache, mirror.name).toHaveLength(rows);
      expect(after, mirror.name).toEqual(before);
      expect((await mirror.repository.lastSyncedAt())._unsafeUnwrap(), mirror.name).toBe(
        new Date(Number(before.syncState[0]!.last_synced_at)).toISOString(),
      );
      await writer!.query("rollback");
      await writer!.end();
      writer = undefined;
    }
  });

  it("asks again with backoff and takes the writer's changes once it commits", async () => {
    for (const mirror of await syncedMirrors()) {
      const written = await openWriter("2026-04-01");
      const counting = countingTransport(factory.as(contextOf("coordinator.a@fixture.example")));
      const sync = mirror.repositoryWith({ transport: counting, busyRetry: { attempts: 5, initialDelayMs: 300, maxDelayMs: 1_000 } }).sync();
      await new Promise((resolveWait) => setTimeout(resolveWait, 1_500));
      await commitWriter();
      const report = (await sync)._unsafeUnwrap();
      expect(counting.calls.length, mirror.name).toBeGreaterThan(1);
      expect(report.upserted, mirror.name).toBeGreaterThanOrEqual(written.length);
      const ids = new Set((await mirror.driver.all<{ id: string }>("select id from summary_cache")).map((row) => row.id));
      for (const id of written) expect(ids.has(id), mirror.name).toBe(true);
    }
  }, 60_000);
});
