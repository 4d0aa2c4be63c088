/**
 * verifyJwt and contextFromJwt with keys generated here: an asymmetric key set
 * (ES256 and RS256, as Supabase's signing keys), the same set fetched from a
 * loopback JWKS endpoint, and the legacy shared secret; expiry, audience and
 * issuer are enforced, and every refusal is `unauthenticated`.
 */
import { createServer, type Server } from "node:http";
import { exportJWK, generateKeyPair, type JSONWebKeySet, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contextFromJwt, verifyJwt } from "../../src/context/verify-jwt.ts";
import { signTestJwt, TEST_JWT_SECRET } from "../support/test-jwt.ts";

const USER = "5f0c9d3e-4b1a-4c3e-9a43-1d2f3e4a5b6c";
const ISSUER = "https://project.supabase.test/auth/v1";
const now = Date.parse("2026-05-01T12:00:00Z");
const at = (seconds: number) => Math.floor(now / 1000) + seconds;
const checks = { audience: "authenticated", issuer: ISSUER, now: () => now };

type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];
let es256: SigningKey;
let rs256: SigningKey;
let stranger: SigningKey;
let jwks: JSONWebKeySet;
let server: Server;
let jwksUrl: URL;
let jwksRequests = 0;

async function sign(key: SigningKey, alg: string, kid: string, claims: Record<string, unknown>): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg, kid, typ: "JWT" }).sign(key);
}
const userClaims = (extra: Record<string, unknown> = {}) => ({
  sub: USER, role: "authenticated", aud: "authenticated", iss: ISSUER, email: "kari@example.no", exp: at(3600), iat: at(0), ...extra,
});

