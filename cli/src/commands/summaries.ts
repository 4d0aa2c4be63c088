/**
 * `bufdir summaries generate | sync | show | run-job`: periodic summaries on the
 * server, synced into a local SQLite mirror, and read back from that file alone;
 * and the scheduled job that generates every organisation's, one at a time.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { InvalidArgumentError, type Command } from "commander";
import { databaseUuid, SummaryCacheRepository, type SummaryFilter } from "@bufdir-reporting/client";
import { resolveActor } from "../actor.ts";
import { dateArgument, matchOrganisation, resolveOrganisation, type Organisation } from "../arguments.ts";
import { openDatabaseSession } from "../database-session.ts";
import { generateSummaries } from "../generated-summary.ts";
import { CliFailure, EXIT, printFields, printJson, printLine, printTable, shorten } from "../output.ts";
import { globalOptions, runCommand } from "../run.ts";
import { fetchMemberNames, mentorArgument, mentorLabel } from "../member-names.ts";
import { mirrorMemberNames, mirrorOrganisations, offlineTransport, openSummaryMirror, syncSummaryMirror, unwrapSummary } from "../summary-mirror.ts";
import { periodsWithin, periodTypeArgument, summaryPeriodArgument } from "../summary-period.ts";
import { throwIfCancelled } from "../cancellation.ts";
import { runSummaryJobFor, summaryJobOrganisations, type OrganisationOutcome } from "../summary-job.ts";
import { progressBar, withProgress } from "../progress-bar.ts";
import { cachedSummaryRows, generatedSummaryRows, inCalendarOrder } from "../summary-table.ts";
import { unwrap } from "./metrics.ts";

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
  every?: string;
}

interface SyncOptions {
  org: string;
  mirror: string;
  full?: boolean;
}

interface RunJobOptions {
  asOf?: string;
  organisationTimeout: number;
}

/** Each organisation's longest wait for a lock in `run-job`, as in pg_cron's block. */
const JOB_LOCK_WAIT_MS = 30_000;

/** Seconds as `--organisation-timeout` takes them: a positive number, at most a day, to the millisecond. */
function timeoutSeconds(text: string): number {
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !Number.isFinite(value) || value < 0.001 || value > 86_400) {
    throw new InvalidArgumentError("expected a number of seconds from 0.001 to 86400");
  }
  return value;
}

/** One organisation's line of `run-job`. */
function outcomeLine(outcome: OrganisationOutcome): string {
  const took = `${outcome.seconds.toFixed(1)} s`;
  if (outcome.status === "served") return `${outcome.name}: ${outcome.summaries} summaries written (${took})`;
  const period = outcome.periodType !== null ? ` while generating the ${outcome.periodType} from ${outcome.periodStart}` : "";
  const recorded = outcome.notRecorded === undefined ? "" : `; NOT RECORDED in public.summary_job_failures: ${outcome.notRecorded.replace(/\s+/g, " ")}`;
  return `${outcome.name}: FAILED ${outcome.sqlstate}${period}: ${outcome.message.replace(/\s+/g, " ")} (${took}; nothing of it kept${recorded})`;
}

interface ShowOptions {
  org: string;
  mirror: string;
  mentor?: string;
  type?: string;
}

