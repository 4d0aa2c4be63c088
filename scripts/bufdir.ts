#!/usr/bin/env -S node --import tsx
/**
 * `bufdir`: the operator CLI. Works on the embedded database (.data/pglite) by
 * default, or on DATABASE_URL. `bufdir --help` lists the commands.
 */
import { Command } from "commander";
import { registerActivitiesCommands } from "./cli/commands/activities.ts";
import { registerContactsCommands } from "./cli/commands/contacts.ts";
import { registerDbCommands } from "./cli/commands/db.ts";
import { registerDemoCommand } from "./cli/commands/demo.ts";
import { registerMembersCommands } from "./cli/commands/members.ts";
import { registerMetricsCommands } from "./cli/commands/metrics.ts";
import { registerOrgsCommands } from "./cli/commands/orgs.ts";
import { registerReportCommand } from "./cli/commands/report.ts";
import { registerSeedCommand } from "./cli/commands/seed.ts";
import { registerSummariesCommands } from "./cli/commands/summaries.ts";
import { registerUsersCommands } from "./cli/commands/users.ts";
import { CliFailure, EXIT, shorten } from "./cli/output.ts";
import { commandPath, printFailure, refuseEmptyOptions } from "./cli/run.ts";

const program = new Command("bufdir")
  .description("Operate the Bufdir reporting database: migrate, seed, compute and export figures, sync summaries, report")
  .option("--json", "print JSON instead of tables")
  .option("--as <email>", "act as this user, with the claims their access token would carry (default: the service role)")
  // Commander's own error line is replaced by the CLI's (one line and a hint, or JSON).
  .configureOutput({ outputError: () => undefined });

// A reader that stops early (`bufdir ... | head`) closes the pipe: stop printing and
// let the command finish (and close its database) instead of dying with a stack trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
});

registerDbCommands(program);
registerSeedCommand(program);
registerUsersCommands(program);
registerOrgsCommands(program);
registerMembersCommands(program);
registerContactsCommands(program);
registerActivitiesCommands(program);
registerMetricsCommands(program);
registerSummariesCommands(program);
registerReportCommand(program);
registerDemoCommand(program);

/**
 * A usage error found while parsing (a missing option, an unknown one, a bad
 * value) is one line naming the command's help; help and --version exit 0.
 */
function exitOnParseError(command: Command): void {
  command.exitOverride((error) => {
    if (error.exitCode === 0) process.exit(EXIT.ok);
    // `bufdir` or `bufdir db` alone: the help has been printed (on stderr) already.
    if (error.code === "commander.help") process.exit(EXIT.usage);
    const problem = shorten(error.message.replace(/^error: /, ""), 160);
    printFailure(new CliFailure(`${problem} (see \`${commandPath(command)} --help\`)`, EXIT.usage, "usage"));
    process.exit(EXIT.usage);
  });
  for (const sub of command.commands) exitOnParseError(sub);
}
exitOnParseError(program);

program.hook("preAction", (_program, actionCommand) => {
  try {
    refuseEmptyOptions(actionCommand);
  } catch (error) {
    printFailure(error as CliFailure);
    process.exit(EXIT.usage);
  }
});

await program.parseAsync(process.argv);
