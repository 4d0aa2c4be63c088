/**
 * Users by e-mail address, looked up as the owner: an operator knows who has
 * signed up, and what the acting user may then do with them is still the
 * database's call (row-level security and the RPCs' checks).
 */
import type { DatabaseSession } from "./database-session.ts";
import { CliFailure, EXIT, shorten } from "./output.ts";

/**
 * The id of the user with this e-mail address (any case); an unknown address
 * is a usage error.
 *
 * @example
 * const mentorId = await userIdByEmail(session, "mentor1@org1.example");
 */
export async function userIdByEmail(session: DatabaseSession, email: string): Promise<string> {
  const found = await session.asOwner((client) =>
    client.query<{ id: string }>("select id::text as id from auth.users where lower(email) = lower(btrim($1))", [email]),
  );
  const id = found.rows[0]?.id;
  if (id === undefined) {
    throw new CliFailure(`no user with e-mail ${shorten(email)} (${SIGN_UP_HINT})`, EXIT.usage, "unknown_user");
  }
  return id;
}

/** How a user comes to exist on a local database, for messages about one who does not. */
export const LOCAL_SIGN_UP_HINT = "on a local database `bufdir users add --email <address>` creates one";

/** How a user comes to exist, for messages about one who does not. */
export const SIGN_UP_HINT = `users sign up through Supabase Auth; ${LOCAL_SIGN_UP_HINT}`;

/**
 * Whether auth.users is the bootstrap's stand-in (local engines), not Supabase
 * Auth's own table, which carries the password column GoTrue keeps.
 *
 * @example
 * if (!(await isLocalAuth(session))) throw new CliFailure("invite users through Supabase Auth", EXIT.usage);
 */
export async function isLocalAuth(session: DatabaseSession): Promise<boolean> {
  const found = await session.asOwner((client) =>
    client.query<{ local: boolean }>(
      `select not exists (select from pg_catalog.pg_attribute
                          where attrelid = 'auth.users'::regclass and attname = 'encrypted_password' and not attisdropped) as local`,
    ),
  );
  return found.rows[0]?.local === true;
}

/**
 * A failure as the CLI reports it, with how a user comes to exist locally when
 * the database found no user with the e-mail address it was given (P0002).
 *
 * @example
 * const added = await unwrap(members.add(input)).catch((failure: unknown) => { throw withSignUpHint(failure); });
 */
export function withSignUpHint(failure: unknown): unknown {
  if (failure instanceof CliFailure && failure.code === "P0002" && /no user with e-mail/.test(failure.message)) {
    return new CliFailure(`${failure.message} (${LOCAL_SIGN_UP_HINT})`, failure.exitCode, failure.reason, failure.code);
  }
  return failure;
}
