import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applySupabaseBootstrap, dbmate, prepareDatabase } from "../lib/migrations.ts";
import { createScratchDatabase, type ScratchDatabase } from "../lib/scratch-database.ts";
import { testTarget } from "./support/test-target.ts";

let scratch: ScratchDatabase;

async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const client = new pg.Client(scratch.url);
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const appliedCount = async () =>
  (await query<{ n: number }>("select count(*)::int as n from dbmate.schema_migrations"))[0]!.n;

beforeAll(async () => {
  scratch = await createScratchDatabase(testTarget());
});
afterAll(async () => {
  await scratch?.dispose();
});

describe("migrations", () => {
  it("apply to an empty database after the Supabase bootstrap", async () => {
    await prepareDatabase(scratch.url);
    expect(await appliedCount()).toBeGreaterThan(0);
    const [schema] = await query<{ exists: boolean }>("select to_regnamespace('private') is not null as exists");
    expect(schema!.exists).toBe(true);
  });

  it("leave the database as it was when run a second time", async () => {
    const before = await appliedCount();
    await prepareDatabase(scratch.url);
    expect(await appliedCount()).toBe(before);
  });

  it("roll back one by one to an empty schema and re-apply cleanly", async () => {
    const total = await appliedCount();
    for (let remaining = total; remaining > 0; remaining--) {
      await dbmate(scratch.url, "rollback", true);
      expect(await appliedCount()).toBe(remaining - 1);
    }
    const [gone] = await query<{ exists: boolean }>("select to_regnamespace('private') is not null as exists");
    expect(gone!.exists).toBe(false);

    await dbmate(scratch.url, "migrate", true);
    expect(await appliedCount()).toBe(total);
    const [back] = await query<{ exists: boolean }>("select to_regnamespace('private') is not null as exists");
    expect(back!.exists).toBe(true);
  });

  it("bootstrap is idempotent and never recreates existing roles", async () => {
    const before = await query<{ oid: number }>("select oid::int from pg_roles where rolname = 'authenticated'");
    expect(await applySupabaseBootstrap(scratch.url)).toBe(true);
    const after = await query<{ oid: number }>("select oid::int from pg_roles where rolname = 'authenticated'");
    expect(after).toEqual(before);
  });
});
