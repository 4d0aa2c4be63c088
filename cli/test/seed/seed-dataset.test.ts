import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareDatabase } from "../../../scripts/lib/migrations.ts";
import { createScratchDatabase, type ScratchDatabase } from "../../../scripts/lib/scratch-database.ts";
import {
  DUPLICATE_EVERY,
  MUNICIPALITIES,
  SeedConflictError,
  SEEDED_TABLES,
  seedDataset,
  type SeedProgress,
  type SeedSummary,
} from "../../src/seed/index.ts";
import { testTarget } from "../../../scripts/test/support/test-target.ts";
import { tableFingerprints } from "./support/table-fingerprints.ts";

// Two fresh databases get the same default dataset, the second in smaller chunks
// (so chunking cannot matter); the first is then checked row by row.
let first: ScratchDatabase;
let second: ScratchDatabase;
let db: pg.Client;
let other: pg.Client;
let summary: SeedSummary;
let progress: SeedProgress[];

beforeAll(async () => {
  [first, second] = await Promise.all([createScratchDatabase(testTarget()), createScratchDatabase(testTarget())]);
  await Promise.all([prepareDatabase(first.url), prepareDatabase(second.url)]);
  db = new pg.Client(first.url);
  other = new pg.Client(second.url);
  await Promise.all([db.connect(), other.connect()]);
  summary = await seedDataset(db);
  progress = [];
  await seedDataset(other, { chunkSize: 397 }, (report) => progress.push(report));
});

afterAll(async () => {
  await Promise.all([db?.end(), other?.end()]);
  await Promise.all([first?.dispose(), second?.dispose()]);
});

async function rows<T extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<T[]> {
  return (await db.query<T>(sql, values)).rows;
}

const organisationIds = () => summary.organisations.map((organisation) => organisation.id);

/** Rule 2 of db/fixtures/README.md, written out independently of the aggregation. */
const PROXY_DUPLICATES_BY_RULE = `
  with sets as (
    select a.org_id, a.id, a.registration_path, a.activity_date, a.kind,
           (select array_agg(m.mentor_id order by m.mentor_id) from public.activity_mentors m
            where m.org_id = a.org_id and m.activity_id = a.id) as mentors,
           (select coalesce(array_agg(p.contact_id order by p.contact_id), '{}') from public.activity_participants p
            where p.org_id = a.org_id and p.activity_id = a.id) as contacts
    from public.activities a
    where a.deleted_at is null and a.activity_date between $1 and $2
  )
  select p.org_id, count(*)::int as duplicates
  from sets p
  where p.registration_path = 'proxy'
    and exists (select from sets d
                where d.registration_path = 'direct' and d.org_id = p.org_id and d.activity_date = p.activity_date
                  and d.kind = p.kind and d.mentors = p.mentors and d.contacts = p.contacts)
  group by p.org_id`;

/**
 * Rule 2 as the figures apply it: twins agree on every value a figure reads too,
 * and only entries in scope (rule 4: an approved mentor active on the day) are
 * compared. The seed has no review limits, so none is held.
 */
const PROXY_DUPLICATES_IN_SCOPE = `
  with sets as (
    select a.org_id, a.id, a.registration_path, a.activity_date, a.kind, a.duration_minutes, a.anonymous_participants,
           a.in_norway, left(a.municipality_code, 2) as county,
           (select array_agg(m.mentor_id order by m.mentor_id) from public.activity_mentors m
            where m.org_id = a.org_id and m.activity_id = a.id) as mentors,
           (select coalesce(array_agg(p.contact_id order by p.contact_id), '{}') from public.activity_participants p
            where p.org_id = a.org_id and p.activity_id = a.id) as contacts
    from public.activities a
    where a.deleted_at is null and a.activity_date between $1 and $2
      and exists (select from public.activity_mentors m
                  join public.members mem on mem.org_id = m.org_id and mem.user_id = m.mentor_id and mem.approval_status = 'approved'
                  join public.mentor_active_periods ap on ap.org_id = m.org_id and ap.mentor_id = m.mentor_id
                   and a.activity_date >= ap.active_from and (ap.active_to is null or a.activity_date <= ap.active_to)
                  where m.org_id = a.org_id and m.activity_id = a.id)
  )
  select p.org_id, count(*)::int as duplicates
  from sets p
  where p.registration_path = 'proxy'
    and exists (select from sets d
                where d.registration_path = 'direct' and d.org_id = p.org_id and d.activity_date = p.activity_date
                  and d.kind = p.kind and d.mentors = p.mentors and d.contacts = p.contacts
                  and d.duration_minutes = p.duration_minutes and d.anonymous_participants = p.anonymous_participants
                  and d.in_norway = p.in_norway and d.county is not distinct from p.county)
  group by p.org_id`;

