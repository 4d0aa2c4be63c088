/**
 * The same aggregation on both engines: one seeded organisation-year of 20 000
 * activities computed on a fresh PostgreSQL database and on the embedded engine
 * (PGlite), from scratch, each right after its load.
 */
import pg from "pg";
import { prepareDatabase } from "../scripts/lib/migrations.ts";
import { createScratchDatabase } from "../scripts/lib/scratch-database.ts";
import { startEmbeddedServer } from "../scripts/lib/embedded-server.ts";
import type { DatabaseTarget } from "../scripts/lib/database-target.ts";
import { seedDataset } from "../cli/src/seed/index.ts";
import { measure, type Timing } from "../scripts/lib/measure.ts";

export interface EngineComparison {
  readonly postgres: Timing;
  readonly embedded: Timing;
}

const ACTIVITIES = 20_000;
const MENTORS = 200;

async function computeYear(url: string, label: string): Promise<Timing> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    // As many mentors as the bench dataset, so that no mentor-day passes the plausibility limits.
    const summary = await seedDataset(client, { organisations: 1, mentorsPerOrganisation: MENTORS, activitiesPerOrganisation: [ACTIVITIES] });
    const organisation = summary.organisations[0]!.id;
    return await measure(`compute_metrics, 20k organisation-year, ${label}`, () =>
      client.query(`select private.compute_metrics($1, '2026-01-01', '2026-12-31')`, [organisation]), { runs: 3, warmup: 1 });
  } finally {
    await client.end();
  }
}

/** Seeds and measures both engines, one after the other. */
export async function compareEngines(postgres: Extract<DatabaseTarget, { engine: "postgres" }>, log: (line: string) => void): Promise<EngineComparison> {
  log("  engines: a 20k organisation-year on PostgreSQL");
  const scratch = await createScratchDatabase(postgres);
  let postgresTiming: Timing;
  try {
    await prepareDatabase(scratch.url);
    postgresTiming = await computeYear(scratch.url, "PostgreSQL");
  } finally {
    await scratch.dispose();
  }
  log("  engines: the same on the embedded engine");
  const embedded = await startEmbeddedServer();
  try {
    await prepareDatabase(embedded.url);
    return { postgres: postgresTiming, embedded: await computeYear(embedded.url, "embedded engine") };
  } finally {
    await embedded.stop();
  }
}
