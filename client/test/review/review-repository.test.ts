/**
 * ReviewRepository against the real database over both transports: an admin sets
 * the review limits, a coordinator lists the entries they hold and confirms one;
 * the hard limits of the counting rules refuse an implausible registration as
 * `invalid_input`. Every refusal is a typed failure after which nothing changed.
 */
import type { ResultAsync } from "neverthrow";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ActivityRepository } from "../../src/activities/activity-repository.ts";
import { asUser, type RequestContext } from "../../src/context/request-context.ts";
import type { DomainFailure } from "../../src/failures/domain-failure.ts";
import { periodOrThrow } from "../../src/period/period.ts";
import { ReviewRepository } from "../../src/review/review-repository.ts";
import { FIXTURE_SQL, ORG_A } from "../metrics/support/bufdir-fixture.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { postgresFactory, supabaseFactory, type TransportFactory } from "../support/transport-factories.ts";

const user = (n: number, email: string): RequestContext => asUser({ sub: `00000000-0000-4000-b000-0000000000${String(n).padStart(2, "0")}`, email });
const MENTOR_A = "00000000-0000-4000-b000-000000000001";
const COORDINATOR_A = "00000000-0000-4000-b000-000000000006";
const mentorA = user(1, "mentor.a@fixture.example");
const coordinatorA = user(6, "coordinator.a@fixture.example");
const adminA = user(7, "admin.a@fixture.example");
const SEPTEMBER = periodOrThrow("2026-09");

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase(FIXTURE_SQL);
});

afterAll(async () => {
  await db?.dispose();
});

/** A digest of every activity and of the review limits, whoever may read them. */
async function fingerprint(): Promise<string> {
  const [row] = await db.sql<{ digest: string }>(`
    select md5(concat_ws('/',
      (select string_agg(t::text, '|' order by t::text) from public.activities t),
      (select string_agg(t::text, '|' order by t::text) from public.organisation_review_limits t))) as digest`);
  return row!.digest;
}

describe.each([
  ["supabase-js (test PostgREST fetch)", (url: string): TransportFactory => supabaseFactory(url)],
  ["direct-Postgres", (url: string): TransportFactory => postgresFactory(url)],
])("ReviewRepository over the %s transport", (_, makeFactory) => {
  let factory: TransportFactory;
  const review = (context: RequestContext) => new ReviewRepository(factory.as(context));
  const activities = (context: RequestContext) => new ActivityRepository(factory.as(context));
  const entry = (durationMinutes: number) => ({
    organisationId: ORG_A, path: "proxy" as const, kind: "group_meeting" as const, date: "2026-09-01",
    durationMinutes, mentorIds: [MENTOR_A],
  });

  beforeAll(() => {
    factory = makeFactory(db.url);
  });

  afterAll(async () => {
    await factory?.close();
  });

  afterEach(async () => {
    await db.sql("delete from public.activities where id::text not like '00000000-0000-4000-d000-%'");
    await db.sql("delete from public.organisation_review_limits");
  });

  async function expectRefused(call: () => ResultAsync<unknown, DomainFailure>, reason: string, code: string): Promise<void> {
    const before = await fingerprint();
    const settled = await call();
    expect(settled.isErr(), "expected a refusal").toBe(true);
    expect(settled._unsafeUnwrapErr()).toMatchObject({ kind: "query", reason, code });
    expect(await fingerprint(), "nothing changed").toBe(before);
  }

  it("holds an entry above the review limits until a coordinator confirms it", async () => {
    const set = await review(adminA).setReviewLimits({ organisationId: ORG_A, maxMinutesPerActivity: 90 });
    expect(set.isOk(), JSON.stringify(set)).toBe(true);
    const limits = set._unsafeUnwrap();
    expect(limits).toMatchObject({ org_id: ORG_A, max_minutes_per_activity: 90, max_anonymous_participants: null, max_known_participants: null });
    const registered = (await activities(coordinatorA).register(entry(120)))._unsafeUnwrap();
    const listed = await review(coordinatorA).listHeldActivities(ORG_A, SEPTEMBER);
    expect(listed.isOk(), JSON.stringify(listed)).toBe(true);
    const held = listed._unsafeUnwrap();
    expect(held).toEqual([expect.objectContaining({
      activity_id: registered.id, duration_minutes: 120, known_participants: 0,
      exceeded_limits: ["minutes_per_activity"], review_confirmed_at: null,
    })]);
    const confirmation = await review(coordinatorA).confirmActivity(ORG_A, registered.id);
    expect(confirmation.isOk(), JSON.stringify(confirmation)).toBe(true);
    const confirmed = confirmation._unsafeUnwrap();
    expect(confirmed).toMatchObject({ activity_id: registered.id, review_confirmed_by: COORDINATOR_A });
    expect(confirmed.review_confirmed_at).not.toBeNull();
    expect((await review(coordinatorA).listHeldActivities(ORG_A, SEPTEMBER))._unsafeUnwrap()).toEqual([]);
  });

  it("refuses what the caller may not do, each as a typed failure with nothing written", async () => {
    await expectRefused(() => review(coordinatorA).setReviewLimits({ organisationId: ORG_A, maxMinutesPerActivity: 90 }), "permission_denied", "42501");
    await expectRefused(() => review(adminA).setReviewLimits({ organisationId: ORG_A, maxMinutesPerActivity: 0 }), "invalid_input", "22023");
    await expectRefused(() => review(mentorA).listHeldActivities(ORG_A, SEPTEMBER), "permission_denied", "42501");
    const registered = (await activities(coordinatorA).register(entry(60)))._unsafeUnwrap();
    await expectRefused(() => review(mentorA).confirmActivity(ORG_A, registered.id), "permission_denied", "42501");
    await expectRefused(() => review(coordinatorA).confirmActivity(ORG_A, registered.id), "invalid_input", "22023");
  });

  it("refuses a registration beyond the hard limits as invalid input", async () => {
    await expectRefused(() => activities(coordinatorA).register(entry(721)), "invalid_input", "22023");
    await expectRefused(() => activities(coordinatorA).register({ ...entry(60), anonymousParticipants: 501 }), "invalid_input", "22023");
  });
});
