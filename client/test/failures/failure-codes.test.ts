import { describe, expect, it } from "vitest";
import {
  FAILURE_CODE_TABLE,
  FAILURE_REASONS,
  type FailureReason,
  isConnectionCode,
  reasonForCode,
} from "../../src/failures/failure-codes.ts";

/** The project's vocabulary, written out again so the table is checked against it, not against itself. */
const EXPECTED: readonly [code: string, reason: FailureReason][] = [
  ["42501", "permission_denied"],
  ["P0002", "not_found"],
  ["22023", "invalid_input"],
  ["22004", "invalid_input"],
  ["22P02", "invalid_input"],
  ["22003", "invalid_input"],
  ["22007", "invalid_date"],
  ["22008", "invalid_date"],
  ["23514", "invalid_input"],
  ["23502", "invalid_input"],
  ["23505", "conflict"],
  ["23503", "conflict"],
  ["40001", "retryable"],
  ["40P01", "retryable"],
  ["55P03", "retryable"],
  ["57014", "timeout"],
  ["42883", "unknown_function"],
  ["PGRST202", "unknown_function"],
  ["PGRST301", "unauthenticated"],
  ["PGRST302", "unauthenticated"],
  ["PGRST303", "unauthenticated"],
  ["BF001", "pii_rejected"],
  ["BF002", "snapshot_missing"],
  ["BF003", "stale_snapshot"],
  ["BF004", "snapshot_mismatch"],
  ["BF005", "feature_disabled"],
  ["BF010", "sync_busy"],
];

describe("the failure code table", () => {
  it.each(EXPECTED)("maps %s to %s", (code, reason) => {
    expect(reasonForCode(code)).toBe(reason);
  });

  it("holds exactly the documented codes, no more", () => {
    expect(Object.keys(FAILURE_CODE_TABLE).sort()).toEqual(EXPECTED.map(([code]) => code).sort());
  });

  it.each(["P0001", "XX000", "25006", "42P01", "BF999", "PGRST116", "", "constructor", "__proto__", "toString"])(
    "maps the unlisted code %j to unexpected",
    (code) => {
      expect(reasonForCode(code)).toBe("unexpected");
    },
  );

  it("uses every reason but unexpected, and only known reasons", () => {
    const used = new Set(Object.values(FAILURE_CODE_TABLE));
    expect([...used].sort()).toEqual(FAILURE_REASONS.filter((reason) => reason !== "unexpected").sort());
  });

  it("cannot be changed at run time", () => {
    expect(Object.isFrozen(FAILURE_CODE_TABLE)).toBe(true);
  });
});

describe("connection-class codes", () => {
  it.each(["08000", "08003", "08006", "08001", "08004", "08P01", "57P01", "57P02", "57P03", "53300", "PGRST000", "PGRST001", "PGRST003"])(
    "treats %s as a connection failure",
    (code) => {
      expect(isConnectionCode(code)).toBe(true);
    },
  );

  it.each(["42501", "P0002", "40001", "57014", "53200", "PGRST202", "PGRST301", "080", "08", ""])(
    "does not treat %j as a connection failure",
    (code) => {
      expect(isConnectionCode(code)).toBe(false);
    },
  );
});
