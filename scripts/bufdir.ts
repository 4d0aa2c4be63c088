#!/usr/bin/env -S node --import tsx
/**
 * `bufdir`: the operator CLI. Works on the embedded database (.data/pglite) by
 * default, or on DATABASE_URL. `bufdir --help` lists the commands.
 */
import { Command } from "commander";
import { registerActivitiesCommands } from "./cli/commands/activities.ts";
import { registerDbCommands } from "./cli/commands/db.ts";
import { registerDemoCommand } from "./cli/commands/demo.ts";
import { registerMetricsCommands } from "./cli/commands/metrics.ts";
import { registerReportCommand } from "./cli/commands/report.ts";
import { registerSeedCommand } from "./cli/commands/seed.ts";
import { registerSummariesCommands } from "./cli/commands/summaries.ts";
import { EXIT } from "./cli/output.ts";

const program = new Command("bufdir")
  .description("Operate the Bufdir reporting database: migrate, seed, compute and export figures, sync summaries, report")
  .option("--json", "print JSON instead of tables")
  .option("--as <email>", "act as this user, with the claims their access token would carry (default: the service role)")
  .showHelpAfterError()
  .exitOverride((error) => {
    process.exit(error.exitCode === 0 ? EXIT.ok : EXIT.usage);
  });

// A reader that stops early (`bufdir ... | head`) closes the pipe: stop printing and
// let the command finish (and close its database) instead of dying with a stack trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
});

registerDbCommands(program);
registerSeedCommand(program);
registerActivitiesCommands(program);
registerMetricsCommands(program);
registerSummariesCommands(program);
registerReportCommand(program);
registerDemoCommand(program);

await program.parseAsync(process.argv);
