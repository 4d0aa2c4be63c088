/**
 * Organisations as the administration RPCs return them: the row
 * `create_organisation` returns, and `list_organisations`' rows with the
 * caller's own role and approval status there.
 */
import * as z from "zod/mini";
import { databaseUuid } from "../metrics/metric-fields.ts";
import { membershipSchema } from "../members/membership.ts";
import { isoTimestamp } from "../schemas/iso-date.ts";

/**
 * One organisation (a tenant). Strict, so a column the client does not know is a failure.
 *
 * @example
 * organisationSchema.parse({ id: orgId, name: "Likepersonsforeningen Oslo", created_at: "2026-12-03T03:00:00+00:00", updated_at: "2026-12-03T03:00:00+00:00" });
 */
export const organisationSchema = z.strictObject({
  id: databaseUuid,
  name: z.string(),
  created_at: isoTimestamp,
  updated_at: isoTimestamp,
});

/**
 * One organisation.
 *
 * @example
 * const label = (organisation: Organisation) => `${organisation.name} (${organisation.id})`;
 */
export type Organisation = z.infer<typeof organisationSchema>;

/**
 * One row of `list_organisations`: an organisation the caller may read, with
 * the caller's role and approval status there (null for the service role).
 *
 * @example
 * organisationListingSchema.parse({ id: orgId, name: "Likepersonsforeningen Oslo", created_at: "2026-12-03T03:00:00+00:00", role: "admin", approval_status: "approved" });
 */
export const organisationListingSchema = z.extend(z.pick(organisationSchema, { id: true, name: true, created_at: true }), {
  role: z.nullable(membershipSchema.shape.role),
  approval_status: z.nullable(membershipSchema.shape.approval_status),
});

/**
 * An organisation the caller may read, and the caller's membership there.
 *
 * @example
 * const mine = (rows: OrganisationListing[]) => rows.filter((row) => row.approval_status === "approved");
 */
export type OrganisationListing = z.infer<typeof organisationListingSchema>;
