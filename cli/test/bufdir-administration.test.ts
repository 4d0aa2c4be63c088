/**
 * From an empty, migrated database to a first exported report with the CLI
 * alone, one process per command, as an operator and an organisation's people
 * run it: the operator creates the users (a local database) and the
 * organisation with its admin; the admin adds and approves a coordinator; the
 * coordinator adds and approves a mentor and records (and ends) the mentor's active period;
 * the mentor registers a contact (found again by name with `contacts list`) and
 * an activity with it; the coordinator computes and exports the half-year, whose
 * figures count that activity. Refusals along the way exit 1 (the database) or
 * 2 (usage) with one line, and change nothing.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Contact, Membership, MentorActivePeriod, Organisation, OrganisationListing } from "@bufdir-reporting/client";
import { createCliHarness, expectJsonFailure, expectOneLineFailure, type CliHarness } from "./support/cli-harness.ts";

const ORG = "Likepersonsforeningen Ny";
const ADMIN = "admin@ny.example";
const COORDINATOR = "coordinator@ny.example";
const MENTOR = "mentor@ny.example";

let cli: CliHarness;

/** Every row the administration commands write, read as the owner. */
async function rosterFingerprint(): Promise<string> {
  return cli.withDatabase(async (client) => {
    const { rows } = await client.query<{ digest: string }>(`
      select md5(concat_ws('/',
        (select string_agg(t::text, '|' order by t::text) from public.organisations t),
        (select string_agg(t::text, '|' order by t::text) from public.members t),
        (select string_agg(t::text, '|' order by t::text) from public.mentor_active_periods t),
        (select string_agg(t::text, '|' order by t::text) from public.contacts t),
        (select string_agg(t::text, '|' order by t::text) from auth.users t))) as digest`);
    return rows[0]!.digest;
  });
}

beforeAll(async () => {
  cli = await createCliHarness();
  await cli.bufdirJson(["db", "migrate"]);
});

afterAll(async () => {
  await cli?.dispose();
});

