/**
 * The public API of @bufdir-reporting/client: the failure model, the two
 * transports, request contexts, reporting periods, response schemas and the
 * Bufdir metrics repository.
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
export type { JwtVerificationOptions } from "./context/verify-jwt.ts";
export { contextFromJwt, MIN_JWT_SECRET_LENGTH, verifyJwt } from "./context/verify-jwt.ts";

// Transports
export type { RpcArgs, RpcRequest, RpcResult, RpcReturns, RpcTransport } from "./transport/rpc-transport.ts";
export type { CheckedRpcRequest } from "./transport/rpc-request.ts";
export { checkRpcRequest } from "./transport/rpc-request.ts";
export { shapeResult } from "./transport/shape-result.ts";
export { callRpc } from "./transport/call-rpc.ts";
export { createSupabaseTransport } from "./transport/supabase-transport.ts";
export type { PostgresPoolOptions, PostgresTransport, PostgresTransportOptions } from "./transport/postgres-transport.ts";
export { createPostgresPool, createPostgresTransport } from "./transport/postgres-transport.ts";
export { postgresTypeParsers } from "./transport/postgres-type-parsers.ts";

// Reporting periods
export type { Period, PeriodInput } from "./period/period.ts";
export { InvalidPeriodError, MAX_PERIOD_DAYS, MAX_PERIOD_YEAR, MIN_PERIOD_YEAR, parsePeriod, periodOrThrow } from "./period/period.ts";
export { isIsoDate } from "./period/calendar.ts";

// Response schemas
export { isoDate, isoTimestamp } from "./schemas/iso-date.ts";
export { parseResponse } from "./schemas/parse-response.ts";
export { safeInteger } from "./schemas/safe-integer.ts";

// Bufdir metric snapshots
export { BufdirMetricsRepository } from "./metrics/bufdir-metrics-repository.ts";
export type { AggregationQueryBuilder } from "./metrics/aggregation-query-builder.ts";
export { RpcAggregationQueryBuilder } from "./metrics/aggregation-query-builder.ts";
export { snapshotKeyArgs } from "./metrics/snapshot-key.ts";
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

// Generated database types
export type { Database, Json } from "./generated/database.types.ts";
