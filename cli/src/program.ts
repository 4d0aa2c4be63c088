/**
 * The `bufdir` program: its commands, options and how a parse error is shown.
 * Works on the embedded database (.data/pglite) by default, or on DATABASE_URL.
 */
import { Command } from "commander";
import cliPackage from "../package.json" with { type: "json" };
import { COMMAND_GROUPS, namedCommand } from "./command-groups.ts";
import { CliFailure, EXIT, shorten } from "./output.ts";
import { commandPath, printFailure, refuseEmptyOptions } from "./run.ts";

const program = new Command("bufdir")
  .description("Operate the Bufdir reporting database: migrate, seed, compute and export figures, sync summaries, report")
  .version(cliPackage.version, "-V, --version", "print the version of bufdir")
  .option("--json", "print JSON instead of tables")
  .option("--as <email>", "act as this user, with the claims their access token would carry (default: the service role)")
  // Commander's own error line is replaced by the CLI's (one line and a hint, or JSON).
  .configureOutput({ outputError: () => undefined });

// A reader that stops early (`bufdir ... | head`) closes the pipe: stop printing and
// let the command finish (and close its database) instead of dying with a stack trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
});

// Every group is listed in the help; only the one the command line names is loaded.
const named = namedCommand(process.argv.slice(2));
for (const group of COMMAND_GROUPS) {
  const command = program.command(group.name).description(group.description);
  if (group.name === named) (await group.load())(command, program);
}

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
