/**
 * Properties of the metric schemas: no input makes them throw; every figure
 * document of the documented shape parses to itself; and a count that is not a
 * non-negative safe integer is refused wherever it sits, with its path.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type * as z from "zod/mini";
import { Constants } from "../../src/generated/database.types.ts";
import { exportRecordSchema } from "../../src/metrics/export-record.ts";
import { figureDifferenceSchema } from "../../src/metrics/figure-difference.ts";
import { METRIC_NAMES, type MetricFigures, metricFiguresSchema } from "../../src/metrics/metric-figures.ts";
import { metricSnapshotSchema } from "../../src/metrics/metric-snapshot.ts";
import { snapshotStatusSchema } from "../../src/metrics/snapshot-status.ts";
import { parseResponse } from "../../src/schemas/parse-response.ts";
import { periodOrThrow } from "../../src/period/period.ts";
import { figuresFor, snapshotRow } from "./support/figures.ts";

const pad = (value: number, width: number) => String(value).padStart(width, "0");

const count = fc.maxSafeNat();
const isoDay = fc
  .date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("9999-12-31T00:00:00Z"), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));
const ruleVersion = fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 999 })).map(([year, n]) => `${pad(year, 4)}.${n}`);
const monthKey = fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1, max: 12 })).map(([year, month]) => `${pad(year, 4)}-${pad(month, 2)}`);
const countyKey = fc.oneof(fc.integer({ min: 0, max: 99 }).map((county) => pad(county, 2)), fc.constant("unknown"));
const section = (key: fc.Arbitrary<string>) => fc.dictionary(key, count, { maxKeys: 14 });

/** Any figure document of the documented shape. */
const validFigures: fc.Arbitrary<MetricFigures> = fc.record({
  shape_version: fc.constant(2 as const),
  rule_version: ruleVersion,
  computed_in: fc
    .tuple(fc.integer({ min: 1, max: 1_000_000 }), fc.nat({ max: 1000 }), fc.array(fc.nat({ max: 1000 }), { maxLength: 4 }))
    .map(([xmin, span, running]) => `${xmin}:${xmin + span}:${running.map((offset) => xmin + Math.min(offset, span)).join(",")}`),
  period: fc.record({ start: isoDay, end: isoDay }),
  totals: fc.record({
    activity_days: count,
    activities_total: count,
    activities_non_counting: count,
    proxy_duplicates_merged: count,
    participations: count,
    unique_participants: count,
    unique_participants_is_lower_bound: fc.boolean(),
    minutes_total: count,
    active_mentors: count,
  }),
  activity_days_by_kind: section(fc.constantFrom(...Constants.public.Enums.activity_kind)),
  activities_by_kind: section(fc.constantFrom(...Constants.public.Enums.activity_kind)),
  activities_by_path: section(fc.constantFrom(...Constants.public.Enums.registration_path)),
  activity_days_by_month: section(monthKey),
  activity_days_by_county: section(countyKey),
  entries_left_out_by_reason: section(fc.constantFrom(...Constants.public.Enums.left_out_reason)),
});

/** Where the counts of a figure document are: every total but the flag, every breakdown entry. */
function countPaths(figures: MetricFigures): string[][] {
  const paths = METRIC_NAMES.filter((name) => name !== "unique_participants_is_lower_bound").map((name) => ["totals", name]);
  const sections = [
    "activity_days_by_kind", "activities_by_kind", "activities_by_path", "activity_days_by_month", "activity_days_by_county", "entries_left_out_by_reason",
  ] as const;
  for (const name of sections) for (const key of Object.keys(figures[name])) paths.push([name, key]);
  return paths;
}

function withValueAt<T>(document: T, path: readonly string[], value: unknown): T {
  const copy = structuredClone(document) as Record<string, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[path.at(-1)!] = value;
  return copy as T;
}

/** Values that are not safe integers: fractions, the unsafe range, non-numbers, digit strings. */
const notSafeInteger = fc.oneof(
  fc.double().filter((value) => !Number.isSafeInteger(value)),
  fc.constantFrom(2 ** 53, -(2 ** 53), Number.MAX_VALUE, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0.5),
  fc.bigInt().map(String),
  fc.constant("9007199254740993"),
  fc.bigInt(),
  fc.string(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(count, { maxLength: 2 }),
);

const SCHEMAS: [string, z.ZodMiniType][] = [
  ["metricFiguresSchema", metricFiguresSchema],
  ["metricSnapshotSchema", metricSnapshotSchema],
  ["snapshotStatusSchema", snapshotStatusSchema],
  ["figureDifferenceSchema", figureDifferenceSchema],
  ["exportRecordSchema", exportRecordSchema],
];

/** JSON nested `depth` levels deep, as a hostile or broken response could be. */
function deepJson(depth: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < depth; level++) value = level % 2 === 0 ? [value] : { totals: value };
  return value;
}

