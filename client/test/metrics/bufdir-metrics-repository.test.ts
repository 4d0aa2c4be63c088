/**
 * The repository's own logic, over a fake transport that records every call: the
 * function names and named arguments it sends, how it reads the answers, and
 * that a cache hit never reaches the aggregation. What the database does with
 * those calls is the contract suite's business (metrics-repository-contract.test.ts).
 */
import { PostgrestError } from "@supabase/supabase-js";
import { err, errAsync, ok, okAsync, type Result, ResultAsync } from "neverthrow";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { asUser } from "../../src/context/request-context.ts";
import { type DomainFailure, networkFailure, queryFailure } from "../../src/failures/domain-failure.ts";
import { toDomainFailure } from "../../src/failures/to-domain-failure.ts";
import type { AggregationQueryBuilder } from "../../src/metrics/aggregation-query-builder.ts";
import { BufdirMetricsRepository } from "../../src/metrics/bufdir-metrics-repository.ts";
import { getOrComputeMetricSnapshot } from "../../src/metrics/get-or-compute-metric-snapshot.ts";
import type { MetricFigures } from "../../src/metrics/metric-figures.ts";
import { type Period, periodOrThrow } from "../../src/period/period.ts";
import type { RpcArgs, RpcRequest, RpcResult, RpcReturns, RpcTransport } from "../../src/transport/rpc-transport.ts";
import { createSupabaseTransport } from "../../src/transport/supabase-transport.ts";
import { supabaseClientFor } from "../support/transport-factories.ts";
import { ORG_A, USERS } from "./support/bufdir-fixture.ts";
import { figuresFor, snapshotRow } from "./support/figures.ts";

interface RecordedCall {
  readonly fn: string;
  readonly args: RpcArgs | undefined;
  readonly returns: RpcReturns;
}

type Reply = Result<unknown, DomainFailure>;

/** An RpcTransport that records calls and answers each function from `replies` (already in PostgREST's shape). */
function fakeTransport(replies: Record<string, Reply | (() => Reply)>) {
  const calls: RecordedCall[] = [];
  const transport: RpcTransport = {
    call<R extends RpcReturns>(request: RpcRequest<R>): ResultAsync<RpcResult<R>, DomainFailure> {
      calls.push({ fn: request.fn, args: request.args, returns: request.returns });
      const reply = replies[request.fn];
      const result: Reply =
        reply === undefined
          ? err(queryFailure({ code: "PGRST202", reason: "unknown_function", message: `no reply for ${request.fn}` }))
          : typeof reply === "function"
            ? reply()
            : reply;
      return new ResultAsync(Promise.resolve(result as Result<RpcResult<R>, DomainFailure>));
    },
  };
  return { transport, calls, fns: () => calls.map((call) => call.fn) };
}

/** A builder that counts its calls and answers with `figures`. */
function builderSpy(answer: () => ResultAsync<MetricFigures, DomainFailure>) {
  const calls: { organisationId: string; period: Period }[] = [];
  const builder: AggregationQueryBuilder = {
    computeFigures(organisationId, period) {
      calls.push({ organisationId, period });
      return answer();
    },
  };
  return { builder, calls };
}

/** A PostgREST error as supabase-js hands it over, mapped as the supabase transport maps it. */
function postgrestFailure(code: string, httpStatus: number): DomainFailure {
  const error = new PostgrestError({ code, message: `refused with ${code}`, details: `details of ${code}`, hint: "" });
  return toDomainFailure(error, { httpStatus });
}

/** A server error as node-postgres throws it, mapped as the postgres transport maps it. */
function pgFailure(code: string): DomainFailure {
  const error = Object.assign(new pg.DatabaseError(`refused with ${code}`, 0, "error"), { code, severity: "ERROR", detail: `detail of ${code}` });
  return toDomainFailure(error);
}

const H1 = periodOrThrow("2026-H1");
const KEY = { org_id: ORG_A, period_start: "2026-01-01", period_end: "2026-06-30" };

