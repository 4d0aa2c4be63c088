/**
 * The summary cache's schemas and small helpers: the figures shape, the rows of
 * list_periodic_summaries_since, the push payload, the cursor, the date
 * conversions, the failure boundary and the queue. No database needed.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { networkFailure, validationFailure } from "../../src/failures/domain-failure.ts";
import { SqliteDriverError } from "../../src/mirror/sqlite-driver-error.ts";
import { parseResponse } from "../../src/schemas/parse-response.ts";
import { isoDateToUnixMs, timestampToUnixMs, unixMsToIsoDate, unixMsToTimestamp } from "../../src/summaries/mirror-dates.ts";
import { isMirrorFailure, mirrorFailure, toMirrorFailure } from "../../src/summaries/mirror-failure.ts";
import { SerialQueue } from "../../src/summaries/serial-queue.ts";
import { summaryChangePageSchema, summaryChangeRowSchema } from "../../src/summaries/summary-change-row.ts";
import {
  isResumableSummaryCursor,
  isSummaryCursor,
  parseSummaryCursor,
  storedCursorOf,
} from "../../src/summaries/summary-cursor.ts";
import { summaryDataSchema } from "../../src/summaries/summary-data.ts";
import { summaryPushPayloadSchema } from "../../src/summaries/summary-push-payload.ts";
import { DOCUMENTED_FIGURES } from "./support/summary-rows.ts";

const SUMMARY_ID = "6f1d2c3b-4a59-4e7d-8c6b-5a4f3e2d1c0b";
const MENTOR_ID = "00000000-0000-4000-b000-000000000001";

const upsertRow = (overrides: Record<string, unknown> = {}) => ({
  cursor: "1042",
  operation: "upsert",
  summary_id: SUMMARY_ID,
  mentor_id: null,
  period_type: "half_year",
  period_start: "2026-01-01",
  period_end: "2026-06-30",
  summary_data: DOCUMENTED_FIGURES,
  generated_at: "2026-07-01T02:00:00.123456+00:00",
  updated_at: "2026-07-02T08:30:00+02:00",
  invalidated_at: null,
  version: 2,
  ...overrides,
});

const tombstone = (overrides: Record<string, unknown> = {}) => ({
  cursor: "1043",
  operation: "delete",
  summary_id: SUMMARY_ID,
  mentor_id: MENTOR_ID,
  period_type: null,
  period_start: null,
  period_end: null,
  summary_data: null,
  generated_at: null,
  updated_at: null,
  invalidated_at: null,
  version: null,
  ...overrides,
});

describe("summaryDataSchema", () => {
  it("accepts the documented figures", () => {
    expect(summaryDataSchema.parse(DOCUMENTED_FIGURES)).toEqual(DOCUMENTED_FIGURES);
  });

  it.each([
    ["an unknown top-level key", { ...DOCUMENTED_FIGURES, note: "Kari" }, ["note"]],
    ["a missing total", { ...DOCUMENTED_FIGURES, totals: { ...DOCUMENTED_FIGURES.totals, active_mentors: undefined } }, ["totals", "active_mentors"]],
    ["an unknown total", { ...DOCUMENTED_FIGURES, totals: { ...DOCUMENTED_FIGURES.totals, names: 1 } }, ["totals", "names"]],
    ["a negative count", { ...DOCUMENTED_FIGURES, totals: { ...DOCUMENTED_FIGURES.totals, participations: -1 } }, ["totals", "participations"]],
    ["a count beyond 2^53 − 1", { ...DOCUMENTED_FIGURES, totals: { ...DOCUMENTED_FIGURES.totals, minutes_total: 2 ** 53 } }, ["totals", "minutes_total"]],
    ["a fractional count", { ...DOCUMENTED_FIGURES, activities_by_path: { direct: 1.5 } }, ["activities_by_path", "direct"]],
    ["a count as text", { ...DOCUMENTED_FIGURES, activity_days_by_month: { "2026-01": "3" } }, ["activity_days_by_month", "2026-01"]],
    ["an unknown activity kind", { ...DOCUMENTED_FIGURES, activities_by_kind: { chess: 1 } }, ["activities_by_kind", "chess"]],
    ["a month that is not YYYY-MM", { ...DOCUMENTED_FIGURES, activity_days_by_month: { "2026-13": 1 } }, ["activity_days_by_month", "2026-13"]],
    ["a municipality instead of a county", { ...DOCUMENTED_FIGURES, activity_days_by_county: { "4601": 1 } }, ["activity_days_by_county", "4601"]],
    ["another shape version", { ...DOCUMENTED_FIGURES, shape_version: 1 }, ["shape_version"]],
    ["a flag that is not a boolean", { ...DOCUMENTED_FIGURES, totals: { ...DOCUMENTED_FIGURES.totals, unique_participants_is_lower_bound: 1 } }, ["totals", "unique_participants_is_lower_bound"]],
  ])("refuses %s", (_, figures, path) => {
    const parsed = parseResponse(summaryDataSchema, figures);
    expect(parsed._unsafeUnwrapErr()).toMatchObject({ kind: "validation", path });
  });
});

describe("the rows of list_periodic_summaries_since", () => {
  it("accepts an upsert and a tombstone, told apart by operation", () => {
    const [upsert, deleted] = summaryChangePageSchema.parse([upsertRow(), tombstone()]);
    expect(upsert?.operation === "upsert" && upsert.summary_data.totals.activity_days).toBe(9);
    expect(deleted).toEqual(tombstone());
  });

  it.each([
    ["an unsafe version", upsertRow({ version: 2 ** 53 }), ["version"]],
    ["version 0", upsertRow({ version: 0 }), ["version"]],
    ["a version as text (an int8 beyond 2^53 from the postgres transport)", upsertRow({ version: "9007199254740993" }), ["version"]],
    ["an upsert without its period", upsertRow({ period_start: null }), ["period_start"]],
    ["a date that does not exist", upsertRow({ period_end: "2026-06-31" }), ["period_end"]],
    ["a timestamp without an offset", upsertRow({ updated_at: "2026-07-02 08:30:00" }), ["updated_at"]],
    ["an unknown period type", upsertRow({ period_type: "week" }), ["period_type"]],
    ["a cursor that is not a change id", upsertRow({ cursor: "757.12" }), ["cursor"]],
    ["a cursor of 20 digits", upsertRow({ cursor: "1".repeat(20) }), ["cursor"]],
    ["an unknown column", upsertRow({ org_id: SUMMARY_ID }), ["org_id"]],
    ["a tombstone that carries figures", tombstone({ summary_data: DOCUMENTED_FIGURES }), ["summary_data"]],
    ["an unknown operation", upsertRow({ operation: "merge" }), ["operation"]],
    ["a summary id that is not a uuid", tombstone({ summary_id: "42" }), ["summary_id"]],
  ])("refuses %s", (_, row, path) => {
    expect(parseResponse(summaryChangeRowSchema, row)._unsafeUnwrapErr()).toMatchObject({ kind: "validation", path });
  });

  it("never throws, whatever the server sends", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const parsed = parseResponse(summaryChangePageSchema, value);
        expect(parsed.isOk() || parsed.error.kind === "validation").toBe(true);
      }),
    );
  });
});

describe("summaryPushPayloadSchema", () => {
  const payload = { org_id: SUMMARY_ID, mentor_id: null, period_type: "month", period_start: "2026-03-01", version: 3, event: "invalidated" };

  it("accepts the outbox / pg_notify fields", () => {
    expect(summaryPushPayloadSchema.parse(payload)).toEqual(payload);
  });

  it.each([
    ["an unknown event", { ...payload, event: "deleted" }, ["event"]],
    ["a version as text", { ...payload, version: "3" }, ["version"]],
    ["a missing mentor id (null is required for organisation-wide)", { ...payload, mentor_id: undefined }, ["mentor_id"]],
    ["an extra field", { ...payload, email: "kari@example.no" }, ["email"]],
  ])("refuses %s", (_, value, path) => {
    expect(parseResponse(summaryPushPayloadSchema, value)._unsafeUnwrapErr()).toMatchObject({ kind: "validation", path });
  });
});

describe("the sync cursor", () => {
  it("is a change id, parsed and ordered as a number, not as text", () => {
    expect(isSummaryCursor("1042")).toBe(true);
    expect(isSummaryCursor("757.12")).toBe(false);
    expect(isSummaryCursor("")).toBe(false);
    expect(isSummaryCursor("-1")).toBe(false);
    expect(parseSummaryCursor("x1")).toBeNull();
    expect(parseSummaryCursor("757.12")).toBeNull();
    expect(parseSummaryCursor("9") ?? 0n).toBeLessThan(parseSummaryCursor("10") ?? 0n);
    expect(parseSummaryCursor("9223372036854775807")).toBe(2n ** 63n - 1n);
  });

  it("is stored as the server sent it; a sync may also resume from the older <xid>.<change id> form", () => {
    expect(storedCursorOf("1042")._unsafeUnwrap()).toBe("1042");
    expect(storedCursorOf("757.12")._unsafeUnwrapErr()).toMatchObject({ kind: "validation", path: ["cursor"] });
    expect(isResumableSummaryCursor("1042")).toBe(true);
    expect(isResumableSummaryCursor("757.0")).toBe(true);
    expect(isResumableSummaryCursor("757.")).toBe(false);
    expect(isResumableSummaryCursor("")).toBe(false);
  });

  it("keeps every change id exactly, beyond 2^53 too", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }), (change) => {
        const stored = storedCursorOf(change.toString())._unsafeUnwrap();
        expect(parseSummaryCursor(stored)).toBe(change);
      }),
    );
  });
});

describe("dates between the API and the mirror", () => {
  it("keeps every calendar day through unix ms at UTC midnight", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2100-12-31T00:00:00Z"), noInvalidDate: true }), (date) => {
        const day = date.toISOString().slice(0, 10);
        const ms = isoDateToUnixMs(day);
        expect(ms % 86_400_000).toBe(0);
        expect(unixMsToIsoDate(ms)).toBe(day);
      }),
    );
  });

  it("reads timestamps with any offset and precision to the millisecond", () => {
    expect(timestampToUnixMs("2026-05-01T12:00:00.123456+02:00")).toBe(Date.UTC(2026, 4, 1, 10, 0, 0, 123));
    expect(unixMsToTimestamp(Date.UTC(2026, 4, 1, 10, 0, 0, 123))).toBe("2026-05-01T10:00:00.123Z");
  });
});

describe("the mirror's failure boundary", () => {
  it("turns driver errors into sqlite_error and keeps failure values as they are", () => {
    const driverError = new SqliteDriverError("database is locked", { sql: "BEGIN" });
    expect(toMirrorFailure(driverError)).toEqual({ kind: "mirror", reason: "sqlite_error", message: "database is locked", sql: "BEGIN", cause: driverError });
    expect(toMirrorFailure(networkFailure("offline"))).toEqual(networkFailure("offline"));
    expect(toMirrorFailure(validationFailure(["x"], "bad"))).toEqual(validationFailure(["x"], "bad"));
    expect(toMirrorFailure(mirrorFailure("invalid_row", "row"))).toEqual({ kind: "mirror", reason: "invalid_row", message: "row" });
  });

  it("makes anything else an unexpected failure, never an exception", () => {
    expect(toMirrorFailure(new TypeError("boom"))).toMatchObject({ kind: "mirror", reason: "unexpected", message: "boom" });
    const hostile = { toString: () => { throw new Error("no"); } };
    expect(toMirrorFailure(hostile)).toMatchObject({ kind: "mirror", reason: "unexpected", message: "unprintable error" });
    expect(isMirrorFailure({ kind: "mirror", reason: "disk", message: "x" })).toBe(false);
  });
});

describe("SerialQueue", () => {
  it("runs tasks one at a time in order, and a failed task does not stop the next", async () => {
    const queue = new SerialQueue();
    const events: string[] = [];
    const task = (name: string, fail = false) => async () => {
      events.push(`${name} start`);
      await new Promise((done) => setTimeout(done, 5));
      events.push(`${name} end`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([queue.run(task("a")), queue.run(task("b", true)), queue.run(task("c"))]);
    expect(events).toEqual(["a start", "a end", "b start", "b end", "c start", "c end"]);
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  });
});
