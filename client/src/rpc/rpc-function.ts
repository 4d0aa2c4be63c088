/**
 * The RPCs as types, from the generated Database type and catalog: a name that
 * is not an RPC, a misspelt argument or one of the wrong type fails `tsc`.
 */
import type { Database } from "../generated/database.types.ts";
import type { RPC_CATALOG } from "../generated/rpc-catalog.ts";

type Functions = Database["public"]["Functions"];

/**
 * The name of an RPC the API roles may call.
 *
 * @example
 * const name: RpcName = "register_activity";
 */
export type RpcName = keyof typeof RPC_CATALOG & keyof Functions;

/**
 * An RPC's named arguments as the database declares them. Any argument may be
 * null on the wire; the database answers 22004 where null is not allowed.
 *
 * @example
 * const args: RpcArgsOf<"get_metric_snapshot"> = { org_id: organisationId, period_start: "2026-01-01", period_end: "2026-06-30" };
 */
export type RpcArgsOf<F extends RpcName> = { readonly [K in keyof Functions[F]["Args"]]: Functions[F]["Args"][K] | null };

/** `returns table (…)` columns carry no NOT NULL: each may be null, whatever the generator says. */
type NullableColumns<T> = T extends readonly (infer Row)[] ? { [K in keyof Row]: Row[K] | null }[] : T | null;

/**
 * What an RPC's response may be, at most: the generated result type, with void
 * as null, and the columns of `returns table` (and scalar results) nullable. A
 * response schema's output must be assignable to it (checked with `satisfies`).
 *
 * @example
 * type Status = RpcResponseOf<"metric_snapshot_status">;
 */
export type RpcResponseOf<F extends RpcName> = Functions[F] extends { SetofOptions: unknown }
  ? Functions[F]["Returns"]
  : Functions[F]["Returns"] extends undefined
    ? null
    : NullableColumns<Functions[F]["Returns"]>;
