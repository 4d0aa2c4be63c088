/**
 * The summary_cache table itself: its columns and types, a full round trip,
 * and every constraint that keeps bad rows out (each rejection leaves the
 * table as it was). Also sync_state and the indexes the repository reads by.
 */
import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from "vitest";
import { MIRROR_MIGRATIONS } from "../../src/mirror/migrations/mirror-migrations.ts";
import { migrateMirror } from "../../src/mirror/migrations/migrate-mirror.ts";
import { openMirror } from "../../src/mirror/open-mirror.ts";
import type { SqliteDriver, SqliteRow, SqlValue } from "../../src/mirror/sqlite-driver.ts";
import { SqliteDriverError } from "../../src/mirror/sqlite-driver-error.ts";
import {
  PERIOD_TYPES,
  SUMMARY_CACHE_COLUMNS,
  SUMMARY_SOURCES,
  type SummaryCacheRow,
} from "../../src/mirror/summary-cache-row.ts";
import { SYNC_STATE_COLUMNS, type SyncStateRow } from "../../src/mirror/sync-state-row.ts";
import { MIRROR_DRIVERS, type TestDatabase } from "./support/mirror-drivers.ts";
import {
  allRows,
  insertRow,
  MENTOR_1,
  MENTOR_2,
  ORG_A,
  summaryRow,
  syncStateRows,
} from "./support/summary-fixtures.ts";

interface ColumnInfo {
  readonly name: string;
  readonly type: string;
  readonly notnull: number;
  readonly dflt_value: string | null;
  readonly pk: number;
}

const column = (name: string, type: string, notnull: 0 | 1, dflt_value: string | null = null, pk = 0): ColumnInfo => ({
  name,
  type,
  notnull,
  dflt_value,
  pk,
});

/** The seed's table, exactly: version 1. */
const V1_COLUMNS: readonly ColumnInfo[] = [
  column("id", "TEXT", 1, null, 1),
  column("organisation_id", "TEXT", 1),
  column("mentor_id", "TEXT", 0),
  column("period_type", "TEXT", 1),
  column("period_start", "INTEGER", 1),
  column("period_end", "INTEGER", 1),
  column("summary_data", "TEXT", 1),
  column("version", "INTEGER", 1),
  column("generated_at", "INTEGER", 1),
  column("updated_at", "INTEGER", 1),
  column("invalidated_at", "INTEGER", 0),
  column("last_synced_at", "INTEGER", 1),
  column("is_stale", "INTEGER", 1, "0"),
];

const CURRENT_COLUMNS: readonly ColumnInfo[] = [
  ...V1_COLUMNS,
  column("source", "TEXT", 1, "'sync'"),
  column("mentor_key", "TEXT", 1, "''"),
];

async function tableInfo(driver: SqliteDriver, table: string): Promise<ColumnInfo[]> {
  return driver.all<ColumnInfo>(
    `select name, type, "notnull", dflt_value, pk from pragma_table_info('${table}') order by cid`,
  );
}

async function count(driver: SqliteDriver): Promise<number> {
  const [row] = await driver.all<{ n: number }>("select count(*) as n from summary_cache");
  return row?.n ?? -1;
}

function asRecord(row: SummaryCacheRow): SqliteRow {
  return { ...row };
}

describe("summary_cache's row type", () => {
  it("lists every column of the row type", () => {
    expectTypeOf<(typeof SUMMARY_CACHE_COLUMNS)[number]>().toEqualTypeOf<keyof SummaryCacheRow>();
    expectTypeOf<(typeof SYNC_STATE_COLUMNS)[number]>().toEqualTypeOf<keyof SyncStateRow>();
    expect(new Set(SUMMARY_CACHE_COLUMNS).size).toBe(SUMMARY_CACHE_COLUMNS.length);
  });
});

