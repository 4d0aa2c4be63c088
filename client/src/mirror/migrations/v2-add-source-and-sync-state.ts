import type { MigrationStep } from "./migration-step.ts";

/**
 * Version 2, additive only: `summary_cache.source` records how each row arrived
 * (existing rows came from the sync, hence the DEFAULT, which also lets
 * ALTER TABLE add a NOT NULL column without rebuilding the table), and
 * `sync_state` holds the sync's per-organisation cursor.
 *
 * @example
 * await migrateMirror(driver, { steps: [v1CreateSummaryCache, v2AddSourceAndSyncState] });
 */
export const v2AddSourceAndSyncState: MigrationStep = {
  name: "add summary_cache.source and create sync_state",
  rebuildsTables: false,
  up: (driver) =>
    driver.exec(`
      ALTER TABLE summary_cache ADD COLUMN source TEXT NOT NULL DEFAULT 'sync' CHECK (source IN ('sync', 'push', 'refresh'));
      CREATE TABLE sync_state (
        organisation_id TEXT NOT NULL PRIMARY KEY,
        cursor INTEGER NOT NULL,
        last_synced_at INTEGER NOT NULL
      );
    `),
};
