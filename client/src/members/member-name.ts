/**
 * A member of an organisation with the names people read, as
 * `list_member_names` returns them: only members the caller may see. Its
 * columns are the membership row's (membership.ts), so the two cannot disagree.
 */
import * as z from "zod/mini";
import { membershipSchema } from "./membership.ts";

/**
 * One row of `list_member_names`.
 *
 * @example
 * memberNameRowSchema.parse({ user_id: "7c1e…", display_name: "Kari Nordmann", email: "mentor1@org1.example", role: "peer_mentor" });
 */
export const memberNameRowSchema = z.pick(membershipSchema, { user_id: true, display_name: true, email: true, role: true });

/**
 * A member's id, display name, e-mail (null for a revoked member) and role.
 *
 * @example
 * const label = (row: MemberNameRow) => (row.email === null ? row.display_name : `${row.display_name} <${row.email}>`);
 */
export type MemberNameRow = z.infer<typeof memberNameRowSchema>;
