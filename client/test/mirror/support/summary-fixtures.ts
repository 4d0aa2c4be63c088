/**
 * Rows for the mirror's tables as each schema version holds them, and what a
 * row written at one version must look like after upgrading to a later one.
 */
import type { SqliteDriver, SqliteRow, SqlValue } from "../../../src/mirror/sqlite-driver.ts";
import type { SummaryCacheRow } from "../../../src/mirror/summary-cache-row.ts";
import type { SyncStateRow } from "../../../src/mirror/sync-state-row.ts";

/** summary_cache's columns from version 3 on (version 3 added mentor_key). */
const V3_COLUMNS: readonly string[] = [
  "id",
  "organisation_id",
  "mentor_id",
  "period_type",
  "period_start",
  "period_end",
  "summary_data",
  "version",
  "generated_at",
  "updated_at",
  "invalidated_at",
  "last_synced_at",
  "is_stale",
  "source",
  "mentor_key",
];

/** summary_cache's columns at each version, in table order. */
export const SUMMARY_CACHE_COLUMNS_AT: Readonly<Record<number, readonly string[]>> = {
  1: [
    "id",
    "organisation_id",
    "mentor_id",
    "period_type",
    "period_start",
    "period_end",
    "summary_data",
    "version",
    "generated_at",
    "updated_at",
    "invalidated_at",
    "last_synced_at",
    "is_stale",
  ],
  2: [
    "id",
    "organisation_id",
    "mentor_id",
    "period_type",
    "period_start",
    "period_end",
    "summary_data",
    "version",
    "generated_at",
    "updated_at",
    "invalidated_at",
    "last_synced_at",
    "is_stale",
    "source",
  ],
  3: V3_COLUMNS,
  // Version 4 changed sync_state only.
  4: V3_COLUMNS,
};

export const ORG_A = "0b7c5f4e-2f55-4a62-9d0e-1a8f3c3e0a01";
export const ORG_B = "5d1e8a27-94c3-4b1f-8f0e-6c2b7d9a4b02";
export const MENTOR_1 = "c3f1a9d2-7e44-4c8b-a1d5-2b6e9f0c7d13";
export const MENTOR_2 = "e8a4b6c1-3d5f-4e7a-9b2c-8d1f0a6e5c24";

const JAN_2026 = Date.UTC(2026, 0, 1);

/** A complete, valid row at the current version; `n` varies every value so rows differ. */
export function summaryRow(n: number, overrides: Partial<SummaryCacheRow> = {}): SummaryCacheRow {
  const mentorId = n % 3 === 0 ? null : n % 3 === 1 ? MENTOR_1 : MENTOR_2;
  // A different month for every n, so rows never share a summary period.
  const year = 2020 + Math.floor(n / 12);
  const row: SummaryCacheRow = {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    organisation_id: n % 2 === 0 ? ORG_A : ORG_B,
    mentor_id: mentorId,
    period_type: (["month", "quarter", "half_year", "year"] as const)[n % 4]!,
    period_start: Date.UTC(year, n % 12, 1),
    period_end: Date.UTC(year, (n % 12) + 1, 1),
    summary_data: JSON.stringify({
      sessions: n,
      participants: 3 * n,
      note: `Oslo og Tromsø, uke ${n}`,
      nested: [n, null],
    }),
    version: n + 1,
    generated_at: JAN_2026 + n * 1_000,
    updated_at: JAN_2026 + n * 2_000,
    invalidated_at: n % 4 === 1 ? JAN_2026 + n * 3_000 : null,
    last_synced_at: JAN_2026 + n * 5_000,
    is_stale: n % 2 === 0 ? 0 : 1,
    source: (["sync", "push", "refresh"] as const)[n % 3]!,
    mentor_key: mentorId ?? "",
    ...overrides,
  };
  // Keep the derived key right when a test overrides mentor_id alone.
  return { ...row, mentor_key: overrides.mentor_key ?? row.mentor_id ?? "" };
}

/** `count` rows, each for a different summary period, so no version's constraints collide. */
export function summaryRows(count: number, first = 1): SummaryCacheRow[] {
  return Array.from({ length: count }, (_, i) => summaryRow(first + i));
}

/** The part of `row` that a version-`version` table holds. */
export function rowAtVersion(row: SummaryCacheRow, version: number): SqliteRow {
  const columns = SUMMARY_CACHE_COLUMNS_AT[version];
  if (columns === undefined) throw new Error(`no summary_cache at version ${version}`);
  const record: Readonly<Record<string, SqlValue>> = { ...row };
  return Object.fromEntries(columns.map((column) => [column, record[column] ?? null]));
}

/**
 * What a row written at `from` must read as at `to`: its values unchanged, and
 * the columns added since then at the values their migrations give old rows.
 */
export function upgradedRow(written: SqliteRow, from: number, to: number): SqliteRow {
  const row: SqliteRow = { ...written };
  if (from < 2 && to >= 2) row.source = "sync";
  if (from < 3 && to >= 3) row.mentor_key = written.mentor_id ?? "";
  return row;
}

/** Inserts `row` into `table`, naming its columns. */
export async function insertRow(driver: SqliteDriver, table: string, row: SqliteRow): Promise<void> {
  const columns = Object.keys(row);
  await driver.run(
    `insert into ${table} (${columns.join(", ")}) values (${columns.map(() => "?").join(", ")})`,
    columns.map((column) => row[column] ?? null),
  );
}

/** Every row of `table`, ordered by `orderBy`. */
export async function allRows(driver: SqliteDriver, table: string, orderBy: string): Promise<SqliteRow[]> {
  return driver.all(`select * from ${table} order by ${orderBy}`);
}

/** sync_state rows for the two organisations at the current version: a server cursor, and none yet. */
export function syncStateRows(): SyncStateRow[] {
  return [
    { organisation_id: ORG_A, cursor: "1042", last_synced_at: JAN_2026 + 43_000 },
    { organisation_id: ORG_B, cursor: null, last_synced_at: JAN_2026 + 44_000 },
  ];
}

/**
 * sync_state rows as a version-`version` table holds them: none before version
 * 2; an INTEGER cursor (a writer transaction id, 0 for none) at versions 2 and 3.
 */
export function syncStateRowsAt(version: number): SqliteRow[] {
  if (version < 2) return [];
  if (version < 4) {
    return [
      { organisation_id: ORG_A, cursor: JAN_2026 + 42_000, last_synced_at: JAN_2026 + 43_000 },
      { organisation_id: ORG_B, cursor: 0, last_synced_at: JAN_2026 + 44_000 },
    ];
  }
  return syncStateRows().map((row) => ({ ...row }));
}

/**
 * What a sync_state row written at `from` must read as at `to`: from version 4
 * on, transaction id `n` is the cursor `"n.0"` version 3 resumed from, and 0 is NULL.
 */
export function upgradedSyncStateRow(written: SqliteRow, from: number, to: number): SqliteRow {
  const row: SqliteRow = { ...written };
  if (from < 4 && to >= 4) row.cursor = typeof written.cursor === "number" && written.cursor > 0 ? `${written.cursor}.0` : null;
  return row;
}

/** Reads `PRAGMA user_version`. */
export async function userVersion(driver: SqliteDriver): Promise<number> {
  const [row] = await driver.all<{ user_version: number }>("PRAGMA user_version");
  return row?.user_version ?? -1;
}
