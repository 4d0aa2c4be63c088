/**
 * One response schema per RPC. `satisfies` checks each against the generated
 * types: a schema whose output the database's declared result could not be (a
 * missing column, a wrong type, an RPC without a schema, or a schema for one
 * that does not exist) fails `tsc`. The schemas are stricter than the
 * generated types (uuids, dates, safe integers, the figures' shape), never
 * looser.
 *
 * Imports point one way: repositories → rpc/ → the row schemas their feature
 * folders own (one schema per row) → shared formats (schemas/, generated/, …).
 * A row schema imports other row schemas and shared formats, never rpc/ or a
 * file that imports rpc/ (a repository); client/test/rpc/import-direction.test.ts
 * fails on an import that points back.
 */
import * as z from "zod/mini";
import { activityRegistrationSchema } from "../activities/activity-registration.ts";
import { contactSchema } from "../contacts/contact.ts";
import { membershipSchema, mentorActivePeriodSchema } from "../members/membership.ts";
import { organisationListingSchema, organisationSchema } from "../organisations/organisation.ts";
import { activityVerdictSchema, verdictCountSchema } from "../activities/activity-verdict.ts";
import { memberNameRowSchema } from "../members/member-name.ts";
import { heldActivitySchema, reviewLimitsSchema } from "../review/held-activity.ts";
import { exportRecordSchema } from "../metrics/export-record.ts";
import { figureDifferenceSchema } from "../metrics/figure-difference.ts";
import { metricFiguresSchema } from "../metrics/metric-figures.ts";
import { metricSnapshotSchema } from "../metrics/metric-snapshot.ts";
import { snapshotStatusSchema } from "../metrics/snapshot-status.ts";
import { safeInteger } from "../schemas/safe-integer.ts";
import { periodicSummaryRowSchema } from "../summaries/periodic-summary-row.ts";
import { summaryChangePageSchema } from "../summaries/summary-change-row.ts";
import type { RpcName, RpcResponseOf } from "./rpc-function.ts";

/**
 * The schema each RPC's response is checked with.
 *
 * @example
 * RPC_RESPONSE_SCHEMAS.register_activity.safeParse(row).success;
 */
export const RPC_RESPONSE_SCHEMAS = {
  add_contact: contactSchema,
  add_member: membershipSchema,
  add_mentor_active_period: mentorActivePeriodSchema,
  compute_bufdir_metrics: metricFiguresSchema,
  confirm_activity: heldActivitySchema,
  count_entries_by_verdict: z.array(verdictCountSchema),
  create_organisation: organisationSchema,
  delete_activity: activityRegistrationSchema,
  delete_metric_snapshot: z.null(),
  edit_activity: activityRegistrationSchema,
  end_mentor_active_period: mentorActivePeriodSchema,
  explain_activities: z.array(activityVerdictSchema),
  explain_activity: activityVerdictSchema,
  export_bufdir_report: exportRecordSchema,
  generate_periodic_summaries: z.array(periodicSummaryRowSchema),
  get_metric_snapshot: z.array(metricSnapshotSchema).check(z.maxLength(1, { error: "expected at most one snapshot" })),
  invalidate_periodic_summaries: safeInteger,
  list_activities: z.array(activityRegistrationSchema),
  list_contacts: z.array(contactSchema),
  list_held_activities: z.array(heldActivitySchema),
  list_member_names: z.array(memberNameRowSchema),
  list_members: z.array(membershipSchema),
  list_mentor_active_periods: z.array(mentorActivePeriodSchema),
  list_organisations: z.array(organisationListingSchema),
  list_periodic_summaries_since: summaryChangePageSchema,
  metric_snapshot_status: snapshotStatusSchema,
  refresh_metric_snapshot: metricSnapshotSchema,
  register_activity: activityRegistrationSchema,
  save_metric_snapshot: metricSnapshotSchema,
  set_member_status: membershipSchema,
  set_review_limits: reviewLimitsSchema,
  set_summaries_enabled: z.null(),
  verify_metric_snapshot: z.array(figureDifferenceSchema),
} as const satisfies { readonly [F in RpcName]: z.ZodMiniType<RpcResponseOf<F>> };

/**
 * What an RPC yields once its response passed its schema.
 *
 * @example
 * type Registered = RpcOutputOf<"register_activity">; // ActivityRegistration
 */
export type RpcOutputOf<F extends RpcName> = z.output<(typeof RPC_RESPONSE_SCHEMAS)[F]>;
