/**
 * What only the postgres transport does: one round trip per call (one socket
 * write), no request state left on a pooled connection, its type
 * parsers (also under another process time zone), its own pool, JWT contexts,
 * connections lost mid-call, the time limits it sets for every call (statement
 * and lock timeouts, year-first dates) and a client-side limit that cancels the
 * query on the server.
 */
import { resolve } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { actAsSql } from "../../src/context/act-as-sql.ts";
import { asAnon, asServiceRole, asUser } from "../../src/context/request-context.ts";
import { contextFromJwt } from "../../src/context/verify-jwt.ts";
import { createPostgresPool, createPostgresTransport } from "../../src/transport/postgres-transport.ts";
import { postgresTypeParsers } from "../../src/transport/postgres-type-parsers.ts";
import { binDir, projectRoot } from "../../../scripts/lib/paths.ts";
import { runCommand } from "../../../scripts/lib/run-command.ts";
import { RPC_FIXTURES_SQL, UNSAFE_INT8, USER_A, USER_B } from "../support/rpc-fixtures.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { signTestJwt, TEST_JWT_SECRET } from "../support/test-jwt.ts";

const POSTGRES_ONLY_SQL = `
-- Definer so that an API role may end its own backend (the session user is the owner).
create function public.test_terminate_self() returns void language sql volatile security definer set search_path = ''
  as $$ select pg_catalog.pg_terminate_backend(pg_catalog.pg_backend_pid()) $$;
create function public.test_sleep(seconds int) returns void language sql volatile
  as $$ select pg_catalog.pg_sleep(seconds) $$;
grant execute on function public.test_terminate_self(), public.test_sleep(integer) to anon, authenticated, service_role;
create function public.test_limits() returns table (statement_timeout text, lock_timeout text, date_style text) language sql stable
  as $$ select pg_catalog.current_setting('statement_timeout'), pg_catalog.current_setting('lock_timeout'), pg_catalog.current_setting('DateStyle') $$;
grant execute on function public.test_limits() to anon, authenticated, service_role;
create table public.test_locks (id integer primary key, touched integer not null default 0);
insert into public.test_locks (id) values (1);
grant select, update on public.test_locks to service_role;
create function public.test_touch_lock(lock_id integer) returns void language sql volatile
  as $$ update public.test_locks set touched = touched + 1 where id = lock_id $$;
grant execute on function public.test_touch_lock(integer) to service_role;
`;

let db: TestDatabase;
const userA = asUser({ sub: USER_A, email: "a@example.no" });

beforeAll(async () => {
  db = await createTestDatabase(RPC_FIXTURES_SQL + POSTGRES_ONLY_SQL);
});

afterAll(async () => {
  await db?.dispose();
});

/** A one-connection pool that counts what its connection sends and receives. */
function countingPool(url: string) {
  const pool = createPostgresPool(url, { max: 1 });
  const counts = { connections: 0, socketWrites: 0, queryMessages: 0, syncMessages: 0, readyForQuery: 0 };
  pool.on("connect", (client) => {
    counts.connections++;
    // Every simple Query ('Q') and every extended-protocol Sync ('S') costs one round trip,
    // which ends when the server answers ReadyForQuery.
    const connection = (client as unknown as {
      connection: { stream: { write: (...args: unknown[]) => boolean }; query(text: string): void; sync(): void; on(event: string, listener: () => void): void };
    }).connection;
    // What leaves the process: a call that sent its parts one after another would write more than once.
    const write = connection.stream.write.bind(connection.stream);
    connection.stream.write = (...args: unknown[]) => {
      counts.socketWrites++;
      return write(...args);
    };
    const query = connection.query.bind(connection);
    const sync = connection.sync.bind(connection);
    connection.query = (text: string) => {
      counts.queryMessages++;
      query(text);
    };
    connection.sync = () => {
      counts.syncMessages++;
      sync();
    };
    connection.on("readyForQuery", () => counts.readyForQuery++);
  });
  const reset = () => Object.assign(counts, { socketWrites: 0, queryMessages: 0, syncMessages: 0, readyForQuery: 0 });
  return { pool, counts, reset };
}

