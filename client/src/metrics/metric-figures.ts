/**
 * The figures of a Bufdir metric snapshot: the documented shape, version 2
 * (db/README.md, "Snapshot shape"). The database's allow-list refuses anything
 * else on write; this schema refuses the same on read, so a figure that is not a
 * plain count never reaches a report.
 */
import * as z from "zod/mini";
import { isoDate } from "../schemas/iso-date.ts";
import { BREAKDOWN_KEY_DOMAINS, BREAKDOWN_NAMES, FIGURE_BREAKDOWNS, FIGURE_TOTALS, FLAG_TOTAL } from "./figure-shape.ts";
import { figureCount, ruleVersion } from "./metric-fields.ts";

/**
 * The keys of `totals`, in the documented order (FIGURE_TOTALS).
 *
 * @example
 * METRIC_NAMES.includes("activity_days") // true
 */
export const METRIC_NAMES = FIGURE_TOTALS;

/**
 * The version of the figures' shape this client reads.
 *
 * @example
 * figures.shape_version === SNAPSHOT_SHAPE_VERSION // true for every parsed snapshot
 */
export const SNAPSHOT_SHAPE_VERSION = 2;

/** PostgreSQL's text form of an MVCC snapshot: xmin:xmax:xip,... */
const SNAPSHOT_TOKEN = /^[0-9]{1,20}:[0-9]{1,20}:([0-9]{1,20}(,[0-9]{1,20})*)?$/;

/**
 * zod's records skip an own `__proto__` key without reporting it (they must not
 * copy it into the result). The allow-list refuses such a key, so it is refused
 * here too instead of vanishing.
 */
function refuseProtoKey(value: unknown, ctx: z.core.ParsePayload<unknown>): unknown {
  if (typeof value === "object" && value !== null && Object.prototype.hasOwnProperty.call(value, "__proto__")) {
    ctx.issues.push({ code: "custom", message: "unknown key __proto__", path: ["__proto__"], input: value });
  }
  return value;
}

// Breakdowns keyed by an enum list only the keys present: activity-days by kind
// holds the counting kinds of the rule version in force, not every kind.
const breakdownSchemas = {
  activity_kind: z.pipe(z.transform(refuseProtoKey), z.partialRecord(z.enum(BREAKDOWN_KEY_DOMAINS.activity_kind), figureCount)),
  registration_path: z.pipe(z.transform(refuseProtoKey), z.partialRecord(z.enum(BREAKDOWN_KEY_DOMAINS.registration_path), figureCount)),
  left_out_reason: z.pipe(z.transform(refuseProtoKey), z.partialRecord(z.enum(BREAKDOWN_KEY_DOMAINS.left_out_reason), figureCount)),
  month: z.pipe(z.transform(refuseProtoKey), z.record(z.string().check(z.regex(BREAKDOWN_KEY_DOMAINS.month, { error: "expected a month key YYYY-MM" })), figureCount)),
  county: z.pipe(
    z.transform(refuseProtoKey),
    z.record(z.string().check(z.regex(BREAKDOWN_KEY_DOMAINS.county, { error: "expected a county key of two digits, or unknown" })), figureCount),
  ),
} as const;

type TotalsShape = { [K in (typeof FIGURE_TOTALS)[number]]: K extends typeof FLAG_TOTAL ? z.ZodMiniBoolean : typeof figureCount };
type BreakdownsShape = { [B in keyof typeof FIGURE_BREAKDOWNS]: (typeof breakdownSchemas)[(typeof FIGURE_BREAKDOWNS)[B]] };

// Built from the one definition of the shape; the mapped types keep every key typed.
const totalsShape = Object.fromEntries(
  FIGURE_TOTALS.map((name) => [name, name === FLAG_TOTAL ? z.boolean() : figureCount]),
) as TotalsShape;
const breakdownsShape = Object.fromEntries(
  BREAKDOWN_NAMES.map((name) => [name, breakdownSchemas[FIGURE_BREAKDOWNS[name]]]),
) as BreakdownsShape;

/**
 * The figures of one snapshot. Strict everywhere: exactly the documented keys,
 * every count a non-negative safe integer, strings only where listed.
 *
 * @example
 * const parsed = metricFiguresSchema.safeParse(row.snapshot_json);
 * if (parsed.success) console.log(parsed.data.totals.activity_days);
 */
export const metricFiguresSchema = z.strictObject({
  shape_version: z.literal(SNAPSHOT_SHAPE_VERSION),
  rule_version: ruleVersion,
  /** The database snapshot the figures were computed in; lets a later save judge staleness exactly. */
  computed_in: z.string().check(z.maxLength(2000), z.regex(SNAPSHOT_TOKEN, { error: "expected a PostgreSQL snapshot (xmin:xmax:xip)" })),
  period: z.strictObject({ start: isoDate, end: isoDate }),
  totals: z.strictObject(totalsShape),
  ...breakdownsShape,
});

/**
 * The figures as the client reads and writes them (`snapshot_json`).
 *
 * @example
 * const figures: MetricFigures = {
 *   shape_version: 1, rule_version: "2026.1", period: { start: "2026-01-01", end: "2026-06-30" },
 *   totals: { activity_days: 9, activities_total: 17, activities_non_counting: 8, proxy_duplicates_merged: 1, participations: 33,
 *             unique_participants: 6, unique_participants_is_lower_bound: true, minutes_total: 1060, active_mentors: 3 },
 *   activity_days_by_kind: { in_person_outreach: 6, group_meeting: 2, mentor_course: 1 },
 *   activities_by_kind: { in_person_outreach: 10, phone_or_digital: 1, group_meeting: 4, mentor_course: 2, other: 0 },
 *   activities_by_path: { direct: 15, proxy: 1, bulk: 1 },
 *   activity_days_by_month: { "2026-01": 3 }, activity_days_by_county: { "46": 6 },
 * };
 */
export type MetricFigures = z.infer<typeof metricFiguresSchema>;