describe("saveMetricSnapshot", () => {
  it("calls save_metric_snapshot with the key and the figures as named arguments, and returns the saved row", async () => {
    const figures = figuresFor(H1);
    const row = snapshotRow(ORG_A, H1, { snapshot_json: figures });
    const fake = fakeTransport({ save_metric_snapshot: ok(row) });

    const result = await new BufdirMetricsRepository(fake.transport).saveMetricSnapshot(ORG_A, H1, figures);

    expect(result._unsafeUnwrap()).toEqual(row);
    expect(fake.calls).toEqual([{ fn: "save_metric_snapshot", args: { ...KEY, snapshot_json: figures }, returns: "one" }]);
  });

  it.each([
    ["a PostgREST error", () => postgrestFailure("42501", 403), { code: "42501", reason: "permission_denied", httpStatus: 403 }],
    ["a pg server error", () => pgFailure("BF001"), { code: "BF001", reason: "pii_rejected", details: "detail of BF001" }],
    ["a PostgREST 22023", () => postgrestFailure("22023", 400), { code: "22023", reason: "invalid_input" }],
  ])("turns %s into a QueryFailure", async (_, failure, expected) => {
    const fake = fakeTransport({ save_metric_snapshot: err(failure()) });
    const result = await new BufdirMetricsRepository(fake.transport).saveMetricSnapshot(ORG_A, H1, figuresFor(H1));
    expect(result._unsafeUnwrapErr()).toMatchObject({ kind: "query", ...expected });
  });

  it("passes a network failure through as it is", async () => {
    const failure = networkFailure("connect ECONNREFUSED 127.0.0.1:5432");
    const fake = fakeTransport({ save_metric_snapshot: err(failure) });
    const result = await new BufdirMetricsRepository(fake.transport).saveMetricSnapshot(ORG_A, H1, figuresFor(H1));
    expect(result._unsafeUnwrapErr()).toBe(failure);
  });

  it("reports a malformed row as a ValidationFailure naming the field", async () => {
    const cases: [unknown, (string | number)[]][] = [
      [{ ...snapshotRow(ORG_A, H1), record_count_at_generation: "18" }, ["record_count_at_generation"]],
      [{ ...snapshotRow(ORG_A, H1), record_count_at_generation: 2 ** 53 }, ["record_count_at_generation"]],
      [{ ...snapshotRow(ORG_A, H1), period_start: "2026-02-30" }, ["period_start"]],
      [{ ...snapshotRow(ORG_A, H1), participant_name: "Kari Nordmann" }, ["participant_name"]],
      [{ ...snapshotRow(ORG_A, H1), content_hash: "ABC" }, ["content_hash"]],
      [null, []],
    ];
    for (const [row, path] of cases) {
      const fake = fakeTransport({ save_metric_snapshot: ok(row) });
      const result = await new BufdirMetricsRepository(fake.transport).saveMetricSnapshot(ORG_A, H1, figuresFor(H1));
      expect(result._unsafeUnwrapErr()).toMatchObject({ kind: "validation", path });
    }
  });

  it("maps a PostgREST error from the real supabase transport (over a stubbed client) to a QueryFailure", async () => {
    // supabase-js resolves rpc() with { data, error, status }; the transport maps the error by its code.
    const body = { code: "42501", message: "permission denied", details: null, hint: null };
    const stubbed: typeof fetch = async () => new Response(JSON.stringify(body), { status: 403, headers: { "content-type": "application/json" } });
    const transport = createSupabaseTransport(supabaseClientFor(asUser({ sub: USERS.mentorA.id }), stubbed));
    const result = await new BufdirMetricsRepository(transport).saveMetricSnapshot(ORG_A, H1, figuresFor(H1));
    expect(result._unsafeUnwrapErr()).toMatchObject({ kind: "query", code: "42501", reason: "permission_denied", httpStatus: 403 });
  });
});

