/**
 * The period lengths a summary covers, as the server's `periodic_summaries.period_type`
 * and the mirror's CHECK constraint spell them.
 *
 * @example
 * PERIOD_TYPES.includes("quarter"); // true
 */
export const PERIOD_TYPES = ["month", "quarter", "half_year", "year"] as const;

/**
 * One of `PERIOD_TYPES`.
 *
 * @example
 * const periodType: PeriodType = "half_year";
 */
export type PeriodType = (typeof PERIOD_TYPES)[number];

/**
 * How a cached row arrived: a periodic pull (`sync`), a fetch prompted by a push
 * notification (`push`), or a user's pull-to-refresh (`refresh`). Telling them
 * apart explains why a device shows what it shows.
 *
 * @example
 * SUMMARY_SOURCES.includes("push"); // true
 */
export const SUMMARY_SOURCES = ["sync", "push", "refresh"] as const;

/**
 * One of `SUMMARY_SOURCES`.
 *
 * @example
 * const source: SummarySource = "refresh";
 */
export type SummarySource = (typeof SUMMARY_SOURCES)[number];

/**
 * A row of the mirror's `summary_cache` table at the current schema version:
 * the server's `periodic_summaries` row plus the cache's own bookkeeping.
 *
 * Times are unix milliseconds (UTC); `period_start`/`period_end` are UTC
 * midnights. `summary_data` is the serialised summary JSON, stored as received.
 * `mentor_key` is `mentor_id`, or `''` for an organisation-wide summary, so that
 * one period has one row (SQLite's UNIQUE treats NULLs as distinct).
 *
 * @example
 * const row: SummaryCacheRow = {
 *   id: "5f0c…", organisation_id: "9a1e…", mentor_id: null, period_type: "month",
 *   period_start: Date.UTC(2026, 0, 1), period_end: Date.UTC(2026, 1, 1),
 *   summary_data: JSON.stringify({ sessions: 12 }), version: 1,
 *   generated_at: 1_769_904_000_000, updated_at: 1_769_904_000_000, invalidated_at: null,
 *   last_synced_at: 1_769_904_100_000, is_stale: 0, source: "sync", mentor_key: "",
 * };
 */
export interface SummaryCacheRow {
  /** The server's `periodic_summaries.id`. */
  readonly id: string;
  /** The server's `org_id`. */
  readonly organisation_id: string;
  /** Null for an organisation-wide summary. */
  readonly mentor_id: string | null;
  readonly period_type: PeriodType;
  readonly period_start: number;
  readonly period_end: number;
  readonly summary_data: string;
  /** The server row's version. */
  readonly version: number;
  readonly generated_at: number;
  readonly updated_at: number;
  readonly invalidated_at: number | null;
  /** When this device last received the row. */
  readonly last_synced_at: number;
  /** 1 when the cache knows the row is out of date (SQLite has no boolean). */
  readonly is_stale: 0 | 1;
  readonly source: SummarySource;
  readonly mentor_key: string;
}

/**
 * The columns of `summary_cache`, in table order; the list a repository selects
 * and inserts, checked against the table by the mirror's tests.
 *
 * @example
 * const sql = `select ${SUMMARY_CACHE_COLUMNS.join(", ")} from summary_cache`;
 */
export const SUMMARY_CACHE_COLUMNS = [
  "id",
  "organisation_id",
  "mentor_id",
  "period_type",
  "period_start",
  "period_end",
  "summary_data",
  "version",
  "generated_at",
  "updated_at",
  "invalidated_at",
  "last_synced_at",
  "is_stale",
  "source",
  "mentor_key",
] as const satisfies readonly (keyof SummaryCacheRow)[];
