/**
 * `bufdir seed`: fills the database with a realistic, deterministic dataset.
 */
import { InvalidArgumentError, type Command } from "commander";
import { seedDataset, SeedConflictError, type SeedOptions } from "../seed/index.ts";
import { databaseNameOf, withDatabaseName } from "../../../scripts/lib/database-target.ts";
import { isScratchDatabase } from "../../../scripts/lib/scratch-database.ts";
import { openDatabaseSession, type DatabaseSession } from "../database-session.ts";
import { CliFailure, EXIT, printJson, printTable, shorten } from "../output.ts";
import { progressBar } from "../progress-bar.ts";
import { globalOptions, runCommand } from "../run.ts";

function positiveInteger(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) throw new InvalidArgumentError("expected a positive whole number");
  return value;
}

/** One number applies to every organisation; a list gives one count per organisation. */
function activityCounts(text: string): number | number[] {
  const counts = text.split(",").map((part) => positiveInteger(part.trim()));
  return counts.length === 1 ? counts[0]! : counts;
}

/** How to start over on this database: --yes on ours, --confirm <name> on one the user created. */
async function resetHint(session: DatabaseSession): Promise<string> {
  if (session.engine === "embedded") return "start over with `bufdir db reset --yes`";
  const name = databaseNameOf(session.url);
  if (await isScratchDatabase(withDatabaseName(session.url, "postgres"), name)) return "start over with `bufdir db reset --yes`";
  return `start over with \`bufdir db reset --confirm ${shorten(name)}\`, which empties this database you created`;
}

interface SeedCommandOptions {
  seed: string;
  organisations?: number;
  mentors?: number;
  contacts?: number;
  activities?: number | number[];
  year?: number;
  chunk?: number;
}

/** Registers `bufdir seed`. */
export function registerSeedCommand(seedCommand: Command, program: Command): void {
  seedCommand
    .option("--seed <text>", "the same seed writes the same rows, ids included", "bufdir-demo")
    .option("--organisations <n>", "how many organisations", positiveInteger)
    .option("--mentors <n>", "mentors per organisation", positiveInteger)
    .option("--contacts <n>", "contacts per organisation", positiveInteger)
    .option("--activities <n[,n...]>", "activities per organisation (one number, or one per organisation)", activityCounts)
    .option("--year <yyyy>", "the year the activities fall in", positiveInteger)
    .option("--chunk <n>", "rows per insert statement", positiveInteger)
    .action((options: SeedCommandOptions) =>
      runCommand(async () => {
        const json = globalOptions(program).json;
        const seedOptions: Partial<SeedOptions> = {
          seed: options.seed,
          ...(options.organisations !== undefined ? { organisations: options.organisations } : {}),
          ...(options.mentors !== undefined ? { mentorsPerOrganisation: options.mentors } : {}),
          ...(options.contacts !== undefined ? { contactsPerOrganisation: options.contacts } : {}),
          ...(options.activities !== undefined ? { activitiesPerOrganisation: options.activities } : {}),
          ...(options.year !== undefined ? { year: options.year } : {}),
          ...(options.chunk !== undefined ? { chunkSize: options.chunk } : {}),
        };
        const session = await openDatabaseSession();
        const bar = progressBar(!json);
        const started = performance.now();
        try {
          const summary = await session
            .asOwner((client) => seedDataset(client, seedOptions, ({ phase, done, total }) => bar.update(phase, done, total)))
            .catch(async (error: unknown) => {
              if (error instanceof SeedConflictError) throw new CliFailure(`${error.message} (${await resetHint(session)})`, EXIT.query, "already_seeded");
              if (error instanceof RangeError) throw new CliFailure(error.message, EXIT.usage);
              throw error;
            });
          bar.finish();
          const seconds = (performance.now() - started) / 1000;
          if (json) {
            printJson({ ...summary, seconds });
            return;
          }
          console.log(`seeded in ${seconds.toFixed(1)} s (seed "${options.seed}")\n`);
          printTable(summary.organisations.map((org) => ({
            organisation: org.name, id: org.id, mentors: org.mentors, contacts: org.contacts,
            activities: org.activities, "proxy duplicates": org.proxyDuplicates,
          })));
          console.log();
          printTable(Object.entries(summary.counts).map(([table, rows]) => ({ table, rows })));
        } finally {
          await session.close();
        }
      }),
    );
}