beforeAll(async () => {
  const ec = await generateKeyPair("ES256", { extractable: true });
  const rsa = await generateKeyPair("RS256", { extractable: true });
  es256 = ec.privateKey;
  rs256 = rsa.privateKey;
  stranger = (await generateKeyPair("ES256")).privateKey;
  jwks = {
    keys: [
      { ...(await exportJWK(ec.publicKey)), kid: "ec-1", alg: "ES256", use: "sig" },
      { ...(await exportJWK(rsa.publicKey)), kid: "rsa-1", alg: "RS256", use: "sig" },
    ],
  };
  server = createServer((request, response) => {
    jwksRequests += 1;
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address !== "object") throw new Error("no address");
  jwksUrl = new URL(`http://127.0.0.1:${address.port}/auth/v1/.well-known/jwks.json`);
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

describe("asymmetric signing keys (JWKS)", () => {
  it("accepts ES256 and RS256 tokens of the key set, and gives the request context", async () => {
    for (const token of [await sign(es256, "ES256", "ec-1", userClaims()), await sign(rs256, "RS256", "rsa-1", userClaims())]) {
      expect((await contextFromJwt(token, { jwks }, checks))._unsafeUnwrap()).toEqual({ role: "authenticated", claims: userClaims() });
    }
  });

  it("fetches the key set from the project's JWKS URL once and reuses it", async () => {
    const before = jwksRequests;
    for (let i = 0; i < 3; i += 1) {
      expect((await verifyJwt(await sign(es256, "ES256", "ec-1", userClaims()), { jwksUrl }, checks)).isOk()).toBe(true);
    }
    expect(jwksRequests - before).toBeLessThanOrEqual(1);
  });

  it.each([
    ["an expired token", () => sign(es256, "ES256", "ec-1", userClaims({ exp: at(-31) })), "PGRST303"],
    ["another audience", () => sign(es256, "ES256", "ec-1", userClaims({ aud: "someone-else" })), "PGRST303"],
    ["no audience", () => sign(es256, "ES256", "ec-1", userClaims({ aud: undefined })), "PGRST303"],
    ["another issuer", () => sign(es256, "ES256", "ec-1", userClaims({ iss: "https://other.supabase.test/auth/v1" })), "PGRST303"],
    ["a token not valid yet", () => sign(es256, "ES256", "ec-1", userClaims({ nbf: at(31) })), "PGRST303"],
    ["a token issued in the future", () => sign(es256, "ES256", "ec-1", userClaims({ iat: at(31) })), "PGRST303"],
    ["a key outside the set", () => sign(stranger, "ES256", "ec-1", userClaims()), "PGRST301"],
    ["an unknown key id", () => sign(stranger, "ES256", "ec-9", userClaims()), "PGRST301"],
    ["a token signed with a shared secret", async () => signTestJwt(userClaims()), "PGRST301"],
    ["a role outside the API roles", () => sign(es256, "ES256", "ec-1", userClaims({ role: "postgres" })), "PGRST303"],
  ])("refuses %s as unauthenticated", async (_, token, code) => {
    expect((await contextFromJwt(await token(), { jwks }, checks))._unsafeUnwrapErr()).toMatchObject({ kind: "query", code, reason: "unauthenticated" });
  });

  it("allows up to 30 seconds of clock skew on exp, as PostgREST does", async () => {
    expect((await verifyJwt(await sign(es256, "ES256", "ec-1", userClaims({ exp: at(-29) })), { jwks }, checks)).isOk()).toBe(true);
  });

  it("a JWKS URL nobody answers is a network failure", async () => {
    const closed = new URL("http://127.0.0.1:9/auth/v1/.well-known/jwks.json");
    expect((await verifyJwt(await sign(es256, "ES256", "ec-1", userClaims()), { jwksUrl: closed }, checks))._unsafeUnwrapErr()).toMatchObject({ kind: "network" });
  });
});

describe("the legacy shared secret (HS256)", () => {
  it("accepts a token signed with the secret, without exp as PostgREST does", async () => {
    expect((await contextFromJwt(signTestJwt({ sub: USER, role: "authenticated", exp: undefined }), { secret: TEST_JWT_SECRET }))._unsafeUnwrap().role).toBe("authenticated");
  });

  it.each([
    ["an expired token", signTestJwt({ role: "anon", exp: at(-31) }), "PGRST303"],
    ["a non-numeric exp", signTestJwt({ role: "anon", exp: "soon" }), "PGRST303"],
    ["a foreign secret", signTestJwt({ role: "anon" }, { secret: "another-secret-that-is-also-32-characters-long" }), "PGRST301"],
    ["alg none", signTestJwt({ role: "anon" }, { header: { alg: "none" } }), "PGRST301"],
    ["alg HS512", signTestJwt({ role: "anon" }, { header: { alg: "HS512" } }), "PGRST301"],
    ["two parts", "abc.def", "PGRST301"],
    ["an empty token", "", "PGRST301"],
  ])("refuses %s as unauthenticated", async (_, token, code) => {
    expect((await contextFromJwt(token, { secret: TEST_JWT_SECRET }, { now: () => now }))._unsafeUnwrapErr()).toMatchObject({ kind: "query", code, reason: "unauthenticated" });
  });

  it("refuses a token whose payload was changed after signing", async () => {
    const [header, , signature] = signTestJwt({ role: "anon" }).split(".");
    const forged = Buffer.from(JSON.stringify({ role: "service_role" })).toString("base64url");
    expect((await contextFromJwt(`${header}.${forged}.${signature}`, { secret: TEST_JWT_SECRET }))._unsafeUnwrapErr()).toMatchObject({ reason: "unauthenticated" });
  });

  it("refuses to verify with a secret shorter than 32 characters", async () => {
    expect((await verifyJwt(signTestJwt({ role: "anon" }, { secret: "short" }), { secret: "short" }))._unsafeUnwrapErr()).toMatchObject({ code: "PGRST300", reason: "unexpected" });
  });

  it("never throws or rejects on junk", async () => {
    for (const junk of ["a.b.c", "%%%.%%%.%%%", "..", `${Buffer.from("[]").toString("base64url")}.e30.x`, null, 42]) {
      expect((await contextFromJwt(junk as string, { secret: TEST_JWT_SECRET })).isErr()).toBe(true);
    }
  });
});
