/**
 * RpcTransport over supabase-js: `POST /rest/v1/rpc/<fn>` through PostgREST, with
 * whatever identity the client carries (its session, or its accessToken option).
 */
import type { SupabaseClient } from "@supabase/supabase-js";
import { err, ResultAsync } from "neverthrow";
import type { DomainFailure } from "../failures/domain-failure.ts";
import { toDomainFailure } from "../failures/to-domain-failure.ts";
import { checkRpcRequest } from "./rpc-request.ts";
import type { RpcRequest, RpcResult, RpcReturns, RpcTransport } from "./rpc-transport.ts";
import { shapeResult } from "./shape-result.ts";

/** What supabase-js's rpc() resolves to, as far as the transport reads it. */
interface RpcResponse {
  readonly data: unknown;
  readonly error: unknown;
  readonly status: number;
}

/**
 * The part of a supabase-js client the transport uses. The generated Database type
 * narrows rpc() to the functions it lists; the transport is generic over names (the
 * results are checked with zod instead), so it calls through this wider view.
 */
interface RpcCapableClient {
  rpc(fn: string, args: object): PromiseLike<RpcResponse>;
}

/**
 * Creates a transport over a supabase-js client. PostgREST errors become
 * QueryFailures (with `httpStatus`), network errors (supabase-js's code '')
 * NetworkFailures. Never throws.
 *
 * @example
 * const supabase = createClient<Database>(url, anonKey);
 * const transport = createSupabaseTransport(supabase);
 * const result = await transport.call({ fn: "get_metric_snapshot", args: { org_id: orgId, period_start: "2026-01-01", period_end: "2026-06-30" }, returns: "many" });
 */
export function createSupabaseTransport<Db>(client: SupabaseClient<Db>): RpcTransport {
  const rpcClient = client as unknown as RpcCapableClient;
  return {
    call<R extends RpcReturns>(request: RpcRequest<R>): ResultAsync<RpcResult<R>, DomainFailure> {
      const checked = checkRpcRequest(request);
      if (checked.isErr()) return new ResultAsync(Promise.resolve(err(checked.error)));
      const { fn, args, returns } = checked.value;
      // Inside then(): a synchronous throw from rpc() also ends up as a failure.
      const response = ResultAsync.fromPromise(
        Promise.resolve().then(() => rpcClient.rpc(fn, args)),
        (error) => toDomainFailure(error),
      );
      return response.andThen((reply) => {
        if (reply.error !== null && reply.error !== undefined) {
          const httpStatus = reply.status > 0 ? reply.status : undefined;
          return err(toDomainFailure(reply.error, httpStatus === undefined ? {} : { httpStatus }));
        }
        return shapeResult(returns, reply.data);
      }) as ResultAsync<RpcResult<R>, DomainFailure>;
    },
  };
}
