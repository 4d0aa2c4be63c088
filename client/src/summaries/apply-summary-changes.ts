/**
 * Writes fetched changes into the mirror: every change, the touch of every
 * remaining row and the new cursor in ONE SQLite transaction, so the mirror
 * holds either the state before the sync or the state after it, never a mix.
 */
import type { SqliteDriver } from "../mirror/sqlite-driver.ts";
import { SUMMARY_CACHE_COLUMNS, type SummaryCacheRow, type SummarySource } from "../mirror/summary-cache-row.ts";
import { isoDateToUnixMs, timestampToUnixMs } from "./mirror-dates.ts";
import type { SummaryChangeRow, SummaryUpsertRow } from "./summary-change-row.ts";

/**
 * How to apply: `delta` applies the changes on top of the mirror; `replace`
 * (after a fetch from the beginning) also removes every row of the
 * organisation that the server did not list as existing.
 *
 * @example
 * const mode: ApplyMode = "replace";
 */
export type ApplyMode = "delta" | "replace";

/**
 * What to apply.
 *
 * @example
 * const plan: ApplySummaryChangesPlan = {
 *   organisationId, changes, mode: "delta", source: "sync", syncedAt: Date.now(), storedCursor: "1042",
 * };
 */
export interface ApplySummaryChangesPlan {
  readonly organisationId: string;
  readonly changes: readonly SummaryChangeRow[];
  readonly mode: ApplyMode;
  readonly source: SummarySource;
  /** Unix ms written to every row of the organisation and to sync_state. */
  readonly syncedAt: number;
  /** The value sync_state.cursor takes: the last change's cursor, or null when none was ever received (see summary-cursor.ts). */
  readonly storedCursor: string | null;
}

/**
 * What the transaction did.
 *
 * @example
 * const { upserted, deleted } = applied;
 */
export interface AppliedSummaryChanges {
  /** Upsert changes written. */
  readonly upserted: number;
  /** Local rows removed: by tombstones, and in `replace` mode because the server no longer lists them. */
  readonly deleted: number;
}

const INSERT_SQL = `insert into summary_cache (${SUMMARY_CACHE_COLUMNS.join(", ")}) values (${SUMMARY_CACHE_COLUMNS.map(() => "?").join(", ")})`;

/**
 * Staleness after an upsert: the server's invalidation, or a mark a push left
 * that this row does not supersede (same or older version than the local one).
 */
function staleAfter(change: SummaryUpsertRow, prior: { version: number; is_stale: number } | undefined): 0 | 1 {
  if (change.invalidated_at !== null) return 1;
  return prior !== undefined && prior.is_stale === 1 && change.version <= prior.version ? 1 : 0;
}

function rowOf(organisationId: string, change: SummaryUpsertRow, isStale: 0 | 1, plan: ApplySummaryChangesPlan): SummaryCacheRow {
  return {
    id: change.summary_id,
    organisation_id: organisationId,
    mentor_id: change.mentor_id,
    period_type: change.period_type,
    period_start: isoDateToUnixMs(change.period_start),
    period_end: isoDateToUnixMs(change.period_end),
    summary_data: JSON.stringify(change.summary_data),
    version: change.version,
    generated_at: timestampToUnixMs(change.generated_at),
    updated_at: timestampToUnixMs(change.updated_at),
    invalidated_at: change.invalidated_at === null ? null : timestampToUnixMs(change.invalidated_at),
    last_synced_at: plan.syncedAt,
    is_stale: isStale,
    source: plan.source,
    mentor_key: change.mentor_id ?? "",
  };
}

async function upsert(driver: SqliteDriver, plan: ApplySummaryChangesPlan, change: SummaryUpsertRow): Promise<void> {
  const [prior] = await driver.all<{ version: number; is_stale: number }>(
    "select version, is_stale from summary_cache where organisation_id = ? and id = ?",
    [plan.organisationId, change.summary_id],
  );
  const row = rowOf(plan.organisationId, change, staleAfter(change, prior), plan);
  // Also clears a row of the same period under another id: the server deleted and
  // recreated that summary, and the tombstone may be ordered after this upsert.
  await driver.run(
    `delete from summary_cache
      where organisation_id = ? and (id = ? or (mentor_key = ? and period_type = ? and period_start = ?))`,
    [plan.organisationId, row.id, row.mentor_key, row.period_type, row.period_start],
  );
  const record: Readonly<Record<string, string | number | null>> = { ...row };
  await driver.run(INSERT_SQL, SUMMARY_CACHE_COLUMNS.map((column) => record[column] ?? null));
}

/**
 * Applies `plan` in one transaction on `driver` and returns what it did. Throws
 * the driver's error (after the rollback) when any statement fails; the caller
 * turns it into a failure value.
 *
 * @example
 * const applied = await applySummaryChanges(driver, plan);
 * console.log(applied.upserted, applied.deleted);
 */
export async function applySummaryChanges(driver: SqliteDriver, plan: ApplySummaryChangesPlan): Promise<AppliedSummaryChanges> {
  return driver.transaction(async () => {
    let upserted = 0;
    let deleted = 0;
    for (const change of plan.changes) {
      if (change.operation === "delete") {
        const { changes } = await driver.run("delete from summary_cache where organisation_id = ? and id = ?", [
          plan.organisationId,
          change.summary_id,
        ]);
        deleted += changes;
      } else {
        await upsert(driver, plan, change);
        upserted += 1;
      }
    }
    if (plan.mode === "replace") {
      const listed = new Set<string>();
      for (const change of plan.changes) {
        if (change.operation === "upsert") listed.add(change.summary_id);
        else listed.delete(change.summary_id);
      }
      const { changes } = await driver.run(
        "delete from summary_cache where organisation_id = ? and id not in (select value from json_each(?))",
        [plan.organisationId, JSON.stringify([...listed])],
      );
      deleted += changes;
    }
    // A successful sync confirms every row it did not change as well: the server
    // reported no change to them after the cursor. This is what the TTL measures.
    await driver.run("update summary_cache set last_synced_at = ? where organisation_id = ?", [plan.syncedAt, plan.organisationId]);
    await driver.run(
      `insert into sync_state (organisation_id, cursor, last_synced_at) values (?, ?, ?)
       on conflict (organisation_id) do update set cursor = excluded.cursor, last_synced_at = excluded.last_synced_at`,
      [plan.organisationId, plan.storedCursor, plan.syncedAt],
    );
    return { upserted, deleted };
  });
}
