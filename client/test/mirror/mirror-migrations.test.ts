/**
 * The migrator: every upgrade path lands on the committed schema and on the
 * code's current schema, keeps every row, leaves a consistent file, and a
 * failure at any step leaves the previous version whole.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migrateMirror } from "../../src/mirror/migrations/migrate-mirror.ts";
import type { MigrationStep } from "../../src/mirror/migrations/migration-step.ts";
import {
  MirrorForeignKeyError,
  MirrorMigrationError,
  MirrorTooNewError,
} from "../../src/mirror/migrations/mirror-migration-errors.ts";
import { MIRROR_MIGRATIONS } from "../../src/mirror/migrations/mirror-migrations.ts";
import { v3UniqueSummaryPeriod } from "../../src/mirror/migrations/v3-unique-summary-period.ts";
import { MIRROR_SCHEMA_SQL } from "../../src/mirror/mirror-schema.ts";
import { openMirror } from "../../src/mirror/open-mirror.ts";
import type { SqliteDriver, SqliteRow } from "../../src/mirror/sqlite-driver.ts";
import { MIRROR_DRIVERS, type TestDatabase } from "./support/mirror-drivers.ts";
import { committedSnapshot, schemaSnapshot } from "./support/schema-snapshot.ts";
import {
  allRows,
  insertRow,
  ORG_A,
  rowAtVersion,
  summaryRow,
  summaryRows,
  syncStateRowsAt,
  upgradedRow,
  upgradedSyncStateRow,
  userVersion,
} from "./support/summary-fixtures.ts";

const LATEST = MIRROR_MIGRATIONS.length;
const VERSIONS = Array.from({ length: LATEST + 1 }, (_, version) => version);
/** Every [from, to] with from < to, 0 being the empty database. */
const UPGRADES = VERSIONS.flatMap((from) => VERSIONS.filter((to) => to > from).map((to) => [from, to] as const));

/** The history up to `version`: what code that knew only that version shipped. */
const historyTo = (version: number): readonly MigrationStep[] => MIRROR_MIGRATIONS.slice(0, version);

/** What a database at `version` holds after an app of that version wrote to it. */
interface WrittenData {
  readonly summaries: SqliteRow[];
  readonly syncState: SqliteRow[];
}

/** Writes rows as code at `version` would (nothing at version 0). */
async function writeRowsAt(driver: SqliteDriver, version: number): Promise<WrittenData> {
  if (version === 0) return { summaries: [], syncState: [] };
  // Different rows per version, so a test can tell which were written when.
  const summaries = summaryRows(6, version * 10).map((row) => rowAtVersion(row, version));
  for (const row of summaries) await insertRow(driver, "summary_cache", row);
  const syncState = syncStateRowsAt(version);
  for (const row of syncState) await insertRow(driver, "sync_state", row);
  return { summaries, syncState };
}

/** The rows `written` at `from` must read as at `to`. */
function expectedAt(written: WrittenData, from: number, to: number): WrittenData {
  return {
    summaries: written.summaries.map((row) => upgradedRow(row, from, to)),
    syncState: written.syncState.map((row) => upgradedSyncStateRow(row, from, to)),
  };
}

async function readRows(driver: SqliteDriver, version: number): Promise<WrittenData> {
  return {
    summaries: version >= 1 ? await allRows(driver, "summary_cache", "id") : [],
    syncState: version >= 2 ? await allRows(driver, "sync_state", "organisation_id") : [],
  };
}

async function integrity(driver: SqliteDriver): Promise<{ integrity: SqliteRow[]; foreignKeys: SqliteRow[] }> {
  return {
    integrity: await driver.all("PRAGMA integrity_check"),
    foreignKeys: await driver.all("PRAGMA foreign_key_check"),
  };
}

const HEALTHY = { integrity: [{ integrity_check: "ok" }], foreignKeys: [] };

/** `step`, failing after all its work is done, just before the migrator would commit it. */
function failingAfter(step: MigrationStep): MigrationStep {
  return {
    ...step,
    up: async (driver) => {
      await step.up(driver);
      throw new Error(`injected failure after "${step.name}"`);
    },
  };
}

