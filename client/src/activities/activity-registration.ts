/** The composite `activity_registration`: one activity with its mentors and participants. */
import * as z from "zod/mini";
import { Constants } from "../generated/database.types.ts";
import { isoDate, isoTimestamp } from "../schemas/iso-date.ts";
import { databaseUuid } from "../metrics/metric-fields.ts";
import { safeInteger } from "../schemas/safe-integer.ts";

/**
 * An activity as the activity RPCs return it. Strict, so a column the client
 * does not know is a failure rather than dropped.
 *
 * @example
 * const parsed = activityRegistrationSchema.safeParse(row);
 * if (parsed.success) console.log(parsed.data.mentor_ids.length);
 */
export const activityRegistrationSchema = z.strictObject({
  org_id: databaseUuid,
  id: databaseUuid,
  kind: z.enum(Constants.public.Enums.activity_kind),
  activity_date: isoDate,
  duration_minutes: safeInteger,
  anonymous_participants: safeInteger,
  municipality_code: z.nullable(z.string()),
  municipality_code_version: z.nullable(z.string()),
  in_norway: z.boolean(),
  registration_path: z.enum(Constants.public.Enums.registration_path),
  registered_by: databaseUuid,
  created_at: isoTimestamp,
  updated_at: isoTimestamp,
  /** Set when the activity was soft-deleted; it then never counts. */
  deleted_at: z.nullable(isoTimestamp),
  /** Sorted. */
  mentor_ids: z.array(databaseUuid),
  /** Sorted; the known contacts only (anonymous_participants counts the rest). */
  participant_ids: z.array(databaseUuid),
});

/**
 * One registered activity.
 *
 * @example
 * const label = (activity: ActivityRegistration) => `${activity.activity_date} ${activity.kind} (${activity.duration_minutes} min)`;
 */
export type ActivityRegistration = z.infer<typeof activityRegistrationSchema>;
