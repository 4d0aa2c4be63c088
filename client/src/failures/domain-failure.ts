/**
 * The client's failure vocabulary: every expected failure is one of these values,
 * returned in a Result, never thrown.
 */
import type { FailureReason } from "./failure-codes.ts";

/**
 * The database (or PostgREST) refused or failed the request.
 *
 * @example
 * const failure: QueryFailure = { kind: "query", code: "P0002", reason: "not_found", message: "no snapshot" };
 */
export interface QueryFailure {
  readonly kind: "query";
  /** SQLSTATE (`23505`, `BF003`) or PostgREST code (`PGRST202`); empty when there was none. */
  readonly code: string;
  readonly reason: FailureReason;
  readonly message: string;
  readonly details?: string;
  readonly hint?: string;
  /** The HTTP status, when the failure came over HTTP. */
  readonly httpStatus?: number;
}

/**
 * A value did not have the expected shape: a response that did not match its
 * schema, or an argument the client refused before sending it.
 *
 * @example
 * const failure: ValidationFailure = {
 *   kind: "validation", path: ["rows", 0, "count"], issue: "expected a safe integer",
 *   message: "rows.0.count: expected a safe integer",
 * };
 */
export interface ValidationFailure {
  readonly kind: "validation";
  /** Where in the value the problem is; empty for the value itself. */
  readonly path: readonly (string | number)[];
  readonly issue: string;
  /** The path and the issue in one sentence, for logs and screens. */
  readonly message: string;
}

/**
 * The database could not be reached or the connection broke: refused, reset,
 * terminated, timed out. The request may or may not have taken effect.
 *
 * @example
 * const failure: NetworkFailure = { kind: "network", message: "connect ECONNREFUSED 127.0.0.1:5432" };
 */
export interface NetworkFailure {
  readonly kind: "network";
  readonly message: string;
  /** The original error, for logs; never inspected by the client. */
  readonly cause?: unknown;
}

/**
 * Every failure the client returns. Each has a human-readable `message` beside its
 * typed fields; switch on `kind`, then on `reason` for queries, never on `message`.
 *
 * @example
 * function describe(failure: DomainFailure): string {
 *   switch (failure.kind) {
 *     case "query": return `${failure.reason} (${failure.code})`;
 *     case "validation": return `${failure.path.join(".")}: ${failure.issue}`;
 *     case "network": return failure.message;
 *   }
 * }
 */
export type DomainFailure = QueryFailure | ValidationFailure | NetworkFailure;

/**
 * The optional fields of a QueryFailure; null and empty values are dropped.
 *
 * @example
 * const extras: QueryFailureExtras = { details: "Key (id)=(1) already exists.", hint: null, httpStatus: 409 };
 */
export interface QueryFailureExtras {
  readonly details?: string | null;
  readonly hint?: string | null;
  readonly httpStatus?: number | null;
}

/**
 * Builds a QueryFailure; empty or null extras are left out.
 *
 * @example
 * queryFailure({ code: "23505", reason: "conflict", message: "duplicate key" })
 */
export function queryFailure(
  fields: { code: string; reason: FailureReason; message: string } & QueryFailureExtras,
): QueryFailure {
  return {
    kind: "query",
    code: fields.code,
    reason: fields.reason,
    message: fields.message,
    ...(fields.details ? { details: fields.details } : {}),
    ...(fields.hint ? { hint: fields.hint } : {}),
    ...(typeof fields.httpStatus === "number" ? { httpStatus: fields.httpStatus } : {}),
  };
}

/**
 * Builds a ValidationFailure; its message is the path (dotted) and the issue.
 *
 * @example
 * validationFailure(["period"], "end is before start").message // "period: end is before start"
 */
export function validationFailure(path: readonly (string | number)[], issue: string): ValidationFailure {
  const message = path.length === 0 ? issue : `${path.join(".")}: ${issue}`;
  return { kind: "validation", path: [...path], issue, message };
}

/**
 * Builds a NetworkFailure.
 *
 * @example
 * networkFailure("connection terminated", error)
 */
export function networkFailure(message: string, cause?: unknown): NetworkFailure {
  return cause === undefined ? { kind: "network", message } : { kind: "network", message, cause };
}

/**
 * True for values built by this module's constructors (or shaped like them).
 *
 * @example
 * isDomainFailure(validationFailure([], "x")) // true
 * isDomainFailure(new Error("x"))              // false
 */
export function isDomainFailure(value: unknown): value is DomainFailure {
  if (typeof value !== "object" || value === null || value instanceof Error) return false;
  const candidate = value as { kind?: unknown; message?: unknown; code?: unknown; reason?: unknown; path?: unknown; issue?: unknown };
  switch (candidate.kind) {
    case "query":
      return typeof candidate.code === "string" && typeof candidate.reason === "string" && typeof candidate.message === "string";
    case "validation":
      return Array.isArray(candidate.path) && typeof candidate.issue === "string" && typeof candidate.message === "string";
    case "network":
      return typeof candidate.message === "string";
    default:
      return false;
  }
}
