/**
 * `bufdir activities add | list | delete` as an operator runs them, one process
 * per command on a database of the file's own: registrations as a mentor and a
 * coordinator, the list each may read, a soft delete, refusals that exit 1
 * with one line and leave every activity as it was, and dates in any form but
 * YYYY-MM-DD refused as usage errors before anything is sent.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActivityRegistration } from "@bufdir-reporting/client";
import type { SeedSummary } from "../src/seed/index.ts";
import { createCliHarness, expectJsonFailure, expectOneLineFailure, type CliHarness } from "./support/cli-harness.ts";

const MENTOR = "mentor3@org1.example";
const OTHER_MENTOR = "mentor4@org1.example";
const COORDINATOR = "coordinator@org1.example";

let cli: CliHarness;
let org: { id: string; name: string };
let userId: (email: string) => string;

async function activityFingerprint(): Promise<string> {
  return cli.withDatabase(async (client) => {
    const { rows } = await client.query<{ digest: string }>(`
      select md5(concat_ws('/',
        (select string_agg(t::text, '|' order by t::text) from public.activities t),
        (select string_agg(t::text, '|' order by t::text) from public.activity_mentors t),
        (select string_agg(t::text, '|' order by t::text) from public.activity_participants t))) as digest`);
    return rows[0]!.digest;
  });
}

beforeAll(async () => {
  cli = await createCliHarness();
  await cli.bufdirJson(["db", "migrate"]);
  const seeded = await cli.bufdirJson<SeedSummary>(["seed", "--activities", "20"]);
  org = { id: seeded.organisations[0]!.id, name: seeded.organisations[0]!.name };
  userId = (email) => seeded.users.find((user) => user.email === email)!.id;
});

afterAll(async () => {
  await cli?.dispose();
});

describe("bufdir activities", () => {
  let registered: ActivityRegistration;

  it("add registers a mentor's direct entry, naming the mentor, in one call", async () => {
    registered = await cli.bufdirJson<ActivityRegistration>([
      "--as", MENTOR, "activities", "add", "--org", org.name, "--kind", "group_meeting", "--date", "2026-06-12",
      "--minutes", "90", "--anonymous", "4", "--municipality", "0301",
    ]);
    expect(registered).toMatchObject({
      org_id: org.id, registration_path: "direct", kind: "group_meeting", activity_date: "2026-06-12", duration_minutes: 90,
      anonymous_participants: 4, municipality_code: "0301", registered_by: userId(MENTOR), mentor_ids: [userId(MENTOR)],
    });
    const stored = await cli.withDatabase(async (client) =>
      (await client.query<{ mentors: number }>("select count(*)::int as mentors from public.activity_mentors where activity_id = $1", [registered.id])).rows[0],
    );
    expect(stored).toEqual({ mentors: 1 });
  });

  it("add as a coordinator registers a proxy entry for two mentors", async () => {
    const proxy = await cli.bufdirJson<ActivityRegistration>([
      "--as", COORDINATOR, "activities", "add", "--org", org.name, "--path", "proxy", "--kind", "in_person_outreach",
      "--date", "2026-06-13", "--minutes", "60", "--mentor", MENTOR, OTHER_MENTOR,
    ]);
    expect(proxy.mentor_ids).toEqual([userId(MENTOR), userId(OTHER_MENTOR)].sort());
  });

  it("list shows what the actor may read", async () => {
    const mine = await cli.bufdirJson<ActivityRegistration[]>(["--as", MENTOR, "activities", "list", "--org", org.name, "--period", "2026-06"]);
    expect(mine.map((activity) => activity.id)).toContain(registered.id);
    expect(mine.every((activity) => activity.registered_by === userId(MENTOR) || activity.mentor_ids.includes(userId(MENTOR)))).toBe(true);
    const table = await cli.bufdir(["--as", COORDINATOR, "activities", "list", "--org", org.name, "--period", "2026-06"]);
    expect(table.exitCode).toBe(0);
    expect(table.stdout).toContain(registered.id);
  });

  it("refuses what the actor may not do: exit 1, one line, nothing changed", async () => {
    const before = await activityFingerprint();
    expectOneLineFailure(
      await cli.bufdir(["--as", MENTOR, "activities", "add", "--org", org.name, "--kind", "group_meeting", "--date", "2026-06-12", "--minutes", "90", "--mentor", MENTOR, OTHER_MENTOR]),
      1, /permission_denied \(42501\)/,
    );
    expectOneLineFailure(
      await cli.bufdir(["--as", MENTOR, "activities", "add", "--org", org.name, "--path", "proxy", "--kind", "group_meeting", "--date", "2026-06-12", "--minutes", "90"]),
      1, /permission_denied \(42501\)/,
    );
    expectOneLineFailure(
      await cli.bufdir(["--as", MENTOR, "activities", "add", "--org", org.name, "--kind", "group_meeting", "--date", "2026-06-12", "--minutes", "1441"]),
      1, /invalid_input \(22023\)/,
    );
    expectOneLineFailure(await cli.bufdir(["--as", OTHER_MENTOR, "activities", "delete", "--org", org.name, "--id", registered.id]), 1, /not_found \(P0002\)/);
    expectOneLineFailure(
      await cli.bufdir(["--as", MENTOR, "activities", "add", "--org", org.name, "--kind", "chat", "--date", "2026-06-12", "--minutes", "90"]),
      2, /--kind must be one of/,
    );
    expect(await activityFingerprint()).toBe(before);
  });

  it("refuses a date in any form but YYYY-MM-DD: usage exit, the format named, nothing written", async () => {
    const before = await activityFingerprint();
    for (const date of ["12.06.2026", "06/12/2026", "12-06-2026", "2026-02-30", "2026-6-12"]) {
      expectOneLineFailure(
        await cli.bufdir(["--as", MENTOR, "activities", "add", "--org", org.name, "--kind", "group_meeting", "--date", date, "--minutes", "90"]),
        2, new RegExp(`invalid --date "${date}": expected a real date as YYYY-MM-DD`),
      );
    }
    const json = expectJsonFailure(
      await cli.bufdir(["--json", "--as", MENTOR, "activities", "add", "--org", org.name, "--kind", "group_meeting", "--date", "12.06.2026", "--minutes", "90"]),
      2, "invalid_date",
    );
    expect(json.message).toMatch(/YYYY-MM-DD/);
    expect(await activityFingerprint()).toBe(before);
  });

  it("delete soft-deletes the mentor's own entry", async () => {
    const deleted = await cli.bufdirJson<ActivityRegistration>(["--as", MENTOR, "activities", "delete", "--org", org.name, "--id", registered.id]);
    expect(deleted.deleted_at).not.toBeNull();
    const listed = await cli.bufdirJson<ActivityRegistration[]>(["--as", MENTOR, "activities", "list", "--org", org.name, "--period", "2026-06"]);
    expect(listed.map((activity) => activity.id)).not.toContain(registered.id);
  });
});
