/**
 * The one table that turns error codes into failure reasons. SQLSTATEs come from
 * PostgreSQL (and the project's own `BF…` codes, see db/README.md); `PGRST…`
 * codes come from PostgREST. Nothing here, or anywhere else, reads message text.
 *
 * | code                                  | reason             | raised when                                           |
 * | ------------------------------------- | ------------------ | ----------------------------------------------------- |
 * | 42501                                 | permission_denied  | the caller lacks the role, grant or membership        |
 * | P0002                                 | not_found          | no such row                                           |
 * | 22023 22004 22P02 22003               | invalid_input      | bad argument value, null argument, bad text           |
 * | 22007 22008                           | invalid_date       | text that is no date as the API reads dates: anything |
 * |                                       |                    | but year first (`12.06.2026`), or no such day         |
 * | 23514 23502                           | invalid_input      | check or not-null constraint refused the value        |
 * | 23505 23503                           | conflict           | unique or foreign-key violation                       |
 * | 40001 40P01 55P03                     | retryable          | serialization failure, deadlock, lock not available   |
 * |                                       |                    | (also `lock_timeout`)                                 |
 * | 57014                                 | timeout            | the query was cancelled: `statement_timeout`, or the  |
 * |                                       |                    | direct transport's own time limit; nothing was kept   |
 * | 42883 PGRST202                        | unknown_function   | no function with that name and those argument names   |
 * | PGRST301 PGRST302 PGRST303            | unauthenticated    | bad, missing or expired JWT (303: PostgREST 13+)      |
 * | BF001                                 | pii_rejected       | snapshot/summary JSON refused by the PII allow-list   |
 * | BF002                                 | snapshot_missing   | export refused: no snapshot                           |
 * | BF003                                 | stale_snapshot     | export refused: the snapshot is stale                 |
 * | BF004                                 | snapshot_mismatch  | export refused: differs from a fresh recomputation    |
 * | BF005                                 | feature_disabled   | periodic summaries are switched off                   |
 * | BF010                                 | sync_busy          | delta sync: a summary writer still runs; keep the cursor, retry |
 * | anything else                         | unexpected         |                                                       |
 *
 * Connection-class codes are not reasons: they mean the request may never have
 * reached (or finished on) the database, so they become a NetworkFailure instead:
 *
 * | code                         | meaning                                                          |
 * | ---------------------------- | ---------------------------------------------------------------- |
 * | 08xxx                        | connection exception (refused, lost, protocol violation)         |
 * | 57P01 57P02 57P03            | backend terminated: admin shutdown, crash shutdown, cannot connect now |
 * | 53300                        | too many connections: the server refused the connection          |
 * | PGRST000 PGRST001 PGRST003   | PostgREST could not reach the database, or timed out waiting for a connection |
 */

/**
 * Every reason a QueryFailure can carry.
 *
 * @example
 * FAILURE_REASONS.includes("stale_snapshot") // true
 */
export const FAILURE_REASONS = [
  "not_found",
  "permission_denied",
  "unauthenticated",
  "invalid_input",
  "invalid_date",
  "pii_rejected",
  "snapshot_missing",
  "stale_snapshot",
  "snapshot_mismatch",
  "feature_disabled",
  "sync_busy",
  "conflict",
  "retryable",
  "timeout",
  "unknown_function",
  "unexpected",
] as const;

/**
 * Why a query failed, as far as the caller needs to know to react.
 *
 * @example
 * const reason: FailureReason = "stale_snapshot";
 */
export type FailureReason = (typeof FAILURE_REASONS)[number];

/**
 * The code → reason table. Frozen, and the only place a code is given meaning.
 *
 * @example
 * FAILURE_CODE_TABLE["23505"] // "conflict"
 */
export const FAILURE_CODE_TABLE: Readonly<Record<string, Exclude<FailureReason, "unexpected">>> = Object.freeze({
  "42501": "permission_denied",
  P0002: "not_found",
  "22023": "invalid_input",
  "22004": "invalid_input",
  "22P02": "invalid_input",
  "22003": "invalid_input",
  "22007": "invalid_date",
  "22008": "invalid_date",
  "23514": "invalid_input",
  "23502": "invalid_input",
  "23505": "conflict",
  "23503": "conflict",
  "40001": "retryable",
  "40P01": "retryable",
  "55P03": "retryable",
  "57014": "timeout",
  "42883": "unknown_function",
  PGRST202: "unknown_function",
  PGRST301: "unauthenticated",
  PGRST302: "unauthenticated",
  PGRST303: "unauthenticated",
  BF001: "pii_rejected",
  BF002: "snapshot_missing",
  BF003: "stale_snapshot",
  BF004: "snapshot_mismatch",
  BF005: "feature_disabled",
  BF010: "sync_busy",
});

/** Exact connection-class codes; the whole 08 class is matched by its prefix. */
const CONNECTION_CODES: ReadonlySet<string> = new Set(["57P01", "57P02", "57P03", "53300", "PGRST000", "PGRST001", "PGRST003"]);

/**
 * The reason for a SQLSTATE or PostgREST code; `unexpected` for any code not in the table.
 *
 * @example
 * reasonForCode("P0002")  // "not_found"
 * reasonForCode("XX000")  // "unexpected"
 */
export function reasonForCode(code: string): FailureReason {
  // Own-property lookup only: a code such as "constructor" must not reach Object.prototype.
  return Object.prototype.hasOwnProperty.call(FAILURE_CODE_TABLE, code) ? FAILURE_CODE_TABLE[code]! : "unexpected";
}

/**
 * True for codes that mean the connection, not the query, failed (see the second table).
 *
 * @example
 * isConnectionCode("08006") // true
 * isConnectionCode("42501") // false
 */
export function isConnectionCode(code: string): boolean {
  return (code.length === 5 && code.startsWith("08")) || CONNECTION_CODES.has(code);
}
