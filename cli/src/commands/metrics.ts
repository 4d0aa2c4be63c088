/**
 * `bufdir metrics compute | show | status | verify | delete | export` for one
 * organisation and period, through the client's BufdirMetricsRepository.
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { ActivityRepository, BufdirMetricsRepository, type DomainFailure, type MetricSnapshot, type Period, type RpcTransport } from "@bufdir-reporting/client";
import { resolveActor } from "../actor.ts";
import { periodArgument, resolveOrganisation, slugOf, type Organisation } from "../arguments.ts";
import { openDatabaseSession, type DatabaseSession } from "../database-session.ts";
import { figureLabel, figureRows, figuresCsv } from "../figures-table.ts";
import { CliFailure, EXIT, failureToCli, printFields, printJson, printLine, printTable, shorten } from "../output.ts";
import { checkOutputDirectory, prepareOutputDirectory } from "../output-path.ts";
import { userLabel } from "../member-names.ts";
import { globalOptions, runCommand } from "../run.ts";
import { withProgress } from "../progress-bar.ts";
import { notCountedRows } from "../verdict-text.ts";
import type { ResultAsync } from "neverthrow";

interface Target {
  readonly session: DatabaseSession;
  readonly repository: BufdirMetricsRepository;
  readonly organisation: Organisation;
  readonly period: Period;
  readonly actor: string;
  readonly transport: RpcTransport;
}

/** Unwraps a repository result or turns its failure into the CLI's one-line error. */
export async function unwrap<T>(result: ResultAsync<T, DomainFailure>, organisation?: Organisation): Promise<T> {
  const settled = await result;
  if (settled.isErr()) throw failureToCli(settled.error, organisation);
  return settled.value;
}

/**
 * There is no snapshot to read: the same outcome and wording on every command
 * (exit 1), with the code the database uses for it there: P0002 (`not_found`)
 * where a snapshot is read or deleted, BF002 (`snapshot_missing`) on export.
 */
export function noSnapshot(organisation: Organisation, period: Period, code: "P0002" | "BF002" = "P0002"): CliFailure {
  const reason = code === "P0002" ? "not_found" : "snapshot_missing";
  return new CliFailure(
    `${reason} (${code}): no snapshot of ${shorten(organisation.name)} for ${period.label}: run \`bufdir metrics compute\` first`,
    EXIT.query,
    reason,
    code,
  );
}

/** Like unwrap, but the database's "no snapshot" names the organisation by name instead of its id. */
async function unwrapSnapshotCall<T>(result: ResultAsync<T, DomainFailure>, target: Target): Promise<T> {
  const settled = await result;
  if (settled.isOk()) return settled.value;
  const failure = settled.error;
  if (failure.kind === "query" && (failure.code === "P0002" || failure.code === "BF002")) throw noSnapshot(target.organisation, target.period, failure.code);
  throw failureToCli(failure, target.organisation);
}

async function withTarget(
  program: Command,
  options: { org: string; period: string },
  work: (target: Target) => Promise<void>,
  checkArguments: () => void = () => undefined,
): Promise<void> {
  const period = periodArgument(options.period);
  checkArguments();
  const session = await openDatabaseSession();
  try {
    const organisation = await resolveOrganisation(session, options.org);
    const actor = await resolveActor(session, globalOptions(program).as);
    await work({ session, repository: new BufdirMetricsRepository(actor.transport), organisation, period, actor: actor.label, transport: actor.transport });
  } finally {
    await session.close();
  }
}

/** What a computation is doing, for its progress line. */
function computing(target: Target): string {
  return `computing the figures of ${target.organisation.name} ${target.period.label}`;
}

/** Prints a snapshot: its provenance, then every figure. */
export function printSnapshot(snapshot: MetricSnapshot, organisation: Organisation, period: Period): void {
  printFields({
    organisation: organisation.name,
    period: `${period.label} (${snapshot.period_start} to ${snapshot.period_end})`,
    "rule version": snapshot.rule_version,
    "computed at": snapshot.computed_at,
    "records at generation": snapshot.record_count_at_generation,
    "content hash": snapshot.content_hash,
  });
  console.log();
  printTable(figureRows(snapshot.snapshot_json).map((row) => ({ section: row.section, figure: figureLabel(row), value: row.value })));
}

function registerTargetCommand(
  parent: Command,
  program: Command,
  name: string,
  description: string,
  action: (target: Target, options: Record<string, string | undefined>) => Promise<void>,
  /** Checks that need no database (an output folder), run before it is opened. */
  checkArguments?: (options: Record<string, string | undefined>) => void,
): Command {
  return parent
    .command(name)
    .description(description)
    .requiredOption("--org <name-or-id>", "the organisation: its name in any case, or a part of it only one name holds (or its id)")
    .requiredOption("--period <period>", "2026-H1, 2026, 2026-Q3, 2026-05 or YYYY-MM-DD..YYYY-MM-DD")
    .action((options: { org: string; period: string } & Record<string, string | undefined>) =>
      runCommand(() => withTarget(program, options, (target) => action(target, options), () => checkArguments?.(options))),
    );
}