describe("round trips", () => {
  it("costs one round trip per call, on success and on failure, and keeps the connection after a query error", async () => {
    const { pool, counts, reset } = countingPool(db.url);
    try {
      const transport = createPostgresTransport({ pool, context: userA });
      (await transport.call({ fn: "test_count_notes", returns: "scalar" }))._unsafeUnwrap(); // opens the connection
      reset();
      expect((await transport.call({ fn: "test_find_note", args: { note_id: 1 }, returns: "one" }))._unsafeUnwrap()).toMatchObject({ id: 1 });
      expect((await transport.call({ fn: "test_list_notes", returns: "many" }))._unsafeUnwrap()).toHaveLength(2);
      expect((await transport.call({ fn: "test_count_notes", returns: "scalar" }))._unsafeUnwrap()).toBe(2);
      expect(counts).toMatchObject({ socketWrites: 3, queryMessages: 3, syncMessages: 0, readyForQuery: 3 });
      reset();
      expect((await transport.call({ fn: "test_raise", args: { code: "23505" }, returns: "void" }))._unsafeUnwrapErr()).toMatchObject({ reason: "conflict" });
      expect((await transport.call({ fn: "test_no_such_function", returns: "void" }))._unsafeUnwrapErr()).toMatchObject({ reason: "unknown_function" });
      expect(counts).toMatchObject({ socketWrites: 2, queryMessages: 2, syncMessages: 0 });
      // node-postgres settles a failed query on ErrorResponse; the ReadyForQuery that ends the
      // round trip may still be on its way.
      await vi.waitFor(() => expect(counts.readyForQuery).toBe(2));
      // The failed calls left nothing behind: same connection, no transaction, no role, no claims.
      expect(counts.connections).toBe(1);
      const client = await pool.connect();
      try {
        const state = await client.query("select current_user as role, current_setting('request.jwt.claims', true) as claims, now() = statement_timestamp() as idle");
        expect(state.rows[0]).toEqual({ role: "postgres", claims: "", idle: true });
      } finally {
        client.release();
      }
    } finally {
      await pool.end();
    }
  });

  it("lets no call's role, claims or limits reach the next call on the same pooled connection", async () => {
    const { pool, counts } = countingPool(db.url);
    const connectionState = async () => {
      const client = await pool.connect();
      try {
        const state = await client.query(`select current_user as role, current_setting('request.jwt.claims', true) as claims,
          current_setting('statement_timeout') as statement_timeout, current_setting('lock_timeout') as lock_timeout,
          current_setting('search_path') as search_path, current_setting('DateStyle') as date_style, now() = statement_timestamp() as idle`);
        return state.rows[0] as Record<string, unknown>;
      } finally {
        client.release();
      }
    };
    try {
      const as = (context: ReturnType<typeof asUser>) => createPostgresTransport({ pool, context, statementTimeoutMillis: 1_234, lockTimeoutMillis: 567 });
      // After one call as A (before any, the claims setting does not exist yet: null).
      expect((await as(userA).call({ fn: "test_count_notes", returns: "scalar" }))._unsafeUnwrap()).toBe(2);
      const before = await connectionState();
      expect(before).toMatchObject({ role: "postgres", claims: "", idle: true });
      expect(before).not.toMatchObject({ statement_timeout: "1234ms" });
      expect(before).not.toMatchObject({ lock_timeout: "567ms" });
      const userB = asUser({ sub: USER_B, email: "b@example.no" });
      // Users and roles taking turns on the one connection: each call sees only its own context.
      for (const [context, identity, notes] of [
        [userA, { db_role: "authenticated", user_id: USER_A, email: "a@example.no", jwt_role: "authenticated" }, 2],
        [asAnon(), { db_role: "anon", user_id: null, email: null, jwt_role: "anon" }, 0],
        [userB, { db_role: "authenticated", user_id: USER_B, email: "b@example.no", jwt_role: "authenticated" }, 1],
        [asServiceRole(), { db_role: "service_role", user_id: null, email: null, jwt_role: "service_role" }, 3],
        [userA, { db_role: "authenticated", user_id: USER_A, email: "a@example.no", jwt_role: "authenticated" }, 2],
      ] as const) {
        expect((await as(context).call({ fn: "test_whoami", returns: "one" }))._unsafeUnwrap()).toEqual(identity);
        expect((await as(context).call({ fn: "test_count_notes", returns: "scalar" }))._unsafeUnwrap()).toBe(notes);
        // Between calls the connection is back to its own session: no role, no claims, no limits, no transaction.
        expect(await connectionState()).toEqual(before);
      }
      // A failed call as A leaves nothing for the anonymous call after it either.
      expect((await as(userA).call({ fn: "test_raise", args: { code: "42501" }, returns: "void" }))._unsafeUnwrapErr()).toMatchObject({ reason: "permission_denied" });
      expect((await as(asAnon()).call({ fn: "test_whoami", returns: "one" }))._unsafeUnwrap()).toMatchObject({ db_role: "anon", user_id: null });
      expect(await connectionState()).toEqual(before);
      expect(counts.connections).toBe(1);
    } finally {
      await pool.end();
    }
  });
});

