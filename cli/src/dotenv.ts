/**
 * Settings from a `.env` file in the working directory, read as dbmate reads it:
 * `DATABASE_URL=postgres://…` there is as good as exporting it, and a variable
 * already set in the environment wins over the file.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { CliFailure, EXIT } from "./output.ts";

/** The file read, relative to the working directory. */
export const DOTENV_FILE = ".env";

/**
 * Loads `.env` from `cwd` into `process.env` when the file exists; returns its
 * path, or null when there is none.
 *
 * @example
 * loadDotEnv(process.cwd()); // then process.env.DATABASE_URL may come from ./.env
 */
export function loadDotEnv(cwd: string): string | null {
  const path = resolve(cwd, DOTENV_FILE);
  if (!existsSync(path)) return null;
  try {
    // Node's own reader: existing variables are kept, as dbmate keeps them.
    process.loadEnvFile(path);
  } catch (error) {
    throw new CliFailure(`cannot read ${path}: ${(error as Error).message}`, EXIT.usage, "usage");
  }
  return path;
}
