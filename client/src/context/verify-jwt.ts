/**
 * Access-token verification with `jose`, for servers that act for a user over
 * the direct transport: Supabase's asymmetric signing keys (a JWKS, local or
 * fetched from the project's `/auth/v1/.well-known/jwks.json`) and the legacy
 * shared secret (HS256). The signature, `exp` and `nbf` are always checked (30
 * seconds of clock skew, as PostgREST allows), and `aud` and `iss` whenever the
 * options name them. Failures carry PostgREST's codes: PGRST301 for a token that
 * cannot be decoded or verified, PGRST303 for refused claims, PGRST300 for a
 * secret too short to be safe; all mean `unauthenticated`. A JWKS that cannot be
 * fetched is a NetworkFailure.
 */
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
} from "jose";
import { err, errAsync, ok, ResultAsync, type Result } from "neverthrow";
import { type NetworkFailure, networkFailure, type QueryFailure, queryFailure } from "../failures/domain-failure.ts";
import { reasonForCode } from "../failures/failure-codes.ts";
import { contextFromClaims, type RequestContext } from "./request-context.ts";

/**
 * The keys a token may be signed with: the project's legacy shared secret, a
 * JSON Web Key Set, or the URL the project publishes its JWKS at (fetched and
 * cached; a key id it does not know triggers one refetch).
 *
 * @example
 * const legacy: JwtKeys = { secret: process.env.SUPABASE_JWT_SECRET! };
 * const published: JwtKeys = { jwksUrl: new URL("https://abc.supabase.co/auth/v1/.well-known/jwks.json") };
 */
export type JwtKeys =
  | { readonly secret: string }
  | { readonly jwks: JSONWebKeySet }
  | { readonly jwksUrl: URL };

/**
 * What a token must also satisfy, and how verification reads the clock.
 *
 * @example
 * const options: JwtVerificationOptions = { audience: "authenticated", issuer: "https://abc.supabase.co/auth/v1" };
 */
export interface JwtVerificationOptions {
  /** The `aud` the token must carry (Supabase: "authenticated"); not checked when absent. */
  readonly audience?: string | readonly string[];
  /** The `iss` the token must carry (Supabase: "https://<project>.supabase.co/auth/v1"); not checked when absent. */
  readonly issuer?: string | readonly string[];
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
/** Asymmetric algorithms only with a key set, so a public key can never be used as an HMAC secret. */
const ASYMMETRIC_ALGORITHMS = ["ES256", "RS256", "EdDSA"];

type VerificationFailure = QueryFailure | NetworkFailure;

const refuse = (code: "PGRST300" | "PGRST301" | "PGRST303", message: string): QueryFailure =>
  queryFailure({ code, reason: reasonForCode(code), message });

const remoteKeySets = new Map<string, JWTVerifyGetKey>();

function keyFor(keys: JwtKeys): Result<{ key: Uint8Array | JWTVerifyGetKey; algorithms: string[] }, QueryFailure> {
  if ("secret" in keys) {
    if (typeof keys.secret !== "string" || keys.secret.length < MIN_JWT_SECRET_LENGTH) {
      return err(refuse("PGRST300", `The JWT secret must be at least ${MIN_JWT_SECRET_LENGTH} characters long`));
    }
    return ok({ key: new TextEncoder().encode(keys.secret), algorithms: ["HS256"] });
  }
  if ("jwks" in keys) {
    try {
      return ok({ key: createLocalJWKSet(keys.jwks), algorithms: ASYMMETRIC_ALGORITHMS });
    } catch {
      return err(refuse("PGRST300", "The JWKS is not a valid JSON Web Key Set"));
    }
  }
  const url = keys.jwksUrl.href;
  let keySet = remoteKeySets.get(url);
  if (keySet === undefined) {
    keySet = createRemoteJWKSet(keys.jwksUrl);
    remoteKeySets.set(url, keySet);
  }
  return ok({ key: keySet, algorithms: ASYMMETRIC_ALGORITHMS });
}

function toFailure(error: unknown): VerificationFailure {
  if (error instanceof errors.JWTExpired) return refuse("PGRST303", "JWT expired");
  if (error instanceof errors.JWTClaimValidationFailed) return refuse("PGRST303", `The JWT '${error.claim}' claim is not accepted: ${error.reason}`);
  if (error instanceof errors.JWKSTimeout) return networkFailure("the JWKS could not be fetched in time");
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) return refuse("PGRST301", "Wrong or unsupported encoding algorithm");
  if (error instanceof errors.JWKSNoMatchingKey) return refuse("PGRST301", "No suitable key was found to verify the JWT");
  if (error instanceof errors.JWSSignatureVerificationFailed) return refuse("PGRST301", "JWT cryptographic operation failed");
  if (error instanceof errors.JOSEError) return refuse("PGRST301", "The JWT could not be decoded");
  // Anything else comes from fetching a remote key set.
  return networkFailure(`the JWKS could not be fetched: ${error instanceof Error ? error.message : String(error)}`);
}

/**
 * Verifies a token and returns its claims. Never throws or rejects.
 *
 * @example
 * const claims = await verifyJwt(token, { jwksUrl }, { audience: "authenticated", issuer });
 * if (claims.isOk()) console.log(claims.value.sub);
 */
export function verifyJwt(
  token: string,
  keys: JwtKeys,
  options: JwtVerificationOptions = {},
): ResultAsync<Record<string, unknown>, VerificationFailure> {
  if (typeof token !== "string" || token === "") return errAsync(refuse("PGRST301", "Empty JWT is sent in Authorization header"));
  const chosen = keyFor(keys);
  if (chosen.isErr()) return errAsync(chosen.error);
  const { key, algorithms } = chosen.value;
  const verifyOptions: JWTVerifyOptions = {
    algorithms,
    clockTolerance: ALLOWED_SKEW_SECONDS,
    currentDate: new Date((options.now ?? Date.now)()),
    ...(options.audience === undefined ? {} : { audience: options.audience as string | string[] }),
    ...(options.issuer === undefined ? {} : { issuer: options.issuer as string | string[] }),
  };
  const verified = Promise.resolve().then(() =>
    typeof key === "function" ? jwtVerify(token, key, verifyOptions) : jwtVerify(token, key, verifyOptions),
  );
  return ResultAsync.fromPromise(verified, toFailure).andThen(({ payload }) => {
    // jose checks iat only for a maximum age; PostgREST refuses a token issued in the future.
    const nowSeconds = Math.floor(verifyOptions.currentDate!.getTime() / 1000);
    if (typeof payload.iat === "number" && payload.iat > nowSeconds + ALLOWED_SKEW_SECONDS) return err(refuse("PGRST303", "JWT issued at future"));
    return ok({ ...payload } as Record<string, unknown>);
  });
}

/**
 * The request context of a verified token: what PostgREST would run the request
 * as. A bad, expired, foreign-audience or foreign-role token is a QueryFailure
 * with reason `unauthenticated`.
 *
 * @example
 * const context = await contextFromJwt(accessToken, { jwksUrl }, { audience: "authenticated", issuer });
 * const result = context.asyncAndThen((ctx) => createPostgresTransport({ pool, context: ctx }).call(request));
 */
export function contextFromJwt(
  token: string,
  keys: JwtKeys,
  options: JwtVerificationOptions = {},
): ResultAsync<RequestContext, VerificationFailure> {
  return verifyJwt(token, keys, options).andThen(contextFromClaims);
}