describe("type parsers", () => {
  it("keep dates as strings, int8/numeric as numbers only when safe integers, timestamptz as ISO", async () => {
    const transport = createPostgresTransport({ connectionString: db.url, context: userA, poolOptions: { max: 1 } });
    try {
      const [row] = (await transport.call({ fn: "test_values", returns: "many" }))._unsafeUnwrap() as Record<string, unknown>[];
      expect(row).toMatchObject({ day: "2026-01-01", big: UNSAFE_INT8, small: 42, ratio: "1.10", days: ["2026-01-01", null], bigs: [UNSAFE_INT8, 7] });
      expect(row!.at).toMatch(/^2026-05-01T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
      expect(Date.parse(row!.at as string)).toBe(Date.parse("2026-05-01T12:00:00Z"));
    } finally {
      await transport.end();
    }
  });

  it.each([
    [20, "9007199254740991", 9007199254740991],
    [20, "-9007199254740991", -9007199254740991],
    [20, "9007199254740992", "9007199254740992"],
    [20, "-9223372036854775808", "-9223372036854775808"],
    [1700, "12", 12],
    [1700, "12.50", "12.50"],
    [1700, "NaN", "NaN"],
    [1082, "2026-01-01", "2026-01-01"],
    [1082, "infinity", "infinity"],
    [1184, "2026-05-01 12:00:00+00", "2026-05-01T12:00:00+00:00"],
    [1184, "2026-05-01 12:00:00.123456+05:30", "2026-05-01T12:00:00.123456+05:30"],
    [1184, "1890-01-01 00:00:00+00:43:00", "1890-01-01T00:00:00+00:43:00"],
    [1184, "-infinity", "-infinity"],
    [1114, "2026-05-01 12:00:00", "2026-05-01T12:00:00"],
    [1016, "{1,9007199254740993,NULL}", [1, "9007199254740993", null]],
    [1182, "{2026-01-01,NULL}", ["2026-01-01", null]],
    [3802, '{"a": 1}', { a: 1 }],
  ])("read type %i %j as %j", (oid, text, expected) => {
    expect(postgresTypeParsers.getTypeParser(oid, "text")(text)).toEqual(expected);
  });

  it("are not registered globally: plain node-postgres still reads a date as a Date", () => {
    expect(pg.types.getTypeParser(pg.types.builtins.DATE, "text")("2026-01-01")).toBeInstanceOf(Date);
  });

  it("return dates as 'YYYY-MM-DD' whatever the process time zone (a child process in Pacific/Kiritimati, UTC+14)", async () => {
    const run = await runCommand(resolve(binDir, "tsx"), [resolve(projectRoot, "client/test/support/date-probe.ts"), db.url], {
      env: { ...process.env, TZ: "Pacific/Kiritimati" },
      cwd: projectRoot,
      captureStdout: true,
    });
    expect(run.exitCode).toBe(0);
    const seen = JSON.parse(run.stdout.trim().split("\n").at(-1)!) as {
      timeZone: string;
      offsetMinutes: number;
      day: unknown;
      values: Record<string, unknown>[];
      defaultDayIso: string;
    };
    expect(seen.timeZone).toBe("Pacific/Kiritimati");
    expect(seen.offsetMinutes).toBe(-840);
    // node-postgres's default would have turned the date into local midnight: the previous day in UTC.
    expect(seen.defaultDayIso).toBe("2025-12-31T10:00:00.000Z");
    expect(seen.day).toBe("2026-01-01");
    expect(seen.values[0]).toMatchObject({ day: "2026-01-01", days: ["2026-01-01", null] });
    expect(Date.parse(seen.values[0]!.at as string)).toBe(Date.parse("2026-05-01T12:00:00Z"));
  }, 60_000);
});

describe("contexts", () => {
  it("acts as the role and claims of a verified JWT", async () => {
    const transport = createPostgresTransport({ connectionString: db.url, context: (await contextFromJwt(signTestJwt({ sub: USER_A, role: "authenticated", email: "a@example.no" }), { secret: TEST_JWT_SECRET }))._unsafeUnwrap(), poolOptions: { max: 1 } });
    try {
      expect((await transport.call({ fn: "test_whoami", returns: "one" }))._unsafeUnwrap()).toEqual({ db_role: "authenticated", user_id: USER_A, email: "a@example.no", jwt_role: "authenticated" });
    } finally {
      await transport.end();
    }
  });

  it("refuses a context with another role before connecting", async () => {
    const pool = new pg.Pool({ connectionString: "postgres://postgres@127.0.0.1:1/postgres" });
    try {
      const transport = createPostgresTransport({ pool, context: { role: "postgres", claims: {} } as never });
      expect((await transport.call({ fn: "test_whoami", returns: "one" }))._unsafeUnwrapErr()).toEqual({ kind: "validation", path: ["context", "role"], issue: "the role must be anon, authenticated or service_role", message: "context.role: the role must be anon, authenticated or service_role" });
      expect(pool.totalCount).toBe(0);
    } finally {
      await pool.end();
    }
  });

  it("refuses claims whose role is not the context's role before connecting", async () => {
    const pool = new pg.Pool({ connectionString: "postgres://postgres@127.0.0.1:1/postgres" });
    try {
      const transport = createPostgresTransport({ pool, context: { role: "authenticated", claims: { sub: USER_A, role: "service_role" } } });
      expect((await transport.call({ fn: "test_whoami", returns: "one" }))._unsafeUnwrapErr()).toEqual({ kind: "validation", path: ["context", "claims", "role"], issue: "the role claim must be the context's role (authenticated)", message: "context.claims.role: the role claim must be the context's role (authenticated)" });
      expect(pool.totalCount).toBe(0);
    } finally {
      await pool.end();
    }
  });

  it("acts out the context's role in the claims too, whatever role claim it was given", async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query("begin");
      await client.query(actAsSql({ role: "anon", claims: { role: "service_role" } }));
      const state = await client.query("select current_user as db_role, current_setting('request.jwt.claims') as claims");
      expect(state.rows[0]).toEqual({ db_role: "anon", claims: JSON.stringify({ role: "anon" }) });
    } finally {
      await client.query("rollback");
      await client.end();
    }
  });

  it("leaves a pool it was given open, and ends one it created", async () => {
    const pool = createPostgresPool(db.url, { max: 1 });
    const given = createPostgresTransport({ pool, context: asServiceRole() });
    await given.end();
    expect((await given.call({ fn: "test_count_notes", returns: "scalar" })).isOk()).toBe(true);
    await pool.end();

    const owned = createPostgresTransport({ connectionString: db.url, context: asServiceRole(), poolOptions: { max: 1 } });
    expect((await owned.call({ fn: "test_count_notes", returns: "scalar" })).isOk()).toBe(true);
    await owned.end();
    await owned.end(); // twice is fine
    expect((await owned.call({ fn: "test_count_notes", returns: "scalar" })).isErr()).toBe(true);
  });
});

