/**
 * What BufdirMetricsRepository must do against a real database, whichever
 * transport carries the calls: one suite, registered once per transport by
 * metrics-repository-contract.test.ts. The database holds the Bufdir fixture;
 * every test leaves it as it found it (snapshots and added activities are
 * removed after each test; audit rows are append-only and only ever added).
 */
import { createHash } from "node:crypto";
import type { ResultAsync } from "neverthrow";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { asServiceRole, type RequestContext } from "../../../src/context/request-context.ts";
import type { DomainFailure } from "../../../src/failures/domain-failure.ts";
import type { AggregationQueryBuilder } from "../../../src/metrics/aggregation-query-builder.ts";
import { RpcAggregationQueryBuilder } from "../../../src/metrics/aggregation-query-builder.ts";
import { getOrComputeMetricSnapshot } from "../../../src/metrics/get-or-compute-metric-snapshot.ts";
import { BufdirMetricsRepository } from "../../../src/metrics/bufdir-metrics-repository.ts";
import type { MetricFigures } from "../../../src/metrics/metric-figures.ts";
import { periodOrThrow } from "../../../src/period/period.ts";
import type { TestDatabase } from "../../support/test-database.ts";
import type { TransportFactory } from "../../support/transport-factories.ts";
import { contextOf, loadExpectedFigures, ORG_A, ORG_B, USERS } from "./bufdir-fixture.ts";
import { figuresFor, valueAt } from "./figures.ts";

export interface ContractSetup {
  /** The test database, loaded with the Bufdir fixture. */
  readonly db: TestDatabase;
  /** The transport under test. */
  readonly factory: TransportFactory;
  /** A second, independent factory of the same kind (its own pool or fetch); the caller closes it. */
  readonly newFactory: () => TransportFactory;
}

const H1 = periodOrThrow("2026-H1");
const Q3 = periodOrThrow("2026-Q3");
/** A period in which organisation B has no activities at all. */
const OCTOBER = periodOrThrow("2026-10");
const MAX_SAFE = 9007199254740991;

/** The failure of a call that must fail (a success fails the test). */
async function failureOf<T>(call: ResultAsync<T, DomainFailure>): Promise<DomainFailure> {
  const settled = await call;
  expect(settled.isErr(), "expected a failure").toBe(true);
  return settled._unsafeUnwrapErr();
}

/**
 * Registers the contract's tests for the transport `setup().factory` makes.
 *
 * @example
 * describe.each(transports)("over the %s transport", (_, make) => {
 *   metricsRepositoryContract(() => ({ db, factory, newFactory: () => make(db.url) }));
 * });
 */
