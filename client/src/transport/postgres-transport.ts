/**
 * RpcTransport over a direct PostgreSQL connection (node-postgres), for server
 * code, tools and tests. Each call acts out a PostgREST request: the role and JWT
 * claims are set transaction-locally, so row-level security and auth.uid() behave
 * exactly as behind Supabase.
 *
 * One round trip per call, success or failure: the context and the call travel
 * as ONE simple-protocol message of two statements,
 *
 *   select set_config('role', …, true), set_config('request.jwt.claims', …, true), …,
 *          <does "public"."fn" return a set / void, from pg_proc>;
 *   select * from "public"."fn"("arg" => '…', …) as "rpc result"
 *
 * which PostgreSQL runs as one implicit transaction: the settings end with it, and
 * on an error the whole message is rolled back by the server, so no `rollback` has
 * to follow and the connection goes back to the pool clean. Every value is an
 * escaped, untyped literal passed by name, so the function's own parameter types
 * decide how it is read (functions are never overloaded here); the request's
 * `arrayArgs` are sent as PostgreSQL array literals, other arrays as JSON. Only
 * transaction-local state is used, which the embedded engine's single shared
 * backend requires.
 */
import pg from "pg";
import { err, ok, type Result, ResultAsync } from "neverthrow";
import { type DomainFailure, validationFailure } from "../failures/domain-failure.ts";
import { toDomainFailure } from "../failures/to-domain-failure.ts";
import type { Json } from "../generated/database.types.ts";
import { requestSettings } from "../context/act-as-sql.ts";
import { isApiRole, type RequestContext } from "../context/request-context.ts";
import { postgresTypeParsers } from "./postgres-type-parsers.ts";
import { type CheckedRpcRequest, checkRpcRequest } from "./rpc-request.ts";
import type { RpcRequest, RpcResult, RpcReturns, RpcTransport } from "./rpc-transport.ts";
import { shapeResult } from "./shape-result.ts";

/**
 * Where the transport gets connections, and whom it acts as.
 *
 * @example
 * const fromPool: PostgresTransportOptions = { pool, context: asServiceRole() };
 * const fromUrl: PostgresTransportOptions = { connectionString: process.env.DATABASE_URL!, context: asAnon() };
 */
export type PostgresTransportOptions = (
  | {
      /** A pool you own: the transport never ends it. Create it with createPostgresPool. */
      readonly pool: pg.Pool;
    }
  | {
      /** The transport creates (and `end()` ends) a pool for this URL. */
      readonly connectionString: string;
      readonly poolOptions?: PostgresPoolOptions;
    }
) & {
  readonly context: RequestContext;
  /** The API schema; PostgREST's (and Supabase's) default is public. */
  readonly schema?: string;
};

/**
 * Pool settings; keep `max` small on the embedded engine (one shared backend).
 *
 * @example
 * const options: PostgresPoolOptions = { max: 4, connectionTimeoutMillis: 5_000 };
 */
export interface PostgresPoolOptions {
  readonly max?: number;
  readonly connectionTimeoutMillis?: number;
  /** Client-side limit for one call; on expiry the connection is discarded and the call is a NetworkFailure. */
  readonly queryTimeoutMillis?: number;
}

/**
 * An RpcTransport that can release what it created.
 *
 * @example
 * const transport = createPostgresTransport({ connectionString, context: asAnon() });
 * try { await transport.call({ fn: "ping", returns: "scalar" }); } finally { await transport.end(); }
 */
export interface PostgresTransport extends RpcTransport {
  /** Ends the pool the transport created; a pool passed in is left open for its owner. */
  end(): Promise<void>;
}

/**
 * A pg.Pool set up for the transport: the transport's type parsers on every
 * client, and a listener so a connection dropped while idle is discarded instead
 * of crashing the process.
 *
 * @example
 * const pool = createPostgresPool(process.env.DATABASE_URL!, { max: 10 });
 * const forUser = (claims: UserClaims) => createPostgresTransport({ pool, context: asUser(claims) });
 */
export function createPostgresPool(connectionString: string, options: PostgresPoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 4,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 10_000,
    ...(options.queryTimeoutMillis === undefined ? {} : { query_timeout: options.queryTimeoutMillis }),
    types: postgresTypeParsers,
  });
  // The pool already removes the broken client; without a listener the event would be fatal.
  pool.on("error", () => undefined);
  return pool;
}

/** Names the result column when the function returns a scalar (a composite's columns keep their names). */
const SCALAR_COLUMN = "rpc result";
const RETURN_KIND = "return_kind";

/** What the function returns, read from pg_proc in the same message as the call; null when unknown. */
type ReturnKind = "set" | "single" | "void" | null;

/** A PostgreSQL array literal of scalars ('{"a","b",NULL}'), for an array parameter. */
function arrayLiteral(values: readonly Json[]): string {
  const elements = values.map((value) =>
    value === null ? "NULL" : `"${String(value).replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`,
  );
  return pg.escapeLiteral(`{${elements.join(",")}}`);
}

function literal(value: Json): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return pg.escapeLiteral(value);
    case "number":
      return `'${value}'`; // a safe integer (checked), untyped so int4, int8, numeric or text may take it
    case "boolean":
      return value ? "'true'" : "'false'";
    default:
      return pg.escapeLiteral(JSON.stringify(value));
  }
}

