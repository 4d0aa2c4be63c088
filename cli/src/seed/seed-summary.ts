/**
 * What a seeded dataset holds, read back from the database: the organisations,
 * the named demo users a demo can act as, and row counts per table.
 */
import type pg from "pg";
import { DUPLICATE_EVERY } from "./seed-activities.ts";
import type { ResolvedSeedOptions } from "./seed-options.ts";
import { organisationIdSql, seedUserEmail } from "./seed-people.ts";

/**
 * The tables the generator writes, as counted in a summary.
 *
 * @example
 * for (const table of SEEDED_TABLES) console.log(table, summary.counts[table]);
 */
export const SEEDED_TABLES = [
  "auth.users",
  "public.organisations",
  "public.members",
  "public.mentor_active_periods",
  "public.contacts",
  "public.activities",
  "public.activity_mentors",
  "public.activity_participants",
] as const;

/**
 * One of SEEDED_TABLES.
 *
 * @example
 * const table: SeededTable = "public.activities";
 */
export type SeededTable = (typeof SEEDED_TABLES)[number];

/**
 * One seeded organisation.
 *
 * @example
 * const [first]: readonly SeededOrganisation[] = summary.organisations; // first.id, first.name
 */
export interface SeededOrganisation {
  /** 1-based, as in the demo users' addresses (`orgN.example`). */
  readonly index: number;
  readonly id: string;
  readonly name: string;
  /** Peer mentors (members with that role). */
  readonly mentors: number;
  readonly contacts: number;
  /** Activity rows, proxy duplicates and soft-deleted rows included. */
  readonly activities: number;
  /** Proxy entries made as duplicates of a direct entry (merged by the counting rules). */
  readonly proxyDuplicates: number;
}

/**
 * A membership of a demo user.
 *
 * @example
 * const coordinates = (m: SeededMembership) => m.role === "coordinator" || m.role === "admin";
 */
export interface SeededMembership {
  readonly organisationIndex: number;
  readonly organisationId: string;
  readonly role: "peer_mentor" | "coordinator" | "admin";
  readonly approvalStatus: "pending" | "approved" | "revoked";
}

/**
 * A user a demo can act as (by id in the JWT's `sub`, or by e-mail address).
 *
 * @example
 * const claims = (user: SeededUser) => JSON.stringify({ sub: user.id, email: user.email, role: "authenticated" });
 */
export interface SeededUser {
  readonly email: string;
  readonly id: string;
  readonly memberships: readonly SeededMembership[];
}

/**
 * What seedDataset returns.
 *
 * @example
 * const summary = await seedDataset(client);
 * const coordinator = summary.users.find((u) => u.email === "coordinator@org1.example")!;
 * console.log(summary.counts["public.activities"], coordinator.id);
 */
export interface SeedSummary {
  readonly seed: string;
  readonly year: number;
  readonly organisations: readonly SeededOrganisation[];
  /**
   * Per organisation: its admin, its coordinator and mentors 1–5 (those it has),
   * with every membership they hold. Mentors 1 and 2 of an organisation also
   * belong to the next one (mentor 1 as a mentor, mentor 2 as a coordinator).
   */
  readonly users: readonly SeededUser[];
  /** Rows per table that belong to the seeded organisations. */
  readonly counts: Readonly<Record<SeededTable, number>>;
}

/** The e-mail addresses of the demo users a summary lists, in order. */
function demoUserEmails(options: ResolvedSeedOptions): string[] {
  const emails: string[] = [];
  for (let n = 1; n <= options.organisations; n++) {
    emails.push(seedUserEmail("admin", n), seedUserEmail("coordinator", n));
    // The last slot of organisations after the first belongs to the previous organisation's mentor 1.
    const ownSlots = n > 1 ? options.mentorsPerOrganisation - 1 : options.mentorsPerOrganisation;
    for (let slot = 1; slot <= Math.min(5, ownSlots); slot++) emails.push(seedUserEmail("mentor", n, slot));
  }
  return emails;
}

