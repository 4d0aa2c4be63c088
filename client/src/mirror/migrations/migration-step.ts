import type { SqliteDriver } from "../sqlite-driver.ts";

/**
 * One schema version's change. A step's position in its list is the version it
 * produces (the first step makes version 1). A landed step is never edited:
 * released databases already hold its result, so changes go in a new step.
 *
 * @example
 * const addNote: MigrationStep = {
 *   name: "add summary_cache.note",
 *   rebuildsTables: false,
 *   up: (driver) => driver.exec("ALTER TABLE summary_cache ADD COLUMN note TEXT NOT NULL DEFAULT ''"),
 * };
 */
export interface MigrationStep {
  /** What the step does, for error messages. */
  readonly name: string;
  /**
   * True when the step drops and recreates a table (SQLite's 12-step
   * procedure): the migrator then switches foreign keys off before its
   * transaction, since a DROP TABLE would otherwise cascade into child rows.
   */
  readonly rebuildsTables: boolean;
  /** Applies the change; runs inside the step's transaction. */
  up(driver: SqliteDriver): Promise<void>;
}