describe("the metric schemas never throw", () => {
  const anything = fc.anything({
    withBigInt: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withObjectString: true,
    withSparseArray: true,
    withTypedArray: true,
    withUnicodeString: true,
  });

  it.each(SCHEMAS)("%s on any value", (_, schema) => {
    fc.assert(
      fc.property(anything, (value) => {
        expect(typeof schema.safeParse(value).success).toBe("boolean");
      }),
      { numRuns: 500 },
    );
  });

  it.each(SCHEMAS)("%s on any JSON, deep JSON, and valid figures with JSON in any place", (_, schema) => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), (value) => {
        expect(typeof schema.safeParse(value).success).toBe("boolean");
      }),
      { numRuns: 300 },
    );
    for (const depth of [100, 10_000]) {
      expect(schema.safeParse(deepJson(depth)).success).toBe(false);
      expect(schema.safeParse({ snapshot_json: deepJson(depth), payload: deepJson(depth) }).success).toBe(false);
    }
    fc.assert(
      fc.property(validFigures, fc.jsonValue({ maxDepth: 6 }), fc.nat(), (figures, json, pick) => {
        const places = [["totals"], ["period"], ["activities_by_kind"], ...countPaths(figures)];
        const broken = withValueAt(figures, places[pick % places.length]!, json);
        expect(typeof schema.safeParse(broken).success).toBe("boolean");
        expect(typeof schema.safeParse({ ...snapshotRow("00000000-0000-4000-a000-00000000000a", periodOrThrow("2026-H1")), snapshot_json: broken }).success).toBe("boolean");
      }),
      { numRuns: 200 },
    );
  });
});

