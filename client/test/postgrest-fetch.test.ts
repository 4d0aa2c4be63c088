/**
 * The test PostgREST fetch itself, through a real supabase-js client against a
 * real database: one test per PostgREST behaviour the transports rely on.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asAnon, asUser } from "../src/context/request-context.ts";
import { RPC_FIXTURES_SQL, USER_A, USER_WRITER } from "./support/rpc-fixtures.ts";
import { createPostgrestFetch, type PostgrestFetch } from "./support/postgrest-fetch.ts";
import { createTestDatabase, type TestDatabase } from "./support/test-database.ts";
import { signTestJwt, TEST_JWT_SECRET } from "./support/test-jwt.ts";
import { supabaseClientFor } from "./support/transport-factories.ts";

const FETCH_FIXTURES_SQL = `
create table public.test_log (entry text not null);
alter table public.test_log enable row level security;
create policy insert_any on public.test_log for insert to anon, authenticated with check (true);
create function public.test_log_write(entry text) returns void language sql volatile
  as $$ insert into public.test_log (entry) values (entry) $$;
create function public.test_stable_write() returns void language sql stable
  as $$ select public.test_log_write('written by a stable function') $$;
grant select, insert on table public.test_log to anon, authenticated, service_role;
grant execute on function public.test_log_write(text), public.test_stable_write() to anon, authenticated, service_role;
`;

let db: TestDatabase;
let postgrest: PostgrestFetch;

beforeAll(async () => {
  db = await createTestDatabase(RPC_FIXTURES_SQL + FETCH_FIXTURES_SQL);
  postgrest = createPostgrestFetch({ connectionString: db.url, jwtSecret: TEST_JWT_SECRET });
});

afterAll(async () => {
  await postgrest?.close();
  await db?.dispose();
});

const asA = () => supabaseClientFor(asUser({ sub: USER_A, email: "a@example.no" }), postgrest.fetch);
const asAnonymous = () => supabaseClientFor(asAnon(), postgrest.fetch);
/** A client whose requests carry exactly the given auth headers. */
function withHeaders(headers: { authorization?: string; apikey?: string }) {
  const rewrite: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    request.headers.delete("authorization");
    request.headers.delete("apikey");
    if (headers.authorization !== undefined) request.headers.set("authorization", headers.authorization);
    if (headers.apikey !== undefined) request.headers.set("apikey", headers.apikey);
    return postgrest.fetch(request);
  };
  return supabaseClientFor(asAnon(), rewrite);
}

