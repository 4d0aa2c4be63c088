/**
 * A `fetch` for supabase-js that answers `POST /rest/v1/rpc/<fn>` from a test
 * database the way PostgREST does, since no PostgREST binary can run here:
 *
 *   createClient(url, anonKey, { global: { fetch: postgrest.fetch } })
 *
 * It follows PostgREST's documented behaviour (and its source, src/PostgREST/Error.hs):
 * - JWT from `Authorization: Bearer`, else from the `apikey` header, verified as HS256
 *   with the test secret (exp/nbf/iat with 30 s skew); none → 401 PGRST302, undecodable
 *   or badly signed → 401 PGRST301, refused claims (expired) → 401 PGRST303;
 * - the role claim (anon when absent) and the claims set transaction-locally, with
 *   request.method/path/headers and PostgREST's search path (schema, extensions);
 * - the settings PostgREST's sessions get by logging in as `authenticator` (its role
 *   settings for this database and for all, pg_db_role_setting), applied
 *   transaction-locally, since this fetch's connections log in as the owner: the
 *   date order (`DateStyle`) JSON arguments are read with among them;
 * - the JSON body's keys are the named arguments, read with the parameters' declared
 *   types (json_to_record); the function is found in pg_proc per request; no function
 *   with that name whose parameters fit the keys → 404 PGRST202;
 * - results rendered by PostgreSQL's own JSON (bigint and numeric as bare numbers):
 *   table/composite type → object (a null composite is an object of nulls), setof or
 *   `returns table` → array, scalar → bare value, void → 204 without a body;
 * - stable and immutable functions run in a READ ONLY transaction;
 * - errors as `{code, message, details, hint}` with PostgREST's SQLSTATE → status table
 *   (42501 → 403 with a non-anon JWT, 401 as anon; 23505/23503 → 409; P0001 → 400;
 *   other P0xxx → 500; PTnnn → nnn; 42883 → 404; 25006 → 405; …; others → 400), and
 *   503 PGRST000 when the database cannot be reached.
 *
 * NOT covered: tables and views (`/rest/v1/<table>` select/insert/update/delete); GET and
 * HEAD calls of functions; Prefer headers (return, count, params, tx, missing, handling);
 * Accept variants (single object, CSV, plan, nulls=stripped) and query-string filters,
 * select, order and limit on results; functions with one unnamed json/text/bytea/xml
 * parameter; overloads (answered 300 PGRST203 without PostgREST's ranking); variadic
 * parameters; array-typed JSON bodies (bulk calls); Accept-Profile/Content-Profile
 * schema switching; RAISE SQLSTATE 'PGRST' full response control and the
 * response.headers/response.status settings; db-pre-request; JWT aud, role claim key
 * and JWKS/asymmetric keys; roles other than anon/authenticated/service_role (answered
 * 401 as PostgREST answers a role that does not exist); PostgREST's message-based special
 * cases (pg-safeupdate, xmlagg); Content-Range and other response headers; hints with
 * "Perhaps you meant" suggestions (hint is null).
 */
import pg from "pg";
import { requestSettings } from "../../src/context/act-as-sql.ts";
import { isApiRole, type JwtClaims } from "../../src/context/request-context.ts";
import { verifyJwt } from "../../src/context/verify-jwt.ts";

export interface PostgrestFetchOptions {
  readonly connectionString: string;
  readonly jwtSecret: string;
  /** The exposed schema (PostgREST's db-schemas); default public. */
  readonly schema?: string;
}

export interface PostgrestFetch {
  readonly fetch: typeof fetch;
  /** How many requests reached the database, for tests that check nothing was sent. */
  readonly requestsServed: () => number;
  close(): Promise<void>;
}

interface ErrorBody {
  code: string;
  message: string;
  details: string | null;
  hint: string | null;
}

interface RoutineParam {
  name: string;
  type: string;
  required: boolean;
}

interface Routine {
  params: RoutineParam[];
  returnsSet: boolean;
  returnsComposite: boolean;
  returnsVoid: boolean;
  readOnly: boolean;
}

