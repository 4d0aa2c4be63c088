/** The one interface repositories call the database through. */
import type { ResultAsync } from "neverthrow";
import type { DomainFailure } from "../failures/domain-failure.ts";
import type { Json } from "../generated/database.types.ts";

/**
 * How the function's result is shaped, as PostgREST gives it:
 * - `one`: a function returning a table or composite type → an object, or null when it returned no row;
 * - `many`: `setof` / `returns table` → an array;
 * - `scalar`: any other type → the bare value;
 * - `void`: nothing → null.
 *
 * @example
 * const returns: RpcReturns = "many";
 */
export type RpcReturns = "one" | "many" | "scalar" | "void";

/**
 * Named arguments. Values: strings, safe integers, booleans, null, and plain
 * objects or arrays (sent as JSON, for json/jsonb parameters).
 *
 * @example
 * const args: RpcArgs = { org_id: orgId, period_start: "2026-01-01", options: { include_bulk: true } };
 */
export type RpcArgs = { readonly [name: string]: Json };

/**
 * One call of a function in the API schema.
 *
 * @example
 * const request: RpcRequest<"one"> = { fn: "metric_snapshot_status", args: { org_id: orgId }, returns: "one" };
 */
export interface RpcRequest<R extends RpcReturns = RpcReturns> {
  /** The function's name in the API schema (letters, digits, underscores). */
  readonly fn: string;
  readonly args?: RpcArgs;
  readonly returns: R;
  /**
   * The arguments that are PostgreSQL arrays (uuid[], text[], …): their JSON
   * arrays are sent as arrays, where any other array or object is JSON for a
   * json/jsonb parameter. PostgREST knows this from its schema cache; the
   * direct transport is told (the generated RPC_CATALOG lists them per RPC).
   */
  readonly arrayArgs?: readonly string[];
}

/**
 * What a call yields for each `returns`, before it is checked against a schema.
 *
 * @example
 * type Rows = RpcResult<"many">; // readonly unknown[]
 */
export type RpcResult<R extends RpcReturns> = R extends "many"
  ? readonly unknown[]
  : R extends "one"
    ? Readonly<Record<string, unknown>> | null
    : R extends "void"
      ? null
      : unknown;

/**
 * Calls database functions with the caller's identity. Implementations never
 * throw or reject: every failure is a DomainFailure in the Result.
 *
 * @example
 * const result = await transport.call({ fn: "list_periodic_summaries_since", args: { org_id: orgId }, returns: "many" });
 * result.match(
 *   (rows) => console.log(rows.length),
 *   (failure) => console.error(failure.kind),
 * );
 */
export interface RpcTransport {
  call<R extends RpcReturns>(request: RpcRequest<R>): ResultAsync<RpcResult<R>, DomainFailure>;
}
