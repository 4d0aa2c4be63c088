/**
 * Who a request acts as: one of PostgREST's API roles and the JWT claims that
 * auth.uid(), auth.role() and auth.jwt() read, exactly as PostgREST passes them
 * for a verified token.
 */
import { err, ok, type Result } from "neverthrow";
import { type QueryFailure, queryFailure } from "../failures/domain-failure.ts";
import { reasonForCode } from "../failures/failure-codes.ts";
import type { Json } from "../generated/database.types.ts";

/**
 * The database roles a request may run as; any other role is refused.
 *
 * @example
 * API_ROLES.includes("anon") // true
 */
export const API_ROLES = ["anon", "authenticated", "service_role"] as const;

/**
 * One of the API roles.
 *
 * @example
 * const role: ApiRole = "authenticated";
 */
export type ApiRole = (typeof API_ROLES)[number];

/**
 * JWT claims as JSON.
 *
 * @example
 * const claims: JwtClaims = { sub: "5f0c…", role: "authenticated", email: "kari@example.no" };
 */
export type JwtClaims = { readonly [claim: string]: Json | undefined };

/**
 * The role and claims a transport sets, transaction-locally, for every call.
 *
 * @example
 * const context: RequestContext = asUser({ sub: userId, email: "kari@example.no" });
 */
export interface RequestContext {
  readonly role: ApiRole;
  readonly claims: JwtClaims;
}

/**
 * Claims of a signed-in user; `sub` is the user's id (auth.uid()).
 *
 * @example
 * const claims: UserClaims = { sub: "5f0c…", email: "kari@example.no", app_metadata: { org: "a" } };
 */
export type UserClaims = { readonly sub: string } & JwtClaims;

/**
 * Acts as a signed-in user, for server code that has verified the user some other
 * way. The role is always `authenticated`, whatever the claims say.
 *
 * @example
 * const transport = createPostgresTransport({ pool, context: asUser({ sub: userId, email }) });
 */
export function asUser(claims: UserClaims): RequestContext {
  return { role: "authenticated", claims: { aud: "authenticated", ...claims, role: "authenticated" } };
}

/**
 * Acts as the service role: row-level security does not apply. Server code only.
 *
 * @example
 * const admin = createPostgresTransport({ pool, context: asServiceRole() });
 */
export function asServiceRole(): RequestContext {
  return { role: "service_role", claims: { role: "service_role" } };
}

/**
 * Acts as an anonymous caller (PostgREST's anon role).
 *
 * @example
 * const publicTransport = createPostgresTransport({ pool, context: asAnon() });
 */
export function asAnon(): RequestContext {
  return { role: "anon", claims: { role: "anon" } };
}

/**
 * True for the three API roles.
 *
 * @example
 * isApiRole("service_role") // true
 * isApiRole("postgres")     // false
 */
export function isApiRole(value: unknown): value is ApiRole {
  return typeof value === "string" && (API_ROLES as readonly string[]).includes(value);
}

/**
 * The context for verified claims, as PostgREST derives it: the `role` claim names
 * the role (anon when absent); a role other than the API roles is refused.
 *
 * @example
 * contextFromClaims({ sub: userId, role: "authenticated" }) // ok({ role: "authenticated", claims: {...} })
 * contextFromClaims({ role: "postgres" }).isErr()            // true (reason "unauthenticated")
 */
export function contextFromClaims(claims: Readonly<Record<string, unknown>>): Result<RequestContext, QueryFailure> {
  const role = claims.role ?? "anon";
  if (!isApiRole(role)) {
    const code = "PGRST303";
    return err(queryFailure({ code, reason: reasonForCode(code), message: `The JWT role claim must be one of ${API_ROLES.join(", ")}` }));
  }
  return ok({ role, claims: claims as JwtClaims });
}
