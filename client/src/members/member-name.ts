/**
 * A member of an organisation with the names people read, as
 * `list_member_names` returns them: only members the caller may see.
 */
import * as z from "zod/mini";
import { Constants } from "../generated/database.types.ts";
import { databaseUuid } from "../metrics/metric-fields.ts";

/**
 * One row of `list_member_names`.
 *
 * @example
 * memberNameRowSchema.parse({ user_id: "7c1e…", display_name: "Kari Nordmann", email: "mentor1@org1.example", role: "peer_mentor" });
 */
export const memberNameRowSchema = z.strictObject({
  user_id: databaseUuid,
  display_name: z.string(),
  // Null for a revoked member: their row shows their name only.
  email: z.nullable(z.string()),
  role: z.enum(Constants.public.Enums.member_role),
});

/**
 * A member's id, display name, e-mail (null for a revoked member) and role.
 *
 * @example
 * const label = (row: MemberNameRow) => (row.email === null ? row.display_name : `${row.display_name} <${row.email}>`);
 */
export type MemberNameRow = z.infer<typeof memberNameRowSchema>;
