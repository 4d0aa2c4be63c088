/** Hand-made figures and rows in the documented shapes, for tests that need valid ones. */
import type { MetricFigures } from "../../../src/metrics/metric-figures.ts";
import type { MetricSnapshot } from "../../../src/metrics/metric-snapshot.ts";
import type { Period } from "../../../src/period/period.ts";

/** Every month a period touches, as 'YYYY-MM' (what the aggregation lists). */
export function monthsOf(period: Period): string[] {
  const months: string[] = [];
  let [year, month] = [Number(period.start.slice(0, 4)), Number(period.start.slice(5, 7))];
  const last = period.end.slice(0, 7);
  for (;;) {
    const key = `${year}-${String(month).padStart(2, "0")}`;
    months.push(key);
    if (key >= last) return months;
    [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
  }
}

/**
 * Valid figures for a period under rule version 2026.1, every count distinct so
 * a mixed-up field shows; `totals` entries may be overridden. They claim to have
 * been computed in the oldest possible snapshot ("1:1:"), so a snapshot saved
 * from them counts every change as unseen, as figures made up by hand should.
 */
export function figuresFor(period: Period, totals: Partial<MetricFigures["totals"]> = {}): MetricFigures {
  return {
    shape_version: 2,
    rule_version: "2026.1",
    computed_in: "1:1:",
    period: { start: period.start, end: period.end },
    totals: {
      activity_days: 11,
      activities_total: 23,
      activities_non_counting: 12,
      proxy_duplicates_merged: 2,
      participations: 41,
      unique_participants: 7,
      unique_participants_is_lower_bound: false,
      minutes_total: 1385,
      active_mentors: 4,
      ...totals,
    },
    activity_days_by_kind: { in_person_outreach: 8, group_meeting: 2, mentor_course: 1 },
    activities_by_kind: { in_person_outreach: 14, phone_or_digital: 3, group_meeting: 4, mentor_course: 2, other: 0 },
    activities_by_path: { direct: 19, proxy: 3, bulk: 1 },
    activity_days_by_month: Object.fromEntries(monthsOf(period).map((month, index) => [month, index % 3])),
    activity_days_by_county: { "46": 7, "11": 3, unknown: 1 },
    entries_left_out_by_reason: { no_active_mentor: 5 },
  };
}

/** The figure at a dotted path as expected-figures.csv names it: a metric of `totals`, or `<breakdown>.<key>`. */
export function valueAt(figures: MetricFigures, metric: string): unknown {
  const dot = metric.indexOf(".");
  if (dot < 0) return (figures.totals as Record<string, unknown>)[metric];
  const section = (figures as unknown as Record<string, unknown>)[metric.slice(0, dot)];
  return typeof section === "object" && section !== null ? (section as Record<string, unknown>)[metric.slice(dot + 1)] : undefined;
}

/** A row of bufdir_metric_snapshots as the RPCs return it. */
export function snapshotRow(orgId: string, period: Period, overrides: Partial<MetricSnapshot> = {}): MetricSnapshot {
  return {
    org_id: orgId,
    id: "00000000-0000-4000-f000-000000000001",
    period_start: period.start,
    period_end: period.end,
    snapshot_json: figuresFor(period),
    rule_version: "2026.1",
    record_count_at_generation: 18,
    computed_at: "2026-11-21T06:49:19.123456+00:00",
    generated_by: "00000000-0000-4000-b000-000000000006",
    content_hash: "3f".repeat(32),
    ...overrides,
  };
}
