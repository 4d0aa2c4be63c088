/**
 * The figures of a periodic summary (`summary_data`): the documented snapshot
 * shape, version 1 (db/README.md, "Snapshot shape"). The server's allow-list
 * trigger refuses anything else, and the client refuses it too, so a device
 * never stores or shows figures of an unknown shape.
 */
import { z } from "zod";
import { isoDate } from "../schemas/iso-date.ts";
import { safeInteger } from "../schemas/safe-integer.ts";

/**
 * The activity kinds the figures break down by (the server's `activity_kind` enum).
 *
 * @example
 * SUMMARY_ACTIVITY_KINDS.includes("group_meeting"); // true
 */
export const SUMMARY_ACTIVITY_KINDS = [
  "in_person_outreach",
  "phone_or_digital",
  "group_meeting",
  "mentor_course",
  "other",
] as const;

/**
 * The registration paths the figures break down by (the server's `registration_path` enum).
 *
 * @example
 * SUMMARY_REGISTRATION_PATHS.includes("proxy"); // true
 */
export const SUMMARY_REGISTRATION_PATHS = ["direct", "proxy", "bulk"] as const;

/** A count: a non-negative safe integer. */
const count = safeInteger.refine((value) => value >= 0, { message: "expected a count (a non-negative whole number)" });

/**
 * The checked figures. Counts are non-negative safe integers; breakdowns list
 * only the keys the server wrote (a kind with no activity may be absent).
 *
 * @example
 * const parsed = summaryDataSchema.safeParse(row.summary_data);
 * if (parsed.success) console.log(parsed.data.totals.activity_days);
 */
export const summaryDataSchema = z.strictObject({
  shape_version: z.literal(1),
  rule_version: z.string().regex(/^[0-9]{4}\.[0-9]{1,3}$/, { message: "expected a rule version such as 2026.1" }),
  period: z.strictObject({ start: isoDate, end: isoDate }),
  totals: z.strictObject({
    activity_days: count,
    activities_total: count,
    activities_non_counting: count,
    proxy_duplicates_merged: count,
    participations: count,
    unique_participants: count,
    unique_participants_is_lower_bound: z.boolean(),
    minutes_total: count,
    active_mentors: count,
  }),
  activity_days_by_kind: z.partialRecord(z.enum(SUMMARY_ACTIVITY_KINDS), count),
  activities_by_kind: z.partialRecord(z.enum(SUMMARY_ACTIVITY_KINDS), count),
  activities_by_path: z.partialRecord(z.enum(SUMMARY_REGISTRATION_PATHS), count),
  activity_days_by_month: z.record(z.string().regex(/^[0-9]{4}-(0[1-9]|1[0-2])$/, { message: "expected a month as YYYY-MM" }), count),
  activity_days_by_county: z.record(z.string().regex(/^([0-9]{2}|unknown)$/, { message: "expected a two-digit county or unknown" }), count),
});

/**
 * The figures of one summary, as `summaryDataSchema` returns them.
 *
 * @example
 * function days(data: SummaryData): number {
 *   return data.totals.activity_days;
 * }
 */
export type SummaryData = z.output<typeof summaryDataSchema>;
