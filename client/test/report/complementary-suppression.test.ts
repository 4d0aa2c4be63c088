/**
 * Complementary suppression, checked the way a reader would attack it: from
 * the rendered report alone (every breakdown adds up to a published total),
 * work out each hidden cell's possible values; a cell with only one possible
 * value is a disclosure. The solver here knows nothing of the implementation:
 * it reads "<k" as 1 to k − 1, ":" as k or more (or 0 or more when the whole
 * breakdown is ":"), and looks for a second solution of the sum for each cell.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { determinedCells, protectBreakdown, renderReport } from "../../src/report.ts";
import { fixtureFigures, fixtureReportInput } from "./support/fixture-report-input.ts";
import { columnTexts, expectNothingDerivable, isDetermined, monthTexts, readerCells } from "./support/reader-solver.ts";

const small = (k: number) => fc.integer({ min: 0, max: k + 12 });

describe("complementary suppression of one breakdown", () => {
  it("leaves no hidden cell determined by the total and the others (random breakdowns)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 10 }).chain((k) => fc.tuple(fc.constant(k), fc.array(small(k), { minLength: 2, maxLength: 10 }))),
        ([k, values]) => {
          const states = protectBreakdown(values, k);
          values.forEach((value, index) => {
            if (value >= 1 && value < k) expect(states[index]).not.toBe("shown");
          });
          const texts = states.map((state, index) => (state === "shown" ? String(values[index]) : state === "small" ? `&lt;${k}` : ":"));
          const cells = readerCells(texts, values, k);
          for (const index of cells.keys()) {
            if (states[index] !== "shown") expect(isDetermined(cells, index), `cell ${index} of ${JSON.stringify(values)} (k = ${k})`).toBe(false);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("hides a second cell in the case that gave the hidden 3 away (32 − 20 − 9)", () => {
    expect(determinedCells([20, 9, 3], ["shown", "shown", "small"], 5)).toEqual([2]);
    const states = protectBreakdown([20, 9, 3], 5);
    expect(states).toEqual(["shown", "complementary", "small"]);
    expect(determinedCells([20, 9, 3], states, 5)).toEqual([]);
  });

  it("hides more than one when two small cells would be pinned to their bounds (1 + 1 of 2)", () => {
    expect(protectBreakdown([15, 1, 1], 5)).toEqual(["complementary", "small", "small"]);
  });

  it("withholds the whole breakdown when hiding every larger cell is not enough", () => {
    expect(protectBreakdown([1, 5], 5)).toEqual(["withheld", "withheld"]);
    expect(protectBreakdown([3, 0], 5)).toEqual(["withheld", "withheld"]);
  });

  it("changes nothing without a small cell", () => {
    expect(protectBreakdown([0, 5, 12], 5)).toEqual(["shown", "shown", "shown"]);
  });
});

describe("complementary suppression in the rendered report", () => {
  const kinds = ["in_person_outreach", "phone_or_digital", "group_meeting", "mentor_course", "other"] as const;
  const countedKinds = ["in_person_outreach", "group_meeting", "mentor_course"] as const;
  const paths = ["direct", "proxy", "bulk"] as const;
  const counties = ["03", "11", "46", "50", "unknown"] as const;
  const months = ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"] as const;

  it("no hidden count by county or month can be solved for, and counts by kind and path are shown in full (random snapshots)", () => {
    const record = <K extends string>(keys: readonly K[], k: number) => fc.tuple(...keys.map(() => small(k))).map((values) => values);
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 8 }).chain((k) =>
          fc.record({
            k: fc.constant(k),
            days: record(countedKinds, k),
            activities: record(kinds, k),
            paths: record(paths, k),
            counties: record(counties, k),
            months: record(months, k),
          }),
        ),
        (drawn) => {
          const { k } = drawn;
          const figures = fixtureFigures();
          const toRecord = (keys: readonly string[], values: readonly number[]) => Object.fromEntries(keys.map((key, index) => [key, values[index]!]));
          const html = renderReport(
            fixtureReportInput({
              suppressionThreshold: k,
              figures: {
                ...figures,
                activity_days_by_kind: toRecord(countedKinds, drawn.days),
                activities_by_kind: toRecord(kinds, drawn.activities),
                activities_by_path: toRecord(paths, drawn.paths),
                activity_days_by_county: toRecord(counties, drawn.counties),
                activity_days_by_month: toRecord(months, drawn.months),
              },
            }),
          );
          // Activity counts single out no one: every cell as it is.
          expect(columnTexts(html, "By activity kind", countedKinds, 0)).toEqual(drawn.days.map(String));
          expect(columnTexts(html, "By activity kind", kinds, 1)).toEqual(drawn.activities.map(String));
          expect(columnTexts(html, "By registration path", paths)).toEqual(drawn.paths.map(String));
          // Where and when people were met: small counts hidden, and nothing hidden can be worked out.
          const protectedBreakdowns = [
            { texts: columnTexts(html, "Activity-days by county", counties), values: drawn.counties },
            { texts: monthTexts(html), values: drawn.months },
          ];
          for (const { texts, values } of protectedBreakdowns) expectNothingDerivable(texts, values, k);
        },
      ),
      { numRuns: 300 },
    );
  });
});
