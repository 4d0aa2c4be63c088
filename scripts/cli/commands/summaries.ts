/**
 * `bufdir summaries generate | sync | show`: periodic summaries on the server,
 * synced into a local SQLite mirror, and read back from that file alone.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { databaseUuid, SummaryCacheRepository, type SummaryFilter } from "../../../client/src/index.ts";
import { resolveActor } from "../actor.ts";
import { matchOrganisation, resolveOrganisation, type Organisation } from "../arguments.ts";
import { openDatabaseSession } from "../database-session.ts";
import { generateSummaries } from "../generated-summary.ts";
import { CliFailure, EXIT, printFields, printJson, printTable, shorten } from "../output.ts";
import { globalOptions, runCommand } from "../run.ts";
import { mirrorOrganisations, offlineTransport, openSummaryMirror, syncSummaryMirror, unwrapSummary } from "../summary-mirror.ts";
import { periodTypeArgument, summaryPeriodArgument } from "../summary-period.ts";
import { cachedSummaryRows, generatedSummaryRows } from "../summary-table.ts";
import { unwrap } from "./metrics.ts";

/** `--mentor none` means the organisation-wide summaries; a uuid one mentor's. */
function mentorArgument(text: string): string | null {
  if (text === "none") return null;
  if (!databaseUuid.safeParse(text).success) throw new CliFailure(`invalid --mentor "${text}": expected a mentor's uuid or "none"`, EXIT.usage);
  return text.toLowerCase();
}

/** The organisation of `show`, found in the mirror only: by id, or by the name a sync recorded. */
function organisationInMirror(known: readonly Organisation[], idOrName: string, mirror: string): Organisation {
  const where = ` in ${shorten(mirror)}`;
  try {
    return matchOrganisation(known.map((entry) => ({ id: entry.id, name: entry.name })), idOrName, where);
  } catch (error) {
    // An id the mirror has no name for is still an organisation to read rows of.
    if (databaseUuid.safeParse(idOrName).success) return { id: idOrName.toLowerCase(), name: idOrName.toLowerCase() };
    throw error;
  }
}

interface GenerateOptions {
  org: string;
  period?: string;
  type?: string;
  start?: string;
}

interface SyncOptions {
  org: string;
  mirror: string;
  full?: boolean;
}

interface ShowOptions {
  org: string;
  mirror: string;
  mentor?: string;
  type?: string;
}