describe("seedDataset determinism", () => {
  it("writes byte-identical rows, ids included, into two fresh databases from the same seed", async () => {
    const [a, b] = await Promise.all([tableFingerprints(db), tableFingerprints(other)]);
    expect(a).toEqual(b);
    expect(new Set(Object.values(a)).size).toBe(Object.keys(a).length);
  });

  it("derives the same ids on every engine", () => {
    // Pinned: a change here changes every demo's ids, and must be deliberate.
    expect(summary.organisations.map((organisation) => organisation.id)).toEqual([
      "9b689318-072f-411d-8462-40ed04af9b50",
      "38852b73-117b-4105-8789-2a5ac7ee2f37",
    ]);
    expect(summary.users.find((user) => user.email === "coordinator@org2.example")?.id).toBe(
      "5ae31777-29b2-4798-812d-1e057468ba29",
    );
  });

  it("writes different rows from a different seed, with the same demo e-mail addresses", async () => {
    const before = await tableFingerprints(other);
    // Activities first: their links to members and contacts do not cascade.
    for (const table of ["public.activities", "public.contacts", "public.organisations", "auth.users"]) {
      await other.query(`delete from ${table}`);
    }
    const changed = await seedDataset(other, { seed: "another seed" });
    const after = await tableFingerprints(other);
    for (const table of Object.keys(before) as (keyof typeof before)[]) expect(after[table], table).not.toBe(before[table]);
    expect(changed.users.map((user) => user.email)).toEqual(summary.users.map((user) => user.email));
    expect(changed.users[0]!.id).not.toBe(summary.users[0]!.id);
  });

  it("reports progress per phase in order, from 0 to the total, once per chunk", () => {
    const phases = progress.map((report) => report.phase).filter((phase, index, all) => phase !== all[index - 1]);
    expect(phases).toEqual(["roster", "contacts", "activities"]);
    for (const phase of phases) {
      const reports = progress.filter((report) => report.phase === phase);
      expect(reports[0]!.done).toBe(0);
      expect(reports.at(-1)!.done).toBe(reports[0]!.total);
      for (let i = 1; i < reports.length; i++) expect(reports[i]!.done).toBeGreaterThan(reports[i - 1]!.done);
    }
    // 1500 activities per organisation in chunks of 397: 4 chunks each, after the initial 0.
    expect(progress.filter((report) => report.phase === "activities")).toHaveLength(1 + 2 * 4);
    expect(progress.find((report) => report.phase === "activities")!.total).toBe(3000);
  });

  it("refuses a database that holds the dataset already, and changes nothing", async () => {
    const before = await tableFingerprints(db);
    await expect(seedDataset(db)).rejects.toBeInstanceOf(SeedConflictError);
    expect(await tableFingerprints(db)).toEqual(before);
  });

  it("rejects invalid options before touching the database", async () => {
    const before = await tableFingerprints(db);
    await expect(seedDataset(db, { activitiesPerOrganisation: [10] })).rejects.toThrow(/activitiesPerOrganisation/);
    expect(await tableFingerprints(db)).toEqual(before);
  });
});

describe("seedDataset statistics", () => {
  it("leaves every table it writes analysed, so the first report is not planned blind", async () => {
    const analysed = await rows<{ table: string; reltuples: number }>(
      `select c.oid::regclass::text as table, c.reltuples from pg_catalog.pg_class c where c.oid = any ($1::regclass[])`,
      [[...SEEDED_TABLES]]);
    expect(analysed).toHaveLength(SEEDED_TABLES.length);
    for (const table of analysed) expect(table.reltuples, table.table).toBeGreaterThanOrEqual(0);
  });
});

