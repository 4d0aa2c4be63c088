/**
 * A summary as the app reads it from the mirror: typed, dates as 'YYYY-MM-DD',
 * timestamps as ISO 8601, the staleness flag as a boolean and the figures parsed.
 */
import { err, ok, type Result } from "neverthrow";
import type { PeriodType, SummaryCacheRow, SummarySource } from "../mirror/summary-cache-row.ts";
import { type MirrorFailure, mirrorFailure } from "./mirror-failure.ts";
import { unixMsToIsoDate, unixMsToTimestamp } from "./mirror-dates.ts";
import { type SummaryData, summaryDataSchema } from "./summary-data.ts";
import { ENGLISH_MESSAGES } from "../schemas/english-messages.ts";

/**
 * One cached summary.
 *
 * @example
 * const summary: CachedSummary = {
 *   id: "5f0c…", organisationId: "9a1e…", mentorId: null, periodType: "half_year",
 *   periodStart: "2026-01-01", periodEnd: "2026-06-30", summaryData, version: 2,
 *   generatedAt: "2026-07-01T02:00:00.000Z", updatedAt: "2026-07-02T08:30:00.000Z", invalidatedAt: null,
 *   lastSyncedAt: "2026-07-03T06:00:00.000Z", isStale: false, source: "sync",
 * };
 */
export interface CachedSummary {
  /** The server's summary id. */
  readonly id: string;
  readonly organisationId: string;
  /** Null for the organisation-wide summary. */
  readonly mentorId: string | null;
  readonly periodType: PeriodType;
  /** First day of the period, 'YYYY-MM-DD'. */
  readonly periodStart: string;
  /** Last day of the period (inclusive), 'YYYY-MM-DD'. */
  readonly periodEnd: string;
  readonly summaryData: SummaryData;
  /** The server's version, bumped by every regeneration. */
  readonly version: number;
  readonly generatedAt: string;
  readonly updatedAt: string;
  /** When the server marked the figures as wrong or outdated; null otherwise. */
  readonly invalidatedAt: string | null;
  /** When a sync last confirmed this row against the server. */
  readonly lastSyncedAt: string;
  /** True when the server invalidated the figures, or a push announced newer ones not yet synced. */
  readonly isStale: boolean;
  /** What last wrote the row: a sync, a push-triggered sync, or a pull-to-refresh. */
  readonly source: SummarySource;
}

/**
 * Turns a `summary_cache` row into a CachedSummary; figures that do not parse
 * are an `invalid_row` failure naming the row.
 *
 * @example
 * const rows = await driver.all<SummaryCacheRow>("select * from summary_cache");
 * const summaries = rows.map(cachedSummaryOf);
 */
export function cachedSummaryOf(row: SummaryCacheRow): Result<CachedSummary, MirrorFailure> {
  let figures: unknown;
  try {
    figures = JSON.parse(row.summary_data);
  } catch {
    return err(mirrorFailure("invalid_row", `summary ${row.id}: summary_data is not JSON`));
  }
  const parsed = summaryDataSchema.safeParse(figures, ENGLISH_MESSAGES);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined ? "" : ` at ${issue.path.map(String).join(".")}: ${issue.message}`;
    return err(mirrorFailure("invalid_row", `summary ${row.id}: summary_data is not the documented shape${where}`));
  }
  return ok({
    id: row.id,
    organisationId: row.organisation_id,
    mentorId: row.mentor_id,
    periodType: row.period_type,
    periodStart: unixMsToIsoDate(row.period_start),
    periodEnd: unixMsToIsoDate(row.period_end),
    summaryData: parsed.data,
    version: row.version,
    generatedAt: unixMsToTimestamp(row.generated_at),
    updatedAt: unixMsToTimestamp(row.updated_at),
    invalidatedAt: row.invalidated_at === null ? null : unixMsToTimestamp(row.invalidated_at),
    lastSyncedAt: unixMsToTimestamp(row.last_synced_at),
    isStale: row.is_stale === 1,
    source: row.source,
  });
}