describe.each(MIRROR_DRIVERS)("summary_cache on $name", (factory) => {
  let database: TestDatabase;
  let driver: SqliteDriver;

  beforeEach(async () => {
    database = await factory.open();
    driver = database.driver;
    await openMirror(driver);
  });
  afterEach(async () => {
    await database.dispose();
  });

  /** Expects `insert` of `row` to fail with `message` and the table to be unchanged. */
  async function expectRejected(row: SqliteRow, message: string): Promise<void> {
    const before = await allRows(driver, "summary_cache", "id");
    await expect(insertRow(driver, "summary_cache", row)).rejects.toMatchObject({ name: "SqliteDriverError", message });
    expect(await allRows(driver, "summary_cache", "id")).toEqual(before);
  }

  it("is created with every column at its declared type, nullability and default", async () => {
    expect(await tableInfo(driver, "summary_cache")).toEqual(CURRENT_COLUMNS);
    expect((await tableInfo(driver, "summary_cache")).map((info) => info.name)).toEqual([...SUMMARY_CACHE_COLUMNS]);
    expect(await tableInfo(driver, "sync_state")).toEqual([
      column("organisation_id", "TEXT", 1, null, 1),
      column("cursor", "TEXT", 0),
      column("last_synced_at", "INTEGER", 1),
    ]);
    expect((await tableInfo(driver, "sync_state")).map((info) => info.name)).toEqual([...SYNC_STATE_COLUMNS]);
  });

  it("is created at version 1 as the seed's table, exactly", async () => {
    const fresh = await factory.open();
    try {
      await migrateMirror(fresh.driver, { steps: MIRROR_MIGRATIONS.slice(0, 1) });
      expect(await tableInfo(fresh.driver, "summary_cache")).toEqual(V1_COLUMNS);
      expect(await fresh.driver.all("select name from sqlite_master where name = 'sync_state'")).toEqual([]);
    } finally {
      await fresh.dispose();
    }
  });

  it("returns an inserted row with the same values and storage types", async () => {
    const rows = [summaryRow(1), summaryRow(2), summaryRow(3, { invalidated_at: null, is_stale: 1 })];
    for (const row of rows) await insertRow(driver, "summary_cache", asRecord(row));

    const read = await driver.all<SummaryCacheRow>(
      `select ${SUMMARY_CACHE_COLUMNS.join(", ")} from summary_cache order by id`,
    );
    expect(read).toEqual(rows);
    expect(JSON.parse(read[0]!.summary_data)).toEqual(JSON.parse(rows[0]!.summary_data));
    const [types] = await driver.all(
      "select typeof(period_start) as period_start, typeof(last_synced_at) as last_synced_at, typeof(is_stale) as is_stale, typeof(summary_data) as summary_data from summary_cache limit 1",
    );
    expect(types).toEqual({
      period_start: "integer",
      last_synced_at: "integer",
      is_stale: "integer",
      summary_data: "text",
    });
  });

  it("fills the defaults of a row that leaves them out", async () => {
    const { is_stale: _stale, source: _source, mentor_key: _key, ...minimal } = summaryRow(3);
    await insertRow(driver, "summary_cache", minimal);
    const [row] = await driver.all("select is_stale, source, mentor_key from summary_cache");
    expect(row).toEqual({ is_stale: 0, source: "sync", mentor_key: "" });
  });

  it("rejects a row without an organisation and writes nothing", async () => {
    await expectRejected(
      { ...asRecord(summaryRow(1)), organisation_id: null },
      "NOT NULL constraint failed: summary_cache.organisation_id",
    );
    const { organisation_id: _omitted, ...withoutOrganisation } = summaryRow(2);
    await expectRejected(withoutOrganisation, "NOT NULL constraint failed: summary_cache.organisation_id");
    expect(await count(driver)).toBe(0);
  });

  it("rejects is_stale other than 0 and 1 and writes nothing", async () => {
    const rejected: SqlValue[] = [2, -1, 0.5, "yes", null];
    for (const [index, value] of rejected.entries()) {
      const message =
        value === null
          ? "NOT NULL constraint failed: summary_cache.is_stale"
          : "CHECK constraint failed: is_stale IN (0, 1)";
      await expectRejected({ ...asRecord(summaryRow(index + 1)), is_stale: value }, message);
    }
    expect(await count(driver)).toBe(0);
    await insertRow(driver, "summary_cache", asRecord(summaryRow(1, { is_stale: 0 })));
    await insertRow(driver, "summary_cache", asRecord(summaryRow(2, { is_stale: 1 })));
    expect(await driver.all("select is_stale from summary_cache order by id")).toEqual([
      { is_stale: 0 },
      { is_stale: 1 },
    ]);
  });

  it("accepts the four period types and nothing else", async () => {
    await expectRejected(
      { ...asRecord(summaryRow(1)), period_type: "week" },
      "CHECK constraint failed: period_type IN ('month', 'quarter', 'half_year', 'year')",
    );
    for (const [index, periodType] of PERIOD_TYPES.entries()) {
      await insertRow(driver, "summary_cache", asRecord(summaryRow(index + 1, { period_type: periodType })));
    }
    expect(await count(driver)).toBe(PERIOD_TYPES.length);
  });

  it("accepts only valid JSON as summary_data", async () => {
    await expectRejected(
      { ...asRecord(summaryRow(1)), summary_data: "{sessions: 3" },
      "CHECK constraint failed: json_valid(summary_data)",
    );
    await expectRejected(
      { ...asRecord(summaryRow(1)), summary_data: null },
      "NOT NULL constraint failed: summary_cache.summary_data",
    );
    expect(await count(driver)).toBe(0);
  });

  it("accepts the three sources and nothing else", async () => {
    await expectRejected(
      { ...asRecord(summaryRow(1)), source: "cache" },
      "CHECK constraint failed: source IN ('sync', 'push', 'refresh')",
    );
    for (const [index, source] of SUMMARY_SOURCES.entries()) {
      await insertRow(driver, "summary_cache", asRecord(summaryRow(index + 1, { source })));
    }
    expect(await count(driver)).toBe(SUMMARY_SOURCES.length);
  });

  it("requires mentor_key to be the mentor, or '' for an organisation-wide summary", async () => {
    const message = "CHECK constraint failed: mentor_key = coalesce(mentor_id, '')";
    await expectRejected({ ...asRecord(summaryRow(1, { mentor_id: MENTOR_1 })), mentor_key: "" }, message);
    await expectRejected({ ...asRecord(summaryRow(1, { mentor_id: MENTOR_1 })), mentor_key: MENTOR_2 }, message);
    await expectRejected({ ...asRecord(summaryRow(3, { mentor_id: null })), mentor_key: MENTOR_1 }, message);
    expect(await count(driver)).toBe(0);
  });

  it("holds one row per organisation, mentor, period type and start, organisation-wide rows included", async () => {
    const period = { organisation_id: ORG_A, period_type: "month", period_start: Date.UTC(2026, 2, 1) } as const;
    await insertRow(driver, "summary_cache", asRecord(summaryRow(1, { ...period, mentor_id: null })));
    await insertRow(driver, "summary_cache", asRecord(summaryRow(2, { ...period, mentor_id: MENTOR_1 })));
    await insertRow(driver, "summary_cache", asRecord(summaryRow(3, { ...period, mentor_id: MENTOR_2 })));
    const unique =
      "UNIQUE constraint failed: summary_cache.organisation_id, summary_cache.mentor_key, summary_cache.period_type, summary_cache.period_start";
    await expectRejected(asRecord(summaryRow(4, { ...period, mentor_id: null })), unique);
    await expectRejected(asRecord(summaryRow(5, { ...period, mentor_id: MENTOR_1 })), unique);
    await expectRejected(asRecord(summaryRow(1)), "UNIQUE constraint failed: summary_cache.id");
    expect(await count(driver)).toBe(3);
  });

  it("rejects a row without an id", async () => {
    await expectRejected({ ...asRecord(summaryRow(1)), id: null }, "NOT NULL constraint failed: summary_cache.id");
  });

  it("stores one sync_state row per organisation", async () => {
    const [first, second] = syncStateRows();
    await insertRow(driver, "sync_state", { ...first! });
    await insertRow(driver, "sync_state", { ...second! });
    await expect(insertRow(driver, "sync_state", { ...first! })).rejects.toThrow(
      /UNIQUE constraint failed: sync_state.organisation_id/,
    );
    await expect(
      insertRow(driver, "sync_state", { ...first!, organisation_id: "x", last_synced_at: null }),
    ).rejects.toBeInstanceOf(SqliteDriverError);
    // No cursor is NULL, never empty text.
    await expect(
      insertRow(driver, "sync_state", { ...first!, organisation_id: "y", cursor: "" }),
    ).rejects.toThrow(/CHECK constraint failed/);
    expect(await allRows(driver, "sync_state", "organisation_id")).toEqual(syncStateRows());
  });

  it.each([
    [
      "an organisation's period type from a start date",
      "select * from summary_cache where organisation_id = ? and period_type = ? and period_start >= ?",
      ["o", "month", 0],
      "summary_cache_org_period_idx",
    ],
    [
      "an organisation's summaries for one mentor",
      "select * from summary_cache where organisation_id = ? and mentor_id = ?",
      ["o", "m"],
      "summary_cache_org_mentor_idx",
    ],
    ["the TTL purge", "delete from summary_cache where last_synced_at < ?", [0], "summary_cache_last_synced_idx"],
  ] as const)("reads %s through an index", async (_read, sql, params, index) => {
    const plan = await driver.all<{ detail: string }>(`explain query plan ${sql}`, params);
    expect(plan.map((step) => step.detail).join("\n")).toContain(`USING INDEX ${index}`);
  });
});