describe("seedDataset counts", () => {
  it("creates what the options ask for", async () => {
    expect(summary.organisations.map(({ mentors, contacts, activities }) => ({ mentors, contacts, activities }))).toEqual([
      { mentors: 15, contacts: 60, activities: 1500 },
      { mentors: 15, contacts: 60, activities: 1500 },
    ]);
    // Per organisation an admin, a coordinator and 15 mentor slots; the second shares two people with the first.
    expect(summary.counts["auth.users"]).toBe(2 * 17 - 1);
    expect(summary.counts["public.members"]).toBe(17 + 18);
    expect(summary.counts["public.activities"]).toBe(3000);
    expect(summary.counts["public.contacts"]).toBe(120);
    const [counted] = await rows<{ activities: string; participants: string }>(
      `select (select count(*) from public.activities) as activities,
              (select count(*) from public.activity_participants) as participants`,
    );
    expect(Number(counted!.activities)).toBe(summary.counts["public.activities"]);
    expect(Number(counted!.participants)).toBe(summary.counts["public.activity_participants"]);
  });

  it("names the demo users with their memberships", () => {
    const user = (email: string) => summary.users.find((candidate) => candidate.email === email);
    expect(user("coordinator@org1.example")?.memberships).toEqual([
      { organisationIndex: 1, organisationId: organisationIds()[0], role: "coordinator", approvalStatus: "approved" },
    ]);
    expect(user("admin@org2.example")?.memberships.map((m) => m.role)).toEqual(["admin"]);
    expect(user("mentor1@org1.example")?.memberships.map((m) => [m.organisationIndex, m.role])).toEqual([
      [1, "peer_mentor"],
      [2, "peer_mentor"],
    ]);
    expect(user("mentor2@org1.example")?.memberships.map((m) => [m.organisationIndex, m.role])).toEqual([
      [1, "peer_mentor"],
      [2, "coordinator"],
    ]);
    expect(user("mentor3@org1.example")?.memberships[0]?.approvalStatus).toBe("pending");
    expect(user("mentor5@org1.example")?.memberships[0]?.approvalStatus).toBe("revoked");
  });
});

