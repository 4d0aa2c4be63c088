/**
 * Failures of the local mirror, beside the client's DomainFailure: the network
 * and the server fail in one way, the device's SQLite in another, and the app
 * reacts differently (retry later vs. rebuild the mirror). One union covers both.
 */
import type { DomainFailure } from "../failures/domain-failure.ts";
import { isDomainFailure } from "../failures/domain-failure.ts";
import { SqliteDriverError } from "../mirror/sqlite-driver-error.ts";

/**
 * Why the mirror failed:
 * - `sqlite_error`: SQLite refused or failed a statement (disk full, closed
 *   connection, a constraint); the transaction was rolled back;
 * - `invalid_row`: a stored row does not have the mirror's shape (its figures do
 *   not parse), so it is not shown;
 * - `unexpected`: anything else that was thrown.
 *
 * @example
 * MIRROR_FAILURE_REASONS.includes("sqlite_error"); // true
 */
export const MIRROR_FAILURE_REASONS = ["sqlite_error", "invalid_row", "unexpected"] as const;

/**
 * One of `MIRROR_FAILURE_REASONS`.
 *
 * @example
 * const reason: MirrorFailureReason = "invalid_row";
 */
export type MirrorFailureReason = (typeof MIRROR_FAILURE_REASONS)[number];

/**
 * The local SQLite mirror failed.
 *
 * @example
 * const failure: MirrorFailure = { kind: "mirror", reason: "sqlite_error", message: "database is locked", sql: "BEGIN" };
 */
export interface MirrorFailure {
  readonly kind: "mirror";
  readonly reason: MirrorFailureReason;
  /** SQLite's own message, or what was wrong with the row. */
  readonly message: string;
  /** The statement that failed, when there was one. */
  readonly sql?: string;
  /** The original error, for logs; never inspected. */
  readonly cause?: unknown;
}

/**
 * Every failure the summary cache returns: switch on `kind` (`query`,
 * `validation`, `network`, `mirror`), then on `reason`.
 *
 * @example
 * function describe(failure: SummaryCacheFailure): string {
 *   switch (failure.kind) {
 *     case "query": return failure.reason; // e.g. "feature_disabled" (BF005)
 *     case "validation": return failure.path.join(".");
 *     case "network": return "offline";
 *     case "mirror": return `local database: ${failure.reason}`;
 *   }
 * }
 */
export type SummaryCacheFailure = DomainFailure | MirrorFailure;

/**
 * Builds a MirrorFailure; a null `sql` is left out.
 *
 * @example
 * mirrorFailure("invalid_row", "summary 5f0c… has figures of an unknown shape");
 */
export function mirrorFailure(
  reason: MirrorFailureReason,
  message: string,
  extras: { readonly sql?: string | null; readonly cause?: unknown } = {},
): MirrorFailure {
  return {
    kind: "mirror",
    reason,
    message,
    ...(typeof extras.sql === "string" ? { sql: extras.sql } : {}),
    ...(extras.cause === undefined ? {} : { cause: extras.cause }),
  };
}

/**
 * True for a MirrorFailure value.
 *
 * @example
 * isMirrorFailure(mirrorFailure("unexpected", "x")); // true
 */
export function isMirrorFailure(value: unknown): value is MirrorFailure {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as { kind?: unknown; reason?: unknown; message?: unknown };
  return (
    candidate.kind === "mirror" &&
    typeof candidate.message === "string" &&
    (MIRROR_FAILURE_REASONS as readonly unknown[]).includes(candidate.reason)
  );
}

/**
 * Turns whatever local work threw into a failure value: a driver error becomes
 * `sqlite_error`, failure values pass unchanged, anything else is `unexpected`.
 * Never throws.
 *
 * @example
 * const rows = ResultAsync.fromPromise(driver.all("select 1"), toMirrorFailure);
 */
export function toMirrorFailure(error: unknown): SummaryCacheFailure {
  if (isMirrorFailure(error) || isDomainFailure(error)) return error;
  if (error instanceof SqliteDriverError) return mirrorFailure("sqlite_error", error.message, { sql: error.sql, cause: error });
  let message: string;
  try {
    message = error instanceof Error ? error.message : String(error);
  } catch {
    message = "unprintable error";
  }
  return mirrorFailure("unexpected", message, { cause: error });
}
