/**
 * Runs a command's action: expected failures become one line on stderr (one
 * JSON object under --json) and an exit code; anything unexpected is reported
 * the same way, without a stack trace.
 */
import type { Command } from "commander";
import { cancellationRequested, cancelledFailure } from "./cancellation.ts";
import { CliFailure, EXIT, jsonText, printable } from "./output.ts";

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
 * Whether the command line asks for JSON. Read from the arguments themselves,
 * since a failure in parsing them comes before the parsed options exist.
 */
export function jsonRequested(argv: readonly string[] = process.argv.slice(2)): boolean {
  const end = argv.indexOf("--");
  return (end === -1 ? argv : argv.slice(0, end)).includes("--json");
}

/** Error codes of the socket layer that mean no server could be reached. */
const UNREACHABLE = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EPIPE"]);

/**
 * Any thrown value as a CliFailure: a socket error is the database unreachable
 * (exit 4), an error with a SQLSTATE the database refusing (exit 1, the code kept).
 */
export function toCliFailure(error: unknown): CliFailure {
  if (error instanceof CliFailure) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && UNREACHABLE.has(code)) return new CliFailure(`database unreachable: ${message}`, EXIT.network);
  if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return new CliFailure(`${message} (${code})`, EXIT.query, "query_failed", code);
  return new CliFailure(message, EXIT.query, "unexpected");
}

/**
 * Prints a failure as the CLI promises it: `bufdir: <message>` on one line, or
 * under --json one object `{code, reason, message}` on one line, both on stderr.
 */
export function printFailure(failure: CliFailure, json = jsonRequested()): void {
  const message = printable(failure.message.replace(/\s*\n\s*/g, " ")).trim();
  if (json) console.error(jsonText({ code: failure.code, reason: failure.reason, message, exitCode: failure.exitCode }, 0));
  else console.error(`bufdir: ${message}`);
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
    // After a signal, whatever the interrupted call failed with is the cancellation.
    const signal = cancellationRequested();
    const failure = signal !== undefined ? cancelledFailure(signal) : toCliFailure(error);
    printFailure(failure);
    process.exitCode = failure.exitCode;
  }
}

/**
 * Every option of the command about to run that was given an empty value
 * (`--as ""`, `--org ""`) is a usage error, not a search for nothing.
 */
export function refuseEmptyOptions(command: Command): void {
  for (const current of [command, ...ancestors(command)]) {
    for (const option of current.options) {
      const value: unknown = current.getOptionValue(option.attributeName());
      if (typeof value === "string" && value.trim() === "") {
        throw new CliFailure(`${option.long ?? option.flags} needs a value (see \`${commandPath(command)} --help\`)`, EXIT.usage, "empty_value");
      }
    }
  }
}

function ancestors(command: Command): Command[] {
  const found: Command[] = [];
  for (let parent = command.parent; parent !== null; parent = parent.parent) found.push(parent);
  return found;
}

/** `bufdir metrics show`, as a user types it. */
export function commandPath(command: Command): string {
  return [...ancestors(command).reverse(), command].map((entry) => entry.name()).join(" ");
}