describe("seedDataset realism", () => {
  it("uses every registration path and every activity kind in every organisation", async () => {
    const found = await rows<{ org_id: string; paths: string[]; kinds: string[] }>(
      `select org_id, array_agg(distinct registration_path::text order by registration_path::text) as paths,
              array_agg(distinct kind::text order by kind::text) as kinds
       from public.activities group by org_id`,
    );
    expect(found).toHaveLength(2);
    for (const organisation of found) {
      expect(organisation.paths).toEqual(["bulk", "direct", "proxy"]);
      expect(organisation.kinds).toEqual(["group_meeting", "in_person_outreach", "mentor_course", "other", "phone_or_digital"]);
    }
  });

  it("has coordinators and an admin per organisation, and pending, revoked and inactive mentors", async () => {
    const [roster] = await rows<Record<string, number>>(
      `select count(*) filter (where role = 'admin')::int as admins,
              count(*) filter (where role = 'coordinator')::int as coordinators,
              count(*) filter (where role = 'peer_mentor' and approval_status = 'pending')::int as pending,
              count(*) filter (where role = 'peer_mentor' and approval_status = 'revoked')::int as revoked,
              count(distinct org_id) filter (where role = 'admin')::int as organisations_with_admin
       from public.members`,
    );
    expect(roster).toEqual({ admins: 2, coordinators: 3, pending: 4, revoked: 2, organisations_with_admin: 2 });
    const [periods] = await rows<{ ended: number; started: number; with_break: number }>(
      `select count(*) filter (where active_to between '2026-01-01' and '2026-12-30')::int as ended,
              count(*) filter (where active_from > '2026-01-01')::int as started,
              (select count(*)::int from (select from public.mentor_active_periods
                                          group by org_id, mentor_id having count(*) > 1) twice) as with_break
       from public.mentor_active_periods`,
    );
    expect(periods!.ended).toBeGreaterThan(0);
    expect(periods!.started).toBeGreaterThan(0);
    expect(periods!.with_break).toBeGreaterThan(0);
  });

  it("has soft deletes, anonymous bulk head counts, activities abroad and municipalities of the 2024 list", async () => {
    const [found] = await rows<Record<string, number>>(
      `select count(*) filter (where deleted_at is not null)::int as deleted,
              count(*) filter (where registration_path = 'bulk' and anonymous_participants > 0
                                 and not exists (select from public.activity_participants p
                                                 where p.org_id = a.org_id and p.activity_id = a.id))::int as anonymous_bulk,
              count(*) filter (where registration_path = 'bulk')::int as bulk,
              count(*) filter (where not in_norway and municipality_code is null)::int as abroad,
              count(*) filter (where not in_norway)::int as not_in_norway,
              count(*) filter (where municipality_code is not null and municipality_code_version <> '2024')::int as other_code_list,
              count(*) filter (where municipality_code <> all ($1::text[]))::int as unknown_codes
       from public.activities a`,
      [MUNICIPALITIES.map((municipality) => municipality.code)],
    );
    expect(found!.deleted).toBeGreaterThan(0);
    expect(found!.anonymous_bulk).toBe(found!.bulk);
    expect(found!.bulk).toBeGreaterThan(0);
    expect(found!.abroad).toBe(found!.not_in_norway);
    expect(found!.abroad).toBeGreaterThan(0);
    expect(found!.other_code_list).toBe(0);
    expect(found!.unknown_codes).toBe(0);
  });

  it("spreads activities over the whole year with fewer in July and at weekends", async () => {
    const months = await rows<{ month: number; activities: number }>(
      `select extract(month from activity_date)::int as month, count(*)::int as activities
       from public.activities where activity_date between '2026-01-01' and '2026-12-31' group by 1 order by 1`,
    );
    expect(months.map((month) => month.month)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(months.reduce((sum, month) => sum + month.activities, 0)).toBe(3000);
    const july = months[6]!.activities;
    expect(Math.max(...months.map((month) => month.activities))).toBeGreaterThan(2.5 * july);
    const [week] = await rows<{ weekday: number; weekend: number }>(
      `select count(*) filter (where extract(isodow from activity_date) = 3)::int as weekday,
              count(*) filter (where extract(isodow from activity_date) = 7)::int as weekend
       from public.activities`,
    );
    expect(week!.weekday).toBeGreaterThan(2 * week!.weekend);
  });

  it("gives contacts synthetic names, phone numbers and e-mail addresses on example domains", async () => {
    const [found] = await rows<Record<string, number>>(
      `select count(*)::int as contacts,
              count(*) filter (where phone is not null and phone !~ '^\\+47 000 [0-9]{2,} [0-9]{3,}$')::int as odd_phones,
              count(*) filter (where email is not null and email !~ '@example\\.(org|net|com)$')::int as odd_emails,
              count(*) filter (where phone is not null)::int as phones,
              count(*) filter (where email is not null)::int as emails
       from public.contacts`,
    );
    expect(found).toMatchObject({ contacts: 120, odd_phones: 0, odd_emails: 0 });
    expect(found!.phones).toBeGreaterThan(0);
    expect(found!.emails).toBeGreaterThan(0);
    const users = await rows<{ email: string }>(`select email from auth.users where email !~ '^[a-z0-9]+@org[0-9]+\\.example$'`);
    expect(users).toEqual([]);
  });
});

describe("seedDataset proxy duplicates", () => {
  it("makes exactly every 40th activity a proxy duplicate of the direct entry before it, as rule 2 recognises", async () => {
    const found = await rows<{ org_id: string; duplicates: number }>(PROXY_DUPLICATES_BY_RULE, ["2026-01-01", "2026-12-31"]);
    const expected = Math.floor(1500 / DUPLICATE_EVERY);
    expect(expected).toBe(37);
    expect(Object.fromEntries(found.map((row) => [row.org_id, row.duplicates]))).toEqual(
      Object.fromEntries(summary.organisations.map((organisation) => [organisation.id, expected])),
    );
    expect(summary.organisations.map((organisation) => organisation.proxyDuplicates)).toEqual([expected, expected]);
  });
});

describe("seedDataset invariants", () => {
  it("gives every activity at least one mentor, each a peer mentor of its organisation", async () => {
    const [found] = await rows<{ without_mentor: number; non_mentors: number }>(
      `select (select count(*)::int from public.activities a
               where not exists (select from public.activity_mentors m where m.org_id = a.org_id and m.activity_id = a.id)) as without_mentor,
              (select count(*)::int from public.activity_mentors am
               join public.members m on m.org_id = am.org_id and m.user_id = am.mentor_id
               where m.role <> 'peer_mentor') as non_mentors`,
    );
    expect(found).toEqual({ without_mentor: 0, non_mentors: 0 });
  });

  it("has direct entries registered by one of their mentors, proxy and bulk entries by a coordinator or admin", async () => {
    const [found] = await rows<{ direct_by_other: number; managed_by_other: number }>(
      `select count(*) filter (where a.registration_path = 'direct' and not exists (
                select from public.activity_mentors m where m.org_id = a.org_id and m.activity_id = a.id and m.mentor_id = a.registered_by)
              )::int as direct_by_other,
              count(*) filter (where a.registration_path <> 'direct' and not exists (
                select from public.members m where m.org_id = a.org_id and m.user_id = a.registered_by and m.role in ('coordinator', 'admin'))
              )::int as managed_by_other
       from public.activities a`,
    );
    expect(found).toEqual({ direct_by_other: 0, managed_by_other: 0 });
  });

  it("has plausible durations, participants and registration times", async () => {
    const [found] = await rows<Record<string, number>>(
      `select count(*) filter (where a.duration_minutes not between 10 and 360)::int as odd_durations,
              count(*) filter (where a.kind in ('in_person_outreach', 'phone_or_digital')
                                 and a.anonymous_participants + (select count(*) from public.activity_participants p
                                                                 where p.org_id = a.org_id and p.activity_id = a.id) = 0)::int as nobody_met,
              count(*) filter (where (select count(*) from public.activity_participants p
                                      where p.org_id = a.org_id and p.activity_id = a.id) > 8)::int as crowded,
              count(*) filter (where a.created_at < a.activity_date::timestamp at time zone 'UTC')::int as registered_before,
              count(*) filter (where a.deleted_at is not null and a.deleted_at <= a.created_at)::int as deleted_before
       from public.activities a`,
    );
    expect(found).toEqual({ odd_durations: 0, nobody_met: 0, crowded: 0, registered_before: 0, deleted_before: 0 });
  });

  it("went through the staleness bookkeeping like any other write", async () => {
    const found = await rows<{ org_id: string; live: string; bookkept: string }>(
      `select a.org_id, count(*) filter (where a.deleted_at is null) as live,
              (select sum(d.live_activities) from private.activity_day_stats d where d.org_id = a.org_id) as bookkept
       from public.activities a group by a.org_id`,
    );
    expect(found).toHaveLength(2);
    for (const organisation of found) expect(organisation.bookkept).toBe(organisation.live);
  });
});

describe("seedDataset and the snapshot RPCs", () => {
  it("lets the service role refresh a sound, fresh snapshot with activity-days of every kind and the duplicates merged", async () => {
    const organisation = organisationIds()[0];
    await db.query("begin");
    try {
      await db.query("set local role service_role");
      await db.query(`select set_config('request.jwt.claims', '{"role":"service_role"}', true)`);
      const [snapshot] = (
        await db.query<{ figures: { totals: Record<string, number>; activity_days_by_kind: Record<string, number>; activities_by_path: Record<string, number> } }>(
          `select snapshot_json as figures from public.refresh_metric_snapshot($1, '2026-01-01', '2026-06-30')`,
          [organisation],
        )
      ).rows;
      const [status] = (
        await db.query<{ is_stale: boolean }>(`select is_stale from public.metric_snapshot_status($1, '2026-01-01', '2026-06-30')`, [organisation])
      ).rows;
      const differences = await db.query(`select * from public.verify_metric_snapshot($1, '2026-01-01', '2026-06-30')`, [organisation]);
      await db.query("commit");

      expect(snapshot!.figures.totals.activity_days).toBeGreaterThan(0);
      const [byRule] = await rows<{ duplicates: number }>(
        `select duplicates from (${PROXY_DUPLICATES_IN_SCOPE}) d where d.org_id = $3`, ["2026-01-01", "2026-06-30", organisation],
      );
      expect(snapshot!.figures.totals.proxy_duplicates_merged).toBe(byRule!.duplicates);
      expect(byRule!.duplicates).toBeGreaterThan(0);
      expect(snapshot!.figures.totals.unique_participants_is_lower_bound).toBe(true);
      for (const days of Object.values(snapshot!.figures.activity_days_by_kind)) expect(days).toBeGreaterThan(0);
      for (const activities of Object.values(snapshot!.figures.activities_by_path)) expect(activities).toBeGreaterThan(0);
      expect(status!.is_stale).toBe(false);
      expect(differences.rows).toEqual([]);
    } catch (error) {
      await db.query("rollback");
      throw error;
    }
  });
});