/** Registers the summaries commands. */
export function registerSummariesCommands(program: Command): void {
  const summaries = program
    .command("summaries")
    .description("periodic summaries: generate them on the server, sync them into a local SQLite mirror, read the mirror offline");
  const json = () => globalOptions(program).json;

  summaries
    .command("generate")
    .description("generate (or regenerate) an organisation's summaries of one period: organisation-wide and per mentor")
    .requiredOption("--org <name-or-id>", "the organisation: its name, in any case, or a unique beginning of it (or its id)")
    .option("--period <period>", "a whole period: 2026-H1, 2026-Q2, 2026-06 or 2026 (gives the type and start)")
    .option("--type <type>", "instead of --period: month, quarter, half_year or year (with --start)")
    .option("--start <YYYY-MM-DD>", "instead of --period: the period's first day (with --type)")
    .addHelpText("after", "\nExamples:\n  bufdir summaries generate --org \"Likepersonsforeningen Oslo\" --period 2026-H1\n  bufdir summaries generate --org <id> --type quarter --start 2026-04-01")
    .action((options: GenerateOptions) =>
      runCommand(async () => {
        const period = summaryPeriodArgument(options);
        const session = await openDatabaseSession();
        try {
          const organisation = await resolveOrganisation(session, options.org);
          const actor = await resolveActor(session, globalOptions(program).as);
          const rows = await unwrap(generateSummaries(actor.transport, organisation.id, period));
          if (json()) {
            printJson(rows);
            return;
          }
          console.log(
            `generated ${rows.length} ${period.type} summaries of ${organisation.name} for ${period.label} (${period.start} to ${period.end}) as ${actor.label}\n`,
          );
          printTable(generatedSummaryRows(rows));
        } finally {
          await session.close();
        }
      }),
    );

  summaries
    .command("sync")
    .description("bring a local SQLite mirror (created when missing) up to date with the summaries the actor may read")
    .requiredOption("--org <name-or-id>", "the organisation: its name, in any case, or a unique beginning of it (or its id)")
    .requiredOption("--mirror <file.sqlite>", "the mirror file; keep one per user")
    .option("--full", "fetch everything and replace the organisation's rows (also done when the last sync was someone else's)")
    .action((options: SyncOptions) =>
      runCommand(async () => {
        const mirror = resolve(options.mirror);
        const session = await openDatabaseSession();
        try {
          const organisation = await resolveOrganisation(session, options.org);
          const actor = await resolveActor(session, globalOptions(program).as);
          const driver = await openSummaryMirror(mirror);
          try {
            const { report, previousActor } = await syncSummaryMirror({
              driver,
              transport: actor.transport,
              organisation,
              actorLabel: actor.label,
              full: options.full === true,
            });
            const held = await unwrapSummary(
              new SummaryCacheRepository({ driver, transport: offlineTransport, organisationId: organisation.id }).listSummaries(),
            );
            if (json()) {
              printJson({ organisation, mirror, syncedAs: actor.label, report, ...(previousActor !== undefined ? { previousActor } : {}), summaries: held.length });
              return;
            }
            if (previousActor !== undefined) console.log(`last synced as ${previousActor}: replacing their rows with ${actor.label}'s\n`);
            printFields({
              organisation: organisation.name,
              mirror,
              "synced as": actor.label,
              mode: report.mode,
              pages: report.pages,
              changes: report.changes,
              upserted: report.upserted,
              deleted: report.deleted,
              cursor: report.cursor ?? "(no new changes)",
              "synced at": report.syncedAt,
              "summaries in the mirror": held.length,
            });
          } finally {
            await driver.close();
          }
        } finally {
          await session.close();
        }
      }),
    );

  summaries
    .command("show")
    .description("read the summaries in a local mirror; never connects to a database")
    .requiredOption("--org <name-or-id>", "the organisation: a name as recorded by `summaries sync` (any case, or a unique beginning), or its id")
    .requiredOption("--mirror <file.sqlite>", "the mirror file written by `summaries sync`")
    .option("--mentor <uuid|none>", "one mentor's summaries, or none for the organisation-wide ones (default: all)")
    .option("--type <type>", "month, quarter, half_year or year (default: all)")
    .addHelpText("after", "\nRows are shown as the user who synced the mirror may read them; rows no sync confirmed for 48 h are hidden.")
    .action((options: ShowOptions) =>
      runCommand(async () => {
        const filter: SummaryFilter = {
          ...(options.mentor !== undefined ? { mentorId: mentorArgument(options.mentor) } : {}),
          ...(options.type !== undefined ? { periodType: periodTypeArgument(options.type) } : {}),
        };
        const mirror = resolve(options.mirror);
        // Opening the file would create it: an absent mirror is a mistake to report.
        if (!existsSync(mirror)) throw new CliFailure(`no mirror at ${mirror}: run \`bufdir summaries sync --mirror ${options.mirror}\` first`, EXIT.usage);
        const driver = await openSummaryMirror(mirror);
        try {
          const known = await mirrorOrganisations(driver);
          const organisation = organisationInMirror(known, options.org, mirror);
          const syncedAs = known.find((entry) => entry.id === organisation.id)?.syncedAs ?? null;
          const repository = new SummaryCacheRepository({ driver, transport: offlineTransport, organisationId: organisation.id });
          const lastSyncedAt = await unwrapSummary(repository.lastSyncedAt());
          const found = await unwrapSummary(repository.listSummaries(filter));
          if (json()) {
            printJson({ organisation, mirror, syncedAs, lastSyncedAt, summaries: found });
            return;
          }
          printFields({
            organisation: organisation.name,
            mirror,
            "synced as": syncedAs ?? "(unknown)",
            "last synced": lastSyncedAt ?? "never",
          });
          console.log();
          printTable(cachedSummaryRows(found));
        } finally {
          await driver.close();
        }
      }),
    );
}
