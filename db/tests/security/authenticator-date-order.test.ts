/**
 * PostgREST's sessions read dates year first: a new login as `authenticator`, the
 * role PostgREST connects as, gets `DateStyle = 'ISO, YMD'` in this database (the
 * role setting of db/src/authenticator-date-order.sql), so a request that switches to
 * `authenticated` and registers an activity dated '12.06.2026' is refused with
 * 22008 and nothing is written, where the default 'ISO, MDY' stored 6 December.
 * Logins to other databases of the server keep their date order. PostgreSQL only:
 * the embedded engine's socket server serves every login from one backend as the
 * same user, so a role's login settings cannot be observed there.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actAsSql } from "../../../client/src/context/act-as-sql.ts";
import { asUser } from "../../../client/src/context/request-context.ts";
import { createTestDatabase, type TestDatabase } from "../../../client/test/support/test-database.ts";
import { dbDir } from "../../../scripts/lib/paths.ts";
import { testTarget } from "../../../scripts/test/support/test-target.ts";

const ORG_A = "00000000-0000-4000-a000-00000000000a";
const MENTOR_A = "00000000-0000-4000-b000-000000000001";

const onPostgres = testTarget().engine === "postgres";
let db: TestDatabase;

if (!onPostgres) console.log("authenticator-date-order: skipped on the embedded engine (one backend, one user: login settings cannot be observed)");

/** The URL with another user (no password: the local server trusts loopback logins) and, optionally, another database. */
function loginAs(url: string, user: string, database?: string): string {
  const parsed = new URL(url);
  parsed.username = user;
  parsed.password = "";
  if (database !== undefined) parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function withLogin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function activityFingerprint(): Promise<string> {
  const [row] = await db.sql<{ digest: string }>(`
    select md5(concat_ws('/',
      (select string_agg(t::text, '|' order by t::text) from public.activities t),
      (select string_agg(t::text, '|' order by t::text) from public.activity_mentors t),
      (select string_agg(t::text, '|' order by t::text) from public.activity_participants t))) as digest`);
  return row!.digest;
}

describe.runIf(onPostgres)("date order of PostgREST's login role", () => {
  beforeAll(async () => {
    db = await createTestDatabase(readFileSync(resolve(dbDir, "fixtures/bufdir-fixture.sql"), "utf8"));
  });
  afterAll(() => db?.dispose());

  it("a new login as authenticator reads dates year first in this database, and only in this one", async () => {
    const here = await withLogin(loginAs(db.url, "authenticator"), async (client) => (await client.query<{ style: string }>("select current_setting('DateStyle') as style")).rows[0]!.style);
    expect(here).toBe("ISO, YMD");
    const style = (url: string) => withLogin(url, async (client) => (await client.query<{ style: string }>("select current_setting('DateStyle') as style")).rows[0]!.style);
    // Another database of the same server: the authenticator sees what everyone else sees there.
    expect(await style(loginAs(db.url, "authenticator", "postgres"))).toBe(await style(loginAs(db.url, new URL(db.url).username || "postgres", "postgres")));
  });

  it("a request as PostgREST makes it (authenticator, then authenticated) refuses 12.06.2026 with 22008 and writes nothing", async () => {
    const before = await activityFingerprint();
    const refused = await withLogin(loginAs(db.url, "authenticator"), async (client) => {
      await client.query("begin");
      try {
        await client.query(actAsSql(asUser({ sub: MENTOR_A, email: "mentor.a@fixture.example" })));
        await client.query(
          `select public.register_activity(org_id => $1, registration_path => 'direct', kind => 'in_person_outreach',
             activity_date => '12.06.2026', duration_minutes => 60, mentor_ids => array[$2]::uuid[])`,
          [ORG_A, MENTOR_A],
        );
        return null;
      } catch (error) {
        return error as { code?: string };
      } finally {
        await client.query("rollback");
      }
    });
    expect(refused?.code).toBe("22008");
    expect(await activityFingerprint()).toBe(before);
  });
});
