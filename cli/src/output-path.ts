/**
 * Creating the folder an output goes into, one level at a time from the nearest
 * folder that exists. Node's recursive mkdir retries forever where a parent
 * reports ENOENT for a child it will never hold (under /proc, for example);
 * stepping down level by level fails at once, with the reason.
 */
import { accessSync, constants, mkdirSync, rmdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { CliFailure, EXIT, shorten } from "./output.ts";

function outputFailure(path: string, why: string): CliFailure {
  return new CliFailure(`cannot write to ${shorten(path)}: ${why}`, EXIT.usage, "output_path");
}

function errorText(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : error instanceof Error ? error.message : String(error);
}

/**
 * Makes sure `dir` is a folder that exists (creating the missing levels) and
 * returns its absolute path; anything in the way is a usage error (exit 2).
 *
 * @example
 * const out = prepareOutputDirectory("exports/2026"); // "/home/me/exports/2026"
 */
export function prepareOutputDirectory(dir: string, forFile?: string): string {
  return createMissingLevels(dir, forFile).directory;
}

/**
 * Proves that `dir` can be created (or is a writable folder) and leaves nothing
 * behind: what it had to create, it removes again. For a command that writes
 * only after the database agreed (an export refused as stale writes nothing).
 *
 * @example
 * checkOutputDirectory("/proc/nope"); // throws: cannot write to /proc/nope: cannot create /proc/nope (ENOENT)
 */
export function checkOutputDirectory(dir: string): void {
  const { created } = createMissingLevels(dir);
  for (const level of created.reverse()) rmdirSync(level);
}

function createMissingLevels(dir: string, forFile?: string): { directory: string; created: string[] } {
  const directory = resolve(dir);
  const target = forFile ?? directory;
  const missing: string[] = [];
  let existing = directory;
  for (;;) {
    try {
      if (!statSync(existing).isDirectory()) throw outputFailure(target, `${shorten(existing)} is not a folder`);
      break;
    } catch (error) {
      if (error instanceof CliFailure) throw error;
      const code = (error as { code?: unknown }).code;
      // ENOTDIR: a file further up is in the way; the walk up finds and names it.
      if (code !== "ENOENT" && code !== "ENOTDIR") throw outputFailure(target, `${shorten(existing)}: ${errorText(error)}`);
      const parent = dirname(existing);
      if (parent === existing) throw outputFailure(target, "no part of the path exists");
      missing.unshift(existing);
      existing = parent;
    }
  }
  try {
    accessSync(existing, constants.W_OK);
  } catch (error) {
    throw outputFailure(target, `${shorten(existing)} is not writable (${errorText(error)})`);
  }
  const created: string[] = [];
  for (const level of missing) {
    try {
      mkdirSync(level);
      created.push(level);
    } catch (error) {
      if ((error as { code?: unknown }).code === "EEXIST" && statSync(level).isDirectory()) continue;
      throw outputFailure(target, `cannot create ${shorten(level)} (${errorText(error)})`);
    }
  }
  return { directory, created };
}

/**
 * Prepares the folder of an output file and returns the file's absolute path;
 * a path naming an existing folder is refused.
 *
 * @example
 * writeFileSync(prepareOutputFile("reports/oslo-2026-H1.html"), html);
 */
export function prepareOutputFile(file: string): string {
  const target = resolve(file);
  prepareOutputDirectory(dirname(target), target);
  try {
    if (statSync(target).isDirectory()) throw outputFailure(target, "it is a folder");
  } catch (error) {
    if (error instanceof CliFailure) throw error;
  }
  return target;
}
