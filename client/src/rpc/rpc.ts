/** The typed way to call an RPC: the generated name, arguments and result. */
import type { ResultAsync } from "neverthrow";
import type { DomainFailure } from "../failures/domain-failure.ts";
import { RPC_CATALOG } from "../generated/rpc-catalog.ts";
import { parseResponse } from "../schemas/parse-response.ts";
import type { RpcArgs, RpcTransport } from "../transport/rpc-transport.ts";
import type { RpcArgsOf, RpcName } from "./rpc-function.ts";
import { RPC_RESPONSE_SCHEMAS, type RpcOutputOf } from "./rpc-response-schemas.ts";

/**
 * Calls an RPC by its generated name with its declared arguments, and checks the
 * response with its schema (RPC_RESPONSE_SCHEMAS). An unknown name, a misspelt
 * or mistyped argument fails `tsc`; a response of the wrong shape is a
 * ValidationFailure. Never throws.
 *
 * @example
 * const snapshot = await rpc(transport, "refresh_metric_snapshot", { org_id: organisationId, period_start: "2026-01-01", period_end: "2026-06-30" });
 * snapshot.map((row) => row.snapshot_json.totals.activity_days);
 */
export function rpc<F extends RpcName>(transport: RpcTransport, fn: F, args: RpcArgsOf<F>): ResultAsync<RpcOutputOf<F>, DomainFailure> {
  const schema = RPC_RESPONSE_SCHEMAS[fn];
  // The generated argument types are JSON: strings, numbers, booleans, arrays, null.
  return transport
    .call({ fn, args: args as RpcArgs, returns: RPC_CATALOG[fn].returns, arrayArgs: RPC_CATALOG[fn].arrayArgs })
    .andThen((value) => parseResponse(schema, value)) as ResultAsync<RpcOutputOf<F>, DomainFailure>;
}