describe("getMetricSnapshot", () => {
  it("returns the snapshot on a hit", async () => {
    const row = snapshotRow(ORG_A, H1);
    const fake = fakeTransport({ get_metric_snapshot: ok([row]) });
    const result = await new BufdirMetricsRepository(fake.transport).getMetricSnapshot(ORG_A, H1);
    expect(result._unsafeUnwrap()).toEqual(row);
    expect(fake.calls).toEqual([{ fn: "get_metric_snapshot", args: KEY, returns: "many" }]);
  });

  it("returns null, not a failure, on a miss (no rows)", async () => {
    const fake = fakeTransport({ get_metric_snapshot: ok([]) });
    const result = await new BufdirMetricsRepository(fake.transport).getMetricSnapshot(ORG_A, H1);
    expect(result.isOk()).toBe(true);
    expect(result._unsafeUnwrap()).toBeNull();
  });

  it("works with match, as app code uses it", async () => {
    const fake = fakeTransport({ get_metric_snapshot: ok([snapshotRow(ORG_A, H1)]) });
    const repo = new BufdirMetricsRepository(fake.transport);
    const r = await repo.getMetricSnapshot(ORG_A, periodOrThrow("2026-H1"));
    const shown = r.match(
      (snapshot) => `activity-days: ${snapshot?.snapshot_json.totals.activity_days ?? "none"}`,
      (failure) => `failed: ${failure.kind}`,
    );
    expect(shown).toBe("activity-days: 11");
  });

  it("refuses more than one row, and a row of the wrong shape, as ValidationFailures", async () => {
    const row = snapshotRow(ORG_A, H1);
    const two = fakeTransport({ get_metric_snapshot: ok([row, row]) });
    expect((await new BufdirMetricsRepository(two.transport).getMetricSnapshot(ORG_A, H1))._unsafeUnwrapErr()).toMatchObject({ kind: "validation", path: [] });

    const tooBig = { ...row, snapshot_json: { ...row.snapshot_json, totals: { ...row.snapshot_json.totals, participations: 9007199254740992 } } };
    const bad = fakeTransport({ get_metric_snapshot: ok([tooBig]) });
    expect((await new BufdirMetricsRepository(bad.transport).getMetricSnapshot(ORG_A, H1))._unsafeUnwrapErr()).toMatchObject({
      kind: "validation",
      path: [0, "snapshot_json", "totals", "participations"],
    });
  });
});

describe("deleteMetricSnapshot", () => {
  it("calls delete_metric_snapshot and returns ok on success", async () => {
    const fake = fakeTransport({ delete_metric_snapshot: ok(null) });
    const result = await new BufdirMetricsRepository(fake.transport).deleteMetricSnapshot(ORG_A, H1);
    expect(result.isOk()).toBe(true);
    expect(result._unsafeUnwrap()).toBeUndefined();
    expect(fake.calls).toEqual([{ fn: "delete_metric_snapshot", args: KEY, returns: "void" }]);
  });

  it("returns a QueryFailure not_found for a missing record (P0002, which PostgREST answers with 500)", async () => {
    const fake = fakeTransport({ delete_metric_snapshot: err(postgrestFailure("P0002", 500)) });
    const result = await new BufdirMetricsRepository(fake.transport).deleteMetricSnapshot(ORG_A, H1);
    expect(result._unsafeUnwrapErr()).toMatchObject({ kind: "query", code: "P0002", reason: "not_found" });
  });

  it.each([
    ["a PostgREST error", () => postgrestFailure("42501", 403), "permission_denied"],
    ["a pg server error", () => pgFailure("42501"), "permission_denied"],
    ["a pg server error of an unknown code", () => pgFailure("XX000"), "unexpected"],
  ])("turns %s into a QueryFailure", async (_, failure, reason) => {
    const fake = fakeTransport({ delete_metric_snapshot: err(failure()) });
    const result = await new BufdirMetricsRepository(fake.transport).deleteMetricSnapshot(ORG_A, H1);
    expect(result._unsafeUnwrapErr()).toMatchObject({ kind: "query", reason });
  });
});

