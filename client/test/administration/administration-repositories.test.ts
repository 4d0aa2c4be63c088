/**
 * OrganisationRepository, MemberRepository and ContactRepository against the
 * real database over both transports: the service role creates an organisation
 * with its first admin, who adds a coordinator and a mentor by e-mail and
 * approves them; the coordinator records the mentor's active period; the mentor
 * registers a contact and lists what they may read. Every refusal is a typed
 * failure after which nothing changed.
 */
import type { ResultAsync } from "neverthrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContactRepository } from "../../src/contacts/contact-repository.ts";
import { asServiceRole, asUser, type RequestContext } from "../../src/context/request-context.ts";
import type { DomainFailure } from "../../src/failures/domain-failure.ts";
import { MemberRepository } from "../../src/members/member-repository.ts";
import { OrganisationRepository } from "../../src/organisations/organisation-repository.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { postgresFactory, supabaseFactory, type TransportFactory } from "../support/transport-factories.ts";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.dispose();
});

/** A digest of every administration table, whoever may read it. */
async function fingerprint(): Promise<string> {
  const [row] = await db.sql<{ digest: string }>(`
    select md5(concat_ws('/',
      (select string_agg(t::text, '|' order by t::text) from public.organisations t),
      (select string_agg(t::text, '|' order by t::text) from public.members t),
      (select string_agg(t::text, '|' order by t::text) from public.mentor_active_periods t),
      (select string_agg(t::text, '|' order by t::text) from public.contacts t))) as digest`);
  return row!.digest;
}

/** Users exist before they are members (Supabase Auth owns them). */
async function createUser(email: string, fullName: string): Promise<RequestContext> {
  const [row] = await db.sql<{ id: string }>(
    "insert into auth.users (id, email, raw_user_meta_data) values (gen_random_uuid(), $1, jsonb_build_object('full_name', $2::text)) returning id",
    [email, fullName],
  );
  return asUser({ sub: row!.id, email });
}