describe("time limits of every call", () => {
  it("runs each call with Supabase's statement and lock timeouts (8 s) and year-first dates, transaction-locally", async () => {
    const pool = createPostgresPool(db.url, { max: 1 });
    try {
      const transport = createPostgresTransport({ pool, context: userA });
      expect((await transport.call({ fn: "test_limits", returns: "many" }))._unsafeUnwrap()).toEqual([
        { statement_timeout: "8s", lock_timeout: "8s", date_style: "ISO, YMD" },
      ]);
      const client = await pool.connect();
      try {
        // Nothing outlives the call: the connection's own settings are untouched.
        const session = await client.query("select current_setting('statement_timeout') as st, current_setting('lock_timeout') as lt");
        expect(session.rows[0]).toEqual({ st: "0", lt: "0" });
      } finally {
        client.release();
      }
    } finally {
      await pool.end();
    }
  });

  it("takes both limits from the options, 0 for none", async () => {
    const pool = createPostgresPool(db.url, { max: 1 });
    try {
      const limited = createPostgresTransport({ pool, context: asServiceRole(), statementTimeoutMillis: 1_500, lockTimeoutMillis: 250 });
      expect((await limited.call({ fn: "test_limits", returns: "many" }))._unsafeUnwrap()).toMatchObject([{ statement_timeout: "1500ms", lock_timeout: "250ms" }]);
      const unlimited = createPostgresTransport({ pool, context: asServiceRole(), statementTimeoutMillis: 0, lockTimeoutMillis: 0 });
      expect((await unlimited.call({ fn: "test_limits", returns: "many" }))._unsafeUnwrap()).toMatchObject([{ statement_timeout: "0", lock_timeout: "0" }]);
    } finally {
      await pool.end();
    }
  });

  it.each([
    ["statementTimeoutMillis", -1],
    ["statementTimeoutMillis", 1.5],
    ["statementTimeoutMillis", 2 ** 31],
    ["statementTimeoutMillis", "8s"],
    ["lockTimeoutMillis", Number.NaN],
    ["lockTimeoutMillis", null],
  ])("refuses %s = %j before connecting", async (name, value) => {
    const pool = new pg.Pool({ connectionString: "postgres://postgres@127.0.0.1:1/postgres" });
    try {
      const transport = createPostgresTransport({ pool, context: userA, [name]: value as never });
      expect((await transport.call({ fn: "test_limits", returns: "many" }))._unsafeUnwrapErr()).toMatchObject({ kind: "validation", path: ["options", name] });
      expect(pool.totalCount).toBe(0);
    } finally {
      await pool.end();
    }
  });
});

