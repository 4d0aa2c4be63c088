/** Absolute paths of the project's folders, independent of the working directory. */
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";

export const projectRoot = resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const dbDir = resolve(projectRoot, "db");
export const migrationsDir = resolve(dbDir, "migrations");
export const pgtapTestsDir = resolve(dbDir, "tests");
export const binDir = resolve(projectRoot, "node_modules/.bin");
/** Git-ignored home of the embedded engine's durable data; BUFDIR_DATA_DIR moves it. */
export const embeddedDataDir = resolve(projectRoot, process.env.BUFDIR_DATA_DIR ?? ".data/pglite");