const RPC_PATH = /\/rest\/v1\/rpc\/([^/?#]+)$/;

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

const errorBody = (code: string, message: string, details: string | null = null, hint: string | null = null): ErrorBody => ({
  code,
  message,
  details,
  hint,
});

/** PostgREST's mapSQLtoHTTP, without its message-text special cases. */
export function statusForSqlState(code: string, authed: boolean): number {
  const exact: Record<string, number> = {
    "23503": 409,
    "23505": 409,
    "25006": 405,
    "21000": 500,
    "53400": 500,
    "57P01": 503,
    P0001: 400,
    "42883": 404,
    "42P01": 404,
    "42P17": 500,
    "42501": authed ? 403 : 401,
  };
  if (code in exact) return exact[code]!;
  if (code.startsWith("PT")) {
    const status = Number(code.slice(2));
    return Number.isInteger(status) && status >= 100 && status <= 599 ? status : 500;
  }
  const byClass: [string, number][] = [
    ["08", 503], ["09", 500], ["0L", 403], ["0P", 403], ["25", 500], ["28", 403], ["2D", 500], ["38", 500], ["39", 500],
    ["3B", 500], ["40", 500], ["53", 503], ["54", 500], ["55", 500], ["57", 500], ["58", 500], ["F0", 500], ["HV", 500],
    ["P0", 500], ["XX", 500],
  ];
  return byClass.find(([prefix]) => code.startsWith(prefix))?.[1] ?? 400;
}

async function findRoutines(client: pg.PoolClient, schema: string, name: string): Promise<Routine[]> {
  const { rows } = await client.query<{
    names: string[] | null;
    types: string[];
    modes: string[] | null;
    defaults: number;
    retset: boolean;
    composite: boolean;
    void: boolean;
    volatility: string;
  }>(
    `select p.proargnames as names,
            array(select pg_catalog.format_type(t, null) from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) as t) as types,
            p.proargmodes::text[] as modes,
            p.pronargdefaults::int as defaults,
            p.proretset as retset,
            (rt.typtype = 'c' or (p.prorettype = 'pg_catalog.record'::regtype and p.proargmodes && array['o', 't', 'b']::"char"[])) as composite,
            p.prorettype = 'pg_catalog.void'::regtype as void,
            p.provolatile::text as volatility
       from pg_catalog.pg_proc p
       join pg_catalog.pg_namespace n on n.oid = p.pronamespace
       join pg_catalog.pg_type rt on rt.oid = p.prorettype
      where n.nspname = $1 and p.proname = $2 and p.prokind = 'f'`,
    [schema, name],
  );
  return rows.map((row) => {
    const inputs: { name: string; type: string }[] = [];
    row.types.forEach((type, index) => {
      const mode = row.modes?.[index] ?? "i";
      if (mode === "i" || mode === "b" || mode === "v") inputs.push({ name: row.names?.[index] ?? "", type });
    });
    return {
      params: inputs.map((param, index) => ({ ...param, required: index < inputs.length - row.defaults })),
      returnsSet: row.retset,
      returnsComposite: row.composite,
      returnsVoid: row.void,
      readOnly: row.volatility === "s" || row.volatility === "i",
    };
  });
}

/** PostgREST's rule: every key names a parameter, and every parameter without a default is given. */
const fits = (routine: Routine, keys: readonly string[]) =>
  keys.every((key) => routine.params.some((param) => param.name === key)) &&
  routine.params.every((param) => !param.required || keys.includes(param.name));

function callQuery(schema: string, name: string, routine: Routine, keys: readonly string[]): string {
  const ident = pg.escapeIdentifier;
  const given = routine.params.filter((param) => keys.includes(param.name));
  const fn = `${ident(schema)}.${ident(name)}(${given.map((param) => `${ident(param.name)} := pgrst_body.${ident(param.name)}`).join(", ")})`;
  const scalar = !routine.returnsComposite;
  const call = scalar ? `(select ${fn} as pgrst_scalar) as pgrst_call` : `${fn} as pgrst_call`;
  const from =
    given.length === 0
      ? `from ${call}`
      : `from json_to_record($1::json) as pgrst_body(${given.map((param) => `${ident(param.name)} ${param.type}`).join(", ")}), lateral ${call}`;
  const row = scalar ? "pgrst_call.pgrst_scalar" : "pgrst_call";
  const body = routine.returnsSet ? `coalesce(json_agg(${row}), '[]')` : `coalesce(json_agg(${row})->0, 'null')`;
  return `select ${body}::text as body ${from}`;
}

/**
 * Creates the fetch; `close()` ends its connection pool.
 *
 * @example
 * const postgrest = createPostgrestFetch({ connectionString: url, jwtSecret: TEST_JWT_SECRET });
 * const supabase = createClient("http://postgrest.test", testAnonKey(), { global: { fetch: postgrest.fetch } });
 */
export function createPostgrestFetch(options: PostgrestFetchOptions): PostgrestFetch {
  // Two connections at most: the embedded engine has one backend for everybody.
  const pool = new pg.Pool({ connectionString: options.connectionString, max: 2, connectionTimeoutMillis: 5_000 });
  pool.on("error", () => undefined);
  const schema = options.schema ?? "public";
  let served = 0;

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const match = RPC_PATH.exec(url.pathname);
    if (request.method !== "POST" || match === null) {
      return json(501, errorBody("TEST501", `the test PostgREST fetch serves only POST /rest/v1/rpc/<fn>, not ${request.method} ${url.pathname}`));
    }
    const fnName = decodeURIComponent(match[1]!);

    // Authentication, exactly as PostgREST decides it.
    const authorization = request.headers.get("authorization");
    const bearer = authorization === null ? null : (/^bearer\s*(.*)$/i.exec(authorization)?.[1] ?? "");
    const token = bearer ?? request.headers.get("apikey");
    if (token === null) {
      return json(401, errorBody("PGRST302", "Anonymous access is disabled"), { "www-authenticate": "Bearer" });
    }
    const verified = await verifyJwt(token.trim(), { secret: options.jwtSecret });
    if (verified.isErr()) {
      // The secret is local: verification has nothing to fetch, so every failure is a query failure.
      const failure = verified.error.kind === "query" ? verified.error : { code: "PGRST301", message: verified.error.message };
      return json(401, errorBody(failure.code, failure.message), {
        "www-authenticate": `Bearer error="invalid_token", error_description=${JSON.stringify(failure.message)}`,
      });
    }
    const role = verified.value.role ?? "anon";
    if (!isApiRole(role)) {
      // PostgREST would try to switch to the role; here only the API roles exist for it.
      return json(401, errorBody("22023", `role ${JSON.stringify(String(role))} does not exist`), { "www-authenticate": "Bearer" });
    }
    const context = { role, claims: verified.value as JwtClaims };
    const authed = context.role !== "anon";

    const text = await request.text();
    let args: unknown;
    try {
      args = text.trim() === "" ? {} : JSON.parse(text);
    } catch {
      return json(400, errorBody("PGRST102", "Empty or invalid json"));
    }
    if (typeof args !== "object" || args === null || Array.isArray(args)) {
      return json(400, errorBody("PGRST102", "Invalid body: expected a JSON object of named arguments"));
    }
    const keys = Object.keys(args);

    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      return json(503, errorBody("PGRST000", "Database connection error.", error instanceof Error ? error.message : String(error)));
    }
    served++;
    let inTransaction = false;
    let broken: Error | undefined;
    try {
      const candidates = (await findRoutines(client, schema, fnName)).filter((routine) => fits(routine, keys));
      if (candidates.length !== 1) {
        const qualified = `${schema}.${fnName}`;
        if (candidates.length > 1) {
          return json(300, errorBody("PGRST203", `Could not choose the best candidate function between: ${qualified}`, null,
            "Try renaming the parameters or the function itself in the database so function overloading can be resolved"));
        }
        const listed = keys.length === 0 ? " without parameters" : `(${keys.join(", ")})`;
        const searched = keys.length === 0 ? " without parameters" : ` with parameter${keys.length > 1 ? "s" : ""} ${keys.join(", ")}`;
        return json(404, errorBody("PGRST202", `Could not find the function ${qualified}${listed} in the schema cache`,
          `Searched for the function ${qualified}${searched} or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.`));
      }
      const routine = candidates[0]!;
      await client.query(routine.readOnly ? "begin read only" : "begin");
      inTransaction = true;
      const headers = Object.fromEntries([...request.headers.entries()].map(([key, value]) => [key.toLowerCase(), value]));
      await client.query(
        `select ${requestSettings(context, schema).join(", ")},
                set_config('request.method', 'POST', true), set_config('request.path', $1, true),
                set_config('request.headers', $2, true), set_config('request.cookies', '{}', true),
                (select count(set_config(split_part(c.setting, '=', 1), substr(c.setting, strpos(c.setting, '=') + 1), true))
                   from (select setting from pg_catalog.pg_db_role_setting s, unnest(s.setconfig) with ordinality as u (setting, n)
                          where s.setrole = (select oid from pg_catalog.pg_roles where rolname = 'authenticator')
                            and s.setdatabase in (0, (select oid from pg_catalog.pg_database where datname = current_database()))
                          order by s.setdatabase, u.n) c) as login_settings`,
        [url.pathname.replace(/^\/rest\/v1/, ""), JSON.stringify(headers)],
      );
      const given = routine.params.some((param) => keys.includes(param.name));
      const result = await client.query<{ body: string }>(callQuery(schema, fnName, routine, keys), given ? [JSON.stringify(args)] : []);
      await client.query("commit");
      inTransaction = false;
      if (routine.returnsVoid) return new Response(null, { status: 204 });
      return new Response(result.rows[0]?.body ?? "null", { status: 200, headers: { "content-type": "application/json; charset=utf-8" } });
    } catch (error) {
      if (inTransaction) {
        await client.query("rollback").catch((rollbackError: unknown) => {
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        });
      }
      const server = error as Partial<pg.DatabaseError>;
      if (typeof server.code !== "string" || typeof server.severity !== "string") {
        broken ??= error instanceof Error ? error : new Error(String(error));
        return json(503, errorBody("PGRST001", "Database client error. Retrying the connection.", error instanceof Error ? error.message : String(error)));
      }
      return json(statusForSqlState(server.code, authed), errorBody(server.code, server.message ?? "", server.detail ?? null, server.hint ?? null));
    } finally {
      // A connection that failed outside SQL is dropped, not reused.
      client.release(broken);
    }
  }

  return {
    fetch: async (input, init) => handle(new Request(input, init)),
    requestsServed: () => served,
    close: () => pool.end(),
  };
}
