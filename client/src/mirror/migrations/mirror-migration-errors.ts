/**
 * A migration step failed. Its transaction was rolled back, so the database is
 * still at `version - 1` with its rows as they were; `cause` says why.
 *
 * @example
 * try {
 *   await migrateMirror(driver);
 * } catch (error) {
 *   if (error instanceof MirrorMigrationError) console.error(`step ${error.version} failed`, error.cause);
 * }
 */
export class MirrorMigrationError extends Error {
  override readonly name = "MirrorMigrationError";
  /** The version the failed step would have produced. */
  readonly version: number;
  /** The failed step's name. */
  readonly step: string;

  constructor(version: number, step: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`mirror migration to version ${version} (${step}) failed: ${reason}`, { cause });
    this.version = version;
    this.step = step;
  }
}

/**
 * The database was written by newer code than this: its `user_version` is
 * above the newest version known here. It is left untouched (never downgraded);
 * update the app, or discard the mirror and sync again.
 *
 * @example
 * try {
 *   await migrateMirror(driver);
 * } catch (error) {
 *   if (error instanceof MirrorTooNewError) console.error(`mirror v${error.found}, app knows v${error.supported}`);
 * }
 */
export class MirrorTooNewError extends Error {
  override readonly name = "MirrorTooNewError";
  /** The database's `user_version`. */
  readonly found: number;
  /** The newest version this code can read. */
  readonly supported: number;

  constructor(found: number, supported: number) {
    super(`mirror database is at version ${found}, newer than the ${supported} this code knows; it was left untouched`);
    this.found = found;
    this.supported = supported;
  }
}

/**
 * One row of `PRAGMA foreign_key_check`: a child row whose parent is missing.
 *
 * @example
 * const violation: ForeignKeyViolation = { table: "note", rowid: 7, parent: "summary_cache", fkid: 0 };
 */
export interface ForeignKeyViolation {
  readonly table: string;
  /** Null for a WITHOUT ROWID table. */
  readonly rowid: number | null;
  readonly parent: string;
  readonly fkid: number;
}

/**
 * A step left child rows without their parents. Raised inside the step's
 * transaction (so it is rolled back) and reported as the `cause` of the
 * step's `MirrorMigrationError`.
 *
 * @example
 * if (error instanceof MirrorMigrationError && error.cause instanceof MirrorForeignKeyError) {
 *   console.error(error.cause.violations);
 * }
 */
export class MirrorForeignKeyError extends Error {
  override readonly name = "MirrorForeignKeyError";
  readonly violations: readonly ForeignKeyViolation[];

  constructor(violations: readonly ForeignKeyViolation[]) {
    const where = violations.map((v) => `${v.table} row ${v.rowid ?? "?"} → ${v.parent}`).join(", ");
    super(`foreign key violations: ${where}`);
    this.violations = violations;
  }
}
