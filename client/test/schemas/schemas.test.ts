import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { isoDate, isoTimestamp } from "../../src/schemas/iso-date.ts";
import { parseResponse } from "../../src/schemas/parse-response.ts";
import { safeInteger } from "../../src/schemas/safe-integer.ts";

describe("safeInteger", () => {
  it.each([0, 1, -1, 42, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER])("accepts %s", (value) => {
    expect(safeInteger.safeParse(value).success).toBe(true);
  });

  it.each([
    ["2^53 (what 9007199254740993 becomes through JSON.parse)", 2 ** 53],
    ["a fraction", 1.5],
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["a digit string", "42"],
    ["an unsafe int8 as text", "9007199254740993"],
    ["a bigint", 42n],
    ["null", null],
  ])("refuses %s", (_, value) => {
    expect(safeInteger.safeParse(value).success).toBe(false);
  });
});

describe("isoDate and isoTimestamp", () => {
  it("accept real dates only", () => {
    expect(isoDate.safeParse("2028-02-29").success).toBe(true);
    expect(isoDate.safeParse("2026-02-29").success).toBe(false);
    expect(isoDate.safeParse("2026-5-1").success).toBe(false);
    expect(isoDate.safeParse(new Date()).success).toBe(false);
  });

  it("accept timestamps as PostgREST writes them, with an offset", () => {
    expect(isoTimestamp.safeParse("2026-05-01T12:00:00+00:00").success).toBe(true);
    expect(isoTimestamp.safeParse("2026-05-01T12:00:00.123456+05:30").success).toBe(true);
    expect(isoTimestamp.safeParse("2026-05-01 12:00:00+00").success).toBe(false);
    expect(isoTimestamp.safeParse("2026-05-01T12:00:00").success).toBe(false);
  });
});

const snapshotRow = z.strictObject({
  org_id: z.string(),
  period_start: isoDate,
  activity_days: safeInteger,
  breakdown: z.array(z.strictObject({ kind: z.string(), days: safeInteger })),
});

describe("parseResponse", () => {
  const good = { org_id: "a", period_start: "2026-01-01", activity_days: 3, breakdown: [{ kind: "group", days: 3 }] };

  it("returns the parsed value", () => {
    expect(parseResponse(snapshotRow, good)._unsafeUnwrap()).toEqual(good);
  });

  it("reports the first issue's path and message", () => {
    const failure = parseResponse(snapshotRow, { ...good, breakdown: [{ kind: "group", days: "3" }] })._unsafeUnwrapErr();
    expect(failure).toEqual({ kind: "validation", path: ["breakdown", 0, "days"], issue: "expected a safe integer (a number, not a string)", message: "breakdown.0.days: expected a safe integer (a number, not a string)" });
  });

  it("refuses an unknown key of a strict object and names it", () => {
    const failure = parseResponse(snapshotRow, { ...good, participant_name: "Kari" })._unsafeUnwrapErr();
    expect(failure.path).toEqual(["participant_name"]);
  });

  it("refuses an int8 the postgres transport left as text", () => {
    expect(parseResponse(snapshotRow, { ...good, activity_days: "9007199254740993" })._unsafeUnwrapErr().path).toEqual(["activity_days"]);
  });

  it("turns a schema that cannot run synchronously into a failure, not an exception", () => {
    const asyncSchema = z.string().refine(async () => true);
    expect(parseResponse(asyncSchema, "x")._unsafeUnwrapErr().issue).toMatch(/could not be checked/);
  });

  it("never throws, whatever the value", () => {
    fc.assert(
      fc.property(fc.anything({ withObjectString: true, withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true }), (value) => {
        const result = parseResponse(snapshotRow, value);
        expect(result.isOk() || result.isErr()).toBe(true);
        if (result.isErr()) expect(Array.isArray(result.error.path)).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });

  it("never throws on values shaped almost like the schema", () => {
    const almost = fc.record(
      {
        org_id: fc.oneof(fc.string(), fc.integer()),
        period_start: fc.oneof(fc.constant("2026-02-29"), fc.constant("2026-01-01"), fc.string()),
        activity_days: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(2 ** 53)),
        breakdown: fc.array(fc.record({ kind: fc.string(), days: fc.anything() }, { requiredKeys: [] })),
        extra: fc.anything(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(almost, (value) => {
        const result = parseResponse(snapshotRow, value);
        if (result.isOk()) expect(Number.isSafeInteger(result.value.activity_days)).toBe(true);
      }),
      { numRuns: 1_000 },
    );
  });
});
