/**
 * The boundary between thrown errors and the client's failure values: whatever a
 * driver throws or returns as an error becomes a DomainFailure here, by its
 * structure and codes only (never by its message text).
 */
import {
  type DomainFailure,
  isDomainFailure,
  networkFailure,
  queryFailure,
} from "./domain-failure.ts";
import { isConnectionCode, reasonForCode } from "./failure-codes.ts";

/**
 * Extra facts the caller knows about the error.
 *
 * @example
 * toDomainFailure(response.error, { httpStatus: response.status })
 */
export interface FailureContext {
  /** HTTP status of the response that carried the error. */
  readonly httpStatus?: number;
}

/** Gateways answer these when the API server behind them is down or too slow. */
const GATEWAY_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields => typeof value === "object" && value !== null;

/** Never throws, whatever the value (a getter or toString may). */
function describe(value: unknown): string {
  try {
    if (isObject(value) && typeof value.message === "string") return value.message;
    return String(value);
  } catch {
    return "unprintable error";
  }
}

/** PostgREST may send details and hints as JSON values; the failure keeps them as text. */
function asText(value: unknown): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

/** A server error from node-postgres (pg's DatabaseError): a SQLSTATE plus a severity. */
function isServerError(error: Fields): boolean {
  return typeof error.code === "string" && /^[0-9A-Z]{5}$/.test(error.code) && typeof error.severity === "string";
}

/** A PostgREST error body (supabase-js hands these over as plain objects or PostgrestError). */
function isPostgrestError(error: Fields): boolean {
  return typeof error.message === "string" && typeof error.code === "string" && ("details" in error || "hint" in error);
}

/** Node's errors from sockets and DNS carry the failed system call. */
function isSystemError(error: Fields): boolean {
  if (typeof error.syscall === "string") return true;
  // Node 20 reports a refused connection to several addresses as an AggregateError of system errors.
  return Array.isArray(error.errors) && error.errors.some((inner) => isObject(inner) && typeof inner.syscall === "string");
}

/**
 * Turns anything thrown or returned as an error by pg or supabase-js into a DomainFailure.
 * Never throws.
 *
 * - a DomainFailure is returned unchanged;
 * - a server error (SQLSTATE) or PostgREST error (code) becomes a QueryFailure with the
 *   reason from the code table, or a NetworkFailure for connection-class codes and for
 *   supabase-js's network errors (code '');
 * - socket and DNS errors, timeouts and aborts, and plain `Error`s without any code become
 *   a NetworkFailure: node-postgres reports a lost or closed connection and its own
 *   timeouts that way;
 * - anything else (a TypeError, a thrown string) is a QueryFailure with reason `unexpected`.
 *
 * @example
 * const result = await ResultAsync.fromPromise(pool.query("select 1"), toDomainFailure);
 * toDomainFailure({ code: "PGRST202", message: "Could not find the function", details: null, hint: null })
 * // { kind: "query", code: "PGRST202", reason: "unknown_function", ... }
 */
export function toDomainFailure(error: unknown, context: FailureContext = {}): DomainFailure {
  try {
    return classify(error, context);
  } catch (unexpected) {
    // A hostile value (a throwing getter or proxy) still becomes a failure, not an exception.
    return queryFailure({ code: "", reason: "unexpected", message: describe(unexpected) });
  }
}

function classify(error: unknown, context: FailureContext): DomainFailure {
  if (isDomainFailure(error)) return error;
  const httpStatus = context.httpStatus;
  if (!isObject(error)) {
    return queryFailure({ code: "", reason: "unexpected", message: describe(error), httpStatus });
  }
  const message = describe(error);
  if (isServerError(error)) {
    const code = error.code as string;
    if (isConnectionCode(code)) return networkFailure(message, error);
    return queryFailure({ code, reason: reasonForCode(code), message, details: asText(error.detail), hint: asText(error.hint) });
  }
  if (isPostgrestError(error)) {
    const code = error.code as string;
    // supabase-js reports a fetch that failed (refused, reset, aborted) with code ''.
    if (code === "" || isConnectionCode(code)) return networkFailure(message, error);
    return queryFailure({
      code,
      reason: reasonForCode(code),
      message,
      details: asText(error.details),
      hint: asText(error.hint),
      httpStatus,
    });
  }
  if (isSystemError(error)) return networkFailure(message, error);
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return networkFailure(message, error);
  }
  if (error instanceof Error && error.constructor === Error && !("code" in error)) {
    return networkFailure(message, error);
  }
  // A body without a code from a gateway in front of the API: the API was not reached.
  if (httpStatus !== undefined && GATEWAY_STATUSES.has(httpStatus)) return networkFailure(message, error);
  return queryFailure({ code: "", reason: "unexpected", message, httpStatus });
}