describe("getOrComputeMetricSnapshot", () => {
  it("on a cache hit returns the cached snapshot and makes zero calls to the AggregationQueryBuilder", async () => {
    const row = snapshotRow(ORG_A, H1);
    const fake = fakeTransport({ get_metric_snapshot: ok([row]) });
    const spy = builderSpy(() => okAsync(figuresFor(H1)));

    const result = await getOrComputeMetricSnapshot(fake.transport, ORG_A, H1, spy.builder);

    expect(result._unsafeUnwrap()).toEqual(row);
    expect(spy.calls).toHaveLength(0);
    expect(fake.fns()).toEqual(["get_metric_snapshot"]);
  });

  it("on a miss calls the builder once, then saves what it computed (the control)", async () => {
    const computed = figuresFor(H1, { activity_days: 9 });
    const saved = snapshotRow(ORG_A, H1, { snapshot_json: computed });
    const fake = fakeTransport({ get_metric_snapshot: ok([]), save_metric_snapshot: ok(saved) });
    const spy = builderSpy(() => okAsync(computed));

    const result = await getOrComputeMetricSnapshot(fake.transport, ORG_A, H1, spy.builder);

    expect(result._unsafeUnwrap()).toEqual(saved);
    expect(spy.calls).toEqual([{ organisationId: ORG_A, period: H1 }]);
    expect(fake.calls).toEqual([
      { fn: "get_metric_snapshot", args: KEY, returns: "many" },
      { fn: "save_metric_snapshot", args: { ...KEY, snapshot_json: computed }, returns: "one" },
    ]);
  });

  it("without a builder of its own, computes through compute_bufdir_metrics on the same transport", async () => {
    const computed = figuresFor(H1);
    const fake = fakeTransport({
      get_metric_snapshot: ok([]),
      compute_bufdir_metrics: ok(computed),
      save_metric_snapshot: ok(snapshotRow(ORG_A, H1, { snapshot_json: computed })),
    });
    await getOrComputeMetricSnapshot(fake.transport, ORG_A, H1);
    expect(fake.calls[1]).toEqual({ fn: "compute_bufdir_metrics", args: KEY, returns: "scalar" });
    expect(fake.fns()).toEqual(["get_metric_snapshot", "compute_bufdir_metrics", "save_metric_snapshot"]);
  });

  it("stops at a failed lookup: no computation, no save", async () => {
    const fake = fakeTransport({ get_metric_snapshot: err(postgrestFailure("42501", 403)) });
    const spy = builderSpy(() => okAsync(figuresFor(H1)));
    const result = await getOrComputeMetricSnapshot(fake.transport, ORG_A, H1, spy.builder);
    expect(result._unsafeUnwrapErr()).toMatchObject({ kind: "query", reason: "permission_denied" });
    expect(spy.calls).toHaveLength(0);
    expect(fake.fns()).toEqual(["get_metric_snapshot"]);
  });

  it("stops at a failed computation: nothing is saved", async () => {
    const fake = fakeTransport({ get_metric_snapshot: ok([]) });
    const spy = builderSpy(() => errAsync(postgrestFailure("42501", 403)));
    const result = await getOrComputeMetricSnapshot(fake.transport, ORG_A, H1, spy.builder);
    expect(result._unsafeUnwrapErr()).toMatchObject({ kind: "query", reason: "permission_denied" });
    expect(fake.fns()).toEqual(["get_metric_snapshot"]);
  });

  it("turns a builder that throws or rejects into a failure, not an exception", async () => {
    const throwing: AggregationQueryBuilder = {
      computeFigures: () => {
        throw new TypeError("bug in a custom builder");
      },
    };
    const rejecting: AggregationQueryBuilder = {
      computeFigures: () => new ResultAsync(Promise.reject(new TypeError("rejected"))),
    };
    for (const builder of [throwing, rejecting]) {
      const fake = fakeTransport({ get_metric_snapshot: ok([]) });
      const outcome = await getOrComputeMetricSnapshot(fake.transport, ORG_A, H1, builder).then(
        (result) => ({ settled: "resolved" as const, result }),
        () => ({ settled: "rejected" as const }),
      );
      expect(outcome.settled).toBe("resolved");
      if (outcome.settled === "resolved") expect(outcome.result._unsafeUnwrapErr()).toMatchObject({ kind: "query", reason: "unexpected" });
      expect(fake.fns()).toEqual(["get_metric_snapshot"]);
    }
  });
});

