/**
 * The real case behind "a push that outruns the sync": a regeneration commits
 * and its push event goes out while another writer of the same organisation's
 * summaries is still running, so list_periodic_summaries_since withholds the
 * change (it answers busy, BF010, while a writer of that organisation runs, since
 * the running writer's changes would otherwise commit behind the cursor). The
 * push's mark must survive the sync that cannot see the change yet. Needs two
 * overlapping transactions, so it runs on PostgreSQL only: the embedded engine
 * has one backend.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testTarget } from "../../../scripts/test/support/test-target.ts";
import { actAsSql } from "../../src/context/act-as-sql.ts";
import { postgresFactory, type TransportFactory } from "../support/transport-factories.ts";
import { disposeMirrors, type MirrorUnderTest, openMirrors } from "./support/summary-mirrors.ts";
import { contextOf, createSummaryServer, ORG_A, type SummaryServer } from "./support/summary-server.ts";

const target = testTarget();
const ORG_WIDE_H1 = { mentorId: null, periodType: "half_year", periodStart: "2026-01-01" } as const;
const REGENERATE_H1 = "select id from public.generate_periodic_summaries($1, 'half_year', '2026-01-01')";

if (target.engine === "embedded") {
  console.log("summary-push-horizon: skipped on the embedded engine (one backend: transactions cannot overlap)");
}

describe.runIf(target.engine === "postgres")("a push that outruns the sync horizon", () => {
  let server: SummaryServer;
  let factory: TransportFactory;
  let mirrors: MirrorUnderTest[] = [];
  let early: pg.Client | undefined;

  beforeAll(async () => {
    server = await createSummaryServer();
    factory = postgresFactory(server.url);
    await server.as("coordinator.a@fixture.example", REGENERATE_H1, [ORG_A]);
    await server.as("coordinator.a@fixture.example", "select id from public.generate_periodic_summaries($1, 'month', '2026-01-01')", [ORG_A]);
    mirrors = await openMirrors({ transport: factory.as(contextOf("coordinator.a@fixture.example")), organisationId: ORG_A });
  });
  afterAll(async () => {
    await early?.end();
    await disposeMirrors(mirrors);
    await factory?.close();
    await server?.dispose();
  });

  it("keeps the row stale until the withheld change is listed, then takes the new version", async () => {
    for (const mirror of mirrors) (await mirror.repository.sync())._unsafeUnwrap();
    const before = (await mirrors[0]!.repository.getSummary(ORG_WIDE_H1))._unsafeUnwrap()!;

    // An earlier writer of A's summaries, still running, holds the horizon below the regeneration.
    early = new pg.Client({ connectionString: server.url });
    await early.connect();
    await early.query("begin");
    await early.query(actAsSql(contextOf("coordinator.a@fixture.example")));
    await early.query("select id from public.generate_periodic_summaries($1, 'month', '2026-02-01')", [ORG_A]);
    await server.as("coordinator.a@fixture.example", REGENERATE_H1, [ORG_A]);
    const event = await server.lastPushEvent(ORG_A, null, "half_year", "2026-01-01");
    expect(event).toMatchObject({ event: "generated", version: before.version + 1 });

    for (const mirror of mirrors) {
      const repository = mirror.repositoryWith({ busyRetry: { attempts: 1, initialDelayMs: 0, maxDelayMs: 0 } });
      const outcome = (await repository.handlePushNotification(event))._unsafeUnwrap();
      expect(outcome, mirror.name).toMatchObject({ status: "sync_failed", markedStale: true, failure: { reason: "sync_busy" } });
      expect((await mirror.repository.getSummary(ORG_WIDE_H1))._unsafeUnwrap()).toMatchObject({ version: before.version, isStale: true });
    }

    await early.query("commit");
    for (const mirror of mirrors) {
      (await mirror.repository.sync())._unsafeUnwrap();
      expect((await mirror.repository.getSummary(ORG_WIDE_H1))._unsafeUnwrap(), mirror.name).toMatchObject({
        version: before.version + 1,
        isStale: false,
      });
    }
  });
});
