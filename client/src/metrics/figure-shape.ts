/**
 * The figures' shape, version 1 (db/README.md, "Snapshot shape"), as the
 * database defines it once (private.figure_shape(), which its allow-list reads;
 * `make gen` copies it into ../generated/figure-shape.ts). The zod schema
 * (metric-figures.ts), the report and the CLI's figure table derive from the
 * names here; client/test/metrics/figure-shape.test.ts fails when they disagree
 * with what the database's aggregation returns or its allow-list accepts.
 */
import { Constants } from "../generated/database.types.ts";
import { GENERATED_FIGURE_SHAPE } from "../generated/figure-shape.ts";

/**
 * The keys of `totals`, in the documented order.
 *
 * @example
 * FIGURE_TOTALS.includes("activity_days") // true
 */
export const FIGURE_TOTALS = GENERATED_FIGURE_SHAPE.totals;

/**
 * The one total that is a flag, not a count.
 *
 * @example
 * FLAG_TOTAL // "unique_participants_is_lower_bound"
 */
export const FLAG_TOTAL = GENERATED_FIGURE_SHAPE.flag_total satisfies (typeof FIGURE_TOTALS)[number];

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
  /** Why entries were left out of every figure. */
  left_out_reason: Constants.public.Enums.left_out_reason,
  /** YYYY-MM. */
  month: new RegExp(GENERATED_FIGURE_SHAPE.key_patterns.month),
  /** Two-digit county codes, or unknown. */
  county: new RegExp(GENERATED_FIGURE_SHAPE.key_patterns.county),
} as const;

type BreakdownDefinition = (typeof GENERATED_FIGURE_SHAPE.breakdowns)[number];

/**
 * The breakdowns, in the documented order, and the domain of each one's keys.
 *
 * @example
 * Object.keys(FIGURE_BREAKDOWNS) // ["activity_days_by_kind", "activities_by_kind", …]
 */
export const FIGURE_BREAKDOWNS = Object.fromEntries(
  GENERATED_FIGURE_SHAPE.breakdowns.map((breakdown) => [breakdown.name, breakdown.keys]),
) as { readonly [B in BreakdownDefinition as B["name"]]: B["keys"] } satisfies Record<string, keyof typeof BREAKDOWN_KEY_DOMAINS>;

/**
 * A breakdown's name.
 *
 * @example
 * const section: FigureBreakdown = "activities_by_path";
 */
export type FigureBreakdown = BreakdownDefinition["name"];

/**
 * The breakdowns' names, in the documented order.
 *
 * @example
 * BREAKDOWN_NAMES[0] // "activity_days_by_kind"
 */
export const BREAKDOWN_NAMES: readonly FigureBreakdown[] = GENERATED_FIGURE_SHAPE.breakdowns.map((breakdown) => breakdown.name);

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
