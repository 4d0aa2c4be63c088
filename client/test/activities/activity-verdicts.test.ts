/**
 * Why an entry counts or not, through ActivityRepository over both transports:
 * a registration says at once whether the new entry will count and why; the
 * period's verdicts and the table by verdict are those of the entries the caller
 * may read, typed and checked by their schemas; refusals are typed failures.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ActivityRepository } from "../../src/activities/activity-repository.ts";
import { describeVerdict } from "../../src/activities/describe-verdict.ts";
import { asAnon, asServiceRole, asUser, type RequestContext } from "../../src/context/request-context.ts";
import { periodOrThrow } from "../../src/period/period.ts";
import { FIXTURE_SQL, ORG_A } from "../metrics/support/bufdir-fixture.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { postgresFactory, supabaseFactory, type TransportFactory } from "../support/transport-factories.ts";

const user = (n: number, email: string): RequestContext => asUser({ sub: `00000000-0000-4000-b000-0000000000${String(n).padStart(2, "0")}`, email });
const MENTOR_A = "00000000-0000-4000-b000-000000000001";
const PENDING_A = "00000000-0000-4000-b000-000000000005";
const mentorA = user(1, "mentor.a@fixture.example");
const pendingA = user(5, "pending.a@fixture.example");
const coordinatorA = user(6, "coordinator.a@fixture.example");
const mentorB = user(9, "mentor.b@fixture.example");
const H1 = periodOrThrow("2026-H1");
/** A colleague's entry (dual's group of 2 participants) mentor.a cannot read. */
const COLLEAGUES_ENTRY = "00000000-0000-4000-d000-000000000a08";

const outreach = (mentorId: string, date: string) => ({
  organisationId: ORG_A, path: "direct" as const, kind: "in_person_outreach" as const, date,
  durationMinutes: 60, mentorIds: [mentorId], anonymousParticipants: 1,
});

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
])("entry verdicts over the %s transport", (_, makeFactory) => {
  let factory: TransportFactory;
  const as = (context: RequestContext) => new ActivityRepository(factory.as(context));

  beforeAll(() => {
    factory = makeFactory(db.url);
  });

  afterAll(async () => {
    await factory?.close();
  });

  afterEach(async () => {
    await db.sql("delete from public.activities where id::text not like '00000000-0000-4000-d000-%'");
  });

  it("a pending mentor's registration says at once that it will not count, and why", async () => {
    const registered = (await as(pendingA).register(outreach(PENDING_A, "2026-06-12")))._unsafeUnwrap();
    expect(registered).toMatchObject({ org_id: ORG_A, registration_path: "direct", mentor_ids: [PENDING_A], verdictFailure: null });
    expect(registered.verdict).toMatchObject({
      activity_id: registered.id, counts: false, verdict: "no_active_mentor", inactive_mentor: "pending_approval", rule_version: "2026.1",
    });
    expect(describeVerdict(registered.verdict!)).toBe("no approved mentor active on the date (rule 4): the mentor is pending approval");
  });

  it("an approved mentor's registration counts, and a repeat the same day without a new participant does not", async () => {
    const first = (await as(mentorA).register(outreach(MENTOR_A, "2026-06-13")))._unsafeUnwrap();
    expect(first.verdict).toMatchObject({ counts: true, verdict: "counts", inactive_mentor: null });
    const repeat = (await as(mentorA).register(outreach(MENTOR_A, "2026-06-13")))._unsafeUnwrap();
    expect(repeat.verdict).toMatchObject({ counts: false, verdict: "same_day_repeat" });
    const short = (await as(mentorA).register({ ...outreach(MENTOR_A, "2026-06-14"), kind: "mentor_course", durationMinutes: 60 }))._unsafeUnwrap();
    expect(short.verdict).toMatchObject({ counts: false, verdict: "too_short" });
  });

  it("lists the period's verdicts and the table by verdict for what the caller may read", async () => {
    const all = (await as(coordinatorA).explainActivities(ORG_A, H1))._unsafeUnwrap();
    expect(all).toHaveLength(19);
    expect(all.filter((v) => v.counts)).toHaveLength(9);
    expect(all.find((v) => v.verdict === "merged_proxy_twin")?.merged_into).toBe("00000000-0000-4000-d000-000000000a05");
    const table = (await as(coordinatorA).countEntriesByVerdict(ORG_A, H1))._unsafeUnwrap();
    expect(table.map((row) => row.verdict)).toEqual([
      "counts", "no_active_mentor", "held_for_review", "merged_proxy_twin", "kind_not_counted", "abroad",
      "too_few_participants", "too_short", "same_day_repeat", "deleted",
    ]);
    expect(Object.fromEntries(table.map((row) => [row.verdict, row.entries]))).toMatchObject({ counts: 9, too_short: 2, deleted: 1 });

    const mine = (await as(mentorA).explainActivities(ORG_A, H1))._unsafeUnwrap();
    expect(mine.map((v) => v.activity_id)).not.toContain(COLLEAGUES_ENTRY);
    expect((await as(asServiceRole()).explainActivities(ORG_A, H1))._unsafeUnwrap()).toHaveLength(19);
  });

  it("refuses with typed failures", async () => {
    expect((await as(mentorA).explainActivity(ORG_A, COLLEAGUES_ENTRY))._unsafeUnwrapErr()).toMatchObject({ kind: "query", reason: "not_found", code: "P0002" });
    expect((await as(mentorB).explainActivities(ORG_A, H1))._unsafeUnwrapErr()).toMatchObject({ kind: "query", reason: "permission_denied", code: "42501" });
    expect((await as(mentorB).countEntriesByVerdict(ORG_A, H1))._unsafeUnwrapErr()).toMatchObject({ kind: "query", reason: "permission_denied" });
    expect((await as(asAnon()).explainActivity(ORG_A, COLLEAGUES_ENTRY))._unsafeUnwrapErr()).toMatchObject({ kind: "query", reason: "permission_denied" });
  });
});
