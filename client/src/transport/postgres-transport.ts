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
 *          set_config('DateStyle', 'ISO, YMD', true),
 *          set_config('statement_timeout', …, true), set_config('lock_timeout', …, true),
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
 *
 * Time limits. Switching role with set_config applies none of the role's own
 * settings (those apply when a session logs in), so the call sets what Supabase
 * gives every API request itself: `statement_timeout` and `lock_timeout`, both
 * transaction-local, in the same message (PostgreSQL starts each statement of a
 * multi-statement message with a fresh statement timer, so the call runs under
 * them). A pool's client-side `queryTimeoutMillis` does not merely stop waiting:
 * when it expires the transport sends PostgreSQL's cancel request for that
 * connection's backend, waits for the call to end, and returns the connection
 * to the pool once the server has rolled the call back.
 */
import { connect } from "node:net";
import pg from "pg";
import { err, ok, type Result, ResultAsync } from "neverthrow";
import { type DomainFailure, networkFailure, queryFailure, validationFailure } from "../failures/domain-failure.ts";
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
  /**
   * The server's limit for one call (`statement_timeout`), in milliseconds: a whole
   * number from 0 (no limit) to 2 147 483 647. Default 8 000, what Supabase gives
   * `authenticated`. A call over it is cancelled by the server: reason `timeout` (57014).
   */
  readonly statementTimeoutMillis?: number;
  /**
   * The longest a call waits for one lock (`lock_timeout`), in milliseconds: a whole
   * number from 0 (no limit) to 2 147 483 647. Default 8 000, what Supabase gives every
   * API request. A wait over it fails with reason `retryable` (55P03).
   */
  readonly lockTimeoutMillis?: number;
};

/**
 * Supabase's statement timeout for `authenticated` (8 s; `anon` has 3 s, and the
 * service role falls back to `authenticator`'s 8 s): supabase/postgres,
 * migrations/db/migrations/20221028101028_set_authenticator_timeout.sql and the
 * role settings of its schema dumps; documented under "Timeouts" in Supabase's
 * database guide.
 */
const DEFAULT_STATEMENT_TIMEOUT_MILLIS = 8_000;
/**
 * Supabase's lock timeout for the API: `alter role authenticator set lock_timeout to '8s'`
 * (supabase/postgres, migrations/db/migrations/20231130133139_set_lock_timeout_to_authenticator_role.sql).
 * PostgREST logs in as `authenticator`, so every API request, whatever role it
 * switches to, waits at most 8 s for a lock.
 */
const DEFAULT_LOCK_TIMEOUT_MILLIS = 8_000;
/** PostgreSQL's largest value for an integer setting in milliseconds. */
const MAX_TIMEOUT_MILLIS = 2_147_483_647;
/** How long, after the client's limit, the cancelled call may take to end before its connection is dropped. */
const CANCEL_GRACE_MILLIS = 2_000;

/**
 * Pool settings; keep `max` small on the embedded engine (one shared backend).
 *
 * @example
 * const options: PostgresPoolOptions = { max: 4, connectionTimeoutMillis: 5_000 };
 */
export interface PostgresPoolOptions {
  readonly max?: number;
  readonly connectionTimeoutMillis?: number;
  /**
   * Client-side limit for one transport call's query, in milliseconds (the wait for
   * a connection is bounded by `connectionTimeoutMillis`). On expiry the
   * transport cancels the call on the server (PostgreSQL's cancel request for the
   * connection's backend) and the call fails with reason `timeout` (57014), nothing
   * kept; the connection goes back to the pool. Should the server not confirm the
   * cancel within 2 s, the connection is dropped and the call is a NetworkFailure
   * (it may still take effect). Keep it above `statementTimeoutMillis` to let the
   * server's own limit act first.
   */
  readonly queryTimeoutMillis?: number;
}

/** The client-side limit each pool made by createPostgresPool was given. */
const clientTimeouts = new WeakMap<pg.Pool, number>();

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
    types: postgresTypeParsers,
  });
  // The pool already removes the broken client; without a listener the event would be fatal.
  pool.on("error", () => undefined);
  // Not node-postgres's query_timeout: that one stops waiting and leaves the query running.
  const limit = options.queryTimeoutMillis;
  if (limit !== undefined && Number.isFinite(limit) && limit > 0) clientTimeouts.set(pool, limit);
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

/** The server-side limits of a call, checked. */
interface Limits {
  readonly statementTimeoutMillis: number;
  readonly lockTimeoutMillis: number;
}

function checkLimit(name: keyof Limits, value: unknown, fallback: number): Result<number, DomainFailure> {
  if (value === undefined) return ok(fallback);
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > MAX_TIMEOUT_MILLIS) {
    return err(validationFailure(["options", name], `expected whole milliseconds from 0 (no limit) to ${MAX_TIMEOUT_MILLIS}`));
  }
  return ok(value);
}

function checkLimits(options: PostgresTransportOptions): Result<Limits, DomainFailure> {
  return checkLimit("statementTimeoutMillis", options.statementTimeoutMillis, DEFAULT_STATEMENT_TIMEOUT_MILLIS).andThen((statementTimeoutMillis) =>
    checkLimit("lockTimeoutMillis", options.lockTimeoutMillis, DEFAULT_LOCK_TIMEOUT_MILLIS).map((lockTimeoutMillis) => ({ statementTimeoutMillis, lockTimeoutMillis })),
  );
}

