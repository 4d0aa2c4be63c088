/**
 * What both transports must do alike, run over each: identity and RLS, result
 * shapes, failure mapping, network failures, dates and large integers.
 */
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { asAnon, asServiceRole, asUser } from "../../src/context/request-context.ts";
import type { DomainFailure } from "../../src/failures/domain-failure.ts";
import { safeInteger } from "../../src/schemas/safe-integer.ts";
import { isoDate, isoTimestamp } from "../../src/schemas/iso-date.ts";
import { callRpc } from "../../src/transport/call-rpc.ts";
import type { Database } from "../../src/generated/database.types.ts";
import type { RpcTransport } from "../../src/transport/rpc-transport.ts";
import { createSupabaseTransport } from "../../src/transport/supabase-transport.ts";
import { RPC_FIXTURES_SQL, USER_A, USER_B, USER_WRITER } from "../support/rpc-fixtures.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { signTestJwt } from "../support/test-jwt.ts";
import { NO_REALTIME, postgresFactory, supabaseFactory, type TransportFactory } from "../support/transport-factories.ts";

let db: TestDatabase;
const factories: TransportFactory[] = [];

beforeAll(async () => {
  db = await createTestDatabase(RPC_FIXTURES_SQL);
  factories.push(postgresFactory(db.url), supabaseFactory(db.url));
});

afterAll(async () => {
  await Promise.all(factories.map((factory) => factory.close()));
  await db?.dispose();
});

const userA = asUser({ sub: USER_A, email: "a@example.no" });
const userB = asUser({ sub: USER_B, email: "b@example.no" });
const writer = asUser({ sub: USER_WRITER, email: "w@example.no" });

const failureOf = async (promise: ReturnType<RpcTransport["call"]>): Promise<DomainFailure> => (await promise)._unsafeUnwrapErr();

const byName = (name: string) => () => factories.find((factory) => factory.name === name)!;

