/**
 * Figures and mirror rows for tests that work on the mirror alone (no server):
 * rows written straight into summary_cache, as a sync would have left them.
 */
import type { SqliteDriver } from "../../../src/mirror/sqlite-driver.ts";
import { SUMMARY_CACHE_COLUMNS, type SummaryCacheRow } from "../../../src/mirror/summary-cache-row.ts";

/** The documented example (db/README.md, "Snapshot shape"). */
export const DOCUMENTED_FIGURES = {
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

/** A complete summary_cache row; override what the test is about. */
export function cacheRow(overrides: Partial<SummaryCacheRow> & Pick<SummaryCacheRow, "id" | "organisation_id">): SummaryCacheRow {
  const row: SummaryCacheRow = {
    mentor_id: null,
    period_type: "half_year",
    period_start: Date.UTC(2026, 0, 1),
    period_end: Date.UTC(2026, 5, 30),
    summary_data: JSON.stringify(DOCUMENTED_FIGURES),
    version: 3,
    generated_at: Date.UTC(2026, 6, 1, 2, 0, 0, 123),
    updated_at: Date.UTC(2026, 6, 2, 8, 30),
    invalidated_at: null,
    last_synced_at: Date.UTC(2026, 6, 1, 5),
    is_stale: 0,
    source: "sync",
    mentor_key: "",
    ...overrides,
  };
  return { ...row, mentor_key: row.mentor_id ?? "" };
}

export async function insertCacheRows(driver: SqliteDriver, rows: readonly SummaryCacheRow[]): Promise<void> {
  for (const row of rows) {
    const record: Readonly<Record<string, string | number | null>> = { ...row };
    await driver.run(
      `insert into summary_cache (${SUMMARY_CACHE_COLUMNS.join(", ")}) values (${SUMMARY_CACHE_COLUMNS.map(() => "?").join(", ")})`,
      SUMMARY_CACHE_COLUMNS.map((column) => record[column] ?? null),
    );
  }
}
