/**
 * The CLI's top-level commands, in the order `bufdir --help` lists them. Each
 * group's code is loaded only when the command line names it, so `bufdir --help`,
 * `--version` and any one command load only what they use (a command group pulls
 * in the client, the database driver, the report renderer…).
 */
import type { Command } from "commander";

/** Adds a group's subcommands, options and actions to its command. */
export type RegisterCommands = (group: Command, program: Command) => void;

export interface CommandGroup {
  readonly name: string;
  /** One line in `bufdir --help`. */
  readonly description: string;
  readonly load: () => Promise<RegisterCommands>;
}

export const COMMAND_GROUPS: readonly CommandGroup[] = [
  {
    name: "db",
    description: "create, migrate, inspect and reset the database",
    load: async () => (await import("./commands/db.ts")).registerDbCommands,
  },
  {
    name: "seed",
    description: "write a realistic, deterministic dataset (organisations, members, contacts, a year of activities)",
    load: async () => (await import("./commands/seed.ts")).registerSeedCommand,
  },
  {
    name: "users",
    description: "users of a local database (on Supabase, Supabase Auth owns them)",
    load: async () => (await import("./commands/users.ts")).registerUsersCommands,
  },
  {
    name: "orgs",
    description: "organisations: create one (the operator, without --as) and list those the actor may read",
    load: async () => (await import("./commands/orgs.ts")).registerOrgsCommands,
  },
  {
    name: "members",
    description: "an organisation's members (by e-mail, with role and status) and its mentors' active periods, as --as",
    load: async () => (await import("./commands/members.ts")).registerMembersCommands,
  },
  {
    name: "contacts",
    description: "the people mentors meet: register them and list those the --as user may read",
    load: async () => (await import("./commands/contacts.ts")).registerContactsCommands,
  },
  {
    name: "activities",
    description: "register, list and delete activities (as --as: mentors direct entries, coordinators proxy and bulk)",
    load: async () => (await import("./commands/activities.ts")).registerActivitiesCommands,
  },
  {
    name: "metrics",
    description: "Bufdir metric snapshots: compute, show, check, delete and export",
    load: async () => (await import("./commands/metrics.ts")).registerMetricsCommands,
  },
  {
    name: "summaries",
    description: "periodic summaries: generate them on the server, sync them into a local SQLite mirror, read the mirror offline",
    load: async () => (await import("./commands/summaries.ts")).registerSummariesCommands,
  },
  {
    name: "report",
    description: "write the saved snapshot of an organisation and period as a printable HTML page, or as an A4 PDF",
    load: async () => (await import("./commands/report.ts")).registerReportCommand,
  },
  {
    name: "demo",
    description: "show the whole system working on a fresh embedded database (what make demo runs)",
    load: async () => (await import("./commands/demo.ts")).registerDemoCommand,
  },
];

/** Options of the program itself that take a value, so that value is not taken for a command. */
const VALUE_OPTIONS = new Set(["--as"]);

/**
 * The top-level command a command line names: its first word that is not an
 * option (nor an option's value); for `help <command>`, that command.
 *
 * @example
 * namedCommand(["--as", "kari@example.org", "orgs", "list"]) // "orgs"
 * namedCommand(["help", "metrics"]) // "metrics"
 * namedCommand(["--help"]) // undefined
 */
export function namedCommand(args: readonly string[]): string | undefined {
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") break;
    if (VALUE_OPTIONS.has(arg)) i++;
    else if (!arg.startsWith("-")) words.push(arg);
    if (words.length === 2) break;
  }
  return words[0] === "help" ? words[1] : words[0];
}