describe.each([
  ["postgres", byName("postgres")],
  ["supabase", byName("supabase")],
])("the %s transport", (name, factory) => {
  describe("identity", () => {
    it("passes the user's role and claims to the function (current_user, auth.uid(), auth.email(), auth.role())", async () => {
      const result = await factory().as(userA).call({ fn: "test_whoami", returns: "one" });
      expect(result._unsafeUnwrap()).toEqual({ db_role: "authenticated", user_id: USER_A, email: "a@example.no", jwt_role: "authenticated" });
    });

    it("acts as the service role", async () => {
      const result = await factory().as(asServiceRole()).call({ fn: "test_whoami", returns: "one" });
      expect(result._unsafeUnwrap()).toEqual({ db_role: "service_role", user_id: null, email: null, jwt_role: "service_role" });
    });

    it("acts as anon", async () => {
      const result = await factory().as(asAnon()).call({ fn: "test_whoami", returns: "one" });
      expect(result._unsafeUnwrap()).toMatchObject({ db_role: "anon", user_id: null, jwt_role: "anon" });
    });
  });

  describe("row-level security", () => {
    it("shows each user only their own rows", async () => {
      const ids = async (transport: RpcTransport) =>
        ((await transport.call({ fn: "test_list_notes", returns: "many" }))._unsafeUnwrap() as { id: number }[]).map((row) => row.id);
      expect(await ids(factory().as(userA))).toEqual([1, 2]);
      expect(await ids(factory().as(userB))).toEqual([3]);
      expect(await ids(factory().as(asAnon()))).toEqual([]);
    });

    it("does not apply to the service role", async () => {
      const rows = (await factory().as(asServiceRole()).call({ fn: "test_list_notes", returns: "many" }))._unsafeUnwrap() as { id: number }[];
      expect(rows.map((row) => row.id).filter((id) => id <= 3)).toEqual([1, 2, 3]);
    });

    it("refuses a write the policy does not allow, and nothing changes", async () => {
      const failure = await failureOf(factory().as(asAnon()).call({ fn: "test_add_note", args: { note_id: 900, body: "x" }, returns: "void" }));
      expect(failure).toMatchObject({ kind: "query", code: "42501", reason: "permission_denied" }); // no insert policy for anon
      expect(await db.sql("select 1 from public.test_notes where id = 900")).toEqual([]);
    });
  });

  describe("result shapes", () => {
    it("one: a table type comes back as an object", async () => {
      const result = await factory().as(userA).call({ fn: "test_find_note", args: { note_id: 2 }, returns: "one" });
      expect(result._unsafeUnwrap()).toEqual({ id: 2, owner_id: USER_A, body: "a2" });
    });

    it("one: no row (missing, or hidden by RLS) comes back as null", async () => {
      expect((await factory().as(userA).call({ fn: "test_find_note", args: { note_id: 999 }, returns: "one" }))._unsafeUnwrap()).toBeNull();
      expect((await factory().as(userA).call({ fn: "test_find_note", args: { note_id: 3 }, returns: "one" }))._unsafeUnwrap()).toBeNull();
    });

    it("many: setof a table type comes back as an array of objects", async () => {
      const result = await factory().as(userB).call({ fn: "test_list_notes", returns: "many" });
      expect(result._unsafeUnwrap()).toEqual([{ id: 3, owner_id: USER_B, body: "b1" }]);
    });

    it("many: setof a scalar comes back as an array of values", async () => {
      const result = await factory().as(userA).call({ fn: "test_note_ids", returns: "many" });
      expect(result._unsafeUnwrap()).toEqual([1, 2]);
    });

    it("scalar: the bare value", async () => {
      const result = await factory().as(userA).call({ fn: "test_count_notes", returns: "scalar" });
      expect(result._unsafeUnwrap()).toBe(2);
    });

    it("void: null, and the write happened", async () => {
      const noteId = name === "postgres" ? 101 : 102;
      const result = await factory().as(writer).call({ fn: "test_add_note", args: { note_id: noteId, body: `by ${name}` }, returns: "void" });
      expect(result._unsafeUnwrap()).toBeNull();
      expect(await db.sql("select owner_id, body from public.test_notes where id = $1", [noteId])).toEqual([{ owner_id: USER_WRITER, body: `by ${name}` }]);
    });

    it("a shape that does not match `returns` is a ValidationFailure", async () => {
      const transport = factory().as(userB);
      expect(await failureOf(transport.call({ fn: "test_list_notes", returns: "one" }))).toMatchObject({ kind: "validation", path: [] });
      expect(await failureOf(transport.call({ fn: "test_count_notes", returns: "many" }))).toMatchObject({ kind: "validation", path: [] });
      expect(await failureOf(transport.call({ fn: "test_find_note", args: { note_id: 3 }, returns: "many" }))).toMatchObject({ kind: "validation" });
      expect(await failureOf(transport.call({ fn: "test_count_notes", returns: "one" }))).toMatchObject({ kind: "validation" });
    });
  });

  describe("arguments", () => {
    it("sends strings, integers, booleans, dates and JSON unchanged, by name and in any order", async () => {
      const tricky = "O'Brien \\ back\\slash \"quoted\" ; drop table test_notes; -- ünicode 😀 $$ $x$";
      const j = { nested: [1, "x", null, { deeper: true }], quote: "'", empty: {} };
      const result = await factory().as(userA).call({
        fn: "test_echo",
        args: { j, d: "2026-02-28", b: true, n: -42, t: tricky },
        returns: "one",
      });
      expect(result._unsafeUnwrap()).toEqual({ t: tricky, n: -42, b: true, d: "2026-02-28", j });
    });

    it("sends null", async () => {
      const result = await factory().as(userA).call({ fn: "test_echo", args: { t: null, n: null, b: false, d: null, j: null }, returns: "one" });
      expect(result._unsafeUnwrap()).toEqual({ t: null, n: null, b: false, d: null, j: null });
    });

    it("leaves out an argument with a default", async () => {
      expect((await factory().as(userA).call({ fn: "test_echo_default", args: { t: "hei" }, returns: "scalar" }))._unsafeUnwrap()).toBe("hei!");
      expect((await factory().as(userA).call({ fn: "test_echo_default", args: { t: "hei", suffix: "?" }, returns: "scalar" }))._unsafeUnwrap()).toBe("hei?");
    });

    it("refuses arguments it cannot send faithfully before sending anything", async () => {
      const transport = factory().as(userA);
      expect(await failureOf(transport.call({ fn: "test_count_notes", args: { n: 1.5 }, returns: "scalar" }))).toEqual({ kind: "validation", path: ["args", "n"], issue: "numbers must be safe integers", message: "args.n: numbers must be safe integers" });
      expect(await failureOf(transport.call({ fn: "test_count_notes", args: { n: 2 ** 53 }, returns: "scalar" }))).toMatchObject({ path: ["args", "n"] });
      expect(await failureOf(transport.call({ fn: "test_count_notes", args: { j: { at: new Date() as never } }, returns: "scalar" }))).toMatchObject({ path: ["args", "j", "at"] });
      expect(await failureOf(transport.call({ fn: "test_count_notes", args: { t: "a\u0000b" }, returns: "scalar" }))).toMatchObject({ path: ["args", "t"] });
      expect(await failureOf(transport.call({ fn: "test_count_notes; drop table x", returns: "scalar" }))).toMatchObject({ path: ["fn"] });
      expect(await failureOf(transport.call({ fn: "test_count_notes", args: { "a b": 1 }, returns: "scalar" }))).toMatchObject({ path: ["args", "a b"] });
      expect(await failureOf(transport.call({ fn: "test_count_notes", returns: "rows" as never }))).toMatchObject({ path: ["returns"] });
    });
  });

  describe("failures", () => {
    it.each([
      ["42501", "permission_denied"],
      ["P0002", "not_found"],
      ["22023", "invalid_input"],
      ["23505", "conflict"],
      ["40001", "retryable"],
      ["BF001", "pii_rejected"],
      ["BF003", "stale_snapshot"],
      ["P0001", "unexpected"],
    ])("a raised %s is a QueryFailure with reason %s, message, details and hint", async (code, reason) => {
      const failure = await failureOf(factory().as(userA).call({ fn: "test_raise", args: { code }, returns: "void" }));
      expect(failure).toMatchObject({ kind: "query", code, reason, message: `raised ${code}`, details: `detail of ${code}`, hint: `hint for ${code}` });
    });

    it("an argument the function's type refuses is invalid_input", async () => {
      const failure = await failureOf(factory().as(userA).call({ fn: "test_find_note", args: { note_id: "not a number" }, returns: "one" }));
      expect(failure).toMatchObject({ kind: "query", code: "22P02", reason: "invalid_input" });
    });

    it("a function the role may not execute is permission_denied", async () => {
      const failure = await failureOf(factory().as(asAnon()).call({ fn: "test_secret", returns: "scalar" }));
      expect(failure).toMatchObject({ kind: "query", code: "42501", reason: "permission_denied" });
    });

    it("an unknown function, or unknown argument names, is unknown_function", async () => {
      const missing = await failureOf(factory().as(userA).call({ fn: "test_no_such_function", returns: "scalar" }));
      expect(missing).toMatchObject({ kind: "query", reason: "unknown_function" });
      expect(["42883", "PGRST202"]).toContain((missing as { code: string }).code);
      const badArgument = await failureOf(factory().as(userA).call({ fn: "test_find_note", args: { id: 1 }, returns: "one" }));
      expect(badArgument).toMatchObject({ kind: "query", reason: "unknown_function" });
    });

    it("an unreachable database is a NetworkFailure, and the call resolves instead of throwing", async () => {
      const transport = await factory().unreachable();
      const outcome = await transport.call({ fn: "test_count_notes", returns: "scalar" }).then(
        (result) => ({ settled: "resolved" as const, result }),
        () => ({ settled: "rejected" as const }),
      );
      expect(outcome.settled).toBe("resolved");
      if (outcome.settled === "resolved") expect(outcome.result._unsafeUnwrapErr().kind).toBe("network");
    });
  });

  describe("values", () => {
    it("dates come back as 'YYYY-MM-DD' strings and timestamptz as ISO 8601 with an offset", async () => {
      const row = ((await factory().as(userA).call({ fn: "test_values", returns: "many" }))._unsafeUnwrap() as Record<string, unknown>[])[0]!;
      expect(row.day).toBe("2026-01-01");
      expect(row.days).toEqual(["2026-01-01", null]);
      expect(isoTimestamp.safeParse(row.at).success).toBe(true);
      expect(Date.parse(row.at as string)).toBe(Date.parse("2026-05-01T12:00:00Z"));
    });

    it("a safe int8 is a number; an unsafe one never passes safeInteger", async () => {
      const schema = z.array(z.strictObject({ day: isoDate, at: isoTimestamp, big: safeInteger, small: safeInteger, ratio: z.unknown(), days: z.unknown(), bigs: z.unknown() }));
      const failure = (await callRpc(factory().as(userA), { fn: "test_values", returns: "many" }, schema))._unsafeUnwrapErr();
      expect(failure).toMatchObject({ kind: "validation", path: [0, "big"] });
      const lenient = schema.element.extend({ big: z.unknown() });
      const rows = (await callRpc(factory().as(userA), { fn: "test_values", returns: "many" }, z.array(lenient)))._unsafeUnwrap();
      expect(rows[0]!.small).toBe(42);
    });
  });
});

