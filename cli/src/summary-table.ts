/**
 * Periodic summaries as table rows for the terminal: the period by its label,
 * whose summary it is (a mentor by name and e-mail), the headline figures, the version and staleness.
 */
import { parsePeriod, type CachedSummary } from "@bufdir-reporting/client";
import type { GeneratedSummary } from "./generated-summary.ts";
import { mentorLabel, type MemberName } from "./member-names.ts";

/**
 * One printed summary.
 *
 * @example
 * const row: SummaryTableRow = { period: "2026-H1", mentor: "(organisation)", "activity-days": 50, activities: 107, version: 1, stale: "no" };
 */
export interface SummaryTableRow {
  readonly [column: string]: string | number;
  readonly period: string;
  readonly mentor: string;
  readonly "activity-days": number;
  readonly activities: number;
  readonly version: number;
  readonly stale: string;
}

/** '2026-H1' for the first half of 2026, '2026-06' for June; the raw range for anything else. */
function periodLabel(start: string, end: string): string {
  const parsed = parsePeriod({ start, end });
  return parsed.isOk() ? parsed.value.label : `${start}..${end}`;
}

/**
 * Summaries in calendar order: by first day, a longer period before the shorter
 * ones it holds (2026, 2026-H1, 2026-Q1, 2026-01, 2026-02, …), the
 * organisation's before its mentors'.
 *
 * @example
 * inCalendarOrder(summaries).map((s) => s.periodStart)
 */
export function inCalendarOrder(summaries: readonly CachedSummary[]): CachedSummary[] {
  return [...summaries].sort(
    (a, b) =>
      a.periodStart.localeCompare(b.periodStart) ||
      b.periodEnd.localeCompare(a.periodEnd) ||
      (a.mentorId === null ? 0 : 1) - (b.mentorId === null ? 0 : 1) ||
      (a.mentorId ?? "").localeCompare(b.mentorId ?? ""),
  );
}

/**
 * Rows for summaries read from the mirror, in calendar order.
 *
 * @example
 * printTable(cachedSummaryRows(summaries, names));
 */
export function cachedSummaryRows(summaries: readonly CachedSummary[], names: readonly MemberName[]): SummaryTableRow[] {
  return inCalendarOrder(summaries).map((summary) => ({
    period: periodLabel(summary.periodStart, summary.periodEnd),
    mentor: mentorLabel(names, summary.mentorId),
    "activity-days": summary.summaryData.totals.activity_days,
    activities: summary.summaryData.totals.activities_total,
    version: summary.version,
    stale: summary.isStale ? "yes" : "no",
  }));
}

/**
 * Rows for summaries just generated on the server.
 *
 * @example
 * printTable(generatedSummaryRows(rows, names));
 */
export function generatedSummaryRows(summaries: readonly GeneratedSummary[], names: readonly MemberName[]): SummaryTableRow[] {
  return summaries.map((summary) => ({
    period: periodLabel(summary.period_start, summary.period_end),
    mentor: mentorLabel(names, summary.mentor_id),
    "activity-days": summary.summary_data.totals.activity_days,
    activities: summary.summary_data.totals.activities_total,
    version: summary.version,
    stale: summary.invalidated_at === null ? "no" : "yes",
  }));
}