describe.each(MIRROR_DRIVERS)("migrateMirror on $name", (factory) => {
  let database: TestDatabase;
  let reference: TestDatabase;

  beforeEach(async () => {
    database = await factory.open();
    reference = await factory.open();
  });
  afterEach(async () => {
    await Promise.all([database.dispose(), reference.dispose()]);
  });

  /** A database at `version`, reached the way an app of that version reached it. */
  async function databaseAt(version: number): Promise<SqliteDriver> {
    await openMirror(database.driver, { steps: historyTo(version) });
    return database.driver;
  }

  /** A fresh database of `version`: the code's current schema for the newest, the history for older ones. */
  async function freshSchema(version: number): Promise<string> {
    if (version === LATEST) {
      await reference.driver.exec(MIRROR_SCHEMA_SQL);
      await reference.driver.run(`PRAGMA user_version = ${LATEST}`);
    } else {
      await migrateMirror(reference.driver, { steps: historyTo(version) });
    }
    return schemaSnapshot(reference.driver);
  }

  it("brings an empty database to the newest version, the code's current schema", async () => {
    expect(await openMirror(database.driver)).toEqual({ from: 0, to: LATEST });
    expect(await userVersion(database.driver)).toBe(LATEST);
    expect(await schemaSnapshot(database.driver)).toBe(await freshSchema(LATEST));
    expect(await integrity(database.driver)).toEqual(HEALTHY);
  });

  it("does nothing to a database that is already current", async () => {
    await openMirror(database.driver);
    const written = await writeRowsAt(database.driver, LATEST);
    const [before] = await database.driver.all<{ schema_version: number }>("PRAGMA schema_version");
    expect(await migrateMirror(database.driver)).toEqual({ from: LATEST, to: LATEST });
    expect(await database.driver.all("PRAGMA schema_version")).toEqual([before]);
    expect(await readRows(database.driver, LATEST)).toEqual(written);
  });

  it.each(UPGRADES)("upgrades %i → %i to the committed and the fresh schema, keeping every row", async (from, to) => {
    let driver = await databaseAt(from);
    const written = await writeRowsAt(driver, from);
    // An app restart between the versions, where the engine has a file to restart from.
    if (factory.persistent) driver = await database.reopen();
    await driver.run("PRAGMA foreign_keys = ON");

    expect(await migrateMirror(driver, { steps: historyTo(to) })).toEqual({ from, to });

    expect(await userVersion(driver)).toBe(to);
    const schema = await schemaSnapshot(driver);
    expect(schema).toBe(await committedSnapshot(to));
    expect(schema).toBe(await freshSchema(to));
    expect(await readRows(driver, to)).toEqual(expectedAt(written, from, to));
    expect(await integrity(driver)).toEqual(HEALTHY);
    expect(await driver.all("PRAGMA foreign_keys")).toEqual([{ foreign_keys: 1 }]);
  });

  it("keeps version-1 rows through the step to version 2", async () => {
    const driver = await databaseAt(1);
    const written = summaryRows(4).map((row) => rowAtVersion(row, 1));
    for (const row of written) await insertRow(driver, "summary_cache", row);

    await migrateMirror(driver, { steps: historyTo(2) });

    expect(await allRows(driver, "summary_cache", "id")).toEqual(written.map((row) => ({ ...row, source: "sync" })));
  });

  it("turns version-3 cursors into the text cursors version 3 resumed from, and 0 into none", async () => {
    const driver = await databaseAt(3);
    const rows = [
      { organisation_id: ORG_A, cursor: 757, last_synced_at: 1 },
      { organisation_id: "b", cursor: 0, last_synced_at: 2 },
      { organisation_id: "c", cursor: Number.MAX_SAFE_INTEGER, last_synced_at: 3 },
    ];
    for (const row of rows) await insertRow(driver, "sync_state", row);

    await migrateMirror(driver, { steps: historyTo(4) });

    expect(await allRows(driver, "sync_state", "organisation_id")).toEqual([
      { organisation_id: ORG_A, cursor: "757.0", last_synced_at: 1 },
      { organisation_id: "b", cursor: null, last_synced_at: 2 },
      { organisation_id: "c", cursor: "9007199254740991.0", last_synced_at: 3 },
    ]);
  });

  it.each(VERSIONS.slice(1))(
    "rolls back a failure in step %i: previous version, rows and schema intact",
    async (version) => {
      const previous = version - 1;
      const driver = await databaseAt(previous);
      const written = await writeRowsAt(driver, previous);
      const steps = [...historyTo(previous), failingAfter(MIRROR_MIGRATIONS[version - 1]!)];

      const error = await migrateMirror(driver, { steps }).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(MirrorMigrationError);
      expect(error).toMatchObject({ version, step: MIRROR_MIGRATIONS[version - 1]!.name });
      expect((error as MirrorMigrationError).cause).toEqual(
        new Error(`injected failure after "${MIRROR_MIGRATIONS[version - 1]!.name}"`),
      );
      expect(await userVersion(driver)).toBe(previous);
      expect(await schemaSnapshot(driver)).toBe(await committedSnapshot(previous));
      expect(await readRows(driver, previous)).toEqual(written);
      expect(await integrity(driver)).toEqual(HEALTHY);
      expect(await driver.all("PRAGMA foreign_keys")).toEqual([{ foreign_keys: 1 }]);

      // The real history then completes from where the failure left off.
      expect(await migrateMirror(driver)).toEqual({ from: previous, to: LATEST });
      expect(await readRows(driver, LATEST)).toEqual(expectedAt(written, previous, LATEST));
    },
  );

  it("refuses a database newer than the code and leaves it untouched", async () => {
    const driver = await databaseAt(LATEST);
    const written = await writeRowsAt(driver, LATEST);
    await driver.run(`PRAGMA user_version = ${LATEST + 1}`);
    const schemaBefore = await schemaSnapshot(driver);
    const [cookieBefore] = await driver.all("PRAGMA schema_version");
    const bytesBefore = await database.fileBytes();

    const error = await openMirror(driver).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(MirrorTooNewError);
    expect(error).toMatchObject({ found: LATEST + 1, supported: LATEST });
    expect(await userVersion(driver)).toBe(LATEST + 1);
    expect(await schemaSnapshot(driver)).toBe(schemaBefore);
    expect(await driver.all("PRAGMA schema_version")).toEqual([cookieBefore]);
    expect(await readRows(driver, LATEST)).toEqual(written);
    expect(await database.fileBytes()).toEqual(bytesBefore);
  });

  it("refuses a database newer than an older code's history", async () => {
    const driver = await databaseAt(2);
    await expect(migrateMirror(driver, { steps: historyTo(1) })).rejects.toMatchObject({
      name: "MirrorTooNewError",
      found: 2,
      supported: 1,
    });
    expect(await userVersion(driver)).toBe(2);
  });

  it("keeps, of two version-2 rows for one summary period, the most recently updated", async () => {
    const driver = await databaseAt(2);
    const period = {
      organisation_id: ORG_A,
      mentor_id: null,
      period_type: "quarter",
      period_start: Date.UTC(2026, 3, 1),
    } as const;
    const older = rowAtVersion(summaryRow(1, { ...period, updated_at: 1_000 }), 2);
    const newer = rowAtVersion(summaryRow(2, { ...period, updated_at: 2_000 }), 2);
    const mentorOlder = rowAtVersion(
      summaryRow(3, { ...period, mentor_id: "m", updated_at: 5_000, last_synced_at: 1 }),
      2,
    );
    const mentorNewer = rowAtVersion(
      summaryRow(4, { ...period, mentor_id: "m", updated_at: 5_000, last_synced_at: 2 }),
      2,
    );
    const unrelated = rowAtVersion(summaryRow(5), 2);
    for (const row of [newer, older, unrelated, mentorNewer, mentorOlder])
      await insertRow(driver, "summary_cache", row);

    await migrateMirror(driver);

    expect(await allRows(driver, "summary_cache", "id")).toEqual(
      [newer, mentorNewer, unrelated].map((row) => upgradedRow(row, 2, LATEST)),
    );
  });
});

