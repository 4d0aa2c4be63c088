/**
 * The committed schema snapshots (schema-snapshots/v<N>.sql): each version's
 * schema as its migration history builds it on an empty database, on every
 * engine. A released version's snapshot never changes; the newest one is also
 * what the code's current schema (MIRROR_SCHEMA_SQL) creates.
 *
 * To regenerate after adding a version (review the diff: only the new file
 * should appear):
 *   UPDATE_SNAPSHOTS=1 node_modules/.bin/vitest run client/test/mirror/schema-snapshots.test.ts
 */
import { readdir, writeFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { migrateMirror } from "../../src/mirror/migrations/migrate-mirror.ts";
import { MIRROR_MIGRATIONS } from "../../src/mirror/migrations/mirror-migrations.ts";
import { MIRROR_SCHEMA_SQL, MIRROR_SCHEMA_VERSION } from "../../src/mirror/mirror-schema.ts";
import { MIRROR_DRIVERS, type TestDatabase } from "./support/mirror-drivers.ts";
import { committedSnapshot, schemaSnapshot, SNAPSHOT_DIR, snapshotPath } from "./support/schema-snapshot.ts";

const VERSIONS = MIRROR_MIGRATIONS.map((_, index) => index + 1);
const updating = process.env.UPDATE_SNAPSHOTS === "1";

describe("schema snapshots", () => {
  it("exist for exactly the versions the migration history produces", async () => {
    const files = (await readdir(SNAPSHOT_DIR)).filter((file) => file.endsWith(".sql")).sort();
    expect(files).toEqual(VERSIONS.map((version) => `v${version}.sql`).sort());
  });

  it("end at the version the current schema declares", () => {
    expect(MIRROR_SCHEMA_VERSION).toBe(MIRROR_MIGRATIONS.length);
  });
});

describe.each(MIRROR_DRIVERS)("schema snapshots on $name", (factory) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await factory.open();
  });
  afterEach(async () => {
    await database.dispose();
  });

  it.each(VERSIONS)("version %i built from empty matches its committed snapshot", async (version) => {
    await migrateMirror(database.driver, { steps: MIRROR_MIGRATIONS.slice(0, version) });
    const actual = await schemaSnapshot(database.driver);
    // One engine writes; every engine then has to agree with the file.
    if (updating && factory === MIRROR_DRIVERS[0]) await writeFile(snapshotPath(version), actual);
    expect(actual).toBe(await committedSnapshot(version));
  });

  it("the current schema, created directly, matches the newest snapshot", async () => {
    await database.driver.exec(MIRROR_SCHEMA_SQL);
    await database.driver.run(`PRAGMA user_version = ${MIRROR_SCHEMA_VERSION}`);
    expect(await schemaSnapshot(database.driver)).toBe(await committedSnapshot(MIRROR_SCHEMA_VERSION));
  });
});