/** The backends of the test database, other than the asking one, running a query that mentions `text`. */
async function activeQueries(text: string): Promise<number> {
  const [row] = await db.sql<{ n: number }>(
    `select count(*)::int as n from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and state = 'active' and strpos(query, $1) > 0`,
    [text],
  );
  return row!.n;
}

// The embedded engine serves every connection from one shared backend: a sleeping or
// lock-waiting call would stop every other connection (the cancel and the lock holder
// included), and it does not act on cancel requests.
describe.skipIf(process.env.BUFDIR_TEST_ENGINE !== "postgres")("timeouts on the server (PostgreSQL only: the embedded engine has one shared backend)", () => {
  it("a call over the statement timeout is cancelled by the server: reason timeout (57014), and the connection is kept", async () => {
    const pool = createPostgresPool(db.url, { max: 1 });
    try {
      const transport = createPostgresTransport({ pool, context: userA, statementTimeoutMillis: 300 });
      const started = performance.now();
      const failure = (await transport.call({ fn: "test_sleep", args: { seconds: 5 }, returns: "void" }))._unsafeUnwrapErr();
      expect(failure).toMatchObject({ kind: "query", code: "57014", reason: "timeout" });
      expect(performance.now() - started).toBeLessThan(3_000);
      expect(await activeQueries("test_sleep")).toBe(0);
      expect((await transport.call({ fn: "test_count_notes", returns: "scalar" }))._unsafeUnwrap()).toBe(2);
      expect(pool.totalCount).toBe(1);
    } finally {
      await pool.end();
    }
  });

  it("the client's own limit cancels the query on the server, not only the wait: reason timeout, the backend stops, the connection is reused", async () => {
    const pool = createPostgresPool(db.url, { max: 1, queryTimeoutMillis: 300 });
    const connections: unknown[] = [];
    pool.on("connect", (client) => connections.push(client));
    try {
      const transport = createPostgresTransport({ pool, context: userA, statementTimeoutMillis: 60_000 });
      const started = performance.now();
      const failure = (await transport.call({ fn: "test_sleep", args: { seconds: 20 }, returns: "void" }))._unsafeUnwrapErr();
      expect(failure).toMatchObject({ kind: "query", code: "57014", reason: "timeout" });
      expect(performance.now() - started).toBeLessThan(3_000);
      // The server no longer runs it (without the cancel it would sleep on for 20 s).
      await vi.waitFor(async () => expect(await activeQueries("test_sleep")).toBe(0), { timeout: 1_000, interval: 50 });
      expect((await transport.call({ fn: "test_count_notes", returns: "scalar" }))._unsafeUnwrap()).toBe(2);
      expect(connections).toHaveLength(1);
    } finally {
      await pool.end();
    }
  });

  it("a call waiting on a row another connection holds gives up at the lock timeout: reason retryable (55P03), nothing changed", async () => {
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    const pool = createPostgresPool(db.url, { max: 1 });
    try {
      await holder.query("begin");
      await holder.query("select * from public.test_locks where id = 1 for update");
      const transport = createPostgresTransport({ pool, context: asServiceRole(), lockTimeoutMillis: 200, statementTimeoutMillis: 10_000 });
      const started = performance.now();
      const failure = (await transport.call({ fn: "test_touch_lock", args: { lock_id: 1 }, returns: "void" }))._unsafeUnwrapErr();
      expect(failure).toMatchObject({ kind: "query", code: "55P03", reason: "retryable" });
      expect(performance.now() - started).toBeLessThan(3_000);
      await holder.query("rollback");
      expect(await db.sql("select id, touched from public.test_locks")).toEqual([{ id: 1, touched: 0 }]);
    } finally {
      await holder.end();
      await pool.end();
    }
  });
});

