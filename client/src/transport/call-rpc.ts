/** A call and the check of its result, in one step: what repositories use. */
import type { ResultAsync } from "neverthrow";
import type * as z from "zod/mini";
import type { DomainFailure } from "../failures/domain-failure.ts";
import { parseResponse } from "../schemas/parse-response.ts";
import type { RpcRequest, RpcReturns, RpcTransport } from "./rpc-transport.ts";

/**
 * Calls a function and checks its result against a schema: a result of the wrong
 * shape is a ValidationFailure, never a wrongly typed value.
 *
 * @example
 * const snapshot = z.strictObject({ org_id: z.string(), period_start: isoDate, activity_days: safeInteger });
 * const result = await callRpc(transport, { fn: "metric_snapshot_status", args: { org_id: orgId, period_start: "2026-01-01", period_end: "2026-06-30" }, returns: "one" }, statusSchema);
 * result.match((row) => row?.activity_days, (failure) => failure.kind);
 */
export function callRpc<R extends RpcReturns, S extends z.core.$ZodType>(
  transport: RpcTransport,
  request: RpcRequest<R>,
  schema: S,
): ResultAsync<z.output<S>, DomainFailure> {
  return transport.call(request).andThen((value) => parseResponse(schema, value));
}