describe("the test PostgREST fetch", () => {
  it("passes the JSON body's keys as named arguments, in any order, leaving defaults out", async () => {
    const both = await asA().rpc("test_echo_default", { suffix: "?", t: "hei" });
    const one = await asA().rpc("test_echo_default", { t: "hei" });
    expect([both.status, both.data, one.data]).toEqual([200, "hei?", "hei!"]);
  });

  it("returns a table type as an object (a null composite as an object of nulls, as PostgREST does)", async () => {
    const found = await asA().rpc("test_find_note", { note_id: 1 });
    const missing = await asA().rpc("test_find_note", { note_id: 999 });
    expect(found.data).toEqual({ id: 1, owner_id: USER_A, body: "a1" });
    expect(missing.data).toEqual({ id: null, owner_id: null, body: null });
  });

  it("returns setof and returns table as an array", async () => {
    const notes = await asA().rpc("test_list_notes");
    const ids = await asA().rpc("test_note_ids");
    expect([notes.data, ids.data]).toEqual([[{ id: 1, owner_id: USER_A, body: "a1" }, { id: 2, owner_id: USER_A, body: "a2" }], [1, 2]]);
  });

  it("returns a scalar as the bare value", async () => {
    const count = await asA().rpc("test_count_notes");
    expect([count.status, count.data]).toEqual([200, 2]);
  });

  it("answers a void function with 204 and no body (data null)", async () => {
    const writer = supabaseClientFor(asUser({ sub: USER_WRITER }), postgrest.fetch);
    const response = await writer.rpc("test_add_note", { note_id: 500, body: "void" });
    expect([response.status, response.data, response.error]).toEqual([204, null, null]);
    expect(await db.sql("select body from public.test_notes where id = 500")).toEqual([{ body: "void" }]);
  });

  it("runs a stable function in a read-only transaction: a write inside fails with 25006 and nothing is written", async () => {
    const response = await asA().rpc("test_stable_write");
    expect(response.status).toBe(405);
    expect(response.error).toMatchObject({ code: "25006" });
    expect(await db.sql("select * from public.test_log")).toEqual([]);
    const volatile = await asA().rpc("test_log_write", { entry: "from a volatile function" });
    expect(volatile.status).toBe(204);
    expect(await db.sql("select entry from public.test_log")).toEqual([{ entry: "from a volatile function" }]);
  });

  it("answers a bad, expired or foreign-role JWT with 401 and PostgREST's codes, without reaching the database", async () => {
    const served = postgrest.requestsServed();
    const cases = [
      [withHeaders({ authorization: `Bearer ${signTestJwt({ role: "anon" }, { secret: "a-different-secret-of-at-least-32-chars" })}` }), "PGRST301"],
      [withHeaders({ authorization: "Bearer not.a.jwt" }), "PGRST301"],
      [withHeaders({ authorization: "Bearer " }), "PGRST301"],
      [withHeaders({ authorization: `Bearer ${signTestJwt({ role: "anon", exp: Math.floor(Date.now() / 1000) - 120 })}` }), "PGRST303"],
      [withHeaders({ authorization: `Bearer ${signTestJwt({ role: "postgres" })}` }), "22023"],
    ] as const;
    for (const [client, code] of cases) {
      const response = await client.rpc("test_count_notes");
      expect([response.status, response.error?.code]).toEqual([401, code]);
    }
    expect(postgrest.requestsServed()).toBe(served);
  });

  it("answers a request with neither Authorization nor apikey with 401 PGRST302, and uses apikey when there is no Authorization", async () => {
    const none = await withHeaders({}).rpc("test_whoami");
    expect([none.status, none.error?.code]).toEqual([401, "PGRST302"]);
    const apikeyOnly = await withHeaders({ apikey: signTestJwt({ role: "authenticated", sub: USER_A }) }).rpc("test_whoami");
    expect(apikeyOnly.data).toMatchObject({ db_role: "authenticated", user_id: USER_A });
  });

  it("answers 42501 with 403 for a signed-in role and 401 for anon", async () => {
    const signedIn = await asA().rpc("test_raise", { code: "42501" });
    const anonymous = await asAnonymous().rpc("test_secret");
    expect([signedIn.status, signedIn.error?.code]).toEqual([403, "42501"]);
    expect([anonymous.status, anonymous.error?.code]).toEqual([401, "42501"]);
  });

  it("answers P0002 with 500 and P0001 with 400", async () => {
    const notFound = await asA().rpc("test_raise", { code: "P0002" });
    const raised = await asA().rpc("test_raise", { code: "P0001" });
    expect([notFound.status, raised.status]).toEqual([500, 400]);
  });

  it("answers an unknown function, unknown argument names or a missing argument with 404 PGRST202", async () => {
    const unknown = await asA().rpc("test_nope");
    const badName = await asA().rpc("test_find_note", { id: 1 });
    const missing = await asA().rpc("test_find_note", {});
    for (const response of [unknown, badName, missing]) expect([response.status, response.error?.code]).toEqual([404, "PGRST202"]);
    expect(unknown.error?.message).toBe("Could not find the function public.test_nope without parameters in the schema cache");
    expect(badName.error?.message).toBe("Could not find the function public.test_find_note(id) in the schema cache");
  });

  it("answers 23505 with 409", async () => {
    const response = await asA().rpc("test_raise", { code: "23505" });
    expect([response.status, response.error?.code]).toEqual([409, "23505"]);
  });

  it("answers a custom SQLSTATE (BF001) and 22xxx with 400, and PTnnn with nnn", async () => {
    const custom = await asA().rpc("test_raise", { code: "BF001" });
    const invalid = await asA().rpc("test_raise", { code: "22023" });
    const teapot = await asA().rpc("test_raise", { code: "PT418" });
    expect([custom.status, invalid.status, teapot.status]).toEqual([400, 400, 418]);
  });

  it("sends errors as exactly {code, message, details, hint}", async () => {
    const raised = await asA().rpc("test_raise", { code: "BF003" });
    expect(raised.error).toEqual({ code: "BF003", message: "raised BF003", details: "detail of BF003", hint: "hint for BF003" });
    const bare = await asA().rpc("test_find_note", { note_id: "x" });
    expect(Object.keys(bare.error ?? {}).sort()).toEqual(["code", "details", "hint", "message"]);
    expect(bare.error).toMatchObject({ code: "22P02", details: null, hint: null });
  });

  it("writes bigint and numeric as bare JSON numbers, so JSON.parse rounds them as with real PostgREST", async () => {
    const response = await asA().rpc("test_values");
    expect((response.data as Record<string, unknown>[])[0]).toMatchObject({ big: 9007199254740992, small: 42, ratio: 1.1, bigs: [9007199254740992, 7], day: "2026-01-01" });
  });

  it("answers 503 PGRST000 when the database cannot be reached", async () => {
    const down = createPostgrestFetch({ connectionString: "postgres://postgres@127.0.0.1:1/postgres", jwtSecret: TEST_JWT_SECRET });
    try {
      const response = await supabaseClientFor(asAnon(), down.fetch).rpc("test_count_notes");
      expect([response.status, response.error?.code]).toEqual([503, "PGRST000"]);
    } finally {
      await down.close();
    }
  });
});
