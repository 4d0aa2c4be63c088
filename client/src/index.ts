/**
 * The public API of @bufdir-reporting/client, safe for browsers: the failure
 * model, the supabase-js transport, request contexts, the generated RPC layer,
 * reporting periods, response schemas, the metrics and activity repositories,
 * and the offline summaries over sql.js. Node-only parts (the direct-Postgres
 * transport, better-sqlite3, files, JWT verification) are in `./node`
 * (client/src/node.ts); a test bundles this file for the browser and fails if
 * `pg`, `node:*` or `better-sqlite3` is reached. What only the client's own tests
 * use is in `./testing` (client/src/testing.ts).
 */

// Failures
export type { DomainFailure, NetworkFailure, QueryFailure, QueryFailureExtras, ValidationFailure } from "./failures/domain-failure.ts";
export { isDomainFailure, networkFailure, queryFailure, validationFailure } from "./failures/domain-failure.ts";
export type { FailureReason } from "./failures/failure-codes.ts";
export { FAILURE_CODE_TABLE, FAILURE_REASONS, isConnectionCode, reasonForCode } from "./failures/failure-codes.ts";
export type { FailureContext } from "./failures/to-domain-failure.ts";
export { toDomainFailure } from "./failures/to-domain-failure.ts";

// Who a request acts as
export type { ApiRole, JwtClaims, RequestContext, UserClaims } from "./context/request-context.ts";
export { API_ROLES, asAnon, asServiceRole, asUser, contextFromClaims, isApiRole } from "./context/request-context.ts";

// Transports
export type { RpcArgs, RpcRequest, RpcResult, RpcReturns, RpcTransport } from "./transport/rpc-transport.ts";
export type { CheckedRpcRequest } from "./transport/rpc-request.ts";
export { checkRpcRequest } from "./transport/rpc-request.ts";
export { shapeResult } from "./transport/shape-result.ts";
export { createSupabaseTransport } from "./transport/supabase-transport.ts";

// The generated RPC layer: every RPC by name, its arguments and its checked result
export { RPC_CATALOG } from "./generated/rpc-catalog.ts";
export type { RpcArgsOf, RpcName, RpcResponseOf } from "./rpc/rpc-function.ts";
export type { RpcOutputOf } from "./rpc/rpc-response-schemas.ts";
export { RPC_RESPONSE_SCHEMAS } from "./rpc/rpc-response-schemas.ts";
export { rpc } from "./rpc/rpc.ts";
export { memberNameRowSchema, type MemberNameRow } from "./members/member-name.ts";

// Activities
export type { ActivityFields, ActivityKind, ActivityRegistrationInput, RegistrationPath } from "./activities/activity-input.ts";
export { ACTIVITY_KINDS, REGISTRATION_PATHS } from "./activities/activity-input.ts";
export type { ActivityRegistration } from "./activities/activity-registration.ts";
export { activityRegistrationSchema } from "./activities/activity-registration.ts";
export type { RegisteredActivity } from "./activities/activity-repository.ts";
export { ActivityRepository } from "./activities/activity-repository.ts";
export type { ActivityVerdict, EntryVerdict, InactiveMentorReason, VerdictCount } from "./activities/activity-verdict.ts";
export { activityVerdictSchema, ENTRY_VERDICTS, INACTIVE_MENTOR_REASONS, verdictCountSchema } from "./activities/activity-verdict.ts";
export { describeVerdict, INACTIVE_MENTOR_DESCRIPTIONS, VERDICT_DESCRIPTIONS } from "./activities/describe-verdict.ts";

// Administration: organisations, members and their active periods, contacts
export type { Organisation, OrganisationListing } from "./organisations/organisation.ts";
export { organisationListingSchema, organisationSchema } from "./organisations/organisation.ts";
export type { OrganisationInput } from "./organisations/organisation-repository.ts";
export { OrganisationRepository } from "./organisations/organisation-repository.ts";
export type { ApprovalStatus, MemberRole, Membership, MentorActivePeriod } from "./members/membership.ts";
export { APPROVAL_STATUSES, MEMBER_ROLES, membershipSchema, mentorActivePeriodSchema } from "./members/membership.ts";
export type { ActivePeriodInput, MemberInput } from "./members/member-repository.ts";
export { MemberRepository } from "./members/member-repository.ts";
export type { Contact } from "./contacts/contact.ts";
export { contactSchema } from "./contacts/contact.ts";
export type { ContactInput } from "./contacts/contact-repository.ts";
export { ContactRepository } from "./contacts/contact-repository.ts";

