/**
 * The demo's offline step: generate periodic summaries, sync them into a local
 * SQLite mirror through the coordinator's transport, stop the database, and read
 * the mirror with nothing to connect to.
 */
import { rmSync } from "node:fs";
import {
  openBetterSqlite3Driver,
  openMirror,
  SummaryCacheRepository,
  type SummaryCacheFailure,
} from "../../../client/src/index.ts";
import type { ResultAsync } from "neverthrow";
import { resolveActor } from "../actor.ts";
import type { DatabaseSession } from "../database-session.ts";
import { CliFailure, EXIT, failureToCli, printTable } from "../output.ts";

export interface OfflineSummariesOptions {
  readonly session: DatabaseSession;
  readonly organisationId: string;
  readonly coordinatorEmail: string;
  readonly mirrorPath: string;
  /** Stops the database; after it, nothing can reach a server. */
  readonly stopDatabase: () => Promise<void>;
}

async function settle<T>(result: ResultAsync<T, SummaryCacheFailure>): Promise<T> {
  const settled = await result;
  if (settled.isErr()) {
    const failure = settled.error;
    if (failure.kind === "mirror") throw new CliFailure(`local mirror: ${failure.reason}: ${failure.message}`, EXIT.query);
    throw failureToCli(failure);
  }
  return settled.value;
}

/**
 * Generates, syncs, stops the database, reads offline; prints each step.
 *
 * @example
 * await syncAndReadOffline({ session, organisationId, coordinatorEmail, mirrorPath, stopDatabase });
 */
export async function syncAndReadOffline(options: OfflineSummariesOptions): Promise<void> {
  const coordinator = await resolveActor(options.session, options.coordinatorEmail);
  for (const [type, start] of [["half_year", "2026-01-01"], ["quarter", "2026-04-01"], ["month", "2026-06-01"]] as const) {
    const generated = await coordinator.transport.call({
      fn: "generate_periodic_summaries",
      args: { org_id: options.organisationId, period_type: type, period_start: start },
      returns: "many",
    });
    if (generated.isErr()) throw failureToCli(generated.error);
    console.log(`generated ${generated.value.length} ${type} summaries from ${start} (as ${coordinator.label})`);
  }

  rmSync(options.mirrorPath, { force: true });
  const driver = await openBetterSqlite3Driver(options.mirrorPath);
  try {
    await openMirror(driver);
    const online = new SummaryCacheRepository({ driver, transport: coordinator.transport, organisationId: options.organisationId });
    const report = await settle(online.sync());
    console.log(`synced ${report.changes} changes in ${report.pages} page(s) into ${options.mirrorPath} (cursor ${report.cursor ?? "none"})`);

    await options.stopDatabase();
    console.log("database stopped; reading the mirror offline:");
    const unreachable = {
      call: () => {
        throw new Error("offline: no server to call");
      },
    };
    const offline = new SummaryCacheRepository({ driver, transport: unreachable as never, organisationId: options.organisationId });
    const summaries = await settle(offline.listSummaries({ mentorId: null }));
    printTable(
      summaries.map((summary) => ({
        period: `${summary.periodType} ${summary.periodStart}..${summary.periodEnd}`,
        "activity-days": summary.summaryData.totals.activity_days,
        activities: summary.summaryData.totals.activities_total,
        version: summary.version,
        stale: summary.isStale ? "yes" : "no",
      })),
    );
    const perMentor = await settle(offline.listSummaries({ periodType: "half_year" }));
    console.log(`and ${perMentor.filter((summary) => summary.mentorId !== null).length} per-mentor half-year summaries, all from the local file`);
  } finally {
    await driver.close();
  }
}
