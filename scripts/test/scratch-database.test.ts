import pg from "pg";
import { describe, expect, it } from "vitest";
import { databaseNameOf, withDatabaseName } from "../lib/database-target.ts";
import {
  createScratchDatabase,
  dropScratchDatabase,
  isScratchDatabase,
  SCRATCH_PREFIX,
} from "../lib/scratch-database.ts";
import { testTarget } from "./support/test-target.ts";

const target = testTarget();

async function canQuery(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

describe.runIf(target.engine === "postgres")("scratch databases on PostgreSQL", () => {
  const serverUrl = target.engine === "postgres" ? target.url : "";

  it("creates a uniquely named, marked database and drops it on dispose", async () => {
    const scratch = await createScratchDatabase(target);
    const name = databaseNameOf(scratch.url);
    expect(name.startsWith(SCRATCH_PREFIX)).toBe(true);
    expect(await isScratchDatabase(serverUrl, name)).toBe(true);
    expect(await canQuery(scratch.url)).toBe(true);

    await scratch.dispose();
    expect(await isScratchDatabase(serverUrl, name)).toBe(false);
    expect(await canQuery(scratch.url)).toBe(false);
  });

  it("gives two runs two different databases", async () => {
    const [first, second] = await Promise.all([createScratchDatabase(target), createScratchDatabase(target)]);
    try {
      expect(first.url).not.toBe(second.url);
    } finally {
      await Promise.all([first.dispose(), second.dispose()]);
    }
  });

  it("refuses to drop a database it did not create, and leaves it in place", async () => {
    const foreign = `${SCRATCH_PREFIX}foreign_${Date.now()}`;
    const admin = new pg.Client(serverUrl);
    await admin.connect();
    try {
      await admin.query(`create database ${admin.escapeIdentifier(foreign)}`);
      await expect(dropScratchDatabase(serverUrl, foreign)).rejects.toThrow(/not created by these scripts/);
      await expect(dropScratchDatabase(serverUrl, "postgres")).rejects.toThrow(/not created by these scripts/);
      expect(await canQuery(withDatabaseName(serverUrl, foreign))).toBe(true);
      expect(await canQuery(withDatabaseName(serverUrl, "postgres"))).toBe(true);
    } finally {
      await admin.query(`drop database if exists ${admin.escapeIdentifier(foreign)}`);
      await admin.end();
    }
  });
});

describe.runIf(target.engine === "embedded")("scratch databases on the embedded engine", () => {
  it("starts a fresh in-memory server and stops it on dispose", async () => {
    const scratch = await createScratchDatabase(target);
    expect(scratch.engine).toBe("embedded");
    expect(await canQuery(scratch.url)).toBe(true);
    await scratch.dispose();
    expect(await canQuery(scratch.url)).toBe(false);
  });

  it("gives each scratch database its own empty server", async () => {
    const first = await createScratchDatabase(target);
    const second = await createScratchDatabase(target);
    try {
      const client = new pg.Client(first.url);
      await client.connect();
      await client.query("create table only_in_first (id int)");
      await client.end();
      const other = new pg.Client(second.url);
      await other.connect();
      const found = await other.query("select to_regclass('public.only_in_first') as t");
      await other.end();
      expect(found.rows[0].t).toBeNull();
    } finally {
      await Promise.all([first.dispose(), second.dispose()]);
    }
  });
});
