import type { SqliteDriver } from "../sqlite-driver.ts";
import type { MigrationStep } from "./migration-step.ts";
import {
  MirrorForeignKeyError,
  MirrorMigrationError,
  MirrorTooNewError,
  type ForeignKeyViolation,
} from "./mirror-migration-errors.ts";
import { MIRROR_MIGRATIONS } from "./mirror-migrations.ts";

/**
 * Options for `migrateMirror`.
 *
 * @example
 * // Tests only: stop at an older version, or append a step that fails on purpose.
 * await migrateMirror(driver, { steps: MIRROR_MIGRATIONS.slice(0, 1) });
 */
export interface MigrateMirrorOptions {
  /**
   * The schema history to apply; defaults to `MIRROR_MIGRATIONS`. This is the
   * migrator's only seam: tests pass a prefix of the history to build an older
   * database, or the history with a step of their own to inject a failure.
   */
  readonly steps?: readonly MigrationStep[];
}

/**
 * What `migrateMirror` did: the version it found and the version it left.
 *
 * @example
 * const { from, to } = await migrateMirror(driver);
 * if (from < to) console.info(`mirror upgraded from v${from} to v${to}`);
 */
export interface MigrationReport {
  readonly from: number;
  readonly to: number;
}

/**
 * Brings the mirror database to the newest schema version, one step at a time.
 * The version lives in `PRAGMA user_version` (0 for an empty database, so an
 * empty database gets the whole history).
 *
 * Each step runs in its own transaction together with its version bump and a
 * `PRAGMA foreign_key_check`, so a failure (`MirrorMigrationError`) leaves the
 * database at the previous version, rows intact. A database newer than this
 * code is refused with `MirrorTooNewError` and not touched. Run it on the one
 * connection that owns the file, before anything else uses it.
 *
 * @example
 * const driver = await openBetterSqlite3Driver("mirror.sqlite");
 * const { to } = await migrateMirror(driver); // to === MIRROR_MIGRATIONS.length
 */
export async function migrateMirror(
  driver: SqliteDriver,
  options: MigrateMirrorOptions = {},
): Promise<MigrationReport> {
  const steps = options.steps ?? MIRROR_MIGRATIONS;
  const from = await readUserVersion(driver);
  if (from > steps.length) throw new MirrorTooNewError(from, steps.length);
  for (const [offset, step] of steps.slice(from).entries()) {
    await applyStep(driver, step, from + offset + 1);
  }
  return { from, to: steps.length };
}

async function applyStep(driver: SqliteDriver, step: MigrationStep, version: number): Promise<void> {
  let restoreForeignKeys = false;
  try {
    if (step.rebuildsTables && (await foreignKeysOn(driver))) {
      // Must happen outside the transaction: inside one, SQLite ignores this pragma,
      // and DROP TABLE would then cascade into child rows.
      await driver.run("PRAGMA foreign_keys = OFF");
      restoreForeignKeys = true;
      if (await foreignKeysOn(driver)) {
        throw new Error("foreign keys could not be switched off: a transaction is already open on this connection");
      }
    }
    await driver.transaction(async () => {
      await step.up(driver);
      await assertForeignKeysHold(driver);
      // user_version is transactional: the bump commits with the step or not at all.
      await driver.run(`PRAGMA user_version = ${version}`);
    });
  } catch (cause) {
    throw new MirrorMigrationError(version, step.name, cause);
  } finally {
    if (restoreForeignKeys) await driver.run("PRAGMA foreign_keys = ON");
  }
}

async function readUserVersion(driver: SqliteDriver): Promise<number> {
  const [row] = await driver.all<{ user_version: number }>("PRAGMA user_version");
  return row?.user_version ?? 0;
}

async function foreignKeysOn(driver: SqliteDriver): Promise<boolean> {
  const [row] = await driver.all<{ foreign_keys: number }>("PRAGMA foreign_keys");
  return row?.foreign_keys === 1;
}

async function assertForeignKeysHold(driver: SqliteDriver): Promise<void> {
  const violations = await driver.all<ForeignKeyViolation>("PRAGMA foreign_key_check");
  if (violations.length > 0) throw new MirrorForeignKeyError(violations);
}
