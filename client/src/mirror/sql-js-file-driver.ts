import { openSqlJsDriver, type SqlJsDriver, type SqlJsDriverOptions } from "./sql-js-driver.ts";

/**
 * A sql.js database tied to a file (Node): loaded from it on open, written back
 * on `save()`. sql.js works in memory, so nothing reaches the file until then;
 * `close()` does not save.
 *
 * @example
 * const driver = await openSqlJsFileDriver("/tmp/mirror.sqlite");
 * await openMirror(driver);
 * await driver.save();
 * await driver.close();
 */
export interface SqlJsFileDriver extends SqlJsDriver {
  /** The file this database loads from and saves to. */
  readonly path: string;
  /**
   * Writes the database to `path`, atomically: a temporary file beside it is
   * renamed over it, so a crash mid-write leaves the previous file whole.
   */
  save(): Promise<void>;
}

/**
 * Opens the SQLite file at `path` with sql.js, or an empty database when the
 * file does not exist yet (it is created by the first `save()`).
 *
 * @example
 * const driver = await openSqlJsFileDriver("mirror.sqlite");
 * const [row] = await driver.all<{ user_version: number }>("PRAGMA user_version");
 */
export async function openSqlJsFileDriver(
  path: string,
  options: Omit<SqlJsDriverOptions, "bytes"> = {},
): Promise<SqlJsFileDriver> {
  // Loaded on demand so that the sql.js driver itself stays usable in browsers.
  const { open, readFile, rename, rm } = await import("node:fs/promises");
  const bytes = await readFile(path).catch((error: unknown) => {
    if (isMissingFile(error)) return undefined;
    throw error;
  });
  const driver = await openSqlJsDriver(bytes === undefined ? options : { ...options, bytes });
  return Object.assign(driver, {
    path,
    async save(): Promise<void> {
      const temporary = `${path}.${crypto.randomUUID()}.tmp`;
      try {
        const file = await open(temporary, "w");
        try {
          await file.writeFile(await driver.export());
          // On disk before the rename makes it the database, or a power cut could leave an empty file.
          await file.sync();
        } finally {
          await file.close();
        }
        await rename(temporary, path);
      } finally {
        await rm(temporary, { force: true });
      }
    },
  });
}

function isMissingFile(error: unknown): boolean {
  return error instanceof Error && "code" in error && error.code === "ENOENT";
}