describe("the supabase transport, specifically", () => {
  const supabase = () => factories.find((factory) => factory.name === "supabase") as ReturnType<typeof supabaseFactory>;

  it("accepts a client typed with the generated Database type", () => {
    const typed: SupabaseClient<Database> = createClient<Database>("http://postgrest.test", "key", { realtime: { transport: NO_REALTIME } });
    expect(typeof createSupabaseTransport(typed).call).toBe("function");
  });

  it("keeps PostgREST's HTTP status on query failures", async () => {
    const transport = supabase().as(userA);
    expect(await failureOf(transport.call({ fn: "test_raise", args: { code: "42501" }, returns: "void" }))).toMatchObject({ httpStatus: 403 });
    expect(await failureOf(supabase().as(asAnon()).call({ fn: "test_secret", returns: "scalar" }))).toMatchObject({ httpStatus: 401, reason: "permission_denied" });
    expect(await failureOf(transport.call({ fn: "test_nope", returns: "void" }))).toMatchObject({ httpStatus: 404, code: "PGRST202" });
  });

  it("sends nothing when the request is refused by the client", async () => {
    const before = supabase().postgrest.requestsServed();
    await supabase().as(userA).call({ fn: "test_count_notes", args: { n: 0.5 }, returns: "scalar" });
    expect(supabase().postgrest.requestsServed()).toBe(before);
  });

  it("turns an expired session token into unauthenticated", async () => {
    const expired = createClient("http://postgrest.test", signTestJwt({ role: "anon" }), {
      accessToken: async () => signTestJwt({ role: "authenticated", sub: USER_A, exp: Math.floor(Date.now() / 1000) - 120 }),
      global: { fetch: supabase().postgrest.fetch },
      realtime: { transport: NO_REALTIME },
    });
    const failure = await failureOf(createSupabaseTransport(expired).call({ fn: "test_count_notes", returns: "scalar" }));
    expect(failure).toMatchObject({ kind: "query", code: "PGRST303", reason: "unauthenticated", httpStatus: 401 });
  });

  it("turns a client that throws into a failure instead of an exception", async () => {
    const broken = { rpc: () => { throw new TypeError("rpc is broken"); } } as unknown as SupabaseClient<Database>;
    const failure = await failureOf(createSupabaseTransport(broken).call({ fn: "test_count_notes", returns: "scalar" }));
    expect(failure).toMatchObject({ kind: "query", reason: "unexpected", message: "rpc is broken" });
  });
});