describe.each([
  ["supabase-js (test PostgREST fetch)", (url: string): TransportFactory => supabaseFactory(url)],
  ["direct-Postgres", (url: string): TransportFactory => postgresFactory(url)],
])("the administration repositories over the %s transport", (name, makeFactory) => {
  const tag = name.startsWith("supabase") ? "supabase" : "postgres";
  let factory: TransportFactory;
  let admin: RequestContext;
  let coordinator: RequestContext;
  let mentor: RequestContext;
  let organisationId: string;

  beforeAll(async () => {
    factory = makeFactory(db.url);
    admin = await createUser(`admin@${tag}.example`, "Astrid Admin");
    coordinator = await createUser(`coordinator@${tag}.example`, "Kari Koordinator");
    mentor = await createUser(`mentor@${tag}.example`, "Mona Mentor");
  });

  afterAll(async () => {
    await factory?.close();
  });

  async function expectRefused(call: () => ResultAsync<unknown, DomainFailure>, reason: string, code: string): Promise<void> {
    const before = await fingerprint();
    const settled = await call();
    expect(settled.isErr(), `expected a refusal, got ${JSON.stringify(settled)}`).toBe(true);
    expect(settled._unsafeUnwrapErr()).toMatchObject({ kind: "query", reason, code });
    expect(await fingerprint(), "nothing changed").toBe(before);
  }

  it("the service role creates an organisation whose first admin lists it", async () => {
    const created = await new OrganisationRepository(factory.as(asServiceRole())).create({ name: `Forening ${tag}`, adminEmail: `admin@${tag}.example` });
    expect(created.isOk(), JSON.stringify(created)).toBe(true);
    organisationId = created._unsafeUnwrap().id;
    const listed = (await new OrganisationRepository(factory.as(admin)).list())._unsafeUnwrap();
    expect(listed).toEqual([expect.objectContaining({ id: organisationId, name: `Forening ${tag}`, role: "admin", approval_status: "approved" })]);
  });

  it("the admin adds and approves a coordinator and a mentor; the coordinator records the mentor's active period", async () => {
    const members = new MemberRepository(factory.as(admin));
    const addedCoordinator = (await members.add({ organisationId, email: `COORDINATOR@${tag}.example`, role: "coordinator" }))._unsafeUnwrap();
    expect(addedCoordinator).toMatchObject({ email: `coordinator@${tag}.example`, display_name: "Kari Koordinator", role: "coordinator", approval_status: "pending" });
    expect((await members.approve(organisationId, addedCoordinator.user_id))._unsafeUnwrap().approval_status).toBe("approved");

    const coordinatorMembers = new MemberRepository(factory.as(coordinator));
    const addedMentor = (await coordinatorMembers.add({ organisationId, email: `mentor@${tag}.example`, role: "peer_mentor" }))._unsafeUnwrap();
    expect((await coordinatorMembers.approve(organisationId, addedMentor.user_id))._unsafeUnwrap().approval_status).toBe("approved");
    const period = (await coordinatorMembers.addActivePeriod({ organisationId, mentorId: addedMentor.user_id, from: "2026-01-01" }))._unsafeUnwrap();
    expect(period).toMatchObject({ org_id: organisationId, mentor_id: addedMentor.user_id, active_from: "2026-01-01", active_to: null });

    const roster = (await coordinatorMembers.list(organisationId))._unsafeUnwrap();
    expect(roster.map((member) => [member.display_name, member.role, member.approval_status])).toEqual([
      ["Astrid Admin", "admin", "approved"],
      ["Kari Koordinator", "coordinator", "approved"],
      ["Mona Mentor", "peer_mentor", "approved"],
    ]);
    expect((await new MemberRepository(factory.as(mentor)).listActivePeriods(organisationId))._unsafeUnwrap()).toEqual([period]);
    const ended = (await coordinatorMembers.endActivePeriod(organisationId, period.id, "2026-12-31"))._unsafeUnwrap();
    expect(ended).toEqual({ ...period, active_to: "2026-12-31" });
  });

  it("the mentor registers a contact and lists the contacts they may read", async () => {
    const contacts = new ContactRepository(factory.as(mentor));
    const added = (await contacts.add({ organisationId, fullName: "Ola Nordmann", birthYear: 1961, municipality: { code: "0301", codeVersion: "2024" } }))._unsafeUnwrap();
    expect(added).toMatchObject({ org_id: organisationId, full_name: "Ola Nordmann", birth_year: 1961, municipality_code: "0301", municipality_code_version: "2024", deleted_at: null });
    expect((await contacts.list(organisationId))._unsafeUnwrap().map((contact) => contact.id)).toEqual([added.id]);
    expect((await new ContactRepository(factory.as(coordinator)).list(organisationId))._unsafeUnwrap().map((contact) => contact.full_name)).toEqual(["Ola Nordmann"]);
  });

  it("refuses what the caller may not do, each as a typed failure with nothing written", async () => {
    const roster = (await new MemberRepository(factory.as(admin)).list(organisationId))._unsafeUnwrap();
    const idOf = (role: string) => roster.find((member) => member.role === role)!.user_id;
    await expectRefused(() => new OrganisationRepository(factory.as(admin)).create({ name: "Egen forening", adminEmail: `admin@${tag}.example` }), "permission_denied", "42501");
    await expectRefused(() => new OrganisationRepository(factory.as(asServiceRole())).create({ name: "Ny forening", adminEmail: "nobody@example.org" }), "not_found", "P0002");
    await expectRefused(() => new OrganisationRepository(factory.as(asServiceRole())).create({ name: `forening ${tag.toUpperCase()}`, adminEmail: `admin@${tag}.example` }), "conflict", "23505");
    await expectRefused(() => new MemberRepository(factory.as(coordinator)).add({ organisationId, email: "nobody@example.org", role: "peer_mentor" }), "not_found", "P0002");
    await expectRefused(() => new MemberRepository(factory.as(coordinator)).add({ organisationId, email: `admin@${tag}.example`, role: "admin" }), "permission_denied", "42501");
    await expectRefused(() => new MemberRepository(factory.as(coordinator)).add({ organisationId, email: `mentor@${tag}.example`, role: "peer_mentor" }), "conflict", "23505");
    await expectRefused(() => new MemberRepository(factory.as(coordinator)).revoke(organisationId, idOf("admin")), "permission_denied", "42501");
    await expectRefused(() => new MemberRepository(factory.as(admin)).revoke(organisationId, idOf("admin")), "permission_denied", "42501");
    await expectRefused(() => new MemberRepository(factory.as(mentor)).approve(organisationId, idOf("peer_mentor")), "permission_denied", "42501");
    await expectRefused(() => new MemberRepository(factory.as(coordinator)).addActivePeriod({ organisationId, mentorId: idOf("peer_mentor"), from: "2026-03-01", to: "2026-04-30" }), "invalid_input", "22023");
    await expectRefused(() => new MemberRepository(factory.as(mentor)).addActivePeriod({ organisationId, mentorId: idOf("peer_mentor"), from: "2025-01-01", to: "2025-06-30" }), "permission_denied", "42501");
    const [period] = (await new MemberRepository(factory.as(admin)).listActivePeriods(organisationId))._unsafeUnwrap();
    await expectRefused(() => new MemberRepository(factory.as(mentor)).endActivePeriod(organisationId, period!.id, "2026-06-30"), "permission_denied", "42501");
    await expectRefused(() => new MemberRepository(factory.as(coordinator)).endActivePeriod(organisationId, period!.id, "2025-12-31"), "invalid_input", "22023");
    await expectRefused(() => new ContactRepository(factory.as(asServiceRole())).add({ organisationId, fullName: "Per" }), "permission_denied", "42501");
    await expectRefused(() => new ContactRepository(factory.as(mentor)).add({ organisationId, fullName: "Per", birthYear: 1800 }), "invalid_input", "22023");
  });

  it("a revoked mentor loses their reads at once", async () => {
    const roster = (await new MemberRepository(factory.as(admin)).list(organisationId))._unsafeUnwrap();
    const mentorId = roster.find((member) => member.role === "peer_mentor")!.user_id;
    const revoked = (await new MemberRepository(factory.as(coordinator)).revoke(organisationId, mentorId))._unsafeUnwrap();
    expect(revoked).toMatchObject({ approval_status: "revoked", email: null, display_name: "Mona Mentor" });
    expect((await new ContactRepository(factory.as(mentor)).list(organisationId))._unsafeUnwrapErr()).toMatchObject({ reason: "permission_denied" });
    expect((await new OrganisationRepository(factory.as(mentor)).list())._unsafeUnwrap()).toEqual([]);
  });
});
