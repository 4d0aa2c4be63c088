/**
 * Memberships and mentors' active periods as the administration RPCs return
 * them: the composite `membership` and rows of `mentor_active_periods`.
 */
import * as z from "zod/mini";
import { Constants, type Database } from "../generated/database.types.ts";
import { databaseUuid } from "../metrics/metric-fields.ts";
import { isoDate, isoTimestamp } from "../schemas/iso-date.ts";

/**
 * The roles a member holds: `peer_mentor`, `coordinator`, `admin`.
 *
 * @example
 * MEMBER_ROLES.includes("coordinator") // true
 */
export const MEMBER_ROLES = Constants.public.Enums.member_role;

/**
 * A member's role in one organisation.
 *
 * @example
 * const role: MemberRole = "peer_mentor";
 */
export type MemberRole = Database["public"]["Enums"]["member_role"];

/**
 * Where a membership stands: `pending`, `approved`, `revoked`.
 *
 * @example
 * APPROVAL_STATUSES // ["pending", "approved", "revoked"]
 */
export const APPROVAL_STATUSES = Constants.public.Enums.approval_status;

/**
 * One approval status.
 *
 * @example
 * const status: ApprovalStatus = "approved";
 */
export type ApprovalStatus = Database["public"]["Enums"]["approval_status"];

/**
 * One membership with the member's e-mail (null once revoked) and display name.
 *
 * @example
 * membershipSchema.parse({ org_id: orgId, user_id: userId, email: "mentor1@org1.example", display_name: "Kari Nordmann",
 *   role: "peer_mentor", approval_status: "pending", created_at: "2026-12-03T03:00:00+00:00", updated_at: "2026-12-03T03:00:00+00:00" });
 */
export const membershipSchema = z.strictObject({
  org_id: databaseUuid,
  user_id: databaseUuid,
  email: z.nullable(z.string()),
  display_name: z.string(),
  role: z.enum(MEMBER_ROLES),
  approval_status: z.enum(APPROVAL_STATUSES),
  created_at: isoTimestamp,
  updated_at: isoTimestamp,
});

/**
 * One member of an organisation.
 *
 * @example
 * const label = (member: Membership) => `${member.display_name} (${member.role}, ${member.approval_status})`;
 */
export type Membership = z.infer<typeof membershipSchema>;

/**
 * One period in which a mentor is active (inclusive dates; open-ended when
 * `active_to` is null).
 *
 * @example
 * mentorActivePeriodSchema.parse({ org_id: orgId, id: periodId, mentor_id: userId, active_from: "2026-01-01", active_to: null, created_at: "2026-12-03T03:00:00+00:00" });
 */
export const mentorActivePeriodSchema = z.strictObject({
  org_id: databaseUuid,
  id: databaseUuid,
  mentor_id: databaseUuid,
  active_from: isoDate,
  active_to: z.nullable(isoDate),
  created_at: isoTimestamp,
});

/**
 * A mentor's active period.
 *
 * @example
 * const open = (period: MentorActivePeriod) => period.active_to === null;
 */
export type MentorActivePeriod = z.infer<typeof mentorActivePeriodSchema>;
