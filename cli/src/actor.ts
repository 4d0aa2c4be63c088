/**
 * Whom a CLI command acts as: a named user, with the claims that user's access
 * token would carry (built by the same access-token hook Supabase Auth calls), or
 * the service role for operator tasks. Row-level security applies to users.
 */
import { asServiceRole, asUser, createPostgresTransport, type RequestContext, type RpcTransport } from "@bufdir-reporting/client/node";
import type { DatabaseSession } from "./database-session.ts";
import { CliFailure, EXIT, shorten } from "./output.ts";

export interface Actor {
  /** How the actor is shown in output: an e-mail address or "service role". */
  readonly label: string;
  readonly userId: string | null;
  readonly context: RequestContext;
  readonly transport: RpcTransport;
}

/** A named user the CLI was asked to act as, who does not exist: a usage error. */
function unknownUser(email: string): CliFailure {
  return new CliFailure(`no user with e-mail ${shorten(email)} (--as takes a user's e-mail address; without it the service role acts)`, EXIT.usage, "unknown_user");
}

/**
 * Resolves `--as <email>` (or the service role when no e-mail is given).
 *
 * @example
 * const actor = await resolveActor(session, "coordinator@org1.example");
 */
export async function resolveActor(session: DatabaseSession, email: string | undefined): Promise<Actor> {
  if (email === undefined) {
    const context = asServiceRole();
    return { label: "service role", userId: null, context, transport: createPostgresTransport({ pool: session.pool, context }) };
  }
  const claims = await session.asOwner(async (client) => {
    const found = await client.query<{ claims: Record<string, unknown> | null }>(
      `select public.custom_access_token_hook(jsonb_build_object(
         'user_id', u.id,
         'authentication_method', 'password',
         'claims', jsonb_build_object('sub', u.id, 'email', u.email, 'role', 'authenticated', 'aud', 'authenticated')
       )) -> 'claims' as claims
       from auth.users u where lower(u.email) = lower($1)`,
      [email],
    );
    return found.rows[0]?.claims ?? null;
  });
  if (claims === null) throw unknownUser(email);
  const context = asUser({ ...(claims as Record<string, never>), sub: String(claims.sub) });
  return { label: email, userId: String(claims.sub), context, transport: createPostgresTransport({ pool: session.pool, context }) };
}
