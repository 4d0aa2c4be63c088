import type { MigrationStep } from "./migration-step.ts";

/**
 * Version 4: `sync_state.cursor` becomes TEXT, NULL until a sync has received a
 * change, so it keeps the server's cursor exactly as sent and a sync resumes
 * right after the last change it applied. Version 3 could keep only the writer
 * transaction id of the older `"<xid>.<change id>"` cursor (an INTEGER), so
 * every sync read that transaction's changes once more.
 *
 * ALTER TABLE cannot change a column's type, so `sync_state` is rebuilt
 * (create, copy, drop, rename; it has no indexes of its own and nothing refers
 * to it). A stored transaction id `n` becomes `"n.0"`, the very cursor version 3
 * resumed from, which the server still accepts; `0` (nothing received yet)
 * becomes NULL. No row is lost and no change is skipped.
 *
 * @example
 * await migrateMirror(driver); // a version-3 database reaches version 4 through this step
 */
export const v4TextSyncCursor: MigrationStep = {
  name: "rebuild sync_state with a text cursor",
  rebuildsTables: true,
  up: (driver) =>
    driver.exec(`
      CREATE TABLE sync_state_new (
        organisation_id TEXT NOT NULL PRIMARY KEY,
        cursor TEXT NULL CHECK (cursor <> ''),
        last_synced_at INTEGER NOT NULL
      );
      INSERT INTO sync_state_new (organisation_id, cursor, last_synced_at)
      SELECT organisation_id,
             CASE WHEN CAST(cursor AS INTEGER) > 0 THEN CAST(CAST(cursor AS INTEGER) AS TEXT) || '.0' END,
             last_synced_at
      FROM sync_state;
      DROP TABLE sync_state;
      ALTER TABLE sync_state_new RENAME TO sync_state;
    `),
};
