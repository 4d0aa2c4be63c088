/**
 * ActivityRepository against the real database over both transports
 * (supabase-js through the test PostgREST fetch, and direct Postgres): each
 * registration is one atomic call, and every refusal is a typed failure after
 * which no activity, mentor or participant row changed. Dates are 'YYYY-MM-DD'
 * only: the client refuses any other form before sending, and the database
 * behind either transport refuses day- or month-first text sent past it.
 */
import type { ResultAsync } from "neverthrow";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ActivityRepository } from "../../src/activities/activity-repository.ts";
import type { ActivityFields } from "../../src/activities/activity-input.ts";
import { asAnon, asServiceRole, asUser, type RequestContext } from "../../src/context/request-context.ts";
import type { DomainFailure } from "../../src/failures/domain-failure.ts";
import { periodOrThrow } from "../../src/period/period.ts";
import { rpc } from "../../src/rpc/rpc.ts";
import { FIXTURE_SQL, ORG_A, ORG_B } from "../metrics/support/bufdir-fixture.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { postgresFactory, supabaseFactory, type TransportFactory } from "../support/transport-factories.ts";

const user = (n: number, email: string): RequestContext => asUser({ sub: `00000000-0000-4000-b000-0000000000${String(n).padStart(2, "0")}`, email });
const MENTOR_A = "00000000-0000-4000-b000-000000000001";
const MENTOR_AB = "00000000-0000-4000-b000-000000000003";
const MENTOR_B = "00000000-0000-4000-b000-000000000009";
const mentorA = user(1, "mentor.a@fixture.example");
const revokedA = user(4, "inactive.a@fixture.example");
const coordinatorA = user(6, "coordinator.a@fixture.example");
const coordinatorB = user(8, "coordinator.b@fixture.example");
/** Registered by mentor.a. */
const KNOWN_CONTACT = "00000000-0000-4000-c000-000000000a01";
/** Added below: a contact no mentor registered or met. */
const UNMET_CONTACT = "00000000-0000-4000-c000-000000000a99";
const MISSING_CONTACT = "00000000-0000-4000-c000-0000000000ff";
const PROXY_ENTRY = "00000000-0000-4000-d000-000000000a06";
const JUNE = periodOrThrow("2026-06");

const direct = (changes: Partial<ActivityFields> = {}) => ({
  organisationId: ORG_A, path: "direct" as const, kind: "in_person_outreach" as const, date: "2026-06-01",
  durationMinutes: 60, mentorIds: [MENTOR_A], participantIds: [KNOWN_CONTACT], ...changes,
});

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase(`${FIXTURE_SQL}
    update public.members set approval_status = 'revoked' where user_id = '00000000-0000-4000-b000-000000000004';
    insert into public.contacts (org_id, id, full_name, created_by)
    values ('${ORG_A}', '${UNMET_CONTACT}', 'Unmet Contact', '00000000-0000-4000-b000-000000000006');`);
});

afterAll(async () => {
  await db?.dispose();
});

/** A digest of every activity, mentor link and participant link, whoever may read them. */
async function fingerprint(): Promise<string> {
  const [row] = await db.sql<{ digest: string }>(`
    select md5(concat_ws('/',
      (select string_agg(t::text, '|' order by t::text) from public.activities t),
      (select string_agg(t::text, '|' order by t::text) from public.activity_mentors t),
      (select string_agg(t::text, '|' order by t::text) from public.activity_participants t))) as digest`);
  return row!.digest;
}

