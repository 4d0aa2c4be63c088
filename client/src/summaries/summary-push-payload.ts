/**
 * The push event the server sends when a summary is generated or invalidated:
 * the fields of its `summary_push_outbox` row, as a delivery worker (service
 * role) sends them to the organisation's devices. Nothing personal: ids, period
 * and version only, copied from the summary's row (periodic-summary-row.ts).
 * The shared `pg_notify('periodic_summaries', …)` channel carries only
 * `{"outbox_id": …}`: the worker reads the row it names.
 */
import * as z from "zod/mini";
import { periodicSummaryRowSchema } from "./periodic-summary-row.ts";

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
export const summaryPushPayloadSchema = z.extend(
  z.pick(periodicSummaryRowSchema, { org_id: true, mentor_id: true, period_type: true, period_start: true, version: true }),
  { event: z.enum(["generated", "invalidated"]) },
);

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
