/**
 * The figures of a Bufdir metric snapshot: the documented shape, version 1
 * (db/README.md, "Snapshot shape"). The database's allow-list refuses anything
 * else on write; this schema refuses the same on read, so a figure that is not a
 * plain count never reaches a report.
 */
import { z } from "zod";
import { Constants } from "../generated/database.types.ts";
import { isoDate } from "../schemas/iso-date.ts";
import { figureCount, ruleVersion } from "./metric-fields.ts";

/**
 * The keys of `totals`, in the documented order.
 *
 * @example
 * METRIC_NAMES.includes("activity_days") // true
 */
export const METRIC_NAMES = [
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
 * The version of the figures' shape this client reads.
 *
 * @example
 * figures.shape_version === SNAPSHOT_SHAPE_VERSION // true for every parsed snapshot
 */
export const SNAPSHOT_SHAPE_VERSION = 1;

const MONTH_KEY = /^[0-9]{4}-(0[1-9]|1[0-2])$/;
/** PostgreSQL's text form of an MVCC snapshot: xmin:xmax:xip,... */
const SNAPSHOT_TOKEN = /^[0-9]{1,20}:[0-9]{1,20}:([0-9]{1,20}(,[0-9]{1,20})*)?$/;
const COUNTY_KEY = /^([0-9]{2}|unknown)$/;

/**
 * zod's records skip an own `__proto__` key without reporting it (they must not
 * copy it into the result). The allow-list refuses such a key, so it is refused
 * here too instead of vanishing.
 */
function refuseProtoKey(value: unknown, ctx: z.core.$RefinementCtx<unknown>): unknown {
  if (typeof value === "object" && value !== null && Object.prototype.hasOwnProperty.call(value, "__proto__")) {
    ctx.addIssue({ code: "custom", message: "unknown key __proto__", path: ["__proto__"] });
  }
  return value;
}

// Breakdowns keyed by an enum list only the keys present: activity-days by kind
// holds the counting kinds of the rule version in force, not every kind.
const byKind = z.preprocess(refuseProtoKey, z.partialRecord(z.enum(Constants.public.Enums.activity_kind), figureCount));
const byPath = z.preprocess(refuseProtoKey, z.partialRecord(z.enum(Constants.public.Enums.registration_path), figureCount));
const byMonth = z.preprocess(
  refuseProtoKey,
  z.record(z.string().regex(MONTH_KEY, { error: "expected a month key YYYY-MM" }), figureCount),
);
const byCounty = z.preprocess(
  refuseProtoKey,
  z.record(z.string().regex(COUNTY_KEY, { error: "expected a county key of two digits, or unknown" }), figureCount),
);

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
  computed_in: z.string().max(2000).regex(SNAPSHOT_TOKEN, { error: "expected a PostgreSQL snapshot (xmin:xmax:xip)" }),
  period: z.strictObject({ start: isoDate, end: isoDate }),
  totals: z.strictObject({
    activity_days: figureCount,
    activities_total: figureCount,
    activities_non_counting: figureCount,
    proxy_duplicates_merged: figureCount,
    participations: figureCount,
    unique_participants: figureCount,
    unique_participants_is_lower_bound: z.boolean(),
    minutes_total: figureCount,
    active_mentors: figureCount,
  }),
  activity_days_by_kind: byKind,
  activities_by_kind: byKind,
  activities_by_path: byPath,
  activity_days_by_month: byMonth,
  activity_days_by_county: byCounty,
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