describe.each([
  ["supabase-js (test PostgREST fetch)", (url: string): TransportFactory => supabaseFactory(url)],
  ["direct-Postgres", (url: string): TransportFactory => postgresFactory(url)],
])("ActivityRepository over the %s transport", (_, makeFactory) => {
  let factory: TransportFactory;
  const as = (context: RequestContext) => new ActivityRepository(factory.as(context));

  beforeAll(() => {
    factory = makeFactory(db.url);
  });

  afterAll(async () => {
    await factory?.close();
  });

  afterEach(async () => {
    // Only what the tests registered: the fixture's activities have fixed ids.
    await db.sql("delete from public.activities where id::text not like '00000000-0000-4000-d000-%'");
  });

  /** Runs a call that must be refused with `reason`, and checks nothing changed. */
  async function expectRefused(call: () => ResultAsync<unknown, DomainFailure>, reason: string, code: string): Promise<void> {
    const before = await fingerprint();
    const settled = await call();
    expect(settled.isErr(), "expected a refusal").toBe(true);
    expect(settled._unsafeUnwrapErr()).toMatchObject({ kind: "query", reason, code });
    expect(await fingerprint(), "nothing changed").toBe(before);
  }

  it("a mentor registers a direct entry with a contact in one call, and it is written whole", async () => {
    const registered = (await as(mentorA).register(direct({ anonymousParticipants: 2, municipality: { code: "0301", codeVersion: "2024" } })))._unsafeUnwrap();
    expect(registered).toMatchObject({
      org_id: ORG_A, registration_path: "direct", registered_by: MENTOR_A, activity_date: "2026-06-01", duration_minutes: 60,
      anonymous_participants: 2, municipality_code: "0301", municipality_code_version: "2024", in_norway: true, deleted_at: null,
      mentor_ids: [MENTOR_A], participant_ids: [KNOWN_CONTACT],
    });
    const [links] = await db.sql<{ mentors: number; participants: number }>(
      `select (select count(*)::int from public.activity_mentors where activity_id = $1) as mentors,
              (select count(*)::int from public.activity_participants where activity_id = $1) as participants`, [registered.id]);
    expect(links).toEqual({ mentors: 1, participants: 1 });
  });

  it("a coordinator registers a proxy entry naming two mentors and a contact no mentor met", async () => {
    const registered = (await as(coordinatorA).register({ ...direct(), path: "proxy", kind: "group_meeting", mentorIds: [MENTOR_AB, MENTOR_A], participantIds: [UNMET_CONTACT, KNOWN_CONTACT] }))._unsafeUnwrap();
    expect(registered.mentor_ids).toEqual([MENTOR_A, MENTOR_AB]);
    expect(registered.participant_ids).toEqual([KNOWN_CONTACT, UNMET_CONTACT]);
  });

  it("refuses what a mentor may not register, each as a typed failure with nothing written", async () => {
    await expectRefused(() => as(mentorA).register(direct({ mentorIds: [MENTOR_A, MENTOR_AB] })), "permission_denied", "42501");
    await expectRefused(() => as(mentorA).register({ ...direct(), path: "proxy" }), "permission_denied", "42501");
    await expectRefused(() => as(mentorA).register({ ...direct(), path: "bulk" }), "permission_denied", "42501");
    await expectRefused(() => as(mentorA).register(direct({ participantIds: [KNOWN_CONTACT, UNMET_CONTACT] })), "conflict", "23503");
    await expectRefused(() => as(mentorA).register(direct({ participantIds: [MISSING_CONTACT] })), "conflict", "23503");
  });

  it("refuses values outside the schema's thresholds as invalid input, with nothing written", async () => {
    await expectRefused(() => as(mentorA).register(direct({ durationMinutes: 0 })), "invalid_input", "22023");
    await expectRefused(() => as(mentorA).register(direct({ anonymousParticipants: 100_001 })), "invalid_input", "22023");
    await expectRefused(() => as(mentorA).register(direct({ date: "1999-12-31" })), "invalid_input", "22023");
    await expectRefused(() => as(mentorA).register(direct({ municipality: { code: "301", codeVersion: "2024" } })), "invalid_input", "22023");
    await expectRefused(() => as(mentorA).register(direct({ mentorIds: [] })), "invalid_input", "22023");
  });

  it("refuses a date in any form but YYYY-MM-DD before sending it, naming the field, with nothing written", async () => {
    const before = await fingerprint();
    const refusal = { kind: "validation", path: ["date"], issue: "expected a real date as YYYY-MM-DD", message: "date: expected a real date as YYYY-MM-DD" };
    for (const date of ["12.06.2026", "06/12/2026", "12-06-2026", "2026-02-30", "2026-6-12", "20260612", " 2026-06-12"]) {
      expect((await as(mentorA).register(direct({ date })))._unsafeUnwrapErr(), date).toEqual(refusal);
      expect((await as(coordinatorA).edit(PROXY_ENTRY, { ...direct(), date }))._unsafeUnwrapErr(), date).toEqual(refusal);
    }
    expect(await fingerprint(), "nothing changed").toBe(before);
  });

  it("refuses revoked members, outsiders, anon and the service role", async () => {
    await expectRefused(() => as(revokedA).register(direct({ mentorIds: ["00000000-0000-4000-b000-000000000004"] })), "permission_denied", "42501");
    await expectRefused(() => as(revokedA).list(ORG_A, JUNE), "permission_denied", "42501");
    await expectRefused(() => as(coordinatorB).register({ ...direct(), path: "proxy" }), "permission_denied", "42501");
    await expectRefused(() => as(coordinatorA).register({ ...direct(), organisationId: ORG_B, path: "proxy", mentorIds: [MENTOR_B] }), "permission_denied", "42501");
    await expectRefused(() => as(coordinatorB).register({ ...direct(), organisationId: ORG_B, path: "proxy", mentorIds: [MENTOR_A] }), "conflict", "23503");
    await expectRefused(() => as(asAnon()).register(direct()), "permission_denied", "42501");
    await expectRefused(() => as(asServiceRole()).register({ ...direct(), path: "proxy" }), "permission_denied", "42501");
  });

  it("edits and soft-deletes an entry, refusing what the caller may not do", async () => {
    const mentor = as(mentorA);
    const registered = (await mentor.register(direct()))._unsafeUnwrap();
    await expectRefused(() => mentor.edit(registered.id, { ...direct(), mentorIds: [MENTOR_A, MENTOR_AB] }), "permission_denied", "42501");
    await expectRefused(() => mentor.edit(registered.id, { ...direct(), participantIds: [UNMET_CONTACT] }), "conflict", "23503");
    await expectRefused(() => mentor.edit(PROXY_ENTRY, { ...direct(), date: "2026-02-03" }), "permission_denied", "42501");
    await expectRefused(() => mentor.delete(ORG_A, PROXY_ENTRY), "permission_denied", "42501");
    await expectRefused(() => as(coordinatorB).delete(ORG_A, registered.id), "permission_denied", "42501");

    const edited = (await mentor.edit(registered.id, { ...direct(), durationMinutes: 90, participantIds: [] }))._unsafeUnwrap();
    expect(edited).toMatchObject({ id: registered.id, duration_minutes: 90, participant_ids: [] });
    // A coordinator adds a co-mentor to the mentor's entry: that is theirs to do.
    const coMentored = (await as(coordinatorA).edit(registered.id, { ...direct(), mentorIds: [MENTOR_A, MENTOR_AB] }))._unsafeUnwrap();
    expect(coMentored.mentor_ids).toEqual([MENTOR_A, MENTOR_AB]);

    const deleted = (await mentor.delete(ORG_A, registered.id))._unsafeUnwrap();
    expect(deleted.deleted_at).not.toBeNull();
    await expectRefused(() => mentor.delete(ORG_A, registered.id), "not_found", "P0002");
    await expectRefused(() => mentor.edit(registered.id, direct()), "not_found", "P0002");
  });

  it("lists the live activities of a period the caller may read", async () => {
    const mine = (await as(mentorA).register(direct()))._unsafeUnwrap();
    const theirs = (await as(coordinatorA).register({ ...direct(), path: "proxy", mentorIds: [MENTOR_AB], participantIds: [] }))._unsafeUnwrap();
    const mentorList = (await as(mentorA).list(ORG_A, JUNE))._unsafeUnwrap().map((activity) => activity.id);
    expect(mentorList).toContain(mine.id);
    expect(mentorList).not.toContain(theirs.id);
    const coordinatorList = (await as(coordinatorA).list(ORG_A, JUNE))._unsafeUnwrap().map((activity) => activity.id);
    expect(coordinatorList).toEqual(expect.arrayContaining([mine.id, theirs.id]));
    await as(coordinatorA).delete(ORG_A, theirs.id);
    expect((await as(asServiceRole()).list(ORG_A, JUNE))._unsafeUnwrap().map((activity) => activity.id)).not.toContain(theirs.id);
  });
});

