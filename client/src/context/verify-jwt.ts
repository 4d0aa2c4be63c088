/**
 * HS256 JWT verification with node:crypto, following PostgREST's rules: the
 * signature must match, `exp`, `nbf` and `iat` are checked when present, with 30
 * seconds of allowed clock skew. Failures carry PostgREST's codes (PGRST301 for a
 * token that cannot be decoded or verified, PGRST303 for claims that are refused),
 * both of which mean `unauthenticated`.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { err, ok, type Result } from "neverthrow";
import { type QueryFailure, queryFailure } from "../failures/domain-failure.ts";
import { reasonForCode } from "../failures/failure-codes.ts";
import { contextFromClaims, type RequestContext } from "./request-context.ts";

/**
 * How verification reads the clock.
 *
 * @example
 * verifyJwt(token, secret, { now: () => Date.parse("2026-05-01T12:00:00Z") })
 */
export interface JwtVerificationOptions {
  /** Milliseconds since the epoch; defaults to Date.now. */
  readonly now?: () => number;
}

/**
 * PostgREST refuses shorter HS256 secrets, and so does verifyJwt.
 *
 * @example
 * if (secret.length < MIN_JWT_SECRET_LENGTH) throw new Error("JWT secret too short");
 */
export const MIN_JWT_SECRET_LENGTH = 32;
const ALLOWED_SKEW_SECONDS = 30;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

const refuse = (code: "PGRST300" | "PGRST301" | "PGRST303", message: string): Result<never, QueryFailure> =>
  err(queryFailure({ code, reason: reasonForCode(code), message }));

function decodeJson(part: string): unknown {
  if (!BASE64URL.test(part)) return undefined;
  try {
    return JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Verifies an HS256 token and returns its claims. Never throws.
 *
 * @example
 * const claims = verifyJwt(token, process.env.JWT_SECRET!);
 * if (claims.isOk()) console.log(claims.value.sub);
 */
export function verifyJwt(
  token: string,
  secret: string,
  options: JwtVerificationOptions = {},
): Result<Record<string, unknown>, QueryFailure> {
  if (typeof secret !== "string" || secret.length < MIN_JWT_SECRET_LENGTH) {
    return refuse("PGRST300", `The JWT secret must be at least ${MIN_JWT_SECRET_LENGTH} characters long`);
  }
  if (typeof token !== "string" || token === "") return refuse("PGRST301", "Empty JWT is sent in Authorization header");
  const parts = token.split(".");
  if (parts.length !== 3) return refuse("PGRST301", `Expected 3 parts in JWT; got ${parts.length}`);
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeJson(headerPart);
  // Only HS256: "none" and asymmetric algorithms are refused outright.
  if (!isPlainObject(header) || header.alg !== "HS256") return refuse("PGRST301", "Wrong or unsupported encoding algorithm");
  if (!BASE64URL.test(signaturePart)) return refuse("PGRST301", "JWT cryptographic operation failed");
  const expected = createHmac("sha256", secret).update(`${headerPart}.${payloadPart}`).digest();
  const actual = Buffer.from(signaturePart, "base64url");
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    return refuse("PGRST301", "JWT cryptographic operation failed");
  }
  const claims = decodeJson(payloadPart);
  if (!isPlainObject(claims)) return refuse("PGRST303", "Parsing claims failed");
  const now = Math.floor((options.now ?? Date.now)() / 1000);
  for (const [claim, message] of [["exp", "The JWT 'exp' claim must be a number"], ["nbf", "The JWT 'nbf' claim must be a number"], ["iat", "The JWT 'iat' claim must be a number"]] as const) {
    if (claim in claims && typeof claims[claim] !== "number") return refuse("PGRST303", message);
  }
  if (typeof claims.exp === "number" && now - ALLOWED_SKEW_SECONDS > claims.exp) return refuse("PGRST303", "JWT expired");
  if (typeof claims.nbf === "number" && now + ALLOWED_SKEW_SECONDS < claims.nbf) return refuse("PGRST303", "JWT not yet valid");
  if (typeof claims.iat === "number" && now + ALLOWED_SKEW_SECONDS < claims.iat) return refuse("PGRST303", "JWT issued at future");
  return ok(claims);
}

/**
 * The request context of a verified HS256 token: what PostgREST would run the
 * request as. A bad, expired or foreign-role token is a QueryFailure with reason
 * `unauthenticated`.
 *
 * @example
 * const context = contextFromJwt(accessToken, process.env.SUPABASE_JWT_SECRET!);
 * const result = context.asyncAndThen((ctx) => createPostgresTransport({ pool, context: ctx }).call(request));
 */
export function contextFromJwt(
  token: string,
  secret: string,
  options: JwtVerificationOptions = {},
): Result<RequestContext, QueryFailure> {
  return verifyJwt(token, secret, options).andThen(contextFromClaims);
}
