/**
 * `generate_periodic_summaries` through a transport: the rows it returns
 * (`periodic_summaries` as stored), checked against a strict schema.
 */
import type { ResultAsync } from "neverthrow";
import { type DomainFailure, type PeriodicSummaryRow, rpc, type RpcTransport } from "@bufdir-reporting/client";
import type { SummaryPeriod } from "./summary-period.ts";

/**
 * One generated summary (`periodicSummaryRowSchema` checks it).
 *
 * @example
 * const days = (summary: GeneratedSummary) => summary.summary_data.totals.activity_days;
 */
export type GeneratedSummary = PeriodicSummaryRow;

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
  return rpc(transport, "generate_periodic_summaries", { org_id: organisationId, period_type: period.type, period_start: period.start }).map((rows) => [...rows].sort((a, b) => (a.mentor_id ?? "").localeCompare(b.mentor_id ?? "")));
}
