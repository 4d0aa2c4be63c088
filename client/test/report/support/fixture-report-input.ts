/**
 * Report input built from the hand-worked figures of the Bufdir fixture
 * (organisation A, 2026-H1; db/fixtures/expected-figures.csv), for tests that
 * need no database.
 */
import type { ReportInput, SnapshotFigures } from "../../../src/report.ts";

/**
 * The fixture's figures for organisation A in 2026-H1, as a snapshot holds them.
 *
 * @example
 * const figures = fixtureFigures();
 * figures.totals.activity_days // 9
 */
export function fixtureFigures(): SnapshotFigures {
  return {
    shape_version: 2,
    rule_version: "2026.1",
    period: { start: "2026-01-01", end: "2026-06-30" },
    totals: {
      activity_days: 9,
      activities_total: 15,
      activities_non_counting: 6,
      proxy_duplicates_merged: 1,
      participations: 31,
      unique_participants: 5,
      unique_participants_is_lower_bound: true,
      minutes_total: 940,
      active_mentors: 3,
    },
    activity_days_by_kind: { in_person_outreach: 6, group_meeting: 2, mentor_course: 1 },
    activities_by_kind: { in_person_outreach: 8, phone_or_digital: 1, group_meeting: 4, mentor_course: 2, other: 0 },
    activities_by_path: { direct: 13, proxy: 1, bulk: 1 },
    activity_days_by_month: { "2026-01": 3, "2026-02": 1, "2026-03": 1, "2026-04": 1, "2026-05": 1, "2026-06": 2 },
    activity_days_by_county: { "46": 6, "11": 2, "50": 1 },
    entries_left_out_by_reason: { no_active_mentor: 2 },
  };
}

/**
 * A complete report input around fixtureFigures(), with any field replaced.
 *
 * @example
 * renderReport(fixtureReportInput({ organisationName: "Foreningen Øst" }))
 */
export function fixtureReportInput(overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    organisationName: "Likepersonforeningen Vest",
    period: { label: "2026-H1", start: "2026-01-01", end: "2026-06-30" },
    figures: fixtureFigures(),
    ruleVersion: "2026.1",
    computedAt: "2026-07-01T08:30:00Z",
    contentHash: "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
    ...overrides,
  };
}
