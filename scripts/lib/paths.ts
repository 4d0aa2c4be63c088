/** Absolute paths of the project's folders, independent of the working directory. */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join, resolve } from "node:path";

/**
 * The nearest folder above `start` that holds db/migrations. Found by looking,
 * not by counting levels, because this module runs from scripts/lib in
 * development and from the CLI's compiled bundle (cli/dist) in use.
 */
function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "db", "migrations"))) return dir;
    if (dirname(dir) === dir) throw new Error(`no project folder (one holding db/migrations) above ${start}`);
  }
}

export const projectRoot = findProjectRoot(dirname(fileURLToPath(import.meta.url)));
export const dbDir = resolve(projectRoot, "db");
export const migrationsDir = resolve(dbDir, "migrations");
export const pgtapTestsDir = resolve(dbDir, "tests");
export const binDir = resolve(projectRoot, "node_modules/.bin");
/** Git-ignored home of the embedded engine's durable data; BUFDIR_DATA_DIR moves it. */
export const embeddedDataDir = resolve(projectRoot, process.env.BUFDIR_DATA_DIR ?? ".data/pglite");