/** Registers the summaries commands. */
export function registerSummariesCommands(summaries: Command, program: Command): void {
  const json = () => globalOptions(program).json;

  summaries
    .command("generate")
    .description("generate (or regenerate) an organisation's summaries of one period: organisation-wide and per mentor")
    .requiredOption("--org <name-or-id>", "the organisation: its name in any case, or a part of it only one name holds (or its id)")
    .option("--period <period>", "a whole period: 2026-H1, 2026-Q2, 2026-06 or 2026 (gives the type and start)")
    .option("--type <type>", "instead of --period: month, quarter, half_year or year (with --start)")
    .option("--start <YYYY-MM-DD>", "instead of --period: the period's first day (with --type)")
    .option("--every <type>", "generate every month, quarter, half_year or year within the period, one after another, with progress")
    .addHelpText("after", "\nExamples:\n  bufdir summaries generate --org \"Likepersonsforeningen Oslo\" --period 2026-H1\n  bufdir summaries generate --org <id> --type quarter --start 2026-04-01\n  bufdir summaries generate --org Oslo --period 2026 --every month\n\nCtrl-C cancels the period being generated on the server (nothing of it is written); the periods before it are kept. Exit code 130.")
    .action((options: GenerateOptions) =>
      runCommand(async () => {
        const period = summaryPeriodArgument(options);
        const periods = options.every === undefined ? [period] : periodsWithin(period, periodTypeArgument(options.every));
        const session = await openDatabaseSession();
        try {
          const organisation = await resolveOrganisation(session, options.org);
          const actor = await resolveActor(session, globalOptions(program).as);
          const names = await unwrap(fetchMemberNames(actor.transport, organisation.id), organisation);
          // Each period is one call, all of it or nothing: its line is printed as it is done
          // (a run stopped half-way has said which periods it kept); the bar shows how many are.
          const bar = progressBar(periods.length > 1);
          const generated = [];
          for (const [index, each] of periods.entries()) {
            throwIfCancelled();
            bar.update("summaries", index, periods.length);
            const generate = () => unwrap(generateSummaries(actor.transport, organisation.id, each), organisation);
            const rows = periods.length > 1 ? await generate() : await withProgress(`generating the ${each.label} summaries of ${organisation.name}`, generate);
            generated.push({ period: each, rows });
            if (!json()) {
              bar.finish();
              printLine`generated ${rows.length} ${each.type} ${rows.length === 1 ? "summary" : "summaries"} of ${organisation.name} for ${each.label} (${each.start} to ${each.end}) as ${actor.label}`;
            }
          }
          bar.update("summaries", periods.length, periods.length);
          bar.finish();
          if (json()) {
            printJson(generated.flatMap(({ rows }) =>
              rows.map((row) => ({ ...row, mentor_name: row.mentor_id === null ? null : mentorLabel(names, row.mentor_id) }))));
            return;
          }
          if (generated.length === 1) {
            console.log("");
            printTable(generatedSummaryRows(generated[0]!.rows, names));
          }
        } finally {
          await session.close();
        }
      }),
    );

  summaries
    .command("sync")
    .description("bring a local SQLite mirror (created when missing) up to date with the summaries the actor may read")
    .requiredOption("--org <name-or-id>", "the organisation: its name in any case, or a part of it only one name holds (or its id)")
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
            const { report, previousActor } = await withProgress(`syncing the summaries of ${organisation.name}`, () => syncSummaryMirror({
              driver,
              transport: actor.transport,
              organisation,
              actorLabel: actor.label,
              full: options.full === true,
            }));
            const held = await unwrapSummary(
              new SummaryCacheRepository({ driver, transport: offlineTransport, organisationId: organisation.id }).listSummaries(),
            );
            if (json()) {
              printJson({ organisation, mirror, syncedAs: actor.label, report, ...(previousActor !== undefined ? { previousActor } : {}), summaries: held.length });
              return;
            }
            if (previousActor !== undefined) printLine`last synced as ${previousActor}: replacing their rows with ${actor.label}'s\n`;
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
    .command("run-job")
    .description("the scheduled job: for each organisation with summaries on, generate the summaries of every period that ended the day before --as-of, each organisation in its own transaction with its own time limit")
    .option("--as-of <YYYY-MM-DD>", "the day the job runs for (default: the database server's current date)")
    .option("--organisation-timeout <seconds>", "each organisation's time limit (its statement_timeout); its lock waits are bounded at 30 s", timeoutSeconds, 120)
    .addHelpText(
      "after",
      `\nRuns as the DATABASE_URL login (the operator's; --as does not apply). One line per organisation, then a total.\nAn organisation that fails (its time limit, a lock not had, an error) is rolled back alone, recorded in public.summary_job_failures, and the others are still served: exit 0 when every organisation was served, 1 when any failed.\n\nExamples:\n  DATABASE_URL=postgres://… bufdir summaries run-job\n  DATABASE_URL=postgres://… bufdir summaries run-job --as-of 2026-07-01 --organisation-timeout 300`,
    )
    .action((options: RunJobOptions) =>
      runCommand(async () => {
        if (globalOptions(program).as !== undefined) {
          throw new CliFailure("summaries run-job runs as the DATABASE_URL login, not as a member: leave out --as", EXIT.usage, "usage");
        }
        const requestedAsOf = options.asOf !== undefined ? dateArgument("as-of", options.asOf) : undefined;
        const session = await openDatabaseSession();
        try {
          const report = await session.asOwner(async (client) => {
            const asOf = requestedAsOf ?? (await client.query<{ today: string }>("select current_date::text as today")).rows[0]!.today;
            const organisations = await summaryJobOrganisations(client);
            const outcomes: OrganisationOutcome[] = [];
            for (const organisation of organisations) {
              throwIfCancelled();
              const outcome = await runSummaryJobFor(client, organisation, {
                asOf,
                organisationTimeoutMs: Math.round(options.organisationTimeout * 1000),
                lockWaitMs: JOB_LOCK_WAIT_MS,
              });
              outcomes.push(outcome);
              if (!json()) printLine`${outcomeLine(outcome)}`;
            }
            return { asOf, outcomes };
          });
          const served = report.outcomes.filter((outcome) => outcome.status === "served");
          const failed = report.outcomes.filter((outcome) => outcome.status === "failed");
          const summariesWritten = served.reduce((sum, outcome) => sum + outcome.summaries, 0);
          if (json()) {
            printJson({
              asOf: report.asOf,
              organisationTimeoutSeconds: options.organisationTimeout,
              lockWaitSeconds: JOB_LOCK_WAIT_MS / 1000,
              organisations: report.outcomes,
              served: served.length,
              failed: failed.length,
              summaries: summariesWritten,
            });
          } else {
            if (report.outcomes.length === 0) console.log("no organisation has summaries on");
            console.log(
              `as of ${report.asOf}: ${report.outcomes.length} organisations, ${served.length} served, ${failed.length} failed; ${summariesWritten} summaries written`,
            );
          }
          if (failed.length > 0) {
            throw new CliFailure(
              `${failed.length} of ${report.outcomes.length} organisations not served as of ${report.asOf} (${failed.map((outcome) => `${shorten(outcome.name)}: ${outcome.sqlstate}`).join(", ")}); ${failed.some((outcome) => outcome.notRecorded !== undefined) ? "some could not be recorded in public.summary_job_failures (see each organisation's line)" : "each is recorded in public.summary_job_failures"}, the others are committed`,
              EXIT.query,
              "organisations_failed",
            );
          }
        } finally {
          await session.close();
        }
      }),
    );

  summaries
    .command("show")
    .description("read the summaries in a local mirror; never connects to a database")
    .requiredOption("--org <name-or-id>", "the organisation: a name as recorded by `summaries sync` (any case, or a part only one name holds), or its id")
    .requiredOption("--mirror <file.sqlite>", "the mirror file written by `summaries sync`")
    .option("--mentor <name|email|none>", "one mentor's summaries (by e-mail, name, a part of either only one member's holds, or id), or none for the organisation-wide ones (default: all)")
    .option("--type <type>", "month, quarter, half_year or year (default: all)")
    .addHelpText("after", "\nRows are shown as the user who synced the mirror may read them; rows no sync confirmed for 48 h are hidden.")
    .action((options: ShowOptions) =>
      runCommand(async () => {
        const periodType = options.type !== undefined ? periodTypeArgument(options.type) : undefined;
        const mirror = resolve(options.mirror);
        // Opening the file would create it: an absent mirror is a mistake to report.
        if (!existsSync(mirror)) throw new CliFailure(`no mirror at ${mirror}: run \`bufdir summaries sync --mirror ${options.mirror}\` first`, EXIT.usage);
        const driver = await openSummaryMirror(mirror);
        try {
          const known = await mirrorOrganisations(driver);
          const organisation = organisationInMirror(known, options.org, mirror);
          const syncedAs = known.find((entry) => entry.id === organisation.id)?.syncedAs ?? null;
          const names = await mirrorMemberNames(driver, organisation.id);
          const filter: SummaryFilter = {
            ...(options.mentor !== undefined ? { mentorId: mentorArgument(names, options.mentor) } : {}),
            ...(periodType !== undefined ? { periodType } : {}),
          };
          const repository = new SummaryCacheRepository({ driver, transport: offlineTransport, organisationId: organisation.id });
          const lastSyncedAt = await unwrapSummary(repository.lastSyncedAt());
          const found = inCalendarOrder(await unwrapSummary(repository.listSummaries(filter)));
          if (json()) {
            const labelled = found.map((summary) => ({ ...summary, mentorName: summary.mentorId === null ? null : mentorLabel(names, summary.mentorId) }));
            printJson({ organisation, mirror, syncedAs, lastSyncedAt, summaries: labelled });
            return;
          }
          printFields({
            organisation: organisation.name,
            mirror,
            "synced as": syncedAs ?? "(unknown)",
            "last synced": lastSyncedAt ?? "never",
          });
          console.log();
          printTable(cachedSummaryRows(found, names));
        } finally {
          await driver.close();
        }
      }),
    );
}