/** Registers the metrics commands. */
export function registerMetricsCommands(metrics: Command, program: Command): void {
  const json = () => globalOptions(program).json;

  registerTargetCommand(metrics, program, "compute", "compute the figures from the activities and save the snapshot (refresh)", async (t) => {
    const snapshot = await withProgress(computing(t), () => unwrap(t.repository.refreshMetricSnapshot(t.organisation.id, t.period), t.organisation));
    if (json()) printJson(snapshot);
    else printSnapshot(snapshot, t.organisation, t.period);
  });

  registerTargetCommand(
    metrics,
    program,
    "show",
    "show the saved snapshot (a cache read: never computes the figures), then the period's entries not counted, by reason, as they stand now",
    async (t) => {
      const snapshot = await unwrap(t.repository.getMetricSnapshot(t.organisation.id, t.period), t.organisation);
      if (snapshot === null) throw noSnapshot(t.organisation, t.period);
      // Classified now, for the entries the actor may read (the figures' own classification, read-only).
      const byVerdict = await unwrap(new ActivityRepository(t.transport).countEntriesByVerdict(t.organisation.id, t.period), t.organisation);
      if (json()) {
        printJson({ ...snapshot, not_counted_by_reason: byVerdict.filter((row) => row.verdict !== "counts") });
        return;
      }
      printSnapshot(snapshot, t.organisation, t.period);
      console.log();
      console.log(`not counted, by reason (the period's entries now, as ${t.actor} may read them; \`bufdir activities explain\` lists them)`);
      printTable(notCountedRows(byVerdict));
    },
  );

  registerTargetCommand(metrics, program, "status", "is the snapshot there, and is it stale?", async (t) => {
    const status = await unwrap(t.repository.getSnapshotStatus(t.organisation.id, t.period), t.organisation);
    if (json()) {
      printJson(status);
      return;
    }
    printFields({
      organisation: t.organisation.name,
      period: t.period.label,
      exists: status.snapshot_exists ? "yes" : "no",
      stale: status.is_stale ? `YES (${status.reasons.join(", ")})` : "no",
      "age (s)": status.snapshot_exists ? status.age_seconds : undefined,
      "records at generation": status.snapshot_exists ? status.record_count_at_generation : undefined,
      "records now": status.record_count_now,
      "rule version": status.snapshot_exists ? `${status.rule_version} (in force: ${status.rule_version_in_force})` : status.rule_version_in_force,
    });
  });

  registerTargetCommand(metrics, program, "verify", "recompute and list every figure that differs from the snapshot; exit 1 when any does", async (t) => {
    const differences = await withProgress(`recomputing the figures of ${t.organisation.name} ${t.period.label}`, () =>
      unwrapSnapshotCall(t.repository.verifyMetricSnapshot(t.organisation.id, t.period), t));
    if (json()) printJson(differences);
    else if (differences.length === 0) console.log("the snapshot matches a fresh recomputation");
    else printTable(differences.map((d) => ({ figure: d.figure, persisted: JSON.stringify(d.persisted_value), recomputed: JSON.stringify(d.recomputed_value) })));
    // A check that found a difference fails, so a script or CI step stops on it.
    if (differences.length > 0) {
      throw new CliFailure(
        `${differences.length} ${differences.length === 1 ? "figure" : "figures"} of ${shorten(t.organisation.name)} ${t.period.label} ${differences.length === 1 ? "differs" : "differ"} from a recomputation (listed above): \`bufdir metrics compute\` saves fresh ones`,
        EXIT.query,
        "figures_differ",
      );
    }
  });

  registerTargetCommand(metrics, program, "delete", "delete the snapshot (coordinators and admins)", async (t) => {
    await unwrapSnapshotCall(t.repository.deleteMetricSnapshot(t.organisation.id, t.period), t);
    if (json()) printJson({ deleted: true });
    else printLine`deleted the snapshot of ${t.organisation.name} ${t.period.label}`;
  });

  registerTargetCommand(metrics, program, "export", "compute, save and export the figures in one transaction, to JSON and CSV, with an audit row", async (t, options) => {
    // One transaction by default: edits in the period meanwhile cannot make it stale.
    const saved = (options.saved as unknown) === true;
    const record = await withProgress(saved ? `exporting the saved figures of ${t.organisation.name} ${t.period.label}` : computing(t), () =>
      unwrapSnapshotCall(t.repository.exportBufdirReport(t.organisation.id, t.period, { refresh: !saved }), t));
    const outDir = prepareOutputDirectory(options.out ?? ".");
    const base = resolve(outDir, `bufdir-${slugOf(t.organisation.name)}-${t.period.label}`);
    writeFileSync(`${base}.json`, JSON.stringify(record.payload, null, 2) + "\n");
    writeFileSync(`${base}.csv`, figuresCsv(record.payload.figures));
    if (json()) {
      printJson({ audit: { ...record, payload: undefined }, files: [`${base}.json`, `${base}.csv`] });
      return;
    }
    printFields({
      "audit row": record.id,
      "exported at": record.exported_at,
      "exported by": record.exported_by === null ? "service role" : await userLabel(t.session, record.exported_by),
      snapshot: record.snapshot_id,
      "rule version": record.rule_version,
      "records": record.record_count,
      "payload sha-256": record.payload_sha256,
      json: `${base}.json`,
      csv: `${base}.csv`,
    });
  },
  // Whether the folder can be made is known before the database is opened; it is made only for an export that happened.
  (options) => checkOutputDirectory(options.out ?? "."),
  )
    .option("--out <dir>", "where to write the JSON and CSV files", ".")
    .option("--saved", "export the saved snapshot as it is, refused when missing (BF002), stale (BF003) or not matching a recomputation (BF004)");
}
