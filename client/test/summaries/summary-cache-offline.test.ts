/**
 * SummaryCacheRepository on a device without a connection: reads, input checks,
 * local failures, push marks and the TTL purge, on every engine of the mirror's
 * driver matrix. The transport is a real postgres transport pointed at a port
 * nobody listens on, wrapped to count calls: reads must make none.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { asAnon } from "../../src/context/request-context.ts";
import { createPostgresTransport, type PostgresTransport } from "../../src/transport/postgres-transport.ts";
import { SUMMARY_CACHE_TTL_MS, SummaryCacheRepository } from "../../src/summaries/summary-cache-repository.ts";
import { MIRROR_DRIVERS } from "../mirror/support/mirror-drivers.ts";
import { closedPort } from "../support/transport-factories.ts";
import { DOCUMENTED_FIGURES, cacheRow, insertCacheRows } from "./support/summary-rows.ts";
import { type CountingTransport, countingTransport, HOUR, mirrorContents, type MirrorUnderTest, openOneMirror } from "./support/summary-mirrors.ts";

const ORG = "0b7c5f4e-2f55-4a62-9d0e-1a8f3c3e0a01";
const OTHER_ORG = "5d1e8a27-94c3-4b1f-8f0e-6c2b7d9a4b02";
const MENTOR = "c3f1a9d2-7e44-4c8b-a1d5-2b6e9f0c7d13";
/** When the rows below were last synced. */
const SYNCED = Date.UTC(2026, 6, 1, 5);

const ORG_WIDE_H1 = cacheRow({ id: "00000000-0000-4000-8000-000000000001", organisation_id: ORG });
const MENTOR_H1 = cacheRow({ id: "00000000-0000-4000-8000-000000000002", organisation_id: ORG, mentor_id: MENTOR, is_stale: 1, invalidated_at: Date.UTC(2026, 6, 3) });
const ORG_WIDE_MARCH = cacheRow({
  id: "00000000-0000-4000-8000-000000000003", organisation_id: ORG, period_type: "month",
  period_start: Date.UTC(2026, 2, 1), period_end: Date.UTC(2026, 2, 31), source: "push",
  summary_data: JSON.stringify({ ...DOCUMENTED_FIGURES, period: { start: "2026-03-01", end: "2026-03-31" } }),
});
const OTHER_ORGS_H1 = cacheRow({ id: "00000000-0000-4000-8000-000000000004", organisation_id: OTHER_ORG });

const push = (overrides: Record<string, unknown> = {}) => ({
  org_id: ORG, mentor_id: null, period_type: "half_year", period_start: "2026-01-01", version: 4, event: "generated", ...overrides,
});

let offline: PostgresTransport;
beforeAll(async () => {
  offline = createPostgresTransport({
    connectionString: `postgres://postgres@127.0.0.1:${await closedPort()}/postgres`,
    context: asAnon(),
    poolOptions: { connectionTimeoutMillis: 2_000 },
  });
});
afterAll(async () => {
  await offline?.end();
});

