/**
 * `bufdir orgs create | list`: organisations through the client's
 * OrganisationRepository. Creating one is the operator's task (the service
 * role: run without --as), with an existing user as its first admin; listing
 * shows what the actor may read, with their role and status in each.
 */
import type { Command } from "commander";
import { OrganisationRepository } from "@bufdir-reporting/client";
import { resolveActor } from "../actor.ts";
import { openDatabaseSession, type DatabaseSession } from "../database-session.ts";
import { CliFailure, EXIT, printFields, printJson, printTable } from "../output.ts";
import { globalOptions, runCommand } from "../run.ts";
import { withSignUpHint } from "../user-lookup.ts";
import { unwrap } from "./metrics.ts";

async function withSession(work: (session: DatabaseSession) => Promise<void>): Promise<void> {
  const session = await openDatabaseSession();
  try {
    await work(session);
  } finally {
    await session.close();
  }
}

/** Registers the orgs commands. */
export function registerOrgsCommands(orgs: Command, program: Command): void {
  const json = () => globalOptions(program).json;

  orgs
    .command("create")
    .description("create an organisation with an existing user as its first, approved admin (the operator's task: run without --as)")
    .requiredOption("--name <name>", "the organisation's name (unique in any case)")
    .requiredOption("--admin <email>", "its first admin: the e-mail address of an existing user")
    .action((options: { name: string; admin: string }) =>
      runCommand(() => {
        // Only the service role may call create_organisation: a user would get the bare privilege error.
        if (globalOptions(program).as !== undefined) {
          throw new CliFailure("orgs create is the operator's (the service role): run it without --as", EXIT.usage, "usage");
        }
        return withSession(async (session) => {
          const actor = await resolveActor(session, undefined);
          const created = await unwrap(new OrganisationRepository(actor.transport).create({ name: options.name, adminEmail: options.admin })).catch((failure: unknown) => {
            throw withSignUpHint(failure);
          });
          if (json()) printJson(created);
          else printFields({ organisation: created.name, id: created.id, admin: options.admin.trim().toLowerCase() });
        });
      }),
    );

  orgs
    .command("list")
    .description("the organisations the actor may read (all of them for the operator), with the actor's role and status in each")
    .action(() =>
      runCommand(() =>
        withSession(async (session) => {
          const actor = await resolveActor(session, globalOptions(program).as);
          const listed = await unwrap(new OrganisationRepository(actor.transport).list());
          if (json()) printJson(listed);
          else if (listed.length === 0) console.log(`no organisations that ${actor.label} may read${actor.userId === null ? " (`bufdir orgs create` makes one)" : ""}`);
          else printTable(listed.map((row) => ({ id: row.id, name: row.name, role: row.role ?? "", status: row.approval_status ?? "" })));
        }),
      ),
    );
}
