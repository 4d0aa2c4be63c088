/**
 * The report's "not counted, by reason" table: the reasons with entries in the
 * rules' order, exact counts and their sum; nothing when the input has no
 * table; refused input named.
 */
import { describe, expect, it } from "vitest";
import { renderNotCountedTable, renderReport } from "../../src/report.ts";
import { fixtureReportInput } from "./support/fixture-report-input.ts";

/** Organisation A's 2026-H1 entries by verdict (db/fixtures/README.md). */
const FIXTURE_A_H1 = [
  { verdict: "counts", entries: 9 }, { verdict: "no_active_mentor", entries: 2 }, { verdict: "held_for_review", entries: 0 },
  { verdict: "merged_proxy_twin", entries: 1 }, { verdict: "kind_not_counted", entries: 1 }, { verdict: "abroad", entries: 1 },
  { verdict: "too_few_participants", entries: 1 }, { verdict: "too_short", entries: 2 }, { verdict: "same_day_repeat", entries: 1 },
  { verdict: "deleted", entries: 1 },
] as const;

const rowKeys = (html: string) => [...html.matchAll(/<tr data-key="([^"]+)">/g)].map((match) => match[1]);

describe("renderNotCountedTable", () => {
  it("lists every reason with entries but 'counts', in the rules' order, with exact counts and their sum", () => {
    const html = renderNotCountedTable(FIXTURE_A_H1);
    expect(rowKeys(html)).toEqual([
      "no_active_mentor", "merged_proxy_twin", "kind_not_counted", "abroad",
      "too_few_participants", "too_short", "same_day_repeat", "deleted",
    ]);
    expect(html).toContain('<tr data-key="too_short"><th scope="row">below the minute threshold (rule 3)</th><td class="num">2</td></tr>');
    expect(html).not.toContain('data-key="held_for_review"');
    expect(html).toMatch(/<tfoot><tr><th scope="row">In all<\/th><td class="num">10<\/td><\/tr><\/tfoot>/);
  });

  it("leaves out a reason missing from the input or with no entry, and still sums the rest", () => {
    const html = renderNotCountedTable([{ verdict: "abroad", entries: 3 }, { verdict: "too_short", entries: 0 }]);
    expect(rowKeys(html)).toEqual(["abroad"]);
    expect(html).toMatch(/<tfoot><tr><th scope="row">In all<\/th><td class="num">3<\/td><\/tr><\/tfoot>/);
  });

  it("refuses a count that is not a non-negative safe integer, and an unknown reason", () => {
    expect(() => renderNotCountedTable([{ verdict: "abroad", entries: -1 }])).toThrow(/notCounted\.abroad must be a non-negative safe integer/);
    expect(() => renderNotCountedTable([{ verdict: "abroad", entries: 1.5 }])).toThrow(RangeError);
    expect(() => renderNotCountedTable([{ verdict: "<script>" as "abroad", entries: 1 }])).toThrow(/unknown reason/);
  });

  it("is in the report when the input has it, and absent when it has not", () => {
    expect(renderReport(fixtureReportInput({ notCounted: FIXTURE_A_H1 }))).toContain("Entries not counted, by reason");
    expect(renderReport(fixtureReportInput())).not.toContain("Entries not counted, by reason");
  });
});
