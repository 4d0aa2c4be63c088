/** Offline-first periodic summaries: the repository over the local mirror, its schemas and failures. */
export {
  DEFAULT_SYNC_PAGE_SIZE,
  FOREGROUND_REFRESH_AFTER_MS,
  SUMMARY_CACHE_TTL_MS,
  SummaryCacheRepository,
  type RefreshOptions,
  type SummaryCacheRepositoryOptions,
  type SummaryFilter,
  type SummaryKey,
} from "./summary-cache-repository.ts";
export type { ForegroundRefresh, PurgeReport, PushOutcome, SyncReport } from "./summary-cache-outcomes.ts";
export type { CachedSummary } from "./cached-summary.ts";
export { DEFAULT_BUSY_RETRY, type BusyRetry } from "./fetch-summary-changes.ts";
export {
  isMirrorFailure,
  MIRROR_FAILURE_REASONS,
  mirrorFailure,
  toMirrorFailure,
  type MirrorFailure,
  type MirrorFailureReason,
  type SummaryCacheFailure,
} from "./mirror-failure.ts";
export { summaryDataSchema, type SummaryData } from "./summary-data.ts";
export {
  summaryChangePageSchema,
  summaryChangeRowSchema,
  summaryDeleteRowSchema,
  summaryUpsertRowSchema,
  type SummaryChangeRow,
  type SummaryDeleteRow,
  type SummaryUpsertRow,
} from "./summary-change-row.ts";
export { summaryPushPayloadSchema, type SummaryPushPayload } from "./summary-push-payload.ts";
