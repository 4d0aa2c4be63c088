-- The mirror's schema at version 4: PRAGMA user_version and sqlite_master,
-- normalised and sorted (client/test/mirror/support/schema-snapshot.ts).
-- Generated; do not edit. Regenerate with
--   UPDATE_SNAPSHOTS=1 node_modules/.bin/vitest run client/test/mirror/schema-snapshots.test.ts
-- A diff in a released version's file means a landed migration step was changed.
-- user_version 4

index sqlite_autoindex_summary_cache_1 on summary_cache

index sqlite_autoindex_summary_cache_2 on summary_cache

index sqlite_autoindex_sync_state_1 on sync_state

index summary_cache_last_synced_idx on summary_cache
CREATE INDEX summary_cache_last_synced_idx ON summary_cache (last_synced_at);

index summary_cache_org_mentor_idx on summary_cache
CREATE INDEX summary_cache_org_mentor_idx ON summary_cache (organisation_id, mentor_id);

index summary_cache_org_period_idx on summary_cache
CREATE INDEX summary_cache_org_period_idx ON summary_cache (organisation_id, period_type, period_start);

table summary_cache
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

table sync_state
CREATE TABLE sync_state (
  organisation_id TEXT NOT NULL PRIMARY KEY,
  cursor TEXT NULL CHECK (cursor <> ''),
  last_synced_at INTEGER NOT NULL
);