describe.each(MIRROR_DRIVERS)("the summary cache offline on $name", (factory) => {
  let mirror: MirrorUnderTest;
  let counting: CountingTransport;
  let repository: SummaryCacheRepository;

  beforeEach(async () => {
    counting = countingTransport(offline);
    mirror = await openOneMirror(factory.name, () => factory.open(), { transport: counting, organisationId: ORG });
    mirror.clock.set(SYNCED + HOUR);
    repository = mirror.repository;
    await insertCacheRows(mirror.driver, [ORG_WIDE_H1, MENTOR_H1, ORG_WIDE_MARCH, OTHER_ORGS_H1]);
    await mirror.driver.run("insert into sync_state (organisation_id, cursor, last_synced_at) values (?, ?, ?), (?, ?, ?)", [
      ORG, "757", SYNCED, OTHER_ORG, "900", SYNCED,
    ]);
  });
  afterEach(async () => {
    await mirror.database.dispose();
  });

  it("reads typed summaries from the mirror only, newest period first, organisation-wide before mentors", async () => {
    const listed = (await repository.listSummaries())._unsafeUnwrap();
    expect(listed.map((summary) => summary.id)).toEqual([ORG_WIDE_MARCH.id, ORG_WIDE_H1.id, MENTOR_H1.id]);
    expect(listed[2]).toEqual({
      id: MENTOR_H1.id, organisationId: ORG, mentorId: MENTOR, periodType: "half_year",
      periodStart: "2026-01-01", periodEnd: "2026-06-30", summaryData: DOCUMENTED_FIGURES, version: 3,
      generatedAt: "2026-07-01T02:00:00.123Z", updatedAt: "2026-07-02T08:30:00.000Z", invalidatedAt: "2026-07-03T00:00:00.000Z",
      lastSyncedAt: "2026-07-01T05:00:00.000Z", isStale: true, source: "sync",
    });
    expect(listed[0]).toMatchObject({ periodType: "month", periodStart: "2026-03-01", periodEnd: "2026-03-31", isStale: false, source: "push" });

    const ids = async (filter: Parameters<SummaryCacheRepository["listSummaries"]>[0]) =>
      (await repository.listSummaries(filter))._unsafeUnwrap().map((summary) => summary.id);
    expect(await ids({ mentorId: null })).toEqual([ORG_WIDE_MARCH.id, ORG_WIDE_H1.id]);
    expect(await ids({ mentorId: MENTOR })).toEqual([MENTOR_H1.id]);
    expect(await ids({ periodType: "month" })).toEqual([ORG_WIDE_MARCH.id]);
    expect(await ids({ mentorId: null, periodType: "half_year" })).toEqual([ORG_WIDE_H1.id]);

    expect((await repository.getSummary({ mentorId: null, periodType: "half_year", periodStart: "2026-01-01" }))._unsafeUnwrap()?.id).toBe(ORG_WIDE_H1.id);
    expect((await repository.getSummary({ mentorId: MENTOR, periodType: "half_year", periodStart: "2026-01-01" }))._unsafeUnwrap()?.id).toBe(MENTOR_H1.id);
    expect((await repository.getSummary({ mentorId: MENTOR, periodType: "month", periodStart: "2026-03-01" }))._unsafeUnwrap()).toBeNull();
    expect((await repository.lastSyncedAt())._unsafeUnwrap()).toBe("2026-07-01T05:00:00.000Z");
    expect(counting.calls).toEqual([]);
  });

  it("refuses bad arguments and options with a ValidationFailure, never an exception", async () => {
    const h1 = { mentorId: null, periodType: "half_year", periodStart: "2026-01-01" } as const;
    expect((await repository.getSummary({ ...h1, mentorId: "mentor-1" }))._unsafeUnwrapErr()).toMatchObject({ kind: "validation", path: ["mentorId"] });
    expect((await repository.getSummary({ ...h1, periodStart: "2026-02-30" }))._unsafeUnwrapErr()).toMatchObject({ kind: "validation", path: ["periodStart"] });
    const unknownType = { ...h1, periodType: "week" } as unknown as typeof h1;
    expect((await repository.getSummary(unknownType))._unsafeUnwrapErr()).toMatchObject({ kind: "validation", path: ["periodType"] });
    const extra = { periodType: "year", orgId: ORG } as unknown as { periodType: "year" };
    expect((await repository.listSummaries(extra))._unsafeUnwrapErr()).toMatchObject({ kind: "validation", path: ["orgId"] });
    expect((await repository.refreshIfOlderThan(-1))._unsafeUnwrapErr()).toMatchObject({ kind: "validation", path: ["maxAgeMs"] });

    const badOrg = mirror.repositoryWith({ organisationId: "org-a" });
    for (const attempt of [badOrg.listSummaries(), badOrg.sync(), badOrg.purgeExpired(), badOrg.handlePushNotification(push()), badOrg.lastSyncedAt()]) {
      expect((await attempt)._unsafeUnwrapErr()).toMatchObject({ kind: "validation", path: ["organisationId"] });
    }
    expect((await mirror.repositoryWith({ pageSize: 5001 }).sync())._unsafeUnwrapErr()).toMatchObject({ kind: "validation", path: ["pageSize"] });
    const fractionalClock = mirror.repositoryWith({ clock: () => 1.5 });
    expect((await fractionalClock.listSummaries())._unsafeUnwrapErr()).toMatchObject({ kind: "validation", path: ["clock"] });
    expect((await fractionalClock.sync())._unsafeUnwrapErr()).toMatchObject({ kind: "validation", path: ["clock"] });
    expect(counting.calls).toEqual([]);
  });

  it("reports figures of an unknown shape as an invalid_row MirrorFailure and still reads the other rows", async () => {
    await mirror.driver.run("update summary_cache set summary_data = ? where id = ?", [JSON.stringify({ sessions: 12 }), ORG_WIDE_MARCH.id]);
    expect((await repository.listSummaries())._unsafeUnwrapErr()).toMatchObject({ kind: "mirror", reason: "invalid_row" });
    expect((await repository.getSummary({ mentorId: null, periodType: "month", periodStart: "2026-03-01" }))._unsafeUnwrapErr()).toMatchObject({
      kind: "mirror",
      reason: "invalid_row",
    });
    expect((await repository.getSummary({ mentorId: null, periodType: "half_year", periodStart: "2026-01-01" }))._unsafeUnwrap()?.id).toBe(ORG_WIDE_H1.id);
  });

  it("reports a broken connection as a sqlite_error MirrorFailure, never an exception", async () => {
    await mirror.driver.close();
    for (const attempt of [repository.listSummaries(), repository.sync(), repository.purgeExpired(), repository.refreshIfOlderThan(), repository.handlePushNotification(push())]) {
      expect((await attempt)._unsafeUnwrapErr()).toMatchObject({ kind: "mirror", reason: "sqlite_error" });
    }
    expect(counting.calls).toEqual([]);
  });

  it("a sync without a connection fails with a NetworkFailure and changes nothing", async () => {
    const before = await mirrorContents(mirror.driver);
    for (const attempt of [repository.sync(), repository.refresh(), repository.refresh({ full: true })]) {
      expect((await attempt)._unsafeUnwrapErr()).toMatchObject({ kind: "network" });
    }
    expect(counting.calls.map((call) => [call.fn, call.args?.since_cursor])).toEqual([
      ["list_periodic_summaries_since", "757"],
      ["list_periodic_summaries_since", "757"],
      ["list_periodic_summaries_since", undefined],
    ]);
    expect(await mirrorContents(mirror.driver)).toEqual(before);
  });

  it("a push marks the matching row stale at once when it announces a newer version or invalidates this one", async () => {
    const stale = async () =>
      Object.fromEntries((await mirror.driver.all<{ id: string; is_stale: number }>("select id, is_stale from summary_cache")).map((row) => [row.id, row.is_stale]));
    const before = await stale();

    // Delivered late: the mirror already has version 3.
    for (const event of [push({ version: 3 }), push({ version: 2, event: "invalidated" })]) {
      expect((await repository.handlePushNotification(event))._unsafeUnwrap()).toMatchObject({ status: "sync_failed", markedStale: false });
    }
    // Another summary, and one the mirror does not have.
    expect((await repository.handlePushNotification(push({ period_type: "year" })))._unsafeUnwrap()).toMatchObject({ markedStale: false });
    expect(await stale()).toEqual(before);

    const outcome = (await repository.handlePushNotification(push({ version: 4 })))._unsafeUnwrap();
    expect(outcome).toMatchObject({ status: "sync_failed", markedStale: true, failure: { kind: "network" } });
    expect(await stale()).toEqual({ ...before, [ORG_WIDE_H1.id]: 1 });
    expect((await repository.getSummary({ mentorId: null, periodType: "half_year", periodStart: "2026-01-01" }))._unsafeUnwrap()).toMatchObject({
      isStale: true,
      version: 3,
    });

    // An invalidation of the version the mirror holds.
    const march = push({ period_type: "month", period_start: "2026-03-01", version: 3, event: "invalidated" });
    expect((await repository.handlePushNotification(march))._unsafeUnwrap()).toMatchObject({ markedStale: true });
    expect((await stale())[ORG_WIDE_MARCH.id]).toBe(1);
    // Each push tried to sync.
    expect(counting.calls).toHaveLength(5);
  });

  it("refuses a push of the wrong shape or for another organisation and marks nothing", async () => {
    const before = await mirrorContents(mirror.driver);
    expect((await repository.handlePushNotification(push({ org_id: OTHER_ORG })))._unsafeUnwrapErr()).toMatchObject({ kind: "validation", path: ["org_id"] });
    expect((await repository.handlePushNotification(push({ version: "5" })))._unsafeUnwrapErr()).toMatchObject({ kind: "validation", path: ["version"] });
    expect((await repository.handlePushNotification("{}"))._unsafeUnwrapErr()).toMatchObject({ kind: "validation", path: [] });
    expect((await repository.handlePushNotification(null))._unsafeUnwrapErr()).toMatchObject({ kind: "validation" });
    expect(await mirrorContents(mirror.driver)).toEqual(before);
    expect(counting.calls).toEqual([]);
  });

  it("purges only this organisation's expired rows, and only from 48 h", async () => {
    mirror.clock.set(SYNCED + SUMMARY_CACHE_TTL_MS - 1);
    expect((await repository.listSummaries())._unsafeUnwrap()).toHaveLength(3);
    expect((await repository.purgeExpired())._unsafeUnwrap()).toEqual({ purged: 0, cursorReset: false });

    mirror.clock.set(SYNCED + SUMMARY_CACHE_TTL_MS);
    expect((await repository.listSummaries())._unsafeUnwrap()).toEqual([]);
    expect((await repository.purgeExpired())._unsafeUnwrap()).toEqual({ purged: 3, cursorReset: true });
    const left = await mirrorContents(mirror.driver);
    expect(left.summaryCache.map((row) => row.id)).toEqual([OTHER_ORGS_H1.id]);
    expect(left.syncState).toEqual([{ organisation_id: OTHER_ORG, cursor: "900", last_synced_at: SYNCED }]);
    expect((await repository.lastSyncedAt())._unsafeUnwrap()).toBeNull();

    // Offline, the foreground refresh still purges, and then reports the failed sync.
    await insertCacheRows(mirror.driver, [ORG_WIDE_H1]);
    expect((await repository.refreshIfOlderThan())._unsafeUnwrapErr()).toMatchObject({ kind: "network" });
    expect((await mirrorContents(mirror.driver)).summaryCache.map((row) => row.id)).toEqual([OTHER_ORGS_H1.id]);
    // A full sync sends no cursor: the server starts from the beginning.
    expect(counting.calls.map((call) => call.args?.since_cursor)).toEqual([undefined]);
  });
});
