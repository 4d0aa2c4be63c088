/**
 * `bufdir report`: a printable, self-contained HTML page of an organisation's
 * saved snapshot for a period, with small cells suppressed in the breakdowns.
 */
import { writeFileSync } from "node:fs";
import { InvalidArgumentError, type Command } from "commander";
import { BufdirMetricsRepository } from "../../../client/src/index.ts";
import { renderReport } from "../../report/index.ts";
import { resolveActor } from "../actor.ts";
import { periodArgument, resolveOrganisation, slugOf } from "../arguments.ts";
import { openDatabaseSession } from "../database-session.ts";
import { printJson } from "../output.ts";
import { prepareOutputFile } from "../output-path.ts";
import { globalOptions, runCommand } from "../run.ts";
import { noSnapshot, unwrap } from "./metrics.ts";

function threshold(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) throw new InvalidArgumentError("expected a whole number of at least 1");
  return value;
}

/** Registers `bufdir report`. */
export function registerReportCommand(program: Command): void {
  program
    .command("report")
    .description("write the saved snapshot of an organisation and period as a printable HTML page")
    .requiredOption("--org <name-or-id>", "the organisation: its name in any case, or a part of it only one name holds (or its id)")
    .requiredOption("--period <period>", "2026-H1, 2026, 2026-Q3, 2026-05 or YYYY-MM-DD..YYYY-MM-DD")
    .option("--out <file>", "where to write the page (default: reports/<organisation-slug>-<period>.html)")
    .option("--k <n>", "show breakdown cells below k as \"<k\"", threshold, 5)
    .action((options: { org: string; period: string; out?: string; k: number }) =>
      runCommand(async () => {
        const period = periodArgument(options.period);
        // An --out that cannot be written fails now, before the database is opened.
        const chosenPath = options.out !== undefined ? prepareOutputFile(options.out) : undefined;
        const session = await openDatabaseSession();
        try {
          const organisation = await resolveOrganisation(session, options.org);
          const actor = await resolveActor(session, globalOptions(program).as);
          const repository = new BufdirMetricsRepository(actor.transport);
          const snapshot = await unwrap(repository.getMetricSnapshot(organisation.id, period), organisation);
          if (snapshot === null) throw noSnapshot(organisation, period);
          const status = await unwrap(repository.getSnapshotStatus(organisation.id, period), organisation);
          const html = renderReport({
            organisationName: organisation.name,
            period: { label: period.label, start: period.start, end: period.end },
            figures: snapshot.snapshot_json,
            ruleVersion: snapshot.rule_version,
            computedAt: snapshot.computed_at,
            contentHash: snapshot.content_hash,
            staleness: { isStale: status.is_stale, reasons: status.reasons },
            suppressionThreshold: options.k,
          });
          const path = chosenPath ?? prepareOutputFile(`reports/${slugOf(organisation.name)}-${period.label}.html`);
          writeFileSync(path, html);
          if (globalOptions(program).json) printJson({ path, stale: status.is_stale });
          else console.log(path);
        } finally {
          await session.close();
        }
      }),
    );
}
