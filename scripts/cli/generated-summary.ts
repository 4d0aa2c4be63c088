/**
 * `generate_periodic_summaries` through a transport: the rows it returns
 * (`periodic_summaries` as stored), checked against a strict schema.
 */
import type { ResultAsync } from "neverthrow";
import { z } from "zod";
import {
  callRpc,
  databaseUuid,
  isoDate,
  isoTimestamp,
  PERIOD_TYPES,
  safeInteger,
  summaryDataSchema,
  type DomainFailure,
  type RpcTransport,
} from "../../client/src/index.ts";
import type { SummaryPeriod } from "./summary-period.ts";

/**
 * A row of `periodic_summaries` as the generation returns it. Strict, so a new
 * column is noticed rather than dropped.
 *
 * @example
 * generatedSummarySchema.safeParse(row).success;
 */
export const generatedSummarySchema = z.strictObject({
  org_id: databaseUuid,
  id: databaseUuid,
  /** Null for the organisation-wide summary. */
  mentor_id: databaseUuid.nullable(),
  period_type: z.enum(PERIOD_TYPES),
  period_start: isoDate,
  period_end: isoDate,
  summary_data: summaryDataSchema,
  generated_at: isoTimestamp,
  updated_at: isoTimestamp,
  invalidated_at: isoTimestamp.nullable(),
  version: safeInteger,
});

/**
 * One generated summary.
 *
 * @example
 * const days = (summary: GeneratedSummary) => summary.summary_data.totals.activity_days;
 */
export type GeneratedSummary = z.infer<typeof generatedSummarySchema>;

/**
 * Generates (or regenerates) an organisation's summaries of one period as the
 * transport's caller; the organisation-wide summary comes first, then the
 * mentors' in id order.
 *
 * @example
 * const rows = await generateSummaries(actor.transport, org.id, summaryPeriodArgument({ period: "2026-H1" }));
 */
export function generateSummaries(
  transport: RpcTransport,
  organisationId: string,
  period: SummaryPeriod,
): ResultAsync<GeneratedSummary[], DomainFailure> {
  return callRpc(
    transport,
    {
      fn: "generate_periodic_summaries",
      args: { org_id: organisationId, period_type: period.type, period_start: period.start },
      returns: "many",
    },
    z.array(generatedSummarySchema),
  ).map((rows) => [...rows].sort((a, b) => (a.mentor_id ?? "").localeCompare(b.mentor_id ?? "")));
}
