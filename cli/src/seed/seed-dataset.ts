/**
 * The dataset generator: a realistic, deterministic dataset for the real schema,
 * written set-based (insert … select from generate_series) in chunks, one
 * statement per chunk, so the same code fills a demo on the embedded engine in
 * seconds and a million activities on PostgreSQL.
 */
import type pg from "pg";
import { activitiesStatement } from "./seed-activities.ts";
import { SeedConflictError } from "./seed-conflict-error.ts";
import { contactsStatement } from "./seed-contacts.ts";
import { type ResolvedSeedOptions, resolveSeedOptions, type SeedOptions } from "./seed-options.ts";
import { organisationIdSql, seedUserEmail } from "./seed-people.ts";
import type { SeedPhase, SeedProgress } from "./seed-progress.ts";
import { organisationsStatement, rosterStatement } from "./seed-roster.ts";
import { readSeedSummary, SEEDED_TABLES, type SeedSummary } from "./seed-summary.ts";

/** [from, to] ranges (1-based, inclusive) that cover 1..total in steps of `size`. */
function* chunks(total: number, size: number): Generator<readonly [number, number]> {
  for (let from = 1; from <= total; from += size) yield [from, Math.min(total, from + size - 1)];
}

/** Refuses a database that already holds this seed's organisations or any seed's demo users. */
async function refuseExistingData(client: pg.ClientBase, options: ResolvedSeedOptions): Promise<void> {
  const emails: string[] = [];
  for (let n = 1; n <= options.organisations; n++) emails.push(seedUserEmail("admin", n), seedUserEmail("coordinator", n));
  const found = await client.query<{ conflict: string }>(
    `select email as conflict from auth.users where email = any($2::text[])
     union all
     select 'organisation ' || id from public.organisations
     where id in (select ${organisationIdSql("o")} from generate_series(1, $3::int) o)`,
    [options.seed, emails, options.organisations],
  );
  if (found.rows.length > 0) throw new SeedConflictError(found.rows.map((row) => row.conflict));
}

/**
 * Writes a dataset into the database `client` is connected to, as the database
 * owner (it inserts into auth.users and bypasses row-level security), in one
 * transaction of its own: all of it or nothing. Call it on a client that is not
 * inside a transaction. Same seed and options, same rows, ids included.
 *
 * Throws SeedConflictError (before writing anything) when the database already
 * holds this seed's organisations or the demo users' e-mail addresses, and a
 * RangeError for invalid options.
 *
 * @example
 * const client = new pg.Client(url);
 * await client.connect();
 * const summary = await seedDataset(client, { seed: "demo", activitiesPerOrganisation: [100_000, 1500] },
 *   ({ phase, done, total }) => console.log(`${phase}: ${done}/${total}`));
 * console.log(summary.organisations[0]!.id, summary.counts["public.activities"]);
 */
export async function seedDataset(
  client: pg.ClientBase,
  options: Partial<SeedOptions> = {},
  onProgress?: (progress: SeedProgress) => void,
): Promise<SeedSummary> {
  const resolved = resolveSeedOptions(options);
  const report = (phase: SeedPhase, done: number, total: number) => onProgress?.({ phase, done, total });
  const organisations = Array.from({ length: resolved.organisations }, (_, index) => index + 1);

  await client.query("begin");
  try {
    // Row estimates of generate_series are guesses; they make PostgreSQL JIT-compile
    // each chunk for seconds, longer than the chunk takes to run.
    await client.query("set local jit = off");
    await refuseExistingData(client, resolved);

    report("roster", 0, resolved.organisations);
    await client.query(organisationsStatement(resolved));
    // In order: an organisation's roster includes two people of the one before it.
    for (const organisation of organisations) {
      await client.query(rosterStatement(resolved, organisation));
      report("roster", organisation, resolved.organisations);
    }

    const contactTotal = resolved.organisations * resolved.contactsPerOrganisation;
    let contactsDone = 0;
    report("contacts", 0, contactTotal);
    for (const organisation of organisations) {
      for (const [from, to] of chunks(resolved.contactsPerOrganisation, resolved.chunkSize)) {
        await client.query(contactsStatement(resolved, organisation, from, to));
        contactsDone += to - from + 1;
        report("contacts", contactsDone, contactTotal);
      }
    }

    const activityTotal = resolved.activitiesPerOrganisation.reduce((sum, count) => sum + count, 0);
    let activitiesDone = 0;
    report("activities", 0, activityTotal);
    for (const organisation of organisations) {
      for (const [from, to] of chunks(resolved.activitiesPerOrganisation[organisation - 1]!, resolved.chunkSize)) {
        await client.query(activitiesStatement(resolved, organisation, from, to));
        activitiesDone += to - from + 1;
        report("activities", activitiesDone, activityTotal);
      }
    }

    const summary = await readSeedSummary(client, resolved);
    await client.query("commit");
    await analyzeSeededTables(client);
    return summary;
  } catch (error) {
    await client.query("rollback").catch(() => undefined);
    throw error;
  }
}

/**
 * Gathers planner statistics for what a bulk load wrote. Until autovacuum gets to
 * it, a freshly loaded table has none, and the first report would be planned blind.
 */
async function analyzeSeededTables(client: pg.ClientBase): Promise<void> {
  // The staleness bookkeeping is written by the activities' triggers.
  await client.query(`analyze ${[...SEEDED_TABLES, "private.activity_day_stats"].join(", ")}`);
}
