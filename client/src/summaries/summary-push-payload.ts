/**
 * The push event the server sends when a summary is generated or invalidated:
 * the `pg_notify('periodic_summaries', …)` payload and a `summary_push_outbox`
 * row carry the same fields. Nothing personal: ids, period and version only.
 */
import { z } from "zod";
import { PERIOD_TYPES } from "../mirror/summary-cache-row.ts";
import { isoDate } from "../schemas/iso-date.ts";
import { safeInteger } from "../schemas/safe-integer.ts";

/**
 * The checked push payload. Pass the decoded JSON object (a push service's data
 * fields, or `JSON.parse` of a notify payload).
 *
 * @example
 * summaryPushPayloadSchema.safeParse({
 *   org_id: orgId, mentor_id: null, period_type: "half_year", period_start: "2026-01-01",
 *   version: 2, event: "generated",
 * }).success; // true
 */
export const summaryPushPayloadSchema = z.strictObject({
  org_id: z.guid(),
  mentor_id: z.guid().nullable(),
  period_type: z.enum(PERIOD_TYPES),
  period_start: isoDate,
  version: safeInteger.refine((value) => value >= 1, { message: "expected a version of at least 1" }),
  event: z.enum(["generated", "invalidated"]),
});

/**
 * A checked push payload.
 *
 * @example
 * const payload: SummaryPushPayload = {
 *   org_id: orgId, mentor_id: mentorId, period_type: "month", period_start: "2026-03-01",
 *   version: 3, event: "invalidated",
 * };
 */
export type SummaryPushPayload = z.output<typeof summaryPushPayloadSchema>;
