import type { MigrationStep } from "./migration-step.ts";

/**
 * Version 3: one cached row per summary period. Adds `mentor_key` (the mentor,
 * or `''` for an organisation-wide summary, because SQLite's UNIQUE treats
 * NULLs as distinct) and UNIQUE (organisation_id, mentor_key, period_type,
 * period_start), so the repository can upsert by period.
 *
 * ALTER TABLE cannot add a UNIQUE constraint, so this is SQLite's 12-step
 * rebuild: create the new table, copy, drop the old one, rename, recreate the
 * indexes (the migrator has switched foreign keys off around the transaction).
 *
 * Rows are copied unchanged, with one exception the new constraint forces:
 * when an older version cached two rows for the same period (the server
 * replaced a summary by a new id before the old one aged out), only the most
 * recently updated one is kept; the other is a superseded copy the server no
 * longer serves.
 *
 * @example
 * await migrateMirror(driver); // a version-2 database reaches version 3 through this step
 */
export const v3UniqueSummaryPeriod: MigrationStep = {
  name: "rebuild summary_cache with one row per period",
  rebuildsTables: true,
  up: (driver) =>
    driver.exec(`
      CREATE TABLE summary_cache_new (
        id TEXT NOT NULL PRIMARY KEY,
        organisation_id TEXT NOT NULL,
        mentor_id TEXT NULL,
        period_type TEXT NOT NULL CHECK (period_type IN ('month', 'quarter', 'half_year', 'year')),
        period_start INTEGER NOT NULL,
        period_end INTEGER NOT NULL,
        summary_data TEXT NOT NULL CHECK (json_valid(summary_data)),
        version INTEGER NOT NULL,
        generated_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        invalidated_at INTEGER NULL,
        last_synced_at INTEGER NOT NULL,
        is_stale INTEGER NOT NULL DEFAULT 0 CHECK (is_stale IN (0, 1)),
        source TEXT NOT NULL DEFAULT 'sync' CHECK (source IN ('sync', 'push', 'refresh')),
        mentor_key TEXT NOT NULL DEFAULT '' CHECK (mentor_key = coalesce(mentor_id, '')),
        UNIQUE (organisation_id, mentor_key, period_type, period_start)
      );
      INSERT INTO summary_cache_new (
        id, organisation_id, mentor_id, period_type, period_start, period_end, summary_data, version,
        generated_at, updated_at, invalidated_at, last_synced_at, is_stale, source, mentor_key
      )
      SELECT
        id, organisation_id, mentor_id, period_type, period_start, period_end, summary_data, version,
        generated_at, updated_at, invalidated_at, last_synced_at, is_stale, source, coalesce(mentor_id, '')
      FROM (
        SELECT *, row_number() OVER (
          PARTITION BY organisation_id, coalesce(mentor_id, ''), period_type, period_start
          ORDER BY updated_at DESC, last_synced_at DESC, id DESC
        ) AS newest_first
        FROM summary_cache
      )
      WHERE newest_first = 1;
      DROP TABLE summary_cache;
      ALTER TABLE summary_cache_new RENAME TO summary_cache;
      CREATE INDEX summary_cache_org_period_idx ON summary_cache (organisation_id, period_type, period_start);
      CREATE INDEX summary_cache_org_mentor_idx ON summary_cache (organisation_id, mentor_id);
      CREATE INDEX summary_cache_last_synced_idx ON summary_cache (last_synced_at);
    `),
};