export function metricsRepositoryContract(setup: () => ContractSetup): void {
  let db: TestDatabase;
  let factory: TransportFactory;
  const addedActivities: string[] = [];

  const repoAs = (context: RequestContext) => new BufdirMetricsRepository(factory.as(context));
  const coordinatorA = () => repoAs(contextOf("coordinatorA"));
  const serviceRole = () => repoAs(asServiceRole());

  /** Adds an activity to organisation A as the table owner, as a registration outside the client would. */
  async function addActivityToA(day: string): Promise<void> {
    const [row] = await db.sql<{ id: string }>(
      `insert into public.activities (org_id, kind, activity_date, duration_minutes, registration_path, registered_by)
       values ($1, 'in_person_outreach', $2, 60, 'direct', $3) returning id`,
      [ORG_A, day, USERS.mentorA.id],
    );
    addedActivities.push(row!.id);
  }

  const snapshotRows = (orgId: string) =>
    db.sql<{ id: string }>("select id from public.bufdir_metric_snapshots where org_id = $1", [orgId]);
  const auditRows = async () => Number((await db.sql<{ n: string }>("select count(*) as n from public.bufdir_export_audit_log"))[0]!.n);

  beforeAll(() => {
    ({ db, factory } = setup());
  });

  afterEach(async () => {
    await db.sql("delete from public.bufdir_metric_snapshots");
    if (addedActivities.length > 0) {
      await db.sql("delete from public.activities where id = any($1::uuid[])", [addedActivities.splice(0)]);
    }
  });

  describe("save, get and delete", () => {
    it("round trip: get returns what save stored, delete removes it, and a second delete is not_found (P0002)", async () => {
      const repo = coordinatorA();
      expect((await repo.getMetricSnapshot(ORG_A, H1))._unsafeUnwrap()).toBeNull();

      const figures = figuresFor(H1);
      const saved = (await repo.saveMetricSnapshot(ORG_A, H1, figures))._unsafeUnwrap();
      expect(saved).toMatchObject({
        org_id: ORG_A,
        period_start: "2026-01-01",
        period_end: "2026-06-30",
        rule_version: "2026.1",
        generated_by: USERS.coordinatorA.id,
        record_count_at_generation: 18, // A's live activities in 2026-H1
      });
      expect(saved.snapshot_json).toEqual(figures);
      const [stored] = await db.sql<{ hash: string }>(
        "select encode(sha256(convert_to(snapshot_json::text, 'UTF8')), 'hex') as hash from public.bufdir_metric_snapshots where id = $1",
        [saved.id],
      );
      expect(saved.content_hash).toBe(stored!.hash);

      expect((await repo.getMetricSnapshot(ORG_A, H1))._unsafeUnwrap()).toEqual(saved);

      const deleted = await repo.deleteMetricSnapshot(ORG_A, H1);
      expect(deleted.isOk()).toBe(true);
      expect((await repo.getMetricSnapshot(ORG_A, H1))._unsafeUnwrap()).toBeNull();
      expect(await snapshotRows(ORG_A)).toEqual([]);

      expect(await failureOf(repo.deleteMetricSnapshot(ORG_A, H1))).toMatchObject({ kind: "query", code: "P0002", reason: "not_found" });
    });

    it("saving again for the same organisation and period upserts: one row, the same id, the new figures", async () => {
      const first = (await coordinatorA().saveMetricSnapshot(ORG_A, H1, figuresFor(H1)))._unsafeUnwrap();
      const newer = figuresFor(H1, { activity_days: 12, participations: 44 });
      const second = (await repoAs(contextOf("adminA")).saveMetricSnapshot(ORG_A, H1, newer))._unsafeUnwrap();

      expect(second.id).toBe(first.id);
      expect(second.snapshot_json).toEqual(newer);
      expect(second.generated_by).toBe(USERS.adminA.id);
      expect(second.content_hash).not.toBe(first.content_hash);
      expect(await snapshotRows(ORG_A)).toEqual([{ id: first.id }]);
      expect((await coordinatorA().getMetricSnapshot(ORG_A, H1))._unsafeUnwrap()).toEqual(second);
    });

    it("keeps periods apart: a snapshot of another period is another row", async () => {
      const h1 = (await coordinatorA().saveMetricSnapshot(ORG_A, H1, figuresFor(H1)))._unsafeUnwrap();
      const q3 = (await coordinatorA().saveMetricSnapshot(ORG_A, Q3, figuresFor(Q3)))._unsafeUnwrap();
      expect(q3.id).not.toBe(h1.id);
      expect((await coordinatorA().getMetricSnapshot(ORG_A, Q3))._unsafeUnwrap()?.snapshot_json.period).toEqual({ start: "2026-07-01", end: "2026-09-30" });
    });

    it("refuses figures whose period does not match the key (invalid_input, 22023), and stores nothing", async () => {
      const failure = await failureOf(coordinatorA().saveMetricSnapshot(ORG_A, H1, figuresFor(Q3)));
      expect(failure).toMatchObject({ kind: "query", code: "22023", reason: "invalid_input" });
      expect(await snapshotRows(ORG_A)).toEqual([]);
    });
  });

  describe("who may do what", () => {
    it("a coordinator of another organisation cannot read A's snapshot (permission_denied); A's mentor can", async () => {
      const saved = (await coordinatorA().saveMetricSnapshot(ORG_A, H1, figuresFor(H1)))._unsafeUnwrap();
      const failure = await failureOf(repoAs(contextOf("coordinatorB")).getMetricSnapshot(ORG_A, H1));
      expect(failure).toMatchObject({ kind: "query", code: "42501", reason: "permission_denied" });
      expect((await repoAs(contextOf("mentorA")).getMetricSnapshot(ORG_A, H1))._unsafeUnwrap()).toEqual(saved);
    });

    it("a peer mentor's delete is refused (permission_denied) and the snapshot is still there", async () => {
      const saved = (await coordinatorA().saveMetricSnapshot(ORG_A, H1, figuresFor(H1)))._unsafeUnwrap();
      const failure = await failureOf(repoAs(contextOf("mentorA")).deleteMetricSnapshot(ORG_A, H1));
      expect(failure).toMatchObject({ kind: "query", code: "42501", reason: "permission_denied" });
      expect((await serviceRole().getMetricSnapshot(ORG_A, H1))._unsafeUnwrap()).toEqual(saved);
    });

    it("a coordinator of another organisation cannot delete A's snapshot either", async () => {
      const saved = (await coordinatorA().saveMetricSnapshot(ORG_A, H1, figuresFor(H1)))._unsafeUnwrap();
      const failure = await failureOf(repoAs(contextOf("coordinatorB")).deleteMetricSnapshot(ORG_A, H1));
      expect(failure).toMatchObject({ kind: "query", code: "42501", reason: "permission_denied" });
      expect((await serviceRole().getMetricSnapshot(ORG_A, H1))._unsafeUnwrap()?.id).toBe(saved.id);
    });

    it("a peer mentor can neither save nor refresh, and nothing is stored", async () => {
      const mentor = repoAs(contextOf("mentorA"));
      expect(await failureOf(mentor.saveMetricSnapshot(ORG_A, H1, figuresFor(H1)))).toMatchObject({ kind: "query", reason: "permission_denied" });
      expect(await failureOf(mentor.refreshMetricSnapshot(ORG_A, H1))).toMatchObject({ kind: "query", reason: "permission_denied" });
      expect(await snapshotRows(ORG_A)).toEqual([]);
    });
  });

  describe("persistence", () => {
    it("the snapshot survives re-creating the repository: a new transport and a new repository read it", async () => {
      const saved = (await coordinatorA().saveMetricSnapshot(ORG_A, H1, figuresFor(H1)))._unsafeUnwrap();
      const other = setup().newFactory();
      try {
        const reopened = new BufdirMetricsRepository(other.as(contextOf("coordinatorA")));
        expect((await reopened.getMetricSnapshot(ORG_A, H1))._unsafeUnwrap()).toEqual(saved);
      } finally {
        await other.close();
      }
    });
  });

  describe("the fixture's hand-worked figures", () => {
    const expected = loadExpectedFigures().filter(
      (row) => row.mentorId === null && row.periodStart === H1.start && row.periodEnd === H1.end,
    );

    it.each([
      ["A", ORG_A, "coordinatorA"],
      ["B", ORG_B, "coordinatorB"],
    ] as const)("refreshMetricSnapshot returns exactly the figures of expected-figures.csv for organisation %s in 2026-H1", async (_, orgId, user) => {
      const rows = expected.filter((row) => row.orgId === orgId);
      expect(rows.length).toBeGreaterThanOrEqual(orgId === ORG_A ? 29 : 16);

      const snapshot = (await repoAs(contextOf(user)).refreshMetricSnapshot(orgId, H1))._unsafeUnwrap();
      expect(snapshot.snapshot_json.period).toEqual({ start: H1.start, end: H1.end });
      const mismatches = rows
        .map((row) => ({ metric: row.metric, expected: row.value, actual: valueAt(snapshot.snapshot_json, row.metric) }))
        .filter((row) => row.actual !== row.expected);
      expect(mismatches).toEqual([]);
    });

    it("getOrComputeMetricSnapshot computes on a miss (one builder call) and serves the cached row after (none)", async () => {
      let builderCalls = 0;
      const transport = factory.as(contextOf("coordinatorA"));
      const inner = new RpcAggregationQueryBuilder(transport);
      const counting: AggregationQueryBuilder = {
        computeFigures: (organisationId, period) => {
          builderCalls++;
          return inner.computeFigures(organisationId, period);
        },
      };
      const computed = (await getOrComputeMetricSnapshot(transport, ORG_A, H1, counting))._unsafeUnwrap();
      expect(builderCalls).toBe(1);
      expect(computed.snapshot_json.totals).toMatchObject({ activity_days: 9, activities_total: 15, participations: 31 });

      const cached = (await getOrComputeMetricSnapshot(transport, ORG_A, H1, counting))._unsafeUnwrap();
      expect(builderCalls).toBe(1);
      expect(cached).toEqual(computed);
    });
  });

  describe("staleness", () => {
    it("with no snapshot the status is missing and stale", async () => {
      const status = (await repoAs(contextOf("mentorA")).getSnapshotStatus(ORG_A, H1))._unsafeUnwrap();
      expect(status).toMatchObject({ snapshot_exists: false, snapshot_id: null, is_stale: true, reasons: ["missing"], record_count_now: null });
      expect((await coordinatorA().getSnapshotStatus(ORG_A, H1))._unsafeUnwrap()).toMatchObject({ snapshot_exists: false, record_count_now: 18 });
    });

    it("fresh after a refresh; stale (activities_changed) after an activity is added", async () => {
      const refreshed = (await coordinatorA().refreshMetricSnapshot(ORG_A, H1))._unsafeUnwrap();
      const mentor = repoAs(contextOf("mentorA"));
      expect((await mentor.getSnapshotStatus(ORG_A, H1))._unsafeUnwrap()).toMatchObject({
        snapshot_exists: true,
        snapshot_id: refreshed.id,
        computed_at: refreshed.computed_at,
        rule_version: "2026.1",
        rule_version_in_force: "2026.1",
        record_count_at_generation: 18,
        record_count_now: null,
        is_stale: false,
        reasons: [],
      });
      expect((await coordinatorA().getSnapshotStatus(ORG_A, H1))._unsafeUnwrap()).toMatchObject({ record_count_now: 18, is_stale: false });

      await addActivityToA("2026-05-30");
      expect((await mentor.getSnapshotStatus(ORG_A, H1))._unsafeUnwrap()).toMatchObject({
        snapshot_exists: true,
        snapshot_id: refreshed.id,
        record_count_at_generation: 18,
        record_count_now: null,
        is_stale: true,
        reasons: ["activities_changed"],
      });
      expect((await coordinatorA().getSnapshotStatus(ORG_A, H1))._unsafeUnwrap()).toMatchObject({ record_count_now: 19, is_stale: true });
    });
  });

  describe("export", () => {
    it("is refused with no snapshot (snapshot_missing, BF002), and no audit row is written", async () => {
      const before = await auditRows();
      expect(await failureOf(coordinatorA().exportBufdirReport(ORG_A, H1))).toMatchObject({ kind: "query", code: "BF002", reason: "snapshot_missing" });
      expect(await auditRows()).toBe(before);
    });

    it("is refused while stale (stale_snapshot, BF003), accepted after a refresh, with the SHA-256 of the payload the database stored", async () => {
      const repo = coordinatorA();
      (await repo.refreshMetricSnapshot(ORG_A, H1))._unsafeUnwrap();
      await addActivityToA("2026-05-30");
      const before = await auditRows();
      expect(await failureOf(repo.exportBufdirReport(ORG_A, H1))).toMatchObject({ kind: "query", code: "BF003", reason: "stale_snapshot" });
      expect(await auditRows()).toBe(before);

      const refreshed = (await repo.refreshMetricSnapshot(ORG_A, H1))._unsafeUnwrap();
      const record = (await repo.exportBufdirReport(ORG_A, H1))._unsafeUnwrap();
      expect(await auditRows()).toBe(before + 1);
      expect(record).toMatchObject({
        org_id: ORG_A,
        exported_by: USERS.coordinatorA.id,
        snapshot_id: refreshed.id,
        period_start: H1.start,
        period_end: H1.end,
        rule_version: "2026.1",
        record_count: 19,
      });
      expect(record.payload).toMatchObject({ snapshot_id: refreshed.id, snapshot_content_hash: refreshed.content_hash });
      expect(record.payload.figures).toEqual(refreshed.snapshot_json);

      // The hash is over the payload's text as the database rendered it (key order included), not JSON.stringify's.
      const [stored] = await db.sql<{ payload_text: string; recomputed: string }>(
        `select payload::text as payload_text, encode(sha256(convert_to(payload::text, 'UTF8')), 'hex') as recomputed
         from public.bufdir_export_audit_log where id = $1`,
        [record.id],
      );
      expect(record.payload_sha256).toBe(stored!.recomputed);
      expect(record.payload_sha256).toBe(createHash("sha256").update(stored!.payload_text, "utf8").digest("hex"));
      expect(JSON.parse(stored!.payload_text)).toEqual(record.payload);
    });

    it("with refresh, computes, saves and exports a stale snapshot in one call, and exports with no snapshot at all", async () => {
      const repo = coordinatorA();
      (await repo.refreshMetricSnapshot(ORG_A, H1))._unsafeUnwrap();
      await addActivityToA("2026-05-29");
      expect(await failureOf(repo.exportBufdirReport(ORG_A, H1))).toMatchObject({ kind: "query", code: "BF003" });
      const before = await auditRows();
      const record = (await repo.exportBufdirReport(ORG_A, H1, { refresh: true }))._unsafeUnwrap();
      expect(await auditRows()).toBe(before + 1);
      const saved = (await repo.getMetricSnapshot(ORG_A, H1))._unsafeUnwrap()!;
      expect(record).toMatchObject({ snapshot_id: saved.id, record_count: saved.record_count_at_generation });
      expect(record.payload.figures).toEqual(saved.snapshot_json);
      expect((await repo.verifyMetricSnapshot(ORG_A, H1))._unsafeUnwrap()).toEqual([]);
      expect((await repo.getSnapshotStatus(ORG_A, H1))._unsafeUnwrap().is_stale).toBe(false);

      (await repo.deleteMetricSnapshot(ORG_A, H1))._unsafeUnwrap();
      const fresh = (await repo.exportBufdirReport(ORG_A, H1, { refresh: true }))._unsafeUnwrap();
      expect(fresh.payload.figures.totals.activity_days).toBe(record.payload.figures.totals.activity_days);
    });

    it("a peer mentor cannot export, with refresh or without (permission_denied), and nothing is written", async () => {
      const before = await auditRows();
      expect(await failureOf(repoAs(contextOf("mentorA")).exportBufdirReport(ORG_A, H1, { refresh: true }))).toMatchObject({ kind: "query", reason: "permission_denied" });
      expect(await auditRows()).toBe(before);
    });

    it("a peer mentor cannot export (permission_denied)", async () => {
      (await coordinatorA().refreshMetricSnapshot(ORG_A, H1))._unsafeUnwrap();
      expect(await failureOf(repoAs(contextOf("mentorA")).exportBufdirReport(ORG_A, H1))).toMatchObject({ kind: "query", reason: "permission_denied" });
    });
  });

  describe("verify", () => {
    it("lists a tampered figure; export refuses the snapshot (snapshot_mismatch, BF004); after a refresh nothing differs", async () => {
      const repo = coordinatorA();
      const refreshed = (await repo.refreshMetricSnapshot(ORG_A, H1))._unsafeUnwrap();
      expect((await repo.verifyMetricSnapshot(ORG_A, H1))._unsafeUnwrap()).toEqual([]);

      // As the table owner, with the stamp trigger off: the shape stays valid and the bookkeeping untouched.
      await db.sql(`
        alter table public.bufdir_metric_snapshots disable trigger stamp_snapshot;
        update public.bufdir_metric_snapshots set snapshot_json = jsonb_set(snapshot_json, '{totals,activity_days}', '90') where id = '${refreshed.id}';
        alter table public.bufdir_metric_snapshots enable trigger stamp_snapshot;`);

      expect((await repo.verifyMetricSnapshot(ORG_A, H1))._unsafeUnwrap()).toEqual([
        { figure: "totals.activity_days", persisted_value: 90, recomputed_value: 9 },
      ]);
      expect((await repo.getSnapshotStatus(ORG_A, H1))._unsafeUnwrap().is_stale).toBe(false);
      const before = await auditRows();
      expect(await failureOf(repo.exportBufdirReport(ORG_A, H1))).toMatchObject({ kind: "query", code: "BF004", reason: "snapshot_mismatch" });
      expect(await auditRows()).toBe(before);

      (await repo.refreshMetricSnapshot(ORG_A, H1))._unsafeUnwrap();
      expect((await repo.verifyMetricSnapshot(ORG_A, H1))._unsafeUnwrap()).toEqual([]);
    });

    it("a missing snapshot cannot be verified (not_found)", async () => {
      expect(await failureOf(coordinatorA().verifyMetricSnapshot(ORG_A, H1))).toMatchObject({ kind: "query", code: "P0002", reason: "not_found" });
    });
  });

  describe("numbers beyond ±(2^53 − 1)", () => {
    it("record_count_at_generation beyond 2^53 − 1 is a ValidationFailure, never a wrong number; 2^53 − 1 arrives exactly", async () => {
      const saved = (await coordinatorA().saveMetricSnapshot(ORG_A, H1, figuresFor(H1)))._unsafeUnwrap();
      const setCount = (value: string) =>
        db.sql(`update public.bufdir_metric_snapshots set record_count_at_generation = ${value} where id = $1`, [saved.id]);

      for (const beyond of ["9007199254740993", "9007199254740992", "9223372036854775807"]) {
        await setCount(beyond);
        expect(await failureOf(coordinatorA().getMetricSnapshot(ORG_A, H1)), beyond).toMatchObject({
          kind: "validation",
          path: [0, "record_count_at_generation"],
        });
      }
      await setCount("9007199254740991");
      expect((await coordinatorA().getMetricSnapshot(ORG_A, H1))._unsafeUnwrap()?.record_count_at_generation).toBe(MAX_SAFE);
    });

    it("record_count_now beyond ±(2^53 − 1) is a ValidationFailure; 2^53 − 1 arrives exactly", async () => {
      // B has no activity in October: one bookkeeping row, written as its owner, is the whole live count.
      const setLiveCount = (value: string) =>
        db.sql(
          `insert into private.activity_day_stats (org_id, day, live_activities, last_change_xid, last_change_seq)
           values ($1, '2026-10-15', $2::bigint, pg_current_xact_id(), nextval('private.change_seq'))
           on conflict (org_id, day) do update set live_activities = excluded.live_activities`,
          [ORG_B, value],
        );
      const coordinatorB = repoAs(contextOf("coordinatorB"));
      try {
        for (const beyond of ["9007199254740993", "-9007199254740993", "9007199254740992"]) {
          await setLiveCount(beyond);
          expect(await failureOf(coordinatorB.getSnapshotStatus(ORG_B, OCTOBER)), beyond).toMatchObject({ kind: "validation", path: ["record_count_now"] });
        }
        await setLiveCount("9007199254740991");
        expect((await coordinatorB.getSnapshotStatus(ORG_B, OCTOBER))._unsafeUnwrap()).toMatchObject({ snapshot_exists: false, record_count_now: MAX_SAFE });
      } finally {
        await db.sql("delete from private.activity_day_stats where org_id = $1 and day = '2026-10-15'", [ORG_B]);
      }
    });

    it("a figure of 2^53 − 1 is stored and read back exactly; one beyond it in the stored figures is a ValidationFailure", async () => {
      const repo = coordinatorA();
      const saved = (await repo.saveMetricSnapshot(ORG_A, H1, figuresFor(H1, { participations: MAX_SAFE })))._unsafeUnwrap();
      expect(saved.snapshot_json.totals.participations).toBe(MAX_SAFE);
      expect((await repo.getMetricSnapshot(ORG_A, H1))._unsafeUnwrap()?.snapshot_json.totals.participations).toBe(MAX_SAFE);

      // Only the owner, with the allow-list off, can store such a figure; the client must still refuse it.
      await db.sql(`
        alter table public.bufdir_metric_snapshots disable trigger reject_pii_in_figures;
        update public.bufdir_metric_snapshots set snapshot_json = jsonb_set(snapshot_json, '{totals,participations}', '9007199254740993') where id = '${saved.id}';
        alter table public.bufdir_metric_snapshots enable trigger reject_pii_in_figures;`);
      expect(await failureOf(repo.getMetricSnapshot(ORG_A, H1))).toMatchObject({ kind: "validation", path: [0, "snapshot_json", "totals", "participations"] });
    });

    it("saving a figure the allow-list refuses is pii_rejected (BF001), and nothing is stored", async () => {
      const repo = coordinatorA();
      const refused: [string, unknown][] = [
        // JSON text is the only way to carry an int8 beyond 2^53 − 1 exactly; the allow-list wants numbers.
        ["an int8 beyond 2^53 − 1, as text", "9007199254740993"],
        ["a count as a digit string", "33"],
        ["a negative count", -1],
      ];
      for (const [label, value] of refused) {
        const figures = figuresFor(H1);
        (figures.totals as Record<string, unknown>).participations = value;
        expect(await failureOf(repo.saveMetricSnapshot(ORG_A, H1, figures)), label).toMatchObject({ kind: "query", code: "BF001", reason: "pii_rejected" });
      }
      const withName = { ...figuresFor(H1), contact_name: "Kari Nordmann" } as unknown as MetricFigures;
      expect(await failureOf(repo.saveMetricSnapshot(ORG_A, H1, withName))).toMatchObject({ kind: "query", code: "BF001", reason: "pii_rejected" });
      expect(await snapshotRows(ORG_A)).toEqual([]);
    });

    it("a JavaScript number that is not a safe integer is refused before anything is sent", async () => {
      // 9007199254740993 cannot even be written as a JavaScript number: it becomes 2^53.
      for (const beyond of [9007199254740993, -(2 ** 53), 1e300, 1.5]) {
        const figures = figuresFor(H1);
        (figures.totals as Record<string, unknown>).minutes_total = beyond;
        expect(await failureOf(coordinatorA().saveMetricSnapshot(ORG_A, H1, figures)), String(beyond)).toMatchObject({
          kind: "validation",
          path: ["args", "snapshot_json", "totals", "minutes_total"],
        });
      }
      expect(await snapshotRows(ORG_A)).toEqual([]);
    });
  });
}
