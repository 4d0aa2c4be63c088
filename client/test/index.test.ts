import { describe, expect, it } from "vitest";
import * as client from "../src/index.ts";

describe("the public API", () => {
  it("exports exactly these values (types are checked by tsc)", () => {
    expect(Object.keys(client).sort()).toEqual(
      [
        "API_ROLES",
        "FAILURE_CODE_TABLE",
        "FAILURE_REASONS",
        "InvalidPeriodError",
        "MAX_PERIOD_DAYS",
        "MAX_PERIOD_YEAR",
        "MIN_JWT_SECRET_LENGTH",
        "MIN_PERIOD_YEAR",
        "asAnon",
        "asServiceRole",
        "asUser",
        "callRpc",
        "checkRpcRequest",
        "contextFromClaims",
        "contextFromJwt",
        "createPostgresPool",
        "createPostgresTransport",
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
        "postgresTypeParsers",
        "queryFailure",
        "reasonForCode",
        "safeInteger",
        "shapeResult",
        "toDomainFailure",
        "validationFailure",
        "verifyJwt",
      ].sort(),
    );
  });
});
