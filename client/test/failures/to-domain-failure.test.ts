import { PostgrestError } from "@supabase/supabase-js";
import fc from "fast-check";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { isDomainFailure, networkFailure, queryFailure, validationFailure } from "../../src/failures/domain-failure.ts";
import { toDomainFailure } from "../../src/failures/to-domain-failure.ts";

/** A server error as node-postgres builds it from an ErrorResponse. */
function serverError(code: string, fields: { detail?: string; hint?: string } = {}): pg.DatabaseError {
  const error = new pg.DatabaseError(`server says ${code}`, 0, "error");
  error.code = code;
  error.severity = "ERROR";
  error.detail = fields.detail;
  error.hint = fields.hint;
  return error;
}

describe("toDomainFailure with node-postgres errors", () => {
  it("turns a server error into a QueryFailure with the table's reason, detail and hint", () => {
    expect(toDomainFailure(serverError("23505", { detail: "Key (id)=(1) already exists.", hint: "use another id" }))).toEqual({
      kind: "query",
      code: "23505",
      reason: "conflict",
      message: "server says 23505",
      details: "Key (id)=(1) already exists.",
      hint: "use another id",
    });
  });

  it("keeps the project's own codes", () => {
    expect(toDomainFailure(serverError("BF003"))).toMatchObject({ kind: "query", code: "BF003", reason: "stale_snapshot" });
  });

  it.each(["08006", "57P01", "57P02", "57P03"])("turns the connection-class SQLSTATE %s into a NetworkFailure", (code) => {
    expect(toDomainFailure(serverError(code))).toMatchObject({ kind: "network", message: `server says ${code}` });
  });

  it("turns a refused connection (a socket error) into a NetworkFailure", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED", syscall: "connect", errno: -111 });
    expect(toDomainFailure(refused)).toEqual(networkFailure("connect ECONNREFUSED 127.0.0.1:1", refused));
  });

  it("turns a reset connection into a NetworkFailure", () => {
    const reset = Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET", syscall: "read", errno: -104 });
    expect(toDomainFailure(reset).kind).toBe("network");
  });

  it("turns Node's AggregateError of refused addresses into a NetworkFailure", () => {
    const inner = Object.assign(new Error("connect ECONNREFUSED ::1:1"), { code: "ECONNREFUSED", syscall: "connect" });
    const aggregate = Object.assign(new AggregateError([inner], ""), { code: "ECONNREFUSED" });
    expect(toDomainFailure(aggregate).kind).toBe("network");
  });

  it("turns node-postgres's code-less connection errors (terminated, timeouts) into a NetworkFailure", () => {
    expect(toDomainFailure(new Error("Connection terminated unexpectedly")).kind).toBe("network");
    expect(toDomainFailure(new Error("Query read timeout")).kind).toBe("network");
  });

  it("turns timeouts and aborts of fetch into a NetworkFailure", () => {
    expect(toDomainFailure(new DOMException("The operation timed out.", "TimeoutError")).kind).toBe("network");
    expect(toDomainFailure(new DOMException("aborted", "AbortError")).kind).toBe("network");
  });
});

describe("toDomainFailure with PostgREST errors", () => {
  it("turns an error body into a QueryFailure with its HTTP status", () => {
    const body = { code: "PGRST202", message: "Could not find the function public.nope without parameters in the schema cache", details: "Searched for …", hint: null };
    expect(toDomainFailure(body, { httpStatus: 404 })).toEqual({
      kind: "query",
      code: "PGRST202",
      reason: "unknown_function",
      message: body.message,
      details: "Searched for …",
      httpStatus: 404,
    });
  });

  it("accepts supabase-js's PostgrestError class", () => {
    const error = new PostgrestError({ code: "42501", message: "permission denied for function f", details: "", hint: "" });
    expect(toDomainFailure(error, { httpStatus: 403 })).toEqual(queryFailure({ code: "42501", reason: "permission_denied", message: error.message, httpStatus: 403 }));
  });

  it("keeps details that PostgREST sent as JSON, as text", () => {
    const failure = toDomainFailure({ code: "PGRST201", message: "ambiguous", details: [{ a: 1 }], hint: "pick one" });
    expect(failure).toMatchObject({ kind: "query", reason: "unexpected", details: '[{"a":1}]', hint: "pick one" });
  });

  it("turns supabase-js's network error (code '') into a NetworkFailure", () => {
    const error = { message: "TypeError: fetch failed", details: "…ECONNREFUSED", hint: "", code: "" };
    expect(toDomainFailure(error)).toEqual(networkFailure("TypeError: fetch failed", error));
  });

  it.each(["PGRST000", "PGRST001", "PGRST003"])("turns %s (PostgREST cannot reach the database) into a NetworkFailure", (code) => {
    expect(toDomainFailure({ code, message: "Database connection error.", details: null, hint: null }, { httpStatus: 503 }).kind).toBe("network");
  });

  it("turns a code-less body from a gateway (502/503/504) into a NetworkFailure", () => {
    expect(toDomainFailure({ message: "<html>Bad Gateway</html>" }, { httpStatus: 502 }).kind).toBe("network");
  });

  it("keeps a code-less body with another status as an unexpected QueryFailure", () => {
    expect(toDomainFailure({ message: "odd" }, { httpStatus: 418 })).toEqual(
      queryFailure({ code: "", reason: "unexpected", message: "odd", httpStatus: 418 }),
    );
  });
});

describe("toDomainFailure with anything else", () => {
  it("returns a DomainFailure unchanged", () => {
    const failure = validationFailure(["a"], "bad");
    expect(toDomainFailure(failure)).toBe(failure);
  });

  it("turns a programming error into an unexpected QueryFailure", () => {
    expect(toDomainFailure(new TypeError("x is not a function"))).toEqual(queryFailure({ code: "", reason: "unexpected", message: "x is not a function" }));
  });

  it("turns a thrown string into an unexpected QueryFailure", () => {
    expect(toDomainFailure("boom")).toEqual(queryFailure({ code: "", reason: "unexpected", message: "boom" }));
  });

  it("survives a value whose getters throw", () => {
    const hostile = new Proxy({}, { get: () => { throw new Error("no"); }, has: () => { throw new Error("no"); } });
    expect(toDomainFailure(hostile).kind).toBe("query");
  });

  it("never throws and always returns a DomainFailure, whatever it is given", () => {
    fc.assert(
      fc.property(fc.anything({ withObjectString: true, withNullPrototype: true, withBigInt: true }), (value) => {
        expect(isDomainFailure(toDomainFailure(value))).toBe(true);
      }),
    );
  });
});