describe.each(MIRROR_DRIVERS)("foreign keys during migrations on $name", (factory) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await factory.open();
  });
  afterEach(async () => {
    await database.dispose();
  });

  /** Test-only: a child table of summary_cache whose rows a DROP TABLE would cascade into. */
  const createNotes: MigrationStep = {
    name: "create summary_note (test only)",
    rebuildsTables: false,
    up: (driver) =>
      driver.exec(
        "CREATE TABLE summary_note (id INTEGER PRIMARY KEY, summary_id TEXT NOT NULL REFERENCES summary_cache (id) ON DELETE CASCADE, body TEXT NOT NULL)",
      ),
  };
  /** Test-only: leaves child rows without their parent, in a rowid table and a WITHOUT ROWID one. */
  const orphanNote: MigrationStep = {
    name: "add orphaned children (test only)",
    rebuildsTables: true,
    up: (driver) =>
      driver.exec(`
        CREATE TABLE orphan_note (id INTEGER PRIMARY KEY, summary_id TEXT NOT NULL REFERENCES summary_cache (id));
        INSERT INTO orphan_note (summary_id) VALUES ('no-such-summary');
        CREATE TABLE orphan_tag (summary_id TEXT NOT NULL PRIMARY KEY REFERENCES summary_cache (id)) WITHOUT ROWID;
        INSERT INTO orphan_tag (summary_id) VALUES ('no-such-summary');
      `),
  };
  const withNotes = [...historyTo(2), createNotes];

  async function writeNotes(driver: SqliteDriver): Promise<SqliteRow[]> {
    const summaries = summaryRows(3).map((row) => rowAtVersion(row, 2));
    for (const row of summaries) await insertRow(driver, "summary_cache", row);
    const notes = summaries.map((row, index) => ({
      id: index + 1,
      summary_id: row.id ?? null,
      body: `notat ${index}`,
    }));
    for (const note of notes) await insertRow(driver, "summary_note", note);
    return notes;
  }

  it("shows why: rebuilding summary_cache inside a transaction with foreign keys on deletes child rows", async () => {
    const driver = database.driver;
    await openMirror(driver, { steps: withNotes });
    await writeNotes(driver);
    await driver.transaction(() => v3UniqueSummaryPeriod.up(driver));
    expect(await driver.all("select count(*) as n from summary_note")).toEqual([{ n: 0 }]);
  });

  it("rebuilds summary_cache without touching child rows, then switches foreign keys back on", async () => {
    const driver = database.driver;
    await openMirror(driver, { steps: withNotes });
    const notes = await writeNotes(driver);

    await migrateMirror(driver, { steps: [...withNotes, v3UniqueSummaryPeriod] });

    expect(await userVersion(driver)).toBe(4);
    expect(await allRows(driver, "summary_note", "id")).toEqual(notes);
    expect(await driver.all("PRAGMA foreign_keys")).toEqual([{ foreign_keys: 1 }]);
    expect(await integrity(driver)).toEqual(HEALTHY);
    // The relationship still holds against the rebuilt table.
    await expect(insertRow(driver, "summary_note", { id: 9, summary_id: "missing", body: "x" })).rejects.toThrow(
      "FOREIGN KEY constraint failed",
    );
  });

  it("leaves foreign keys off for a rebuild when they were off", async () => {
    const driver = database.driver;
    await driver.run("PRAGMA foreign_keys = OFF");
    await migrateMirror(driver, { steps: historyTo(2) });
    await migrateMirror(driver);
    expect(await userVersion(driver)).toBe(LATEST);
    expect(await driver.all("PRAGMA foreign_keys")).toEqual([{ foreign_keys: 0 }]);
  });

  it("aborts a step that leaves a foreign key violation", async () => {
    const driver = database.driver;
    await openMirror(driver);
    const written = await writeRowsAt(driver, LATEST);

    const error = await migrateMirror(driver, { steps: [...MIRROR_MIGRATIONS, orphanNote] }).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(MirrorMigrationError);
    expect(error).toMatchObject({ version: LATEST + 1 });
    const cause = (error as MirrorMigrationError).cause;
    expect(cause).toBeInstanceOf(MirrorForeignKeyError);
    const { violations, message } = cause as MirrorForeignKeyError;
    // SQLite reports tables in its own order.
    expect([...violations].sort((a, b) => a.table.localeCompare(b.table))).toEqual([
      { table: "orphan_note", rowid: 1, parent: "summary_cache", fkid: 0 },
      { table: "orphan_tag", rowid: null, parent: "summary_cache", fkid: 0 },
    ]);
    expect(message).toMatch(/^foreign key violations: /);
    expect(message).toContain("orphan_note row 1 → summary_cache");
    expect(message).toContain("orphan_tag row ? → summary_cache");
    expect(await userVersion(driver)).toBe(LATEST);
    expect(await schemaSnapshot(driver)).toBe(await committedSnapshot(LATEST));
    expect(await readRows(driver, LATEST)).toEqual(written);
    expect(await driver.all("PRAGMA foreign_keys")).toEqual([{ foreign_keys: 1 }]);
  });

  it("refuses to rebuild when foreign keys cannot be switched off because a transaction is open", async () => {
    const driver = await (async () => {
      await openMirror(database.driver, { steps: historyTo(2) });
      return database.driver;
    })();
    const written = await writeRowsAt(driver, 2);
    await driver.exec("BEGIN");

    const error = await migrateMirror(driver).catch((caught: unknown) => caught);

    await driver.exec("ROLLBACK");
    expect(error).toBeInstanceOf(MirrorMigrationError);
    expect(error).toMatchObject({ version: 3 });
    expect((error as MirrorMigrationError).message).toMatch(/foreign keys could not be switched off/);
    expect(await userVersion(driver)).toBe(2);
    expect(await readRows(driver, 2)).toEqual(written);
    expect(await driver.all("PRAGMA foreign_keys")).toEqual([{ foreign_keys: 1 }]);
  });

  it("reports a failure whose cause is not an Error", async () => {
    const throwsString: MigrationStep = {
      name: "throws a string (test only)",
      rebuildsTables: false,
      up: () => Promise.reject("plain text"),
    };
    await expect(migrateMirror(database.driver, { steps: [throwsString] })).rejects.toMatchObject({
      name: "MirrorMigrationError",
      version: 1,
      message: "mirror migration to version 1 (throws a string (test only)) failed: plain text",
      cause: "plain text",
    });
    expect(await userVersion(database.driver)).toBe(0);
  });
});
