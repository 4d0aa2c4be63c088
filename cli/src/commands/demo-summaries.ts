/**
 * The demo's offline step: generate periodic summaries, sync them into a local
 * SQLite mirror through the coordinator's transport, stop the database, and read
 * the mirror with nothing to connect to. The same pieces as `bufdir summaries`.
 */
import { rmSync } from "node:fs";
import { SummaryCacheRepository } from "@bufdir-reporting/client";
import { resolveActor } from "../actor.ts";
import type { Organisation } from "../arguments.ts";
import type { DatabaseSession } from "../database-session.ts";
import { generateSummaries } from "../generated-summary.ts";
import { printLine, printTable } from "../output.ts";
import { mirrorMemberNames, offlineTransport, openSummaryMirror, syncSummaryMirror, unwrapSummary } from "../summary-mirror.ts";
import { summaryPeriodArgument } from "../summary-period.ts";
import { cachedSummaryRows } from "../summary-table.ts";
import { unwrap } from "./metrics.ts";

/** What the offline step works on: the open session, the organisation, whom to act as, and the mirror file. */
export interface OfflineSummariesOptions {
  readonly session: DatabaseSession;
  readonly organisation: Organisation;
  readonly coordinatorEmail: string;
  readonly mirrorPath: string;
  /** Stops the database; after it, nothing can reach a server. */
  readonly stopDatabase: () => Promise<void>;
}

/**
 * Generates, syncs, stops the database, reads offline; prints each step.
 *
 * @example
 * await syncAndReadOffline({ session, organisation, coordinatorEmail, mirrorPath, stopDatabase });
 */
export async function syncAndReadOffline(options: OfflineSummariesOptions): Promise<void> {
  const { organisation } = options;
  const coordinator = await resolveActor(options.session, options.coordinatorEmail);
  for (const label of ["2026-H1", "2026-Q2", "2026-06"]) {
    const period = summaryPeriodArgument({ period: label });
    const generated = await unwrap(generateSummaries(coordinator.transport, organisation.id, period));
    printLine`generated ${generated.length} ${period.type} ${generated.length === 1 ? "summary" : "summaries"} from ${period.start} (as ${coordinator.label})`;
  }

  rmSync(options.mirrorPath, { force: true });
  const driver = await openSummaryMirror(options.mirrorPath);
  try {
    const { report } = await syncSummaryMirror({ driver, transport: coordinator.transport, organisation, actorLabel: coordinator.label });
    console.log(`synced ${report.changes} changes in ${report.pages} page(s) into ${options.mirrorPath} (cursor ${report.cursor ?? "none"})`);

    await options.stopDatabase();
    console.log("database stopped; reading the mirror offline:");
    const offline = new SummaryCacheRepository({ driver, transport: offlineTransport, organisationId: organisation.id });
    const names = await mirrorMemberNames(driver, organisation.id);
    printTable(cachedSummaryRows(await unwrapSummary(offline.listSummaries({ mentorId: null })), names));
    const perMentor = await unwrapSummary(offline.listSummaries({ periodType: "half_year" }));
    console.log(`and ${perMentor.filter((summary) => summary.mentorId !== null).length} per-mentor half-year summaries, all from the local file`);
  } finally {
    await driver.close();
  }
}
