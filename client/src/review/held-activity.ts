/**
 * The review of implausible entries (db/README.md, "Plausibility limits"): an
 * organisation's review limits, and the composite `held_activity` that
 * `list_held_activities` and `confirm_activity` return.
 */
import * as z from "zod/mini";
import { activityRegistrationSchema } from "../activities/activity-registration.ts";
import { Constants } from "../generated/database.types.ts";
import { databaseUuid } from "../metrics/metric-fields.ts";
import { isoTimestamp } from "../schemas/iso-date.ts";
import { safeInteger } from "../schemas/safe-integer.ts";

/** The activity's own columns, defined once by the activity row. */
const activity = activityRegistrationSchema.shape;

/**
 * The review limits an entry can exceed: `minutes_per_activity`,
 * `anonymous_participants`, `known_participants`.
 *
 * @example
 * REVIEW_LIMITS.includes("known_participants"); // true
 */
export const REVIEW_LIMITS = Constants.public.Enums.review_limit;

/**
 * One review limit.
 *
 * @example
 * const limit: ReviewLimit = "minutes_per_activity";
 */
export type ReviewLimit = (typeof REVIEW_LIMITS)[number];

/**
 * An organisation's review limits as `set_review_limits` returns them (null: no
 * limit). Strict, so a column the client does not know is a failure.
 *
 * @example
 * reviewLimitsSchema.parse({ org_id: organisationId, max_minutes_per_activity: 240, max_anonymous_participants: null,
 *   max_known_participants: 30, updated_at: "2026-12-02T19:00:00+00:00", updated_by: adminId });
 */
export const reviewLimitsSchema = z.strictObject({
  org_id: databaseUuid,
  max_minutes_per_activity: z.nullable(safeInteger),
  max_anonymous_participants: z.nullable(safeInteger),
  max_known_participants: z.nullable(safeInteger),
  updated_at: isoTimestamp,
  updated_by: z.nullable(databaseUuid),
});

/**
 * An organisation's review limits.
 *
 * @example
 * const describe = (limits: ReviewLimits) => `at most ${limits.max_minutes_per_activity ?? "any"} minutes`;
 */
export type ReviewLimits = z.infer<typeof reviewLimitsSchema>;

/**
 * An activity measured against its organisation's review limits: the values
 * checked, the limits they exceed, and its confirmation (null while held).
 *
 * @example
 * const parsed = heldActivitySchema.safeParse(row);
 * if (parsed.success) console.log(parsed.data.exceeded_limits);
 */
export const heldActivitySchema = z.strictObject({
  org_id: activity.org_id,
  activity_id: activity.id,
  activity_date: activity.activity_date,
  kind: activity.kind,
  registration_path: activity.registration_path,
  registered_by: activity.registered_by,
  duration_minutes: activity.duration_minutes,
  anonymous_participants: activity.anonymous_participants,
  known_participants: safeInteger,
  /** In enum order; never empty in `list_held_activities`. */
  exceeded_limits: z.array(z.enum(REVIEW_LIMITS)),
  /** Set once a coordinator or admin confirmed the entry; it then counts. */
  review_confirmed_at: z.nullable(isoTimestamp),
  review_confirmed_by: z.nullable(databaseUuid),
});

/**
 * One held (or just confirmed) activity.
 *
 * @example
 * const label = (held: HeldActivity) => `${held.activity_date}: ${held.exceeded_limits.join(", ")}`;
 */
export type HeldActivity = z.infer<typeof heldActivitySchema>;
