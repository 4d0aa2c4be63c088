/**
 * `bufdir demo` (what `make demo` runs): the whole system on a fresh embedded
 * database in about a minute. Seeds two organisations, computes a half-year
 * snapshot, shows a cache hit against a fresh computation, makes it stale,
 * refuses and then accepts an export, shows RLS refusing a mentor's delete and a
 * cross-organisation read, syncs summaries into a local SQLite file and reads
 * them with the database stopped, and writes the HTML report. Everything goes
 * into one folder (.data/demo, or --dir; what an earlier demo wrote there is removed, and a
 * folder holding anything else is refused); the demo always runs on
 * the embedded engine, whatever DATABASE_URL says.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import type { Command } from "commander";
import type { ResultAsync } from "neverthrow";
import {
  ActivityRepository, BufdirMetricsRepository, inRequestContext, periodOrThrow, type DomainFailure, type RequestContext,
} from "@bufdir-reporting/client/node";
import { EMBEDDED_MARKER_FILE, isOwnEmbeddedDataDir } from "../../../scripts/lib/embedded-server.ts";
import { projectRoot } from "../../../scripts/lib/paths.ts";
import { renderReport } from "@bufdir-reporting/client/report";
import { seedDataset } from "../seed/index.ts";
import { measure } from "../../../scripts/lib/measure.ts";
import { resolveActor } from "../actor.ts";
import { slugOf } from "../arguments.ts";
import { openDatabaseSession, type DatabaseSession } from "../database-session.ts";
import { figuresCsv } from "../figures-table.ts";
import { CliFailure, EXIT, failureToCli, printFields, printLine, printTable } from "../output.ts";
import { runCommand } from "../run.ts";
import { unwrap } from "./metrics.ts";
import { syncAndReadOffline } from "./demo-summaries.ts";

/** The mentor who registers an activity in the demo (approved and active all of 2026, in the seed's roster). */
const DEMO_MENTOR = "mentor1@org1.example";

/** Where the demo writes when no --dir is given. */
const DEFAULT_DEMO_DIR = resolve(projectRoot, ".data/demo");

let stepNumber = 0;
function step(title: string): void {
  stepNumber += 1;
  console.log(`\n── ${stepNumber}. ${title} ${"─".repeat(Math.max(0, 66 - title.length))}`);
}

/** The failure a refusal must give, as one line; anything else stops the demo. */
async function expectRefusal(
  result: ResultAsync<unknown, DomainFailure>, reason: string, organisation: { readonly id: string; readonly name: string },
): Promise<string> {
  const settled = await result;
  if (settled.isOk()) throw new CliFailure(`expected a refusal (${reason}), but the call succeeded`, EXIT.query);
  const failure = settled.error;
  if (failure.kind !== "query" || failure.reason !== reason) throw failureToCli(failure, organisation);
  return failureToCli(failure, organisation).message;
}

/** Runs SQL as a signed-in user, the way PostgREST runs a table request (RLS applies). */
async function asUserSql<T extends object>(session: DatabaseSession, context: RequestContext, sql: string, params: unknown[] = []): Promise<T[]> {
  return session.asOwner((client) => inRequestContext(client, context, async (c) => (await c.query<T & Record<string, unknown>>(sql, params)).rows));
}

/** Written into the folder a demo made, so the next run knows it may empty it. */
const DEMO_MARKER_FILE = ".created-by-bufdir-demo";

/**
 * What a demo writes into its folder: its marker (and the marker earlier demos
 * used), its embedded database, the export files, the report and the summaries
 * mirror (with SQLite's side files).
 */
function isDemoOutput(name: string): boolean {
  return (
    name === DEMO_MARKER_FILE ||
    name === EMBEDDED_MARKER_FILE ||
    name === "pglite" ||
    /^summaries\.sqlite(-journal|-wal|-shm)?$/.test(name) ||
    /^bufdir-.+\.(json|csv)$/.test(name) ||
    /^report-.+\.html$/.test(name)
  );
}

/**
 * Readies the demo folder for a fresh run, removing only what an earlier demo
 * wrote there. A folder that holds anything else (`--dir .data`, whose pglite is
 * the default embedded database, or a folder of one's own) is refused whole.
 */
function prepareDemoDir(demoDir: string): void {
  if (existsSync(demoDir)) {
    const entries = readdirSync(demoDir);
    // Earlier demos marked their folder with the embedded engine's marker; later ones with their own.
    const marked = entries.includes(DEMO_MARKER_FILE) || entries.includes(EMBEDDED_MARKER_FILE);
    const foreign = entries.filter((name) => !isDemoOutput(name));
    if (entries.length > 0 && (!marked || foreign.length > 0)) {
      const what = foreign.length > 0 ? `it holds ${foreign.slice(0, 3).map((name) => `"${name}"`).join(", ")}${foreign.length > 3 ? ` and ${foreign.length - 3} more` : ""}, which the demo did not write` : "it was not created by the demo";
      throw new CliFailure(`refusing to use ${demoDir}: ${what}; nothing was removed (pass --dir with a new or empty folder)`, EXIT.usage, "not_a_demo_folder");
    }
    if (entries.includes("pglite") && !isOwnEmbeddedDataDir(join(demoDir, "pglite"))) {
      throw new CliFailure(`refusing to use ${demoDir}: its pglite folder was not created by these scripts; nothing was removed`, EXIT.usage, "not_a_demo_folder");
    }
    for (const name of entries) rmSync(join(demoDir, name), { recursive: true, force: true });
  }
  mkdirSync(demoDir, { recursive: true });
  writeFileSync(join(demoDir, DEMO_MARKER_FILE), "");
}

