import { describe, expect, it } from "vitest";
import { asAnon, asServiceRole, asUser, contextFromClaims } from "../../src/context/request-context.ts";
import { contextFromJwt, verifyJwt } from "../../src/context/verify-jwt.ts";
import { signTestJwt, TEST_JWT_SECRET } from "../support/test-jwt.ts";

const USER = "5f0c9d3e-4b1a-4c3e-9a43-1d2f3e4a5b6c";
const now = Date.parse("2026-05-01T12:00:00Z");
const at = (seconds: number) => Math.floor(now / 1000) + seconds;
const options = { now: () => now };

describe("explicit contexts", () => {
  it("asUser acts as authenticated with the user's claims, whatever role the claims name", () => {
    expect(asUser({ sub: USER, email: "kari@example.no", role: "service_role" })).toEqual({
      role: "authenticated",
      claims: { aud: "authenticated", sub: USER, email: "kari@example.no", role: "authenticated" },
    });
  });

  it("asServiceRole and asAnon carry their role as the role claim", () => {
    expect(asServiceRole()).toEqual({ role: "service_role", claims: { role: "service_role" } });
    expect(asAnon()).toEqual({ role: "anon", claims: { role: "anon" } });
  });

  it("contextFromClaims takes the role claim, anon when absent, and refuses other roles", () => {
    expect(contextFromClaims({ sub: USER, role: "authenticated" })._unsafeUnwrap().role).toBe("authenticated");
    expect(contextFromClaims({ sub: USER })._unsafeUnwrap().role).toBe("anon");
    expect(contextFromClaims({ role: "postgres" })._unsafeUnwrapErr()).toMatchObject({ kind: "query", reason: "unauthenticated", code: "PGRST303" });
  });
});

describe("contextFromJwt", () => {
  it("returns the role and claims of a valid token", () => {
    const token = signTestJwt({ sub: USER, role: "authenticated", email: "kari@example.no", exp: at(60) });
    expect(contextFromJwt(token, TEST_JWT_SECRET, options)._unsafeUnwrap()).toEqual({
      role: "authenticated",
      claims: { sub: USER, role: "authenticated", email: "kari@example.no", exp: at(60) },
    });
  });

  it("accepts a token without exp, as PostgREST does", () => {
    const token = signTestJwt({ role: "anon", exp: undefined });
    expect(verifyJwt(token, TEST_JWT_SECRET, options).isOk()).toBe(true);
  });

  it.each([
    ["an expired token", signTestJwt({ role: "anon", exp: at(-31) }), "PGRST303", "JWT expired"],
    ["a token not valid yet", signTestJwt({ role: "anon", nbf: at(31) }), "PGRST303", "JWT not yet valid"],
    ["a token issued in the future", signTestJwt({ role: "anon", iat: at(31) }), "PGRST303", "JWT issued at future"],
    ["a non-numeric exp", signTestJwt({ role: "anon", exp: "soon" }), "PGRST303", "The JWT 'exp' claim must be a number"],
    ["a foreign secret", signTestJwt({ role: "anon" }, { secret: "another-secret-that-is-also-32-characters-long" }), "PGRST301", "JWT cryptographic operation failed"],
    ["alg none", signTestJwt({ role: "anon" }, { header: { alg: "none" } }), "PGRST301", "Wrong or unsupported encoding algorithm"],
    ["alg HS512", signTestJwt({ role: "anon" }, { header: { alg: "HS512" } }), "PGRST301", "Wrong or unsupported encoding algorithm"],
    ["two parts", "abc.def", "PGRST301", "Expected 3 parts in JWT; got 2"],
    ["an empty token", "", "PGRST301", "Empty JWT is sent in Authorization header"],
    ["a role outside the API roles", signTestJwt({ role: "postgres" }), "PGRST303", "The JWT role claim must be one of anon, authenticated, service_role"],
  ])("refuses %s as unauthenticated", (_, token, code, message) => {
    expect(contextFromJwt(token, TEST_JWT_SECRET, options)._unsafeUnwrapErr()).toEqual({ kind: "query", code, reason: "unauthenticated", message });
  });

  it("refuses a token whose payload was changed after signing", () => {
    const [header, , signature] = signTestJwt({ role: "anon" }).split(".");
    const forged = Buffer.from(JSON.stringify({ role: "service_role" })).toString("base64url");
    expect(contextFromJwt(`${header}.${forged}.${signature}`, TEST_JWT_SECRET, options)._unsafeUnwrapErr().reason).toBe("unauthenticated");
  });

  it("allows 30 seconds of clock skew on exp, as PostgREST does", () => {
    expect(verifyJwt(signTestJwt({ role: "anon", exp: at(-30) }), TEST_JWT_SECRET, options).isOk()).toBe(true);
  });

  it("refuses to verify with a secret shorter than 32 characters", () => {
    expect(verifyJwt(signTestJwt({ role: "anon" }, { secret: "short" }), "short")._unsafeUnwrapErr()).toMatchObject({ code: "PGRST300", reason: "unexpected" });
  });

  it("never throws on junk", () => {
    for (const junk of ["a.b.c", "%%%.%%%.%%%", "..", `${Buffer.from("[]").toString("base64url")}.e30.x`, null, 42]) {
      expect(contextFromJwt(junk as string, TEST_JWT_SECRET).isErr()).toBe(true);
    }
  });
});