// Each step runs several CLI processes; on the embedded engine each starts its own server.
describe("bufdir administration, from an empty database to an exported report", { timeout: 600_000 }, () => {
  let contactId: string;

  it("starts empty: no organisation, no user", async () => {
    expect(await cli.bufdirJson<OrganisationListing[]>(["orgs", "list"])).toEqual([]);
    const counts = await cli.withDatabase(async (client) =>
      (await client.query<{ users: number; organisations: number }>(
        "select (select count(*)::int from auth.users) as users, (select count(*)::int from public.organisations) as organisations")).rows[0],
    );
    expect(counts).toEqual({ users: 0, organisations: 0 });
  });

  it("the operator creates the users and the organisation with its first admin", async () => {
    for (const [email, name] of [[ADMIN, "Astrid Admin"], [COORDINATOR, "Kari Koordinator"], [MENTOR, "Mona Mentor"]] as const) {
      const user = await cli.bufdirJson<{ email: string }>(["users", "add", "--email", email, "--name", name]);
      expect(user.email).toBe(email);
    }
    const before = await rosterFingerprint();
    const unknown = await cli.bufdir(["orgs", "create", "--name", ORG, "--admin", "nobody@ny.example"]);
    expectOneLineFailure(unknown, 1, /not_found \(P0002\): no user with e-mail nobody@ny\.example.*bufdir users add/);
    const asUser = await cli.bufdir(["--as", ADMIN, "orgs", "create", "--name", ORG, "--admin", ADMIN]);
    expectOneLineFailure(asUser, 2, /orgs create is the operator's.*without --as/);
    expect(await rosterFingerprint(), "nothing changed").toBe(before);

    const created = await cli.bufdirJson<Organisation>(["orgs", "create", "--name", ORG, "--admin", ADMIN]);
    expect(created.name).toBe(ORG);
    const duplicate = await cli.bufdir(["--json", "orgs", "create", "--name", ORG.toUpperCase(), "--admin", ADMIN]);
    expect(expectJsonFailure(duplicate, 1, "conflict").code).toBe("23505");
    const listed = await cli.bufdirJson<OrganisationListing[]>(["--as", ADMIN, "orgs", "list"]);
    expect(listed).toEqual([expect.objectContaining({ id: created.id, name: ORG, role: "admin", approval_status: "approved" })]);
  });

  it("the admin adds and approves a coordinator, who adds, approves and activates a mentor", async () => {
    const added = await cli.bufdirJson<Membership>(["--as", ADMIN, "members", "add", "--org", "likepersonsforeningen ny", "--email", COORDINATOR, "--role", "coordinator"]);
    expect(added).toMatchObject({ email: COORDINATOR, display_name: "Kari Koordinator", role: "coordinator", approval_status: "pending" });
    await cli.bufdirJson(["--as", ADMIN, "members", "approve", "--org", ORG, "--email", COORDINATOR]);

    const before = await rosterFingerprint();
    expectOneLineFailure(await cli.bufdir(["--as", COORDINATOR, "members", "add", "--org", ORG, "--email", MENTOR, "--role", "admin"]), 1, /permission_denied \(42501\): permission denied: only an admin of organisation "Likepersonsforeningen Ny" adds a admin/);
    expectOneLineFailure(await cli.bufdir(["--as", COORDINATOR, "members", "add", "--org", ORG, "--email", MENTOR, "--role", "boss"]), 2, /invalid --role "boss"/);
    expectOneLineFailure(await cli.bufdir(["--as", COORDINATOR, "members", "add", "--org", ORG, "--email", "nobody@ny.example", "--role", "mentor"]), 1, /not_found \(P0002\): no user with e-mail nobody@ny\.example/);
    expect(await rosterFingerprint(), "nothing changed").toBe(before);

    await cli.bufdirJson(["--as", COORDINATOR, "members", "add", "--org", ORG, "--email", MENTOR, "--role", "mentor"]);
    expectOneLineFailure(await cli.bufdir(["--as", MENTOR, "members", "approve", "--org", ORG, "--email", MENTOR]), 1, /permission_denied \(42501\)/);
    const approved = await cli.bufdirJson<Membership>(["--as", COORDINATOR, "members", "approve", "--org", ORG, "--email", MENTOR]);
    expect(approved).toMatchObject({ role: "peer_mentor", approval_status: "approved" });
    const period = await cli.bufdirJson<MentorActivePeriod>(["--as", COORDINATOR, "members", "periods", "add", "--org", ORG, "--email", MENTOR, "--from", "2026-01-01"]);
    expect(period).toMatchObject({ mentor_id: approved.user_id, active_from: "2026-01-01", active_to: null });
    expectOneLineFailure(await cli.bufdir(["--as", COORDINATOR, "members", "periods", "add", "--org", ORG, "--email", MENTOR, "--from", "01.03.2026"]), 2, /invalid --from "01\.03\.2026"/);

    const ended = await cli.bufdirJson<MentorActivePeriod>(["--as", COORDINATOR, "members", "periods", "end", "--org", ORG, "--email", MENTOR, "--on", "2026-12-31"]);
    expect(ended).toMatchObject({ id: period.id, active_from: "2026-01-01", active_to: "2026-12-31" });
    const periods = await cli.bufdir(["--as", COORDINATOR, "members", "periods", "--org", ORG]);
    expect(periods.exitCode, periods.stderr).toBe(0);
    expect(periods.stdout).toMatch(/Mona Mentor <mentor@ny\.example>\s+2026-01-01\s+2026-12-31/);
    const roster = await cli.bufdir(["--as", MENTOR, "members", "list", "--org", ORG]);
    expect(roster.exitCode, roster.stderr).toBe(0);
    for (const line of [/admin@ny\.example\s+Astrid Admin\s+admin\s+approved/, /coordinator@ny\.example\s+Kari Koordinator\s+coordinator\s+approved/, /mentor@ny\.example\s+Mona Mentor\s+peer_mentor\s+approved/]) {
      expect(roster.stdout).toMatch(line);
    }
  });

  it("the mentor registers a contact, finds it by name, and registers an activity with it", async () => {
    expectOneLineFailure(await cli.bufdir(["contacts", "add", "--org", ORG, "--name", "Ola Nordmann"]), 2, /--as <email>/);
    const added = await cli.bufdirJson<Contact>(["--as", MENTOR, "contacts", "add", "--org", ORG, "--name", "Ola Nordmann", "--birth-year", "1961", "--municipality", "0301"]);
    expect(added).toMatchObject({ full_name: "Ola Nordmann", birth_year: 1961, municipality_code: "0301", municipality_code_version: "2024" });
    const table = await cli.bufdir(["--as", MENTOR, "contacts", "list", "--org", ORG]);
    expect(table.exitCode, table.stderr).toBe(0);
    const row = table.stdout.split("\n").find((line) => line.includes("Ola Nordmann"));
    expect(row, table.stdout).toBeDefined();
    contactId = row!.trim().split(/\s+/)[0]!;
    expect(contactId).toBe(added.id);

    const activity = await cli.bufdirJson<{ id: string; mentor_ids: string[]; participant_ids: string[] }>([
      "--as", MENTOR, "activities", "add", "--org", ORG, "--kind", "in_person_outreach", "--date", "2026-03-10", "--minutes", "60", "--contact", contactId,
    ]);
    expect(activity.participant_ids).toEqual([contactId]);
    expect(activity.mentor_ids).toHaveLength(1);
  });

  it("the coordinator computes and exports the half-year, whose figures count that activity", async () => {
    await cli.bufdirJson(["--as", COORDINATOR, "metrics", "compute", "--org", ORG, "--period", "2026-H1"]);
    const out = join(cli.dir, "exports");
    const exported = await cli.bufdir(["--json", "--as", COORDINATOR, "metrics", "export", "--org", ORG, "--period", "2026-H1", "--out", out]);
    expect(exported.exitCode, exported.stderr).toBe(0);
    const { files } = JSON.parse(exported.stdout) as { files: string[] };
    expect(files).toEqual([join(out, "bufdir-likepersonsforeningen-ny-2026-H1.json"), join(out, "bufdir-likepersonsforeningen-ny-2026-H1.csv")]);
    const payload = JSON.parse(readFileSync(files[0]!, "utf8")) as { figures: { totals: Record<string, number | boolean>; activity_days_by_kind: Record<string, number>; activity_days_by_month: Record<string, number> } };
    expect(payload.figures.totals).toMatchObject({
      activity_days: 1, activities_total: 1, activities_non_counting: 0, participations: 1, unique_participants: 1, minutes_total: 60, active_mentors: 1,
    });
    expect(payload.figures.activity_days_by_kind.in_person_outreach).toBe(1);
    expect(payload.figures.activity_days_by_month["2026-03"]).toBe(1);
    const audit = await cli.withDatabase(async (client) =>
      (await client.query<{ exports: number }>("select count(*)::int as exports from public.bufdir_export_audit_log")).rows[0],
    );
    expect(audit).toEqual({ exports: 1 });
  });

  it("a revoked mentor can do nothing more", async () => {
    await cli.bufdirJson(["--as", COORDINATOR, "members", "revoke", "--org", ORG, "--email", MENTOR]);
    expectOneLineFailure(await cli.bufdir(["--as", MENTOR, "contacts", "list", "--org", ORG]), 1, /permission_denied \(42501\)/);
    const listed = await cli.bufdirJson<OrganisationListing[]>(["--as", MENTOR, "orgs", "list"]);
    expect(listed).toEqual([]);
  });
});
