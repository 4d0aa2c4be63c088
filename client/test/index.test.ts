import { describe, expect, it } from "vitest";
import * as client from "../src/index.ts";
import * as nodeClient from "../src/node.ts";
import * as testingClient from "../src/testing.ts";

/** What only the ./node entry adds: the parts that need Node. */
const NODE_ONLY = [
  "actAsSql",
  "inRequestContext",
  "requestSettings",
  "MIN_JWT_SECRET_LENGTH",
  "contextFromJwt",
  "createPostgresPool",
  "createPostgresTransport",
  "openBetterSqlite3Driver",
  "openSqlJsFileDriver",
  "postgresTypeParsers",
  "verifyJwt",
];

describe("the public API", () => {
  it("exports exactly these values (types are checked by tsc)", () => {
    expect(Object.keys(client).sort()).toEqual(
      [
        "API_ROLES",
        "BufdirMetricsRepository",
        "METRIC_NAMES",
        "BREAKDOWN_KEY_DOMAINS",
        "BREAKDOWN_NAMES",
        "FIGURE_BREAKDOWNS",
        "FIGURE_TOTALS",
        "FLAG_TOTAL",
        "isBreakdownKey",
        "SNAPSHOT_SHAPE_VERSION",
        "STALENESS_REASONS",
        "databaseUuid",
        "exportPayloadSchema",
        "exportRecordSchema",
        "figureCount",
        "figureDifferenceSchema",
        "figureValue",
        "metricFiguresSchema",
        "metricSnapshotSchema",
        "ruleVersion",
        "sha256Hex",
        "snapshotKeyArgs",
        "snapshotStatusSchema",
        "FAILURE_CODE_TABLE",
        "FAILURE_REASONS",
        "InvalidPeriodError",
        "MAX_PERIOD_DAYS",
        "MAX_PERIOD_YEAR",
        "MIN_PERIOD_YEAR",
        "asAnon",
        "asServiceRole",
        "asUser",
        "checkRpcRequest",
        "contextFromClaims",
        "createSupabaseTransport",
        "isApiRole",
        "isConnectionCode",
        "isDomainFailure",
        "isIsoDate",
        "isoDate",
        "isoTimestamp",
        "networkFailure",
        "parsePeriod",
        "parseResponse",
        "periodOrThrow",
        "queryFailure",
        "reasonForCode",
        "safeInteger",
        "shapeResult",
        "toDomainFailure",
        "validationFailure",
        // Offline summaries: the mirror and the repository over it
        "DEFAULT_BUSY_RETRY",
        "DEFAULT_SYNC_PAGE_SIZE",
        "FOREGROUND_REFRESH_AFTER_MS",
        "MIRROR_FAILURE_REASONS",
        "MirrorForeignKeyError",
        "MirrorMigrationError",
        "MirrorTooNewError",
        "PERIOD_TYPES",
        "SUMMARY_CACHE_TTL_MS",
        "SqliteDriverError",
        "SummaryCacheRepository",
        "isMirrorFailure",
        "mirrorFailure",
        "openMirror",
        "openSqlJsDriver",
        "summaryChangePageSchema",
        "summaryChangeRowSchema",
        "summaryDataSchema",
        "summaryDeleteRowSchema",
        "summaryPushPayloadSchema",
        "summaryUpsertRowSchema",
        "toMirrorFailure",
        "periodicSummaryRowSchema",
        // The generated RPC layer and activities
        "RPC_CATALOG",
        "RPC_RESPONSE_SCHEMAS",
        "rpc",
        "memberNameRowSchema",
        "ActivityRepository",
        "ACTIVITY_KINDS",
        "REGISTRATION_PATHS",
        "activityRegistrationSchema",
        // Why an entry counts or not
        "ENTRY_VERDICTS",
        "INACTIVE_MENTOR_REASONS",
        "INACTIVE_MENTOR_DESCRIPTIONS",
        "VERDICT_DESCRIPTIONS",
        "activityVerdictSchema",
        "verdictCountSchema",
        "describeVerdict",
        // Administration
        "OrganisationRepository",
        "organisationSchema",
        "organisationListingSchema",
        "MemberRepository",
        "APPROVAL_STATUSES",
        "MEMBER_ROLES",
        "membershipSchema",
        "mentorActivePeriodSchema",
        "ContactRepository",
        "contactSchema",
        // Review of implausible entries
        "ReviewRepository",
        "REVIEW_LIMITS",
        "heldActivitySchema",
        "reviewLimitsSchema",
      ].sort(),
    );
  });

  it("the ./node entry exports the root and the Node-only parts", () => {
    expect(Object.keys(nodeClient).sort()).toEqual([...Object.keys(client), ...NODE_ONLY].sort());
  });

  it("the ./testing entry holds what only tests use, and the root and ./node leave it out", () => {
    const testingOnly = ["RpcAggregationQueryBuilder", "callRpc", "getOrComputeMetricSnapshot"];
    expect(Object.keys(testingClient).sort()).toEqual(testingOnly);
    expect(Object.keys(nodeClient).filter((name) => testingOnly.includes(name))).toEqual([]);
  });
});
