/**
 * The mirror's current schema, written out whole: what `summary_cache` and
 * `sync_state` look like at `MIRROR_SCHEMA_VERSION`. This is the shape the row
 * types describe and the repository relies on. The migration history must
 * arrive at exactly this schema from every older version; the mirror's tests
 * compare the two. To change the schema, change it here, append a migration
 * step, and bump the version.
 *
 * @example
 * MIRROR_SCHEMA_VERSION; // 4
 */
export const MIRROR_SCHEMA_VERSION = 4;

/**
 * The statements that create the current schema in an empty database.
 *
 * @example
 * // A reference database to compare a migrated one against:
 * await driver.exec(MIRROR_SCHEMA_SQL);
 */
export const MIRROR_SCHEMA_SQL = `
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
    is_stale INTEGER NOT NULL DEFAULT 0 CHECK (is_stale IN (0, 1)),
    source TEXT NOT NULL DEFAULT 'sync' CHECK (source IN ('sync', 'push', 'refresh')),
    mentor_key TEXT NOT NULL DEFAULT '' CHECK (mentor_key = coalesce(mentor_id, '')),
    UNIQUE (organisation_id, mentor_key, period_type, period_start)
  );
  -- An organisation's summaries of one period type, from a start date.
  CREATE INDEX summary_cache_org_period_idx ON summary_cache (organisation_id, period_type, period_start);
  -- An organisation's summaries by mentor.
  CREATE INDEX summary_cache_org_mentor_idx ON summary_cache (organisation_id, mentor_id);
  -- The TTL purge: rows not synced since a cutoff.
  CREATE INDEX summary_cache_last_synced_idx ON summary_cache (last_synced_at);
  CREATE TABLE sync_state (
    organisation_id TEXT NOT NULL PRIMARY KEY,
    cursor TEXT NULL CHECK (cursor <> ''),
    last_synced_at INTEGER NOT NULL
  );
`;
