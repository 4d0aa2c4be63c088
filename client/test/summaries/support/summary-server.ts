/**
 * The server side of the summary cache tests: a private test database with the
 * Bufdir fixture, writes acted out as a given user (or the owner), and the
 * server's own rows for comparison with the mirror.
 *
 * A write has committed when its call returns, and list_periodic_summaries_since
 * lists it from then on: the sync waits only for running writers of the same
 * organisation, never for unrelated transactions on the server.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import pg from "pg";
import { dbDir } from "../../../../scripts/lib/paths.ts";
import { actAsSql } from "../../../src/context/act-as-sql.ts";
import { asUser, type RequestContext } from "../../../src/context/request-context.ts";
import { createTestDatabase, type TestDatabase } from "../../support/test-database.ts";

export const ORG_A = "00000000-0000-4000-a000-00000000000a";
export const ORG_B = "00000000-0000-4000-a000-00000000000b";

/** Fixture users by e-mail (db/fixtures/bufdir-fixture.sql). */
export const USERS = {
  "mentor.a@fixture.example": "00000000-0000-4000-b000-000000000001",
  "dual@fixture.example": "00000000-0000-4000-b000-000000000002",
  "mentor.ab@fixture.example": "00000000-0000-4000-b000-000000000003",
  "inactive.a@fixture.example": "00000000-0000-4000-b000-000000000004",
  "pending.a@fixture.example": "00000000-0000-4000-b000-000000000005",
  "coordinator.a@fixture.example": "00000000-0000-4000-b000-000000000006",
  "admin.a@fixture.example": "00000000-0000-4000-b000-000000000007",
  "coordinator.b@fixture.example": "00000000-0000-4000-b000-000000000008",
  "mentor.b@fixture.example": "00000000-0000-4000-b000-000000000009",
  "admin.b@fixture.example": "00000000-0000-4000-b000-000000000010",
} as const;

export type FixtureEmail = keyof typeof USERS;

/** The request context of a fixture user, as a signed-in app would carry it. */
export function contextOf(email: FixtureEmail): RequestContext {
  return asUser({ sub: USERS[email], email });
}

/** A server summary in the shape the tests compare with the mirror's rows. */
export interface ServerSummary {
  readonly id: string;
  readonly mentorId: string | null;
  readonly periodType: string;
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly summaryData: unknown;
  readonly version: number;
  /** Unix ms, truncated to the millisecond as the mirror keeps it. */
  readonly generatedAt: number;
  readonly updatedAt: number;
  readonly invalidatedAt: number | null;
}

/** A push event as its summary_push_outbox row carries it (pg_notify names only the row id). */
export interface OutboxEvent {
  readonly org_id: string;
  readonly mentor_id: string | null;
  readonly period_type: string;
  readonly period_start: string;
  readonly version: number;
  readonly event: string;
}

export interface SummaryServer {
  readonly db: TestDatabase;
  readonly url: string;
  /** Runs `sql` in one transaction acting as the user. */
  as<T extends pg.QueryResultRow = pg.QueryResultRow>(email: FixtureEmail, sql: string, values?: unknown[]): Promise<T[]>;
  /** Runs `sql` in one transaction as the database owner (RLS does not apply). */
  owner<T extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, values?: unknown[]): Promise<T[]>;
  /** The organisation's summaries as the server holds them (optionally one mentor's), ordered by id. */
  summaries(orgId: string, mentorId?: string): Promise<ServerSummary[]>;
  /** The newest outbox event of a summary. */
  lastPushEvent(orgId: string, mentorId: string | null, periodType: string, periodStart: string): Promise<OutboxEvent>;
  dispose(): Promise<void>;
}

async function inTransaction<T extends pg.QueryResultRow>(
  url: string,
  context: RequestContext | null,
  sql: string,
  values: unknown[] | undefined,
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let rows: T[];
  try {
    await client.query("begin");
    try {
      if (context !== null) {
        await client.query(actAsSql(context));
      }
      rows = (await client.query<T>(sql, values)).rows;
      await client.query("commit");
    } catch (error) {
      await client.query("rollback");
      throw error;
    }
  } finally {
    await client.end();
  }
  return rows;
}

/** A fresh database with the Bufdir fixture loaded. */
export async function createSummaryServer(): Promise<SummaryServer> {
  const fixture = readFileSync(resolve(dbDir, "fixtures/bufdir-fixture.sql"), "utf8");
  const db = await createTestDatabase(fixture);
  return {
    db,
    url: db.url,
    as: (email, sql, values) => inTransaction(db.url, contextOf(email), sql, values),
    owner: (sql, values) => inTransaction(db.url, null, sql, values),
    async summaries(orgId, mentorId) {
      const rows = await db.sql<{
        id: string;
        mentor_id: string | null;
        period_type: string;
        period_start: string;
        period_end: string;
        summary_data: unknown;
        version: number;
        generated_at: string;
        updated_at: string;
        invalidated_at: string | null;
      }>(
        `select id, mentor_id, period_type::text, period_start::text, period_end::text, summary_data, version,
                floor(extract(epoch from generated_at) * 1000)::text as generated_at,
                floor(extract(epoch from updated_at) * 1000)::text as updated_at,
                floor(extract(epoch from invalidated_at) * 1000)::text as invalidated_at
           from public.periodic_summaries
          where org_id = $1 and ($2::uuid is null or mentor_id = $2::uuid)
          order by id`,
        [orgId, mentorId ?? null],
      );
      return rows.map((row) => ({
        id: row.id,
        mentorId: row.mentor_id,
        periodType: row.period_type,
        periodStart: row.period_start,
        periodEnd: row.period_end,
        summaryData: row.summary_data,
        version: row.version,
        generatedAt: Number(row.generated_at),
        updatedAt: Number(row.updated_at),
        invalidatedAt: row.invalidated_at === null ? null : Number(row.invalidated_at),
      }));
    },
    async lastPushEvent(orgId, mentorId, periodType, periodStart) {
      const [event] = await db.sql<OutboxEvent>(
        `select org_id, mentor_id, period_type::text, period_start::text, version, event
           from public.summary_push_outbox
          where org_id = $1 and mentor_id is not distinct from $2::uuid and period_type = $3::public.summary_period_type
            and period_start = $4::date
          order by id desc limit 1`,
        [orgId, mentorId, periodType, periodStart],
      );
      if (event === undefined) throw new Error(`no push event for ${periodType} ${periodStart} ${mentorId ?? "org-wide"}`);
      return event;
    },
    dispose: () => db.dispose(),
  };
}
