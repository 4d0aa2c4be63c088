/**
 * The repository's contract (support/metrics-repository-contract.ts) against the
 * real database, over both transports: supabase-js through the test PostgREST
 * fetch, and the direct-Postgres transport. One database with the Bufdir fixture
 * serves both runs; the suite cleans up after each test.
 */
import { afterAll, beforeAll, describe } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { postgresFactory, supabaseFactory, type TransportFactory } from "../support/transport-factories.ts";
import { FIXTURE_SQL } from "./support/bufdir-fixture.ts";
import { metricsRepositoryContract } from "./support/metrics-repository-contract.ts";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase(FIXTURE_SQL);
});

afterAll(async () => {
  await db?.dispose();
});

describe.each([
  ["supabase-js (test PostgREST fetch)", (url: string): TransportFactory => supabaseFactory(url)],
  ["direct-Postgres", (url: string): TransportFactory => postgresFactory(url)],
])("BufdirMetricsRepository over the %s transport", (_, makeFactory) => {
  let factory: TransportFactory;

  beforeAll(() => {
    factory = makeFactory(db.url);
  });

  afterAll(async () => {
    await factory?.close();
  });

  metricsRepositoryContract(() => ({ db, factory, newFactory: () => makeFactory(db.url) }));
});
