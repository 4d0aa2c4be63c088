/**
 * What the HTML report is made from: one organisation's snapshot for one period
 * (the documented snapshot shape, db/README.md "Snapshot shape"), and where it
 * came from.
 */

import type { NotCountedInput } from "./not-counted-table.ts";
import { BREAKDOWN_NAMES, FIGURE_TOTALS, FLAG_TOTAL, type FigureBreakdown } from "../metrics/figure-shape.ts";
import { SNAPSHOT_SHAPE_VERSION, type MetricFigures } from "../metrics/metric-figures.ts";

/**
 * The headline figures of a snapshot (the client's one definition of the shape).
 *
 * @example
 * const totals: SnapshotTotals = figures.totals;
 * const hours = totals.minutes_total / 60;
 */
export type SnapshotTotals = Readonly<MetricFigures["totals"]>;

/**
 * A snapshot's figures (shape version 1), as `snapshot_json` holds them: the
 * client's one definition, with breakdowns open to any key so that the report
 * can refuse or escape what the shape does not list instead of trusting types.
 *
 * @example
 * const figures = (await client.query("select snapshot_json from public.get_metric_snapshot($1, $2, $3)", [org, from, to]))
 *   .rows[0].snapshot_json as SnapshotFigures;
 */
export type SnapshotFigures = Readonly<Omit<MetricFigures, "computed_in" | "totals" | FigureBreakdown>> & {
  readonly computed_in?: MetricFigures["computed_in"];
  readonly totals: SnapshotTotals;
} & { readonly [B in FigureBreakdown]: Readonly<Record<string, number>> };

/**
 * Whether the snapshot still matches the data (from `metric_snapshot_status`).
 *
 * @example
 * const staleness: ReportStaleness = { isStale: status.is_stale, reasons: status.reasons };
 */
export interface ReportStaleness {
  readonly isStale: boolean;
  /** E.g. `older_than_24h`, `activities_changed` (see type metric_snapshot_status). */
  readonly reasons: readonly string[];
}

/**
 * Everything renderReport needs.
 *
 * @example
 * const input: ReportInput = {
 *   organisationName: "Likepersonforeningen Vest",
 *   period: { label: "2026-H1", start: "2026-01-01", end: "2026-06-30" },
 *   figures, ruleVersion: "2026.1", computedAt: row.computed_at, contentHash: row.content_hash,
 *   staleness: { isStale: false, reasons: [] },
 * };
 */
export interface ReportInput {
  readonly organisationName: string;
  /** The period's label (e.g. `2026-H1`) and inclusive ISO dates, which must match the figures' period. */
  readonly period: { readonly label: string; readonly start: string; readonly end: string };
  readonly figures: SnapshotFigures;
  /** The snapshot's rule version; must match the figures' rule_version. */
  readonly ruleVersion: string;
  /** When the figures were computed (an ISO timestamp or a Date). */
  readonly computedAt: string | Date;
  /** The snapshot's content hash (SHA-256, hex). */
  readonly contentHash: string;
  /** Left out when unknown; the report then says nothing about freshness. */
  readonly staleness?: ReportStaleness;
  /** Breakdown cells from 1 to k − 1 are shown as "<k" (default 5). */
  readonly suppressionThreshold?: number;
  /** The period's entries by verdict (`count_entries_by_verdict`); the report then has a "not counted, by reason" table. */
  readonly notCounted?: NotCountedInput;
}

const COUNTED_TOTALS = FIGURE_TOTALS.filter((name) => name !== FLAG_TOTAL);

const BREAKDOWNS = BREAKDOWN_NAMES;

function checkCount(path: string, value: unknown): void {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${path} must be a non-negative safe integer, got ${JSON.stringify(value)}`);
  }
}

/**
 * Refuses input a report would misrepresent: figures of another period or rule
 * version than stated, counts that are not non-negative safe integers, or an
 * invalid threshold. Throws a RangeError naming what is wrong.
 *
 * @example
 * checkReportInput(input); // throws when input.period.start !== input.figures.period.start
 */
export function checkReportInput(input: ReportInput): void {
  const { figures, period } = input;
  if (figures.shape_version !== SNAPSHOT_SHAPE_VERSION) {
    throw new RangeError(`figures.shape_version must be ${SNAPSHOT_SHAPE_VERSION}, got ${String(figures.shape_version)}`);
  }
  if (figures.period.start !== period.start || figures.period.end !== period.end) {
    throw new RangeError(
      `the figures cover ${figures.period.start} to ${figures.period.end}, not the period ${period.start} to ${period.end}`,
    );
  }
  if (figures.rule_version !== input.ruleVersion) {
    throw new RangeError(`the figures were computed under rule version ${figures.rule_version}, not ${input.ruleVersion}`);
  }
  if (typeof figures.totals.unique_participants_is_lower_bound !== "boolean") {
    throw new RangeError("totals.unique_participants_is_lower_bound must be a boolean");
  }
  for (const name of COUNTED_TOTALS) checkCount(`totals.${name}`, figures.totals[name]);
  for (const breakdown of BREAKDOWNS) {
    for (const [key, value] of Object.entries(figures[breakdown])) checkCount(`${breakdown}.${key}`, value);
  }
  const k = input.suppressionThreshold;
  if (k !== undefined && (!Number.isSafeInteger(k) || k < 1)) {
    throw new RangeError(`suppressionThreshold must be a positive integer, got ${String(k)}`);
  }
  if (Number.isNaN(new Date(input.computedAt).getTime())) {
    throw new RangeError(`computedAt is not a time: ${String(input.computedAt)}`);
  }
}
