/**
 * A row of `periodic_summaries` as `generate_periodic_summaries` returns it: the
 * one schema of a summary's columns, which the rows of
 * `list_periodic_summaries_since` extend (summary-change-row.ts).
 */
import * as z from "zod/mini";
import { PERIOD_TYPES } from "../mirror/summary-cache-row.ts";
import { databaseUuid } from "../metrics/metric-fields.ts";
import { isoDate, isoTimestamp } from "../schemas/iso-date.ts";
import { safeInteger } from "../schemas/safe-integer.ts";
import { summaryDataSchema } from "./summary-data.ts";

/**
 * One stored summary. Strict, so a new column is noticed rather than dropped.
 *
 * @example
 * periodicSummaryRowSchema.safeParse(row).success;
 */
export const periodicSummaryRowSchema = z.strictObject({
  org_id: databaseUuid,
  id: databaseUuid,
  /** Null for the organisation-wide summary. */
  mentor_id: z.nullable(databaseUuid),
  period_type: z.enum(PERIOD_TYPES),
  period_start: isoDate,
  period_end: isoDate,
  summary_data: summaryDataSchema,
  generated_at: isoTimestamp,
  updated_at: isoTimestamp,
  invalidated_at: z.nullable(isoTimestamp),
  /** Bumped by every regeneration; the table checks `version >= 1`. */
  version: safeInteger.check(z.minimum(1, { error: "expected a version of at least 1" })),
});

/**
 * One stored summary, checked.
 *
 * @example
 * const days = (summary: PeriodicSummaryRow) => summary.summary_data.totals.activity_days;
 */
export type PeriodicSummaryRow = z.infer<typeof periodicSummaryRowSchema>;
