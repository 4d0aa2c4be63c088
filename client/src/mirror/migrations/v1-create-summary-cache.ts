import type { MigrationStep } from "./migration-step.ts";

/**
 * Version 1: the offline copy of the server's `periodic_summaries`, with the
 * cache's bookkeeping (`last_synced_at`, `is_stale`) and indexes for the
 * repository's reads: an organisation's summaries of one period type from a
 * start date, an organisation's summaries by mentor, and the TTL purge by
 * `last_synced_at`.
 *
 * Times are unix milliseconds (UTC) rather than ISO text, so comparisons never
 * depend on string formats; `id` is NOT NULL explicitly because SQLite lets a
 * non-integer PRIMARY KEY hold NULL.
 *
 * @example
 * await migrateMirror(driver, { steps: [v1CreateSummaryCache] }); // a version-1 database
 */
export const v1CreateSummaryCache: MigrationStep = {
  name: "create summary_cache",
  rebuildsTables: false,
  up: (driver) =>
    driver.exec(`
      CREATE TABLE summary_cache (
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
        is_stale INTEGER NOT NULL DEFAULT 0 CHECK (is_stale IN (0, 1))
      );
      CREATE INDEX summary_cache_org_period_idx ON summary_cache (organisation_id, period_type, period_start);
      CREATE INDEX summary_cache_org_mentor_idx ON summary_cache (organisation_id, mentor_id);
      CREATE INDEX summary_cache_last_synced_idx ON summary_cache (last_synced_at);
    `),
};
