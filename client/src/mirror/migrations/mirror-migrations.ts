import type { MigrationStep } from "./migration-step.ts";
import { v1CreateSummaryCache } from "./v1-create-summary-cache.ts";
import { v2AddSourceAndSyncState } from "./v2-add-source-and-sync-state.ts";
import { v3UniqueSummaryPeriod } from "./v3-unique-summary-period.ts";
import { v4TextSyncCursor } from "./v4-text-sync-cursor.ts";

/**
 * The mirror's schema history, oldest first; step N produces `PRAGMA
 * user_version` N. Append only: a new schema version is a new step at the end.
 *
 * @example
 * MIRROR_MIGRATIONS.length; // the newest schema version this code knows
 */
export const MIRROR_MIGRATIONS: readonly MigrationStep[] = Object.freeze([
  v1CreateSummaryCache,
  v2AddSourceAndSyncState,
  v3UniqueSummaryPeriod,
  v4TextSyncCursor,
]);
