/**
 * What the summary cache's operations report back, besides failures.
 */
import type { SummarySource } from "../mirror/summary-cache-row.ts";
import type { SummaryCacheFailure } from "./mirror-failure.ts";

/**
 * A completed sync.
 *
 * @example
 * const report: SyncReport = {
 *   mode: "delta", source: "sync", pages: 1, changes: 6, upserted: 6, deleted: 0,
 *   purged: 0, cursor: "1042", syncedAt: "2026-07-03T06:00:00.000Z",
 * };
 */
export interface SyncReport {
  /** `delta`: the changes after the stored cursor; `full`: everything, replacing the organisation's rows. */
  readonly mode: "delta" | "full";
  /** What the written rows record as their source. */
  readonly source: SummarySource;
  /** Calls of `list_periodic_summaries_since`. */
  readonly pages: number;
  /** Change rows received. */
  readonly changes: number;
  /** Summaries written. */
  readonly upserted: number;
  /** Local rows removed (tombstones; in a full sync also rows the server no longer lists). */
  readonly deleted: number;
  /** Rows removed by the TTL purge that ran first (refresh, refreshIfOlderThan); 0 for sync(). */
  readonly purged: number;
  /** The server cursor of the last change received; null when none arrived. */
  readonly cursor: string | null;
  /** When the mirror was confirmed against the server (ISO 8601). */
  readonly syncedAt: string;
}

/**
 * What `purgeExpired()` did.
 *
 * @example
 * const report: PurgeReport = { purged: 4, cursorReset: true };
 */
export interface PurgeReport {
  /** Rows removed because no sync had confirmed them for the TTL. */
  readonly purged: number;
  /** True when the organisation's cursor was reset, so the next sync fetches everything again. */
  readonly cursorReset: boolean;
}

/**
 * What `refreshIfOlderThan()` did: nothing (the last sync is recent enough), or a sync.
 *
 * @example
 * function explain(outcome: ForegroundRefresh): string {
 *   return outcome.status === "fresh" ? `synced at ${outcome.lastSyncedAt}` : `${outcome.report.changes} changes`;
 * }
 */
export type ForegroundRefresh =
  | { readonly status: "fresh"; readonly lastSyncedAt: string; readonly purged: number }
  | { readonly status: "synced"; readonly report: SyncReport };

/**
 * What `handlePushNotification()` did. The local row is marked stale first, so
 * a failed sync (offline, BF005) still leaves the mark: the app shows the old
 * figures as outdated until a later sync succeeds.
 *
 * @example
 * function explain(outcome: PushOutcome): string {
 *   if (outcome.status === "synced") return `up to date (${outcome.report.upserted} written)`;
 *   return `${outcome.markedStale ? "marked stale" : "nothing to mark"}; sync failed: ${outcome.failure.kind}`;
 * }
 */
export type PushOutcome =
  | { readonly status: "synced"; readonly markedStale: boolean; readonly report: SyncReport }
  | { readonly status: "sync_failed"; readonly markedStale: boolean; readonly failure: SummaryCacheFailure };
