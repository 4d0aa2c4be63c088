/**
 * The figures' shape, version 1 (db/README.md, "Snapshot shape"), defined once:
 * the totals and the breakdowns with the keys each may hold. The zod schema
 * (metric-figures.ts) and the CLI's figure table derive from it;
 * client/test/metrics/figure-shape.test.ts fails when it disagrees with what
 * the database's aggregation returns or with what its allow-list accepts.
 */
import { Constants } from "../generated/database.types.ts";

/**
 * The keys of `totals`, in the documented order.
 *
 * @example
 * FIGURE_TOTALS.includes("activity_days") // true
 */
export const FIGURE_TOTALS = [
  "activity_days",
  "activities_total",
  "activities_non_counting",
  "proxy_duplicates_merged",
  "participations",
  "unique_participants",
  "unique_participants_is_lower_bound",
  "minutes_total",
  "active_mentors",
] as const;

/**
 * The one total that is a flag, not a count.
 *
 * @example
 * FLAG_TOTAL // "unique_participants_is_lower_bound"
 */
export const FLAG_TOTAL = "unique_participants_is_lower_bound" satisfies (typeof FIGURE_TOTALS)[number];

/**
 * The keys a breakdown may hold: the values of a database enum (only those
 * present are listed), or a pattern.
 *
 * @example
 * BREAKDOWN_KEY_DOMAINS.month.test("2026-05") // true
 */
export const BREAKDOWN_KEY_DOMAINS = {
  activity_kind: Constants.public.Enums.activity_kind,
  registration_path: Constants.public.Enums.registration_path,
  /** YYYY-MM. */
  month: /^[0-9]{4}-(0[1-9]|1[0-2])$/,
  /** Two-digit county codes, or unknown. */
  county: /^([0-9]{2}|unknown)$/,
} as const;

/**
 * The breakdowns, in the documented order, and the keys of each.
 *
 * @example
 * Object.keys(FIGURE_BREAKDOWNS) // ["activity_days_by_kind", "activities_by_kind", …]
 */
export const FIGURE_BREAKDOWNS = {
  activity_days_by_kind: "activity_kind",
  activities_by_kind: "activity_kind",
  activities_by_path: "registration_path",
  activity_days_by_month: "month",
  activity_days_by_county: "county",
} as const satisfies Record<string, keyof typeof BREAKDOWN_KEY_DOMAINS>;

/**
 * A breakdown's name.
 *
 * @example
 * const section: FigureBreakdown = "activities_by_path";
 */
export type FigureBreakdown = keyof typeof FIGURE_BREAKDOWNS;

/**
 * The breakdowns' names, in the documented order.
 *
 * @example
 * BREAKDOWN_NAMES[0] // "activity_days_by_kind"
 */
export const BREAKDOWN_NAMES = Object.keys(FIGURE_BREAKDOWNS) as FigureBreakdown[];

/**
 * True when `key` may appear in the breakdown.
 *
 * @example
 * isBreakdownKey("activities_by_path", "proxy") // true
 */
export function isBreakdownKey(breakdown: FigureBreakdown, key: string): boolean {
  const domain = BREAKDOWN_KEY_DOMAINS[FIGURE_BREAKDOWNS[breakdown]];
  return domain instanceof RegExp ? domain.test(key) : (domain as readonly string[]).includes(key);
}