// Review of implausible entries
export type { HeldActivity, ReviewLimit, ReviewLimits } from "./review/held-activity.ts";
export { heldActivitySchema, REVIEW_LIMITS, reviewLimitsSchema } from "./review/held-activity.ts";
export type { ReviewLimitsInput } from "./review/review-repository.ts";
export { ReviewRepository } from "./review/review-repository.ts";

// Reporting periods
export type { Period, PeriodInput } from "./period/period.ts";
export { InvalidPeriodError, MAX_PERIOD_DAYS, MAX_PERIOD_YEAR, MIN_PERIOD_YEAR, parsePeriod, periodOrThrow } from "./period/period.ts";
export { isIsoDate } from "./period/calendar.ts";

// Response schemas
export { isoDate, isoTimestamp } from "./schemas/iso-date.ts";
export { parseResponse } from "./schemas/parse-response.ts";
export { safeInteger } from "./schemas/safe-integer.ts";

// Bufdir metric snapshots
export { BufdirMetricsRepository, type ExportOptions } from "./metrics/bufdir-metrics-repository.ts";
export { snapshotKeyArgs } from "./metrics/snapshot-key.ts";
export type { FigureBreakdown } from "./metrics/figure-shape.ts";
export { BREAKDOWN_KEY_DOMAINS, BREAKDOWN_NAMES, FIGURE_BREAKDOWNS, FIGURE_TOTALS, FLAG_TOTAL, isBreakdownKey } from "./metrics/figure-shape.ts";
export type { MetricFigures } from "./metrics/metric-figures.ts";
export { METRIC_NAMES, metricFiguresSchema, SNAPSHOT_SHAPE_VERSION } from "./metrics/metric-figures.ts";
export { databaseUuid, figureCount, ruleVersion, sha256Hex } from "./metrics/metric-fields.ts";
export type { MetricSnapshot } from "./metrics/metric-snapshot.ts";
export { metricSnapshotSchema } from "./metrics/metric-snapshot.ts";
export type { SnapshotStatus, StalenessReason } from "./metrics/snapshot-status.ts";
export { snapshotStatusSchema, STALENESS_REASONS } from "./metrics/snapshot-status.ts";
export type { FigureDifference } from "./metrics/figure-difference.ts";
export { figureDifferenceSchema, figureValue } from "./metrics/figure-difference.ts";
export type { ExportPayload, ExportRecord } from "./metrics/export-record.ts";
export { exportPayloadSchema, exportRecordSchema } from "./metrics/export-record.ts";

// Offline summaries: the local SQLite mirror (sql.js) and the repository over it
export type { RunResult, SqliteDriver, SqliteRow, SqlParams, SqlValue } from "./mirror/sqlite-driver.ts";
export { SqliteDriverError } from "./mirror/sqlite-driver-error.ts";
export { openSqlJsDriver, type SqlJsDriver, type SqlJsDriverOptions } from "./mirror/sql-js-driver.ts";
export { PERIOD_TYPES, type PeriodType, type SummarySource } from "./mirror/summary-cache-row.ts";
export { openMirror } from "./mirror/open-mirror.ts";
export type { MigrateMirrorOptions, MigrationReport } from "./mirror/migrations/migrate-mirror.ts";
export { MirrorForeignKeyError, MirrorMigrationError, MirrorTooNewError } from "./mirror/migrations/mirror-migration-errors.ts";
export type {
  BusyRetry,
  CachedSummary,
  ForegroundRefresh,
  MirrorFailure,
  MirrorFailureReason,
  PurgeReport,
  PushOutcome,
  RefreshOptions,
  SummaryCacheFailure,
  SummaryCacheRepositoryOptions,
  SummaryChangeRow,
  SummaryData,
  SummaryDeleteRow,
  SummaryFilter,
  SummaryKey,
  SummaryPushPayload,
  SummaryUpsertRow,
  SyncReport,
} from "./summaries/index.ts";
export {
  DEFAULT_BUSY_RETRY,
  DEFAULT_SYNC_PAGE_SIZE,
  FOREGROUND_REFRESH_AFTER_MS,
  isMirrorFailure,
  MIRROR_FAILURE_REASONS,
  mirrorFailure,
  SUMMARY_CACHE_TTL_MS,
  SummaryCacheRepository,
  summaryChangePageSchema,
  summaryChangeRowSchema,
  summaryDataSchema,
  summaryDeleteRowSchema,
  summaryPushPayloadSchema,
  summaryUpsertRowSchema,
  toMirrorFailure,
} from "./summaries/index.ts";

export type { PeriodicSummaryRow } from "./summaries/periodic-summary-row.ts";
export { periodicSummaryRowSchema } from "./summaries/periodic-summary-row.ts";

// Generated database types
export type { Database, Json } from "./generated/database.types.ts";
