/**
 * Why an entry counts or not (db/README.md, "Why an entry counts or not"): the
 * composite `activity_verdict` that `explain_activities` and `explain_activity`
 * return, and the rows of `count_entries_by_verdict`. Each verdict is the step of
 * the aggregation's own classification that decided the entry, so the entries
 * with `counts` are exactly those the figures count.
 */
import * as z from "zod/mini";
import { Constants } from "../generated/database.types.ts";
import { databaseUuid } from "../metrics/metric-fields.ts";
import { safeInteger } from "../schemas/safe-integer.ts";
import { activityRegistrationSchema } from "./activity-registration.ts";

/** The activity's own columns, defined once by the activity row. */
const activity = activityRegistrationSchema.shape;

/**
 * Every verdict, in the database's order: `counts`, then the reasons an entry
 * does not count, the first that applies.
 *
 * @example
 * ENTRY_VERDICTS.includes("same_day_repeat"); // true
 */
export const ENTRY_VERDICTS = Constants.public.Enums.entry_verdict;

/**
 * One verdict.
 *
 * @example
 * const verdict: EntryVerdict = "too_few_participants";
 */
export type EntryVerdict = (typeof ENTRY_VERDICTS)[number];

/**
 * Why an entry has no active mentor (verdict `no_active_mentor`).
 *
 * @example
 * INACTIVE_MENTOR_REASONS.includes("pending_approval"); // true
 */
export const INACTIVE_MENTOR_REASONS = Constants.public.Enums.inactive_mentor_reason;

/**
 * One reason an entry has no active mentor.
 *
 * @example
 * const reason: InactiveMentorReason = "outside_active_period";
 */
export type InactiveMentorReason = (typeof INACTIVE_MENTOR_REASONS)[number];

/**
 * One entry's verdict. Strict, so a column the client does not know is a failure.
 *
 * @example
 * const parsed = activityVerdictSchema.safeParse(row);
 * if (parsed.success && !parsed.data.counts) console.log(parsed.data.verdict);
 */
export const activityVerdictSchema = z.strictObject({
  org_id: activity.org_id,
  activity_id: activity.id,
  activity_date: activity.activity_date,
  kind: activity.kind,
  registration_path: activity.registration_path,
  counts: z.boolean(),
  verdict: z.enum(ENTRY_VERDICTS),
  /** Set only for `no_active_mentor`. */
  inactive_mentor: z.nullable(z.enum(INACTIVE_MENTOR_REASONS)),
  /** Set only for `merged_proxy_twin`, when the caller may read the direct entry. */
  merged_into: z.nullable(databaseUuid),
  rule_version: z.string(),
});

/**
 * One entry's verdict.
 *
 * @example
 * const label = (v: ActivityVerdict) => `${v.activity_date} ${v.kind}: ${v.verdict}`;
 */
export type ActivityVerdict = z.infer<typeof activityVerdictSchema>;

/**
 * One row of the table by verdict: how many of the entries the caller may read
 * have this verdict (every verdict is listed, zeros included).
 *
 * @example
 * verdictCountSchema.parse({ verdict: "counts", entries: 9 });
 */
export const verdictCountSchema = z.strictObject({
  verdict: z.enum(ENTRY_VERDICTS),
  entries: safeInteger,
});

/**
 * One row of the table by verdict.
 *
 * @example
 * const notCounted = (rows: VerdictCount[]) => rows.filter((row) => row.verdict !== "counts");
 */
export type VerdictCount = z.infer<typeof verdictCountSchema>;