/** A path as the "go on from here" hints print it: relative to the project when inside it. */
function shownPath(path: string): string {
  const inProject = relative(projectRoot, path);
  return inProject !== "" && !inProject.startsWith("..") && !isAbsolute(inProject) ? inProject : path;
}

async function runDemo(demoDir: string): Promise<void> {
  const started = performance.now();
  const dataDir = resolve(demoDir, "pglite");
  prepareDemoDir(demoDir);
  const period = periodOrThrow("2026-H1");
  let firstOrganisation = "";
  let secondOrganisation = "";

  step("A fresh embedded PostgreSQL, migrated");
  let session: DatabaseSession | undefined = await openDatabaseSession({ migrate: true, dataDir, embeddedOnly: true });
  const db = session;
  try {
    console.log(`PGlite in ${dataDir}, all migrations applied`);

    step("Seed two organisations (deterministic: seed \"bufdir-demo\")");
    const seeded = await db.asOwner((client) => seedDataset(client, { seed: "bufdir-demo" }));
    const [org1, org2] = seeded.organisations as [typeof seeded.organisations[0], typeof seeded.organisations[0]];
    printTable(seeded.organisations.map((org) => ({ organisation: org.name, mentors: org.mentors, contacts: org.contacts, activities: org.activities })));

    firstOrganisation = org1.name;
    secondOrganisation = org2.name;
    const coordinator = await resolveActor(db, "coordinator@org1.example");
    // An approved mentor, active in June 2026: a pending one's entries never count.
    const mentor = await resolveActor(db, DEMO_MENTOR);
    const otherCoordinator = await resolveActor(db, "coordinator@org2.example");
    const repository = new BufdirMetricsRepository(coordinator.transport);

    step(`Compute the ${period.label} snapshot of ${org1.name} (as ${coordinator.label})`);
    const snapshot = await unwrap(repository.refreshMetricSnapshot(org1.id, period));
    const totals = snapshot.snapshot_json.totals;
    const leftOut = snapshot.snapshot_json.entries_left_out_by_reason;
    printFields({
      "activity-days (Bufdir)": `${totals.activity_days}: activities that count, one activity-day each, per mentor and day (a mentor's further entry that day counts only with new participants), so not calendar days`,
      activities: `${totals.activities_total} in the figures: ${totals.activities_non_counting} of them not counted (a kind Bufdir does not count such as phone, under a participant or minute threshold, abroad, or a same-day repeat without new participants); ${totals.proxy_duplicates_merged} proxy copies merged into their originals`,
      "left out": `${(leftOut.no_active_mentor ?? 0) + (leftOut.held_for_review ?? 0)}: entries in no figure, ${leftOut.no_active_mentor ?? 0} with no approved mentor active that day and ${leftOut.held_for_review ?? 0} held for review`,
      participations: `${totals.participations}: participants summed over activities (one person at three meetings is three)`,
      "unique participants": `${totals.unique_participants_is_lower_bound ? "at least " : ""}${totals.unique_participants}: distinct registered contacts${totals.unique_participants_is_lower_bound ? " (anonymous head counts cannot be told apart)" : ""}`,
      "active mentors": `${totals.active_mentors}: approved, active mentors named in counting activities`,
      "rule version": `${snapshot.rule_version}: the counting rules in force for the period`,
    });

    step("A cache hit against a fresh computation");
    const hit = await measure("cache hit", async () => await repository.getMetricSnapshot(org1.id, period), { runs: 200, warmup: 20 });
    const fresh = await measure("computation", async () => await repository.refreshMetricSnapshot(org1.id, period), { runs: 10, warmup: 2 });
    printTable([
      { path: "getMetricSnapshot (one index lookup)", "median ms": hit.p50Ms.toFixed(2), "p99 ms": hit.p99Ms.toFixed(2) },
      { path: "refreshMetricSnapshot (aggregate + save)", "median ms": fresh.p50Ms.toFixed(2), "p99 ms": fresh.p99Ms.toFixed(2) },
    ]);
    console.log(`the cache hit is ${(fresh.p50Ms / hit.p50Ms).toFixed(0)}x faster (median against median; embedded engine; see make bench for PostgreSQL)`);

    step(`${mentor.label} registers a new activity`);
    // One call, as an app makes it: the activity with its mentor, in one transaction under RLS.
    await unwrap(new ActivityRepository(mentor.transport).register({
      organisationId: org1.id, path: "direct", kind: "group_meeting", date: "2026-06-12", durationMinutes: 90,
      mentorIds: [mentor.userId!], anonymousParticipants: 4, municipality: { code: "0301", codeVersion: "2024" },
    }));
    console.log("a group meeting on 2026-06-12, 90 minutes, 4 anonymous participants (register_activity, as the mentor)");
    const status = await unwrap(repository.getSnapshotStatus(org1.id, period));
    printFields({
      stale: status.is_stale ? `YES: ${status.reasons.join(", ")}` : "no",
      "records at generation": `${status.snapshot_exists ? status.record_count_at_generation : "-"}: activity rows in the period when the snapshot was computed (the activities above, the merged proxy copies and the entries left out)`,
      "records now": `${status.record_count_now}: the same count now`,
    });
    console.log("warning: data updated since the last aggregation; re-run it before exporting");

    step("Export to Bufdir: the saved snapshot is refused while stale; a refreshing export computes, saves and exports in one transaction");
    console.log(`refused: ${await expectRefusal(repository.exportBufdirReport(org1.id, period), "stale_snapshot", org1)}`);
    const exported = await unwrap(repository.exportBufdirReport(org1.id, period, { refresh: true }));
    const exportBase = resolve(demoDir, `bufdir-${slugOf(org1.name)}-${period.label}`);
    writeFileSync(`${exportBase}.json`, JSON.stringify(exported.payload, null, 2) + "\n");
    writeFileSync(`${exportBase}.csv`, figuresCsv(exported.payload.figures));
    const exportedDays = exported.payload.figures.totals.activity_days;
    const added = exportedDays - totals.activity_days;
    printFields({
      "audit row": exported.id,
      "exported by": coordinator.label,
      "activity-days exported": `${exportedDays}: ${added === 1 ? "one more than computed above, the mentor's new group meeting" : `${added} more than computed above`}`,
      "payload sha-256": exported.payload_sha256,
      files: `${exportBase}.json, .csv`,
    });

    step("Row-level security at work");
    console.log(`${mentor.label} deletes the snapshot → ${await expectRefusal(new BufdirMetricsRepository(mentor.transport).deleteMetricSnapshot(org1.id, period), "permission_denied", org1)}`);
    const stillThere = await unwrap(repository.getMetricSnapshot(org1.id, period));
    console.log(`  the snapshot is still there: ${stillThere !== null ? "yes" : "NO"}`);
    const crossRead = await asUserSql<{ n: number }>(db, otherCoordinator.context,
      "select count(*)::int as n from public.bufdir_metric_snapshots where org_id = $1", [org1.id]);
    printLine`${otherCoordinator.label} reads ${org1.name}'s snapshots from the table → ${crossRead[0]!.n} rows`;
    console.log(`${otherCoordinator.label} asks the RPC for it → ${await expectRefusal(new BufdirMetricsRepository(otherCoordinator.transport).getMetricSnapshot(org1.id, period), "permission_denied", org1)}`);

    step("HTML report");
    const reportPath = resolve(demoDir, `report-${slugOf(org1.name)}-${period.label}.html`);
    writeFileSync(reportPath, renderReport({
      organisationName: org1.name,
      period: { label: period.label, start: period.start, end: period.end },
      figures: stillThere!.snapshot_json,
      ruleVersion: stillThere!.rule_version,
      computedAt: stillThere!.computed_at,
      contentHash: stillThere!.content_hash,
      staleness: { isStale: false, reasons: [] },
      notCounted: await unwrap(new ActivityRepository(coordinator.transport).countEntriesByVerdict(org1.id, period)),
    }));
    console.log(reportPath);

    step("Periodic summaries: sync into a local SQLite file, then read them with the database stopped");
    await syncAndReadOffline({
      session: db,
      organisation: { id: org2.id, name: org2.name },
      coordinatorEmail: "coordinator@org2.example",
      mirrorPath: resolve(demoDir, "summaries.sqlite"),
      stopDatabase: async () => {
        await db.close();
        session = undefined;
      },
    });
  } finally {
    await session?.close();
  }
  console.log(`\ndemo finished in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  console.log("go on from here, on the demo's database and mirror:");
  console.log(`  BUFDIR_DATA_DIR=${shownPath(dataDir)} npx bufdir --as coordinator@org1.example metrics status --org "${firstOrganisation}" --period 2026-H1`);
  console.log(`  npx bufdir summaries show --mirror ${shownPath(resolve(demoDir, "summaries.sqlite"))} --org "${secondOrganisation}" --mentor none`);
}

/** Registers `bufdir demo`. */
export function registerDemoCommand(demoCommand: Command, program: Command): void {
  demoCommand
    .option("--dir <folder>", "where the demo's database, exports, report and mirror go: a new or empty folder, or one an earlier demo wrote (default: .data/demo)")
    .action((options: { dir?: string }) =>
      runCommand(() => runDemo(options.dir === undefined ? DEFAULT_DEMO_DIR : resolve(options.dir))),
    );
}
