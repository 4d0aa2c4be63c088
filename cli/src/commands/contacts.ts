/**
 * `bufdir contacts add | list`: the people mentors meet, through the client's
 * ContactRepository, as --as (a member registers them; the operator has no
 * user to register as). `list` shows what the actor may read, by name with each
 * contact's id, for `activities add --contact <id>`.
 */
import type { Command } from "commander";
import { ContactRepository, type Contact } from "@bufdir-reporting/client";
import { resolveActor } from "../actor.ts";
import { resolveOrganisation } from "../arguments.ts";
import { openDatabaseSession } from "../database-session.ts";
import { CliFailure, EXIT, printFields, printJson, printTable, shorten } from "../output.ts";
import { globalOptions, runCommand } from "../run.ts";
import { unwrap } from "./metrics.ts";

interface AddOptions {
  readonly org: string;
  readonly name: string;
  readonly birthYear?: string;
  readonly phone?: string;
  readonly email?: string;
  readonly municipality?: string;
  readonly codeVersion: string;
}

function birthYearArgument(text: string): number {
  if (!/^[0-9]{4}$/.test(text.trim())) throw new CliFailure(`invalid --birth-year "${shorten(text)}": expected a year such as 1961`, EXIT.usage, "invalid_birth_year");
  return Number(text.trim());
}

function municipalityLabel(contact: Contact): string {
  return contact.municipality_code === null ? "" : `${contact.municipality_code} (${contact.municipality_code_version ?? ""})`;
}

/** Registers the contacts commands. */
export function registerContactsCommands(contacts: Command, program: Command): void {
  const json = () => globalOptions(program).json;
  const orgOption = "the organisation: its name, in any case, or a unique beginning of it (or its id)";

  contacts
    .command("add")
    .description("register a contact as the --as member (approved members, pending mentors)")
    .requiredOption("--org <name-or-id>", orgOption)
    .requiredOption("--name <full name>", "the contact's name")
    .option("--birth-year <year>", "the year they were born")
    .option("--phone <number>", "a phone number")
    .option("--email <address>", "an e-mail address")
    .option("--municipality <code>", "four-digit municipality code")
    .option("--code-version <year>", "the municipality code list's version", "2024")
    .action((options: AddOptions) =>
      runCommand(async () => {
        const birthYear = options.birthYear === undefined ? null : birthYearArgument(options.birthYear);
        const session = await openDatabaseSession();
        try {
          const organisation = await resolveOrganisation(session, options.org);
          const actor = await resolveActor(session, globalOptions(program).as);
          if (actor.userId === null) throw new CliFailure("a contact is registered by a member: name one with --as <email>", EXIT.usage, "needs_user");
          const added = await unwrap(
            new ContactRepository(actor.transport).add({
              organisationId: organisation.id,
              fullName: options.name,
              birthYear,
              phone: options.phone ?? null,
              email: options.email ?? null,
              municipality: options.municipality === undefined ? null : { code: options.municipality, codeVersion: options.codeVersion },
            }),
            organisation,
          );
          if (json()) printJson(added);
          else printFields({ contact: added.id, name: added.full_name, organisation: organisation.name, "registered by": actor.label });
        } finally {
          await session.close();
        }
      }),
    );

  contacts
    .command("list")
    .description("the live contacts the --as user may read, by name, with the ids `activities add --contact` takes")
    .requiredOption("--org <name-or-id>", orgOption)
    .action((options: { org: string }) =>
      runCommand(async () => {
        const session = await openDatabaseSession();
        try {
          const organisation = await resolveOrganisation(session, options.org);
          const actor = await resolveActor(session, globalOptions(program).as);
          const listed = await unwrap(new ContactRepository(actor.transport).list(organisation.id), organisation);
          if (json()) printJson(listed);
          else if (listed.length === 0) console.log(`no contacts of ${organisation.name} that ${actor.label} may read`);
          else printTable(listed.map((contact) => ({ id: contact.id, name: contact.full_name, born: contact.birth_year ?? "", municipality: municipalityLabel(contact) })));
        } finally {
          await session.close();
        }
      }),
    );
}
