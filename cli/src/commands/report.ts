/**
 * `bufdir report`: a printable, self-contained HTML page of an organisation's
 * saved snapshot for a period (or that page printed to an A4 PDF by Chromium),
 * with small counts of where and when people were met hidden.
 */
import { InvalidArgumentError, type Command } from "commander";
import { ActivityRepository, BufdirMetricsRepository } from "@bufdir-reporting/client";
import { renderReport } from "@bufdir-reporting/client/report";
import { resolveActor } from "../actor.ts";
import { periodArgument, resolveOrganisation } from "../arguments.ts";
import { openDatabaseSession } from "../database-session.ts";
import { printJson } from "../output.ts";
import { printReportFile, reportPath, reportTarget, writeReportFile } from "../report-file.ts";
import { globalOptions, runCommand } from "../run.ts";
import { noSnapshot, unwrap } from "./metrics.ts";

function threshold(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) throw new InvalidArgumentError("expected a whole number of at least 1");
  return value;
}

/** Registers `bufdir report`. */
export function registerReportCommand(reportCommand: Command, program: Command): void {
  reportCommand
    .requiredOption("--org <name-or-id>", "the organisation: its name in any case, or a part of it only one name holds (or its id)")
    .requiredOption("--period <period>", "2026-H1, 2026, 2026-Q3, 2026-05 or YYYY-MM-DD..YYYY-MM-DD")
    .option("--out <file-or-folder>", "a .html file, a .pdf file (printed by Chromium; BUFDIR_CHROMIUM names one), or an existing folder for <organisation-slug>-<period>.html (default: reports/)")
    .option("--k <n>", "hide counts by county and month below k, shown as \"<k\"", threshold, 5)
    .action((options: { org: string; period: string; out?: string; k: number }) =>
      runCommand(async () => {
        const period = periodArgument(options.period);
        // An --out that cannot be written fails now, before the database is opened.
        const target = reportTarget(options.out);
        const session = await openDatabaseSession();
        try {
          const organisation = await resolveOrganisation(session, options.org);
          const actor = await resolveActor(session, globalOptions(program).as);
          const repository = new BufdirMetricsRepository(actor.transport);
          const snapshot = await unwrap(repository.getMetricSnapshot(organisation.id, period), organisation);
          if (snapshot === null) throw noSnapshot(organisation, period);
          const status = await unwrap(repository.getSnapshotStatus(organisation.id, period), organisation);
          const notCounted = await unwrap(new ActivityRepository(actor.transport).countEntriesByVerdict(organisation.id, period), organisation);
          const html = renderReport({
            organisationName: organisation.name,
            period: { label: period.label, start: period.start, end: period.end },
            figures: snapshot.snapshot_json,
            ruleVersion: snapshot.rule_version,
            computedAt: snapshot.computed_at,
            contentHash: snapshot.content_hash,
            staleness: { isStale: status.is_stale, reasons: status.reasons },
            suppressionThreshold: options.k,
            notCounted,
          });
          const path = reportPath(target, organisation.name, period.label);
          writeReportFile(path, target.kind === "file" && target.format === "pdf" ? await printReportFile(html, target.chromium) : html);
          if (globalOptions(program).json) printJson({ path, stale: status.is_stale });
          else console.log(path);
        } finally {
          await session.close();
        }
      }),
    );
}