// Ending a backend would stop the embedded engine's one shared backend.
describe.runIf(process.env.BUFDIR_TEST_ENGINE === "postgres")("lost connections (PostgreSQL only)", () => {
  it("a backend terminated mid-call is a NetworkFailure, and the pool replaces the connection", async () => {
    const pool = createPostgresPool(db.url, { max: 1 });
    try {
      const transport = createPostgresTransport({ pool, context: userA });
      const failure = (await transport.call({ fn: "test_terminate_self", returns: "void" }))._unsafeUnwrapErr();
      expect(failure.kind).toBe("network");
      expect((await transport.call({ fn: "test_count_notes", returns: "scalar" }))._unsafeUnwrap()).toBe(2);
    } finally {
      await pool.end();
    }
  });

});

describe("array arguments", () => {
  beforeAll(async () => {
    await db.sql(`
      create function public.test_array_args(ids uuid[], labels text[], doc jsonb) returns text language sql stable
        as $$ select pg_catalog.concat_ws(' | ', ids::text, labels::text, doc::text) $$;
      grant execute on function public.test_array_args(uuid[], text[], jsonb) to anon, authenticated, service_role;`);
  });

  const call = (args: Record<string, unknown>, arrayArgs?: readonly string[]) => {
    const transport = createPostgresTransport({ connectionString: db.url, context: asServiceRole(), poolOptions: { max: 1 } });
    return transport
      .call({ fn: "test_array_args", args: args as never, returns: "scalar", ...(arrayArgs === undefined ? {} : { arrayArgs }) })
      .andTee(() => transport.end())
      .orTee(() => transport.end());
  };

  it("sends the named array arguments as PostgreSQL arrays, with quotes, backslashes and nulls intact, and other arrays as JSON", async () => {
    const id = "00000000-0000-4000-a000-00000000000a";
    const result = await call({ ids: [id, null], labels: ['say "hi"', "back\\slash", "{a,b}", ""], doc: [1, "x"] }, ["ids", "labels"]);
    expect(result._unsafeUnwrap()).toBe(`{${id},NULL} | {"say \\"hi\\"","back\\\\slash","{a,b}",""} | [1, "x"]`);
  });

  it("refuses a named array argument that is not a flat array, before sending", async () => {
    expect((await call({ ids: [{ id: 1 }], labels: [], doc: null }, ["ids"]))._unsafeUnwrapErr()).toMatchObject({ kind: "validation", path: ["args", "ids"] });
    expect((await call({ ids: [], labels: [], doc: null }, ["not a name"]))._unsafeUnwrapErr()).toMatchObject({ kind: "validation", path: ["arrayArgs"] });
  });
});
