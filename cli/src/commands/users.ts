/**
 * `bufdir users add`: a sign-in for someone on a local database (the
 * bootstrap's stand-in for Supabase Auth), so an empty database can be brought
 * into use with the CLI alone. On Supabase, users sign up or are invited
 * through Supabase Auth, which owns them; the command refuses there.
 */
import type { Command } from "commander";
import type { DatabaseSession } from "../database-session.ts";
import { openDatabaseSession } from "../database-session.ts";
import { CliFailure, EXIT, printFields, printJson, shorten } from "../output.ts";
import { globalOptions, runCommand } from "../run.ts";
import { isLocalAuth } from "../user-lookup.ts";

/** Loose on purpose: the address is the user's to get right; this catches a name given for an address. */
const EMAIL = /^[^\s@]+@[^\s@]+$/;

interface AddedUser {
  readonly id: string;
  readonly email: string;
  readonly full_name: string | null;
}

async function addUser(session: DatabaseSession, email: string, fullName: string | undefined): Promise<AddedUser> {
  if (!(await isLocalAuth(session))) {
    throw new CliFailure("this database's users belong to Supabase Auth: invite or sign up users there, then add them with `bufdir members add`", EXIT.usage, "supabase_auth");
  }
  const added = await session.asOwner((client) =>
    client.query<AddedUser>(
      `insert into auth.users (id, email, raw_user_meta_data)
       select gen_random_uuid(), lower(btrim($1)), case when $2::text is null then '{}'::jsonb else jsonb_build_object('full_name', btrim($2::text)) end
       where not exists (select from auth.users u where lower(u.email) = lower(btrim($1)))
       returning id::text as id, email, raw_user_meta_data ->> 'full_name' as full_name`,
      [email, fullName ?? null],
    ),
  );
  const user = added.rows[0];
  if (user === undefined) throw new CliFailure(`conflict: a user with e-mail ${shorten(email)} exists already`, EXIT.query, "conflict", "23505");
  return user;
}

/** Registers the users commands. */
export function registerUsersCommands(users: Command, program: Command): void {

  users
    .command("add")
    .description("create a user who can then be added to organisations (local databases only; the operator runs it, without --as)")
    .requiredOption("--email <address>", "the address they sign in with")
    .option("--name <full name>", "the name shown for them")
    .action((options: { email: string; name?: string }) =>
      runCommand(async () => {
        const global = globalOptions(program);
        if (global.as !== undefined) throw new CliFailure("users add is the operator's: run it without --as", EXIT.usage, "usage");
        if (!EMAIL.test(options.email.trim())) throw new CliFailure(`invalid --email "${shorten(options.email)}": expected an address such as kari@example.org`, EXIT.usage, "invalid_email");
        const session = await openDatabaseSession();
        try {
          const user = await addUser(session, options.email, options.name);
          if (global.json) printJson(user);
          else printFields({ user: user.id, email: user.email, name: user.full_name ?? "" });
        } finally {
          await session.close();
        }
      }),
    );
}
