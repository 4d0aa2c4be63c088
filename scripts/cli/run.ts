/**
 * Runs a command's action: expected failures become one line on stderr and an
 * exit code; anything unexpected is reported the same way, without a stack trace.
 */
import type { Command } from "commander";
import { CliFailure, EXIT } from "./output.ts";

export interface GlobalOptions {
  /** Print JSON instead of tables. */
  readonly json: boolean;
  /** Act as this user (e-mail); the service role when absent. */
  readonly as?: string;
}

/** The options every command shares. */
export function globalOptions(program: Command): GlobalOptions {
  const options = program.opts<{ json?: boolean; as?: string }>();
  return { json: options.json === true, ...(options.as !== undefined ? { as: options.as } : {}) };
}

/**
 * Runs an action and exits with its outcome.
 *
 * @example
 * command.action(() => runCommand(async () => { ... }));
 */
export async function runCommand(action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    const failure = error instanceof CliFailure ? error : new CliFailure(error instanceof Error ? error.message : String(error), EXIT.query);
    console.error(`bufdir: ${failure.message}`);
    process.exitCode = failure.exitCode;
  }
}