// The direct transport sets the date order with every call; the test PostgREST fetch, like
// PostgREST, gets it from the authenticator's role setting.
describe.each([
  ["direct-Postgres", (url: string): TransportFactory => postgresFactory(url)],
  ["supabase-js (test PostgREST fetch)", (url: string): TransportFactory => supabaseFactory(url)],
])("dates past the client's schema, over the %s transport", (_, makeFactory) => {
  let factory: TransportFactory;

  beforeAll(() => {
    factory = makeFactory(db.url);
  });

  afterAll(async () => {
    await factory?.close();
  });

  afterEach(async () => {
    await db.sql("delete from public.activities where id::text not like '00000000-0000-4000-d000-%'");
  });

  const registration = (activityDate: string) => ({
    org_id: ORG_A, registration_path: "direct" as const, kind: "in_person_outreach" as const, activity_date: activityDate,
    duration_minutes: 60, mentor_ids: [MENTOR_A], participant_ids: [KNOWN_CONTACT],
  });

  it("the database refuses day-first and month-first text as invalid_date (22008), never reading it month first, and nothing is written", async () => {
    const before = await fingerprint();
    for (const date of ["12.06.2026", "06/12/2026", "12-06-2026"]) {
      const failure = (await rpc(factory.as(mentorA), "register_activity", registration(date)))._unsafeUnwrapErr();
      expect(failure, date).toMatchObject({ kind: "query", code: "22008", reason: "invalid_date" });
    }
    expect(await fingerprint(), "nothing changed").toBe(before);
  });

  it("reads the ISO form as written", async () => {
    const registered = (await rpc(factory.as(mentorA), "register_activity", registration("2026-06-12")))._unsafeUnwrap();
    expect(registered.activity_date).toBe("2026-06-12");
  });
});
