/** What an app supplies to register or edit an activity, and the checks the client makes before sending it. */
import { err, ok, type Result } from "neverthrow";
import * as z from "zod/mini";
import type { ValidationFailure } from "../failures/domain-failure.ts";
import { Constants, type Database } from "../generated/database.types.ts";
import { isoDate } from "../schemas/iso-date.ts";
import { parseResponse } from "../schemas/parse-response.ts";

/**
 * The kinds of activity, as the database's enum lists them.
 *
 * @example
 * ACTIVITY_KINDS.includes("group_meeting") // true
 */
export const ACTIVITY_KINDS = Constants.public.Enums.activity_kind;

/**
 * The registration paths, as the database's enum lists them.
 *
 * @example
 * REGISTRATION_PATHS // ["direct", "proxy", "bulk"]
 */
export const REGISTRATION_PATHS = Constants.public.Enums.registration_path;

/**
 * What took place.
 *
 * @example
 * const kind: ActivityKind = "group_meeting";
 */
export type ActivityKind = Database["public"]["Enums"]["activity_kind"];

/**
 * How the activity was registered: `direct` by the mentor, `proxy` by a
 * coordinator for a mentor, `bulk` by a coordinator in a batch.
 *
 * @example
 * const path: RegistrationPath = "direct";
 */
export type RegistrationPath = Database["public"]["Enums"]["registration_path"];

/**
 * An activity's fields, mentors and participants. Ids: `organisationId` from the
 * caller's memberships (the `org_roles` claim of the access token, or the
 * organisations they can read), mentor ids are users' ids (`auth.users.id`, a
 * member's `user_id`), participant ids are `contacts.id` of contacts the caller
 * can read.
 *
 * @example
 * const changes: ActivityFields = {
 *   organisationId, kind: "group_meeting", date: "2026-06-12", durationMinutes: 90,
 *   mentorIds: [userId], participantIds: [contactId], anonymousParticipants: 3,
 *   municipality: { code: "0301", codeVersion: "2024" },
 * };
 */
export interface ActivityFields {
  readonly organisationId: string;
  readonly kind: ActivityKind;
  /**
   * 'YYYY-MM-DD' and a day that exists; nothing else is sent (`12.06.2026` is a
   * ValidationFailure at `date`, never read day or month first).
   */
  readonly date: string;
  /** Whole minutes, 1–1440. */
  readonly durationMinutes: number;
  /** At least one; in a direct entry, exactly the registering mentor. */
  readonly mentorIds: readonly string[];
  readonly participantIds?: readonly string[];
  /** Participants not registered as contacts (a head count); default 0. */
  readonly anonymousParticipants?: number;
  /** The municipality and its code-list version, or none. */
  readonly municipality?: { readonly code: string; readonly codeVersion: string } | null;
  /** Default true. */
  readonly inNorway?: boolean;
}

/**
 * A new registration: the fields and how it is registered.
 *
 * @example
 * const input: ActivityRegistrationInput = { ...changes, path: "direct" };
 */
export interface ActivityRegistrationInput extends ActivityFields {
  readonly path: RegistrationPath;
}

/**
 * What the client checks in ActivityFields before sending: the date, which must be
 * an ISO 8601 calendar date ('YYYY-MM-DD') of a day that exists. Everything else
 * (thresholds, who may be named) is the database's to refuse, with its documented
 * codes. Unknown keys are let through untouched.
 *
 * @example
 * activityFieldsSchema.safeParse({ date: "2026-06-12" }).success // true
 * activityFieldsSchema.safeParse({ date: "12.06.2026" }).success // false
 */
export const activityFieldsSchema = z.looseObject({ date: isoDate });

/**
 * Checks an activity's fields before they are sent; the failure names the field
 * (`["date"]`). Never throws.
 *
 * @example
 * checkActivityFields({ ...fields, date: "12.06.2026" })
 * // err({ kind: "validation", path: ["date"], issue: "expected a real date as YYYY-MM-DD" })
 */
export function checkActivityFields<F extends ActivityFields>(fields: F): Result<F, ValidationFailure> {
  const checked = parseResponse(activityFieldsSchema, fields);
  return checked.isErr() ? err(checked.error) : ok(fields);
}
