/**
 * The period of a periodic summary, as the summary commands take it: either
 * `--period` ('2026-H1', '2026-Q2', '2026-06', '2026', or a range that is exactly
 * one of those), or `--type` with `--start` (the period's first day). Checked
 * here, so a period the server would refuse is a usage error, not a round trip.
 */
import { isIsoDate, PERIOD_TYPES, type PeriodType } from "@bufdir-reporting/client";
import { periodArgument } from "./arguments.ts";
import { CliFailure, EXIT } from "./output.ts";

/**
 * A whole month, quarter, half-year or year.
 *
 * @example
 * const h1: SummaryPeriod = { type: "half_year", start: "2026-01-01", end: "2026-06-30", label: "2026-H1" };
 */
export interface SummaryPeriod {
  readonly type: PeriodType;
  /** First day, 'YYYY-MM-DD'. */
  readonly start: string;
  /** Last day (inclusive), 'YYYY-MM-DD'. */
  readonly end: string;
  readonly label: string;
}

/**
 * The options a summary command may carry; at most one of the two forms.
 *
 * @example
 * const options: SummaryPeriodOptions = { type: "month", start: "2026-06-01" };
 */
export interface SummaryPeriodOptions {
  readonly period?: string;
  readonly type?: string;
  readonly start?: string;
}

/**
 * Parses a period type; anything but month, quarter, half_year or year is a usage error.
 *
 * @example
 * periodTypeArgument("quarter") // "quarter"
 */
export function periodTypeArgument(text: string): PeriodType {
  const type = PERIOD_TYPES.find((candidate) => candidate === text);
  if (type === undefined) throw new CliFailure(`invalid --type "${text}": expected ${PERIOD_TYPES.join(", ")}`, EXIT.usage);
  return type;
}

/** The type a period label names, or undefined for a range that is none of them. */
function typeOfLabel(label: string): PeriodType | undefined {
  if (/^\d{4}$/.test(label)) return "year";
  if (/^\d{4}-H[12]$/.test(label)) return "half_year";
  if (/^\d{4}-Q[1-4]$/.test(label)) return "quarter";
  if (/^\d{4}-\d{2}$/.test(label)) return "month";
  return undefined;
}

/** The label of the period of `type` that starts on `start`, or undefined when none starts there. */
function labelStartingOn(type: PeriodType, start: string): string | undefined {
  const [year, month, day] = [start.slice(0, 4), Number(start.slice(5, 7)), start.slice(8, 10)];
  if (day !== "01") return undefined;
  switch (type) {
    case "month":
      return start.slice(0, 7);
    case "quarter":
      return month % 3 === 1 ? `${year}-Q${(month + 2) / 3}` : undefined;
    case "half_year":
      return month === 1 || month === 7 ? `${year}-H${month === 1 ? 1 : 2}` : undefined;
    case "year":
      return month === 1 ? year : undefined;
  }
}

/**
 * Resolves `--period`, or `--type` with `--start`, to a summary period.
 *
 * @example
 * summaryPeriodArgument({ period: "2026-Q2" })                        // quarter from 2026-04-01
 * summaryPeriodArgument({ type: "half_year", start: "2026-07-01" })  // 2026-H2
 */
export function summaryPeriodArgument(options: SummaryPeriodOptions): SummaryPeriod {
  const { period, type, start } = options;
  if (period !== undefined) {
    if (type !== undefined || start !== undefined) {
      throw new CliFailure("pass either --period, or --type with --start, not both", EXIT.usage);
    }
    const parsed = periodArgument(period);
    const derived = typeOfLabel(parsed.label);
    if (derived === undefined) {
      throw new CliFailure(`invalid period "${period}": a summary covers a whole month, quarter, half-year or year`, EXIT.usage);
    }
    return { type: derived, start: parsed.start, end: parsed.end, label: parsed.label };
  }
  if (type === undefined || start === undefined) {
    throw new CliFailure("pass --period (e.g. 2026-H1), or --type with --start (e.g. --type half_year --start 2026-01-01)", EXIT.usage);
  }
  const periodType = periodTypeArgument(type);
  if (!isIsoDate(start)) throw new CliFailure(`invalid --start "${start}": expected a real date as YYYY-MM-DD`, EXIT.usage);
  const label = labelStartingOn(periodType, start);
  if (label === undefined) throw new CliFailure(`invalid --start ${start}: no ${periodType} starts on that day`, EXIT.usage);
  const parsed = periodArgument(label);
  return { type: periodType, start: parsed.start, end: parsed.end, label: parsed.label };
}

/** Months in each period type. */
const MONTHS: Record<PeriodType, number> = { month: 1, quarter: 3, half_year: 6, year: 12 };

/**
 * Every period of `type` within `period`, in order: `--period 2026 --every month`
 * is the twelve months of 2026. A type longer than the period is a usage error.
 *
 * @example
 * periodsWithin(summaryPeriodArgument({ period: "2026-H1" }), "quarter").map((p) => p.label) // ["2026-Q1", "2026-Q2"]
 */
export function periodsWithin(period: SummaryPeriod, type: PeriodType): SummaryPeriod[] {
  if (MONTHS[type] > MONTHS[period.type]) {
    throw new CliFailure(`--every ${type} does not fit in ${period.label}, a ${period.type.replace("_", "-")}`, EXIT.usage);
  }
  const periods: SummaryPeriod[] = [];
  const first = new Date(`${period.start}T00:00:00Z`);
  for (let offset = 0; offset < MONTHS[period.type]; offset += MONTHS[type]) {
    const start = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + offset, 1)).toISOString().slice(0, 10);
    periods.push(summaryPeriodArgument({ type, start }));
  }
  return periods;
}