function callSql(schema: string, request: CheckedRpcRequest, context: RequestContext, limits: Limits): string {
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
    // ISO output, which the type parsers read; and year-first input, so that the call's date
    // literals ('2026-06-12') are read as written and day- or month-first text ('12.06.2026',
    // '06/12/2026') is refused (22008) instead of read month first under the default 'ISO, MDY'.
    // PostgREST's sessions get the same from the authenticator's role setting (db/README.md).
    "set_config('DateStyle', 'ISO, YMD', true),",
    // What Supabase's role settings give an API request; set here since set_config('role')
    // applies none of them. Whole milliseconds, checked.
    `set_config('statement_timeout', '${limits.statementTimeoutMillis}', true),`,
    `set_config('lock_timeout', '${limits.lockTimeoutMillis}', true),`,
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

/** How a query ended within a time limit, or that the limit came first. */
type Settled<T> = { readonly kind: "resolved"; readonly value: T } | { readonly kind: "rejected"; readonly error: unknown } | { readonly kind: "expired" };

function settleWithin<T>(promise: Promise<T>, millis: number | undefined): Promise<Settled<T>> {
  const settled = promise.then(
    (value): Settled<T> => ({ kind: "resolved", value }),
    (error: unknown): Settled<T> => ({ kind: "rejected", error }),
  );
  if (millis === undefined) return settled;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<Settled<T>>((resolve) => {
    timer = setTimeout(() => resolve({ kind: "expired" }), millis);
  });
  return Promise.race([settled, expired]).finally(() => clearTimeout(timer));
}

/**
 * PostgreSQL's cancel request for the backend of `client`: a new connection that
 * sends the backend's process id and secret key (no login, no pool connection
 * needed), which the server answers by cancelling that backend's running query
 * and closing. Resolves when the server closed it, on any error, or after
 * `millis`; never rejects.
 */
function sendCancelRequest(client: pg.PoolClient, millis: number): Promise<void> {
  const { processID, secretKey, host, port } = client as unknown as { processID: unknown; secretKey: unknown; host: unknown; port: unknown };
  if (typeof processID !== "number" || typeof secretKey !== "number" || typeof host !== "string" || typeof port !== "number") return Promise.resolve();
  return new Promise((resolve) => {
    const socket = host.startsWith("/") ? connect(`${host}/.s.PGSQL.${port}`) : connect(port, host);
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve();
    };
    const timer = setTimeout(done, millis);
    socket.once("connect", () => {
      const packet = Buffer.alloc(16);
      packet.writeInt32BE(16, 0);
      packet.writeInt32BE(80877102, 4); // the CancelRequest code
      packet.writeInt32BE(processID, 8);
      packet.writeInt32BE(secretKey, 12);
      socket.write(packet);
    });
    socket.once("close", done);
    socket.on("error", done);
  });
}

async function execute(pool: pg.Pool, schema: string, options: PostgresTransportOptions, request: unknown): Promise<Result<unknown, DomainFailure>> {
  const checked = checkRpcRequest(request);
  if (checked.isErr()) return err(checked.error);
  const contextChecked = checkContext(options.context);
  if (contextChecked.isErr()) return err(contextChecked.error);
  const limits = checkLimits(options);
  if (limits.isErr()) return err(limits.error);
  const text = callSql(schema, checked.value, contextChecked.value, limits.value);
  const clientLimit = clientTimeouts.get(pool);

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
  // Two statements in one simple query: pg returns one result per statement.
  const query = client.query({ text, types: postgresTypeParsers }) as unknown as Promise<pg.QueryResult[]>;
  let outcome = await settleWithin(query, clientLimit);
  const timedOut = outcome.kind === "expired";
  if (timedOut) {
    // Stop the query on the server, then wait for the server to end it: its error (57014)
    // arrives on this connection, the implicit transaction rolled back.
    const deadline = Date.now() + CANCEL_GRACE_MILLIS;
    await sendCancelRequest(client, CANCEL_GRACE_MILLIS);
    outcome = await settleWithin(query, Math.max(0, deadline - Date.now()));
  }
  client.off("error", onError);
  if (outcome.kind === "expired") {
    // The cancel was not confirmed: drop the connection rather than hand back a busy one.
    client.release(new Error("the call outlived its time limit and its cancel"));
    return err(networkFailure(`the call exceeded its time limit of ${clientLimit} ms and the server did not confirm its cancellation; it may still take effect`));
  }
  if (outcome.kind === "resolved") {
    // Done before the cancel could stop it: the call took effect, so its result is the answer.
    client.release();
    const [contextResult, callResult] = outcome.value;
    if (contextResult === undefined || callResult === undefined) {
      return err(validationFailure([], "the database returned no result for the call"));
    }
    const kind = ((contextResult.rows[0] as Record<string, unknown> | undefined)?.[RETURN_KIND] ?? null) as ReturnKind;
    return resultValue(kind, callResult).andThen((value) => shapeResult(checked.value.returns, value));
  }
  const error = outcome.error;
  const failure = toDomainFailure(connectionError ?? error);
  // A server-reported query error leaves the connection clean (the implicit
  // transaction was rolled back); anything else may not, so the pool drops it.
  const reusable = failure.kind === "query" && failure.code !== "";
  client.release(reusable ? undefined : error instanceof Error ? error : true);
  if (timedOut && failure.kind === "query" && failure.code === "57014") {
    return err(queryFailure({ code: "57014", reason: "timeout", message: `the call exceeded the client's time limit of ${clientLimit} ms and was cancelled on the server; nothing was kept` }));
  }
  return err(failure);
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
      const settled = execute(pool, schema, options, request).catch((error: unknown) => err(toDomainFailure(error)));
      return new ResultAsync(settled) as ResultAsync<RpcResult<R>, DomainFailure>;
    },
    end: () => (ended ??= owned ? pool.end() : Promise.resolve()),
  };
}