describe("refresh, status, verify and export", () => {
  it("refreshMetricSnapshot calls refresh_metric_snapshot with the key", async () => {
    const row = snapshotRow(ORG_A, H1);
    const fake = fakeTransport({ refresh_metric_snapshot: ok(row) });
    expect((await new BufdirMetricsRepository(fake.transport).refreshMetricSnapshot(ORG_A, H1))._unsafeUnwrap()).toEqual(row);
    expect(fake.calls).toEqual([{ fn: "refresh_metric_snapshot", args: KEY, returns: "one" }]);
  });

  it("getSnapshotStatus reads both forms of metric_snapshot_status, and refuses a mix of them", async () => {
    const missing = {
      snapshot_exists: false, snapshot_id: null, computed_at: null, age_seconds: null, rule_version: null,
      rule_version_in_force: "2026.1", record_count_at_generation: null, record_count_now: 18, is_stale: true, reasons: ["missing"],
    };
    const present = {
      snapshot_exists: true, snapshot_id: "00000000-0000-4000-f000-000000000001", computed_at: "2026-11-21T06:49:19+00:00",
      age_seconds: 12, rule_version: "2026.1", rule_version_in_force: "2026.1", record_count_at_generation: 18,
      record_count_now: 19, is_stale: true, reasons: ["activities_changed"],
    };
    for (const status of [missing, present]) {
      const fake = fakeTransport({ metric_snapshot_status: ok(status) });
      expect((await new BufdirMetricsRepository(fake.transport).getSnapshotStatus(ORG_A, H1))._unsafeUnwrap()).toEqual(status);
      expect(fake.calls).toEqual([{ fn: "metric_snapshot_status", args: KEY, returns: "one" }]);
    }
    const mixed = fakeTransport({ metric_snapshot_status: ok({ ...present, snapshot_id: null }) });
    expect((await new BufdirMetricsRepository(mixed.transport).getSnapshotStatus(ORG_A, H1))._unsafeUnwrapErr()).toMatchObject({ kind: "validation", path: ["snapshot_id"] });
    const unknownReason = fakeTransport({ metric_snapshot_status: ok({ ...present, reasons: ["cosmic_rays"] }) });
    expect((await new BufdirMetricsRepository(unknownReason.transport).getSnapshotStatus(ORG_A, H1))._unsafeUnwrapErr()).toMatchObject({ kind: "validation", path: ["reasons", 0] });
  });

  it("verifyMetricSnapshot returns the differing figures", async () => {
    const rows = [
      { figure: "activity_days_by_county", persisted_value: {}, recomputed_value: null },
      { figure: "totals.activity_days", persisted_value: 90, recomputed_value: 9 },
      { figure: "totals.unique_participants_is_lower_bound", persisted_value: false, recomputed_value: true },
    ];
    const fake = fakeTransport({ verify_metric_snapshot: ok(rows) });
    expect((await new BufdirMetricsRepository(fake.transport).verifyMetricSnapshot(ORG_A, H1))._unsafeUnwrap()).toEqual(rows);
    expect(fake.calls).toEqual([{ fn: "verify_metric_snapshot", args: KEY, returns: "many" }]);

    const unsafe = fakeTransport({ verify_metric_snapshot: ok([{ figure: "totals.participations", persisted_value: 2 ** 53, recomputed_value: 33 }]) });
    expect((await new BufdirMetricsRepository(unsafe.transport).verifyMetricSnapshot(ORG_A, H1))._unsafeUnwrapErr()).toMatchObject({
      kind: "validation",
      path: [0, "persisted_value"],
    });
  });

  it("exportBufdirReport returns the audit row", async () => {
    const snapshot = snapshotRow(ORG_A, H1);
    const record = {
      org_id: ORG_A, id: "00000000-0000-4000-f000-0000000000e1", exported_at: "2026-11-21T07:00:00.5+00:00",
      exported_by: USERS.coordinatorA.id, snapshot_id: snapshot.id, period_start: H1.start, period_end: H1.end,
      rule_version: "2026.1", record_count: 18, payload_sha256: "0a".repeat(32),
      payload: {
        org_id: ORG_A, period_start: H1.start, period_end: H1.end, rule_version: "2026.1", snapshot_id: snapshot.id,
        snapshot_content_hash: snapshot.content_hash, computed_at: snapshot.computed_at, figures: snapshot.snapshot_json,
      },
    };
    const fake = fakeTransport({ export_bufdir_report: ok(record) });
    expect((await new BufdirMetricsRepository(fake.transport).exportBufdirReport(ORG_A, H1))._unsafeUnwrap()).toEqual(record);
    expect(fake.calls).toEqual([{ fn: "export_bufdir_report", args: { ...KEY, refresh: false }, returns: "one" }]);
    const refreshing = fakeTransport({ export_bufdir_report: ok(record) });
    (await new BufdirMetricsRepository(refreshing.transport).exportBufdirReport(ORG_A, H1, { refresh: true }))._unsafeUnwrap();
    expect(refreshing.calls).toEqual([{ fn: "export_bufdir_report", args: { ...KEY, refresh: true }, returns: "one" }]);

    const extra = fakeTransport({ export_bufdir_report: ok({ ...record, payload: { ...record.payload, exported_by_name: "Kari" } }) });
    expect((await new BufdirMetricsRepository(extra.transport).exportBufdirReport(ORG_A, H1))._unsafeUnwrapErr()).toMatchObject({
      kind: "validation",
      path: ["payload", "exported_by_name"],
    });
  });

  it.each([
    ["BF002", "snapshot_missing"],
    ["BF003", "stale_snapshot"],
    ["BF004", "snapshot_mismatch"],
  ])("an export refused with %s is a QueryFailure %s", async (code, reason) => {
    for (const failure of [postgrestFailure(code, 400), pgFailure(code)]) {
      const fake = fakeTransport({ export_bufdir_report: err(failure) });
      const result = await new BufdirMetricsRepository(fake.transport).exportBufdirReport(ORG_A, H1);
      expect(result._unsafeUnwrapErr()).toMatchObject({ kind: "query", code, reason });
    }
  });
});