describe("metricFiguresSchema", () => {
  it("parses every figure document of the documented shape to itself", () => {
    fc.assert(
      fc.property(validFigures, (figures) => {
        expect(parseResponse(metricFiguresSchema, figures)._unsafeUnwrap()).toEqual(figures);
      }),
      { numRuns: 500 },
    );
  });

  it("parses the documented example (db/README.md) and the figures the tests save", () => {
    const example = {
      shape_version: 2,
      rule_version: "2026.1",
      computed_in: "764:766:764",
      period: { start: "2026-01-01", end: "2026-06-30" },
      totals: {
        activity_days: 9, activities_total: 15, activities_non_counting: 6, proxy_duplicates_merged: 1, participations: 31,
        unique_participants: 5, unique_participants_is_lower_bound: true, minutes_total: 940, active_mentors: 3,
      },
      activity_days_by_kind: { in_person_outreach: 6, group_meeting: 2, mentor_course: 1 },
      activities_by_kind: { in_person_outreach: 8, phone_or_digital: 1, group_meeting: 4, mentor_course: 2, other: 0 },
      activities_by_path: { direct: 13, proxy: 1, bulk: 1 },
      activity_days_by_month: { "2026-01": 3, "2026-02": 1, "2026-03": 1, "2026-04": 1, "2026-05": 1, "2026-06": 2 },
      activity_days_by_county: { "46": 6, "11": 2, "50": 1 },
      entries_left_out_by_reason: { no_active_mentor: 2 },
    };
    expect(metricFiguresSchema.parse(example)).toEqual(example);
    expect(metricFiguresSchema.safeParse(figuresFor(periodOrThrow("2026-Q4"))).success).toBe(true);
  });

  it("refuses any count that is not a safe integer, wherever it is, and names its path", () => {
    fc.assert(
      fc.property(validFigures, fc.nat(), notSafeInteger, (figures, pick, bad) => {
        const paths = countPaths(figures);
        const path = paths[pick % paths.length]!;
        const failure = parseResponse(metricFiguresSchema, withValueAt(figures, path, bad))._unsafeUnwrapErr();
        expect(failure.path).toEqual(path);
      }),
      { numRuns: 1000 },
    );
  });

  it("refuses a negative count, as the allow-list does", () => {
    fc.assert(
      fc.property(validFigures, fc.nat(), fc.integer({ min: Number.MIN_SAFE_INTEGER, max: -1 }), (figures, pick, negative) => {
        const paths = countPaths(figures);
        const path = paths[pick % paths.length]!;
        expect(parseResponse(metricFiguresSchema, withValueAt(figures, path, negative))._unsafeUnwrapErr().path).toEqual(path);
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ["an unknown top-level key", (f: MetricFigures) => ({ ...f, contact_name: "Kari" }), ["contact_name"]],
    ["an unknown metric", (f: MetricFigures) => ({ ...f, totals: { ...f.totals, birth_year: 1961 } }), ["totals", "birth_year"]],
    ["a missing metric", (f: MetricFigures) => ({ ...f, totals: { ...f.totals, activity_days: undefined } }), ["totals", "activity_days"]],
    ["a kind outside the enum", (f: MetricFigures) => ({ ...f, activities_by_kind: { ...f.activities_by_kind, chat: 1 } }), ["activities_by_kind"]],
    ["a path outside the enum", (f: MetricFigures) => ({ ...f, activities_by_path: { email: 1 } }), ["activities_by_path"]],
    ["month 13", (f: MetricFigures) => ({ ...f, activity_days_by_month: { "2026-13": 1 } }), ["activity_days_by_month", "2026-13"]],
    ["a municipality code as county", (f: MetricFigures) => ({ ...f, activity_days_by_county: { "4601": 1 } }), ["activity_days_by_county", "4601"]],
    ["a __proto__ key in a breakdown", (f: MetricFigures) => ({ ...f, activity_days_by_county: JSON.parse('{"__proto__": 1}') as object }), ["activity_days_by_county", "__proto__"]],
    ["shape version 1", (f: MetricFigures) => ({ ...f, shape_version: 1 }), ["shape_version"]],
    ["a free-text rule version", (f: MetricFigures) => ({ ...f, rule_version: "Kari Nordmann" }), ["rule_version"]],
    ["free text where the computation snapshot belongs", (f: MetricFigures) => ({ ...f, computed_in: "Kari Nordmann" }), ["computed_in"]],
    ["an impossible date", (f: MetricFigures) => ({ ...f, period: { start: "2026-02-30", end: "2026-06-30" } }), ["period", "start"]],
    ["the flag as a number", (f: MetricFigures) => ({ ...f, totals: { ...f.totals, unique_participants_is_lower_bound: 1 } }), ["totals", "unique_participants_is_lower_bound"]],
  ])("refuses %s", (_, change, path) => {
    const failure = parseResponse(metricFiguresSchema, change(figuresFor(periodOrThrow("2026-H1"))))._unsafeUnwrapErr();
    expect(failure.path.slice(0, path.length)).toEqual(path);
  });
});

describe("the row schemas", () => {
  it("parse every snapshot row with valid figures, and refuse a record count that is not a safe integer", () => {
    const row = snapshotRow("00000000-0000-4000-a000-00000000000a", periodOrThrow("2026-H1"));
    fc.assert(
      fc.property(validFigures, count, notSafeInteger, (figures, recordCount, bad) => {
        const good = { ...row, snapshot_json: figures, record_count_at_generation: recordCount };
        expect(parseResponse(metricSnapshotSchema, good)._unsafeUnwrap()).toEqual(good);
        expect(parseResponse(metricSnapshotSchema, { ...good, record_count_at_generation: bad })._unsafeUnwrapErr().path).toEqual(["record_count_at_generation"]);
      }),
      { numRuns: 300 },
    );
  });

  it("refuse a status or a figure difference whose numbers are not safe integers", () => {
    const status = {
      snapshot_exists: true, snapshot_id: "00000000-0000-4000-f000-000000000001", computed_at: "2026-11-21T06:49:19+00:00",
      age_seconds: 5, rule_version: "2026.1", rule_version_in_force: "2026.1", record_count_at_generation: 18,
      record_count_now: 18, is_stale: false, reasons: [],
    };
    fc.assert(
      fc.property(fc.constantFrom("age_seconds", "record_count_at_generation", "record_count_now"), notSafeInteger, (field, bad) => {
        // A mentor's status carries no live count: null is the one non-integer record_count_now takes.
        if (field === "record_count_now" && bad === null) {
          expect(parseResponse(snapshotStatusSchema, { ...status, [field]: bad }).isOk()).toBe(true);
          return;
        }
        expect(parseResponse(snapshotStatusSchema, { ...status, [field]: bad })._unsafeUnwrapErr().path).toEqual([field]);
        expect(parseResponse(figureDifferenceSchema, { figure: "totals.minutes_total", persisted_value: 1, recomputed_value: bad }).isErr()).toBe(
          typeof bad !== "string" && typeof bad !== "boolean" && bad !== null,
        );
      }),
      { numRuns: 300 },
    );
  });
});