/**
 * Reads the summary of a dataset seeded with `options` (resolved) from the database.
 *
 * @example
 * const summary = await readSeedSummary(client, resolveSeedOptions({ seed: "demo" }));
 */
export async function readSeedSummary(client: pg.ClientBase, options: ResolvedSeedOptions): Promise<SeedSummary> {
  const organisations = await client.query<{ index: number; id: string; name: string; mentors: string; contacts: string; activities: string }>(
    `select o.index, org.id, org.name,
            (select count(*) from public.members m where m.org_id = org.id and m.role = 'peer_mentor') as mentors,
            (select count(*) from public.contacts c where c.org_id = org.id) as contacts,
            (select count(*) from public.activities a where a.org_id = org.id) as activities
     from generate_series(1, $2::int) o(index)
     join public.organisations org on org.id = ${organisationIdSql("o.index")}
     order by o.index`,
    [options.seed, options.organisations],
  );
  if (organisations.rows.length !== options.organisations) {
    throw new Error(`expected ${options.organisations} seeded organisations, found ${organisations.rows.length}`);
  }
  const ids = organisations.rows.map((row) => row.id);
  const indexOf = new Map(organisations.rows.map((row) => [row.id, row.index]));

  const counted = await client.query<Record<string, string>>(
    `select
       (select count(*) from auth.users u where exists (select from public.members m where m.user_id = u.id and m.org_id = any($1::uuid[]))) as "auth.users",
       (select count(*) from public.organisations where id = any($1::uuid[])) as "public.organisations",
       (select count(*) from public.members where org_id = any($1::uuid[])) as "public.members",
       (select count(*) from public.mentor_active_periods where org_id = any($1::uuid[])) as "public.mentor_active_periods",
       (select count(*) from public.contacts where org_id = any($1::uuid[])) as "public.contacts",
       (select count(*) from public.activities where org_id = any($1::uuid[])) as "public.activities",
       (select count(*) from public.activity_mentors where org_id = any($1::uuid[])) as "public.activity_mentors",
       (select count(*) from public.activity_participants where org_id = any($1::uuid[])) as "public.activity_participants"`,
    [ids],
  );
  const row = counted.rows[0]!;
  const counts = Object.fromEntries(SEEDED_TABLES.map((table) => [table, Number(row[table])])) as Record<SeededTable, number>;

  const emails = demoUserEmails(options);
  const memberships = await client.query<{ id: string; email: string; org_id: string; role: SeededMembership["role"]; approval_status: SeededMembership["approvalStatus"] }>(
    `select u.id, u.email, m.org_id, m.role::text as role, m.approval_status::text as approval_status
     from auth.users u
     join public.members m on m.user_id = u.id
     where u.email = any($1::text[]) and m.org_id = any($2::uuid[])`,
    [emails, ids],
  );
  const users = emails.flatMap((email): SeededUser[] => {
    const rows = memberships.rows.filter((membership) => membership.email === email);
    if (rows.length === 0) return [];
    return [{
      email,
      id: rows[0]!.id,
      memberships: rows
        .map((membership) => ({
          organisationIndex: indexOf.get(membership.org_id)!,
          organisationId: membership.org_id,
          role: membership.role,
          approvalStatus: membership.approval_status,
        }))
        .sort((a, b) => a.organisationIndex - b.organisationIndex),
    }];
  });

  return {
    seed: options.seed,
    year: options.year,
    organisations: organisations.rows.map((organisation) => ({
      index: organisation.index,
      id: organisation.id,
      name: organisation.name,
      mentors: Number(organisation.mentors),
      contacts: Number(organisation.contacts),
      activities: Number(organisation.activities),
      proxyDuplicates: Math.floor(options.activitiesPerOrganisation[organisation.index - 1]! / DUPLICATE_EVERY),
    })),
    users,
    counts,
  };
}
