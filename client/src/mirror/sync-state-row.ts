/**
 * A row of the mirror's `sync_state` table: how far the sync has read the
 * server's summaries for one organisation.
 *
 * `cursor` is the last server cursor a sync received, as the server sent it
 * (null until a sync received a change; see summaries/summary-cursor.ts);
 * `last_synced_at` is unix milliseconds.
 *
 * @example
 * const state: SyncStateRow = {
 *   organisation_id: "9a1e…",
 *   cursor: "1042",
 *   last_synced_at: 1_769_904_100_000,
 * };
 */
export interface SyncStateRow {
  readonly organisation_id: string;
  readonly cursor: string | null;
  readonly last_synced_at: number;
}

/**
 * The columns of `sync_state`, in table order.
 *
 * @example
 * const sql = `select ${SYNC_STATE_COLUMNS.join(", ")} from sync_state where organisation_id = ?`;
 */
export const SYNC_STATE_COLUMNS = [
  "organisation_id",
  "cursor",
  "last_synced_at",
] as const satisfies readonly (keyof SyncStateRow)[];
