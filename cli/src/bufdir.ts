#!/usr/bin/env node
/**
 * `bufdir`: the operator CLI. `bufdir --help` lists the commands. `.env` in the
 * working directory is read first, so that every module sees its settings
 * (DATABASE_URL, BUFDIR_DATA_DIR) as if they had been exported.
 */
import { loadDotEnv } from "./dotenv.ts";
import { CliFailure, EXIT } from "./output.ts";
import { printFailure } from "./run.ts";

try {
  loadDotEnv(process.cwd());
} catch (error) {
  printFailure(error as CliFailure);
  process.exit(EXIT.usage);
}
await import("./program.ts");
