/**
 * The push event the server sends when a summary is generated or invalidated:
 * the fields of its `summary_push_outbox` row, as a delivery worker (service
 * role) sends them to the organisation's devices. Nothing personal: ids, period
 * and version only. The shared `pg_notify('periodic_summaries', …)` channel
 * carries only `{"outbox_id": …}`: the worker reads the row it names.
 */
import * as z from "zod/mini";
import { PERIOD_TYPES } from "../mirror/summary-cache-row.ts";
import { isoDate } from "../schemas/iso-date.ts";
import { safeInteger } from "../schemas/safe-integer.ts";

/**
 * The checked push payload. Pass the decoded JSON object (a push service's data
 * fields, or the outbox row the worker read).
 *
 * @example
 * summaryPushPayloadSchema.safeParse({
 *   org_id: organisationId, mentor_id: null, period_type: "half_year", period_start: "2026-01-01",
 *   version: 2, event: "generated",
 * }).success; // true
 */
export const summaryPushPayloadSchema = z.strictObject({
  org_id: z.guid(),
  mentor_id: z.nullable(z.guid()),
  period_type: z.enum(PERIOD_TYPES),
  period_start: isoDate,
  version: safeInteger.check(z.refine((value) => value >= 1, { message: "expected a version of at least 1" })),
  event: z.enum(["generated", "invalidated"]),
});

/**
 * A checked push payload.
 *
 * @example
 * const payload: SummaryPushPayload = {
 *   org_id: organisationId, mentor_id: mentorId, period_type: "month", period_start: "2026-03-01",
 *   version: 3, event: "invalidated",
 * };
 */
export type SummaryPushPayload = z.output<typeof summaryPushPayloadSchema>;