function callSql(schema: string, request: CheckedRpcRequest, context: RequestContext): string {
  const qualified = `${pg.escapeIdentifier(schema)}.${pg.escapeIdentifier(request.fn)}`;
  const args = Object.entries(request.args)
    .map(([name, value]) => {
      const sent = Array.isArray(value) && request.arrayArgs.includes(name) ? arrayLiteral(value) : literal(value);
      return `${pg.escapeIdentifier(name)} => ${sent}`;
    })
    .join(", ");
  return [
    "select",
    ...requestSettings(context, schema).map((setting) => `${setting},`),
    // Output format only (the date order is kept): the type parsers read ISO text.
    "set_config('DateStyle', 'ISO', true),",
    // What PostgREST knows from its schema cache: does the function return a set, one value, or
    // nothing? (null when the name is unknown: the call below then fails with 42883).
    `(select case when p.prorettype = 'pg_catalog.void'::pg_catalog.regtype then 'void' when p.proretset then 'set' else 'single' end`,
    ` from pg_catalog.pg_proc p where p.oid = pg_catalog.to_regproc(${pg.escapeLiteral(qualified)})) as ${RETURN_KIND};`,
    `select * from ${qualified}(${args}) as ${pg.escapeIdentifier(SCALAR_COLUMN)}`,
  ].join("\n");
}

function checkContext(context: unknown): Result<RequestContext, DomainFailure> {
  const candidate = context as Partial<RequestContext> | null | undefined;
  if (!isApiRole(candidate?.role)) {
    return err(validationFailure(["context", "role"], "the role must be anon, authenticated or service_role"));
  }
  const claims = candidate.claims;
  if (typeof claims !== "object" || claims === null || Array.isArray(claims)) {
    return err(validationFailure(["context", "claims"], "expected the JWT claims as an object"));
  }
  try {
    JSON.stringify(claims);
  } catch {
    return err(validationFailure(["context", "claims"], "the claims are not JSON"));
  }
  // The database grants nothing to claims that name another role than the one the
  // request runs as; say so here instead of sending a request that cannot succeed.
  const claimedRole = (claims as Record<string, unknown>).role;
  if (claimedRole !== undefined && claimedRole !== candidate.role) {
    return err(validationFailure(["context", "claims", "role"], `the role claim must be the context's role (${candidate.role})`));
  }
  return ok(candidate as RequestContext);
}

/**
 * The result in PostgREST's JSON shape: an array for a set-returning function,
 * otherwise the single object or value, null for void. shapeResult then checks it
 * against the declared `returns` exactly as for the supabase transport.
 */
function resultValue(kind: ReturnKind, result: pg.QueryResult): Result<unknown, DomainFailure> {
  if (kind === "void") return ok(null);
  const scalar = result.fields.length === 1 && result.fields[0]?.name === SCALAR_COLUMN;
  const values: unknown[] = scalar ? result.rows.map((row: Record<string, unknown>) => row[SCALAR_COLUMN]) : result.rows;
  if (kind === "set") return ok(values);
  if (values.length > 1) return err(validationFailure([], `expected at most one row, got ${values.length}`));
  return ok(values[0] ?? null);
}

async function execute(pool: pg.Pool, schema: string, context: unknown, request: unknown): Promise<Result<unknown, DomainFailure>> {
  const checked = checkRpcRequest(request);
  if (checked.isErr()) return err(checked.error);
  const contextChecked = checkContext(context);
  if (contextChecked.isErr()) return err(contextChecked.error);
  const text = callSql(schema, checked.value, contextChecked.value);

  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    return err(toDomainFailure(error));
  }
  // A connection that breaks mid-call emits 'error' on the client; without a listener that is fatal.
  let connectionError: unknown;
  const onError = (error: unknown) => {
    connectionError ??= error;
  };
  client.on("error", onError);
  try {
    // Two statements in one simple query: pg returns one result per statement.
    const results = (await client.query({ text, types: postgresTypeParsers })) as unknown as pg.QueryResult[];
    client.off("error", onError);
    client.release();
    const [contextResult, callResult] = results;
    if (contextResult === undefined || callResult === undefined) {
      return err(validationFailure([], "the database returned no result for the call"));
    }
    const kind = ((contextResult.rows[0] as Record<string, unknown> | undefined)?.[RETURN_KIND] ?? null) as ReturnKind;
    return resultValue(kind, callResult).andThen((value) => shapeResult(checked.value.returns, value));
  } catch (error) {
    client.off("error", onError);
    const failure = toDomainFailure(connectionError ?? error);
    // A server-reported query error leaves the connection clean (the implicit
    // transaction was rolled back); anything else may not, so the pool drops it.
    const reusable = failure.kind === "query" && failure.code !== "";
    client.release(reusable ? undefined : error instanceof Error ? error : true);
    return err(failure);
  }
}

/**
 * Creates a transport that calls functions over a direct connection, acting as
 * `context` (see asUser, asServiceRole, asAnon, contextFromJwt). Never throws.
 *
 * @example
 * const pool = createPostgresPool(process.env.DATABASE_URL!);
 * const transport = createPostgresTransport({ pool, context: asUser({ sub: userId }) });
 * const rows = await transport.call({ fn: "list_periodic_summaries_since", args: { org_id: orgId }, returns: "many" });
 */
export function createPostgresTransport(options: PostgresTransportOptions): PostgresTransport {
  const owned = "connectionString" in options;
  const pool = owned ? createPostgresPool(options.connectionString, options.poolOptions) : options.pool;
  const schema = options.schema ?? "public";
  let ended: Promise<void> | undefined;
  return {
    call<R extends RpcReturns>(request: RpcRequest<R>): ResultAsync<RpcResult<R>, DomainFailure> {
      // execute() catches everything it awaits; the outer guard covers the unforeseen.
      const settled = execute(pool, schema, options.context, request).catch((error: unknown) => err(toDomainFailure(error)));
      return new ResultAsync(settled) as ResultAsync<RpcResult<R>, DomainFailure>;
    },
    end: () => (ended ??= owned ? pool.end() : Promise.resolve()),
  };
}
