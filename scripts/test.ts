/**
 * `make test` after install and typecheck: one fresh database for the run
 * (an in-memory embedded server, or a uniquely named database on DATABASE_URL's
 * server), migrated, then pgTAP and vitest against it. The database is dropped
 * afterwards, also when a test fails or the run is interrupted.
 *
 * Usage: tsx scripts/test.ts [--pgtap-only | --vitest-only] [db/tests/...test.sql ...] [vitest args...]
 *   Named .test.sql files narrow pgTAP to those files; other arguments go to vitest.
 */
import { resolve } from "node:path";
import { redactPassword, resolveDatabaseTarget } from "./lib/database-target.ts";
import { applyTestSupport, prepareDatabase } from "./lib/migrations.ts";
import { binDir, projectRoot } from "./lib/paths.ts";
import { runPgtap } from "./lib/pgtap.ts";
import { cleanUpOnSignals, runCommand } from "./lib/run-command.ts";
import { createScratchDatabase, type ScratchDatabase } from "./lib/scratch-database.ts";
import { timed, printSummary, type StageResult } from "./lib/stages.ts";

const args = process.argv.slice(2);
const pgtapOnly = args.includes("--pgtap-only");
const vitestOnly = args.includes("--vitest-only");
const pgtapFiles = args.filter((arg) => arg.endsWith(".test.sql")).map((file) => resolve(file));
const vitestArgs = args.filter((arg) => arg !== "--pgtap-only" && arg !== "--vitest-only" && !arg.endsWith(".test.sql"));

const target = resolveDatabaseTarget();
const results: StageResult[] = [];
let scratch: ScratchDatabase | undefined;

async function cleanUp(): Promise<void> {
  if (scratch !== undefined) await scratch.dispose();
}

cleanUpOnSignals(cleanUp);

let exitCode = 0;
try {
  results.push(
    await timed("database", async () => {
      scratch = await createScratchDatabase(target);
      console.log(`test database (${scratch.engine}): ${redactPassword(scratch.url)}`);
      await prepareDatabase(scratch.url);
      await applyTestSupport(scratch.url);
      return 0;
    }),
  );
  const url = scratch!.url;
  const ready = results.every((result) => result.exitCode === 0);
  if (ready && !vitestOnly) {
    results.push(await timed("pgTAP", () => (pgtapFiles.length > 0 ? runPgtap(url, pgtapFiles) : runPgtap(url))));
  }
  if (ready && !pgtapOnly) {
    results.push(
      await timed("vitest", async () => {
        const env = { ...process.env, DATABASE_URL: url, BUFDIR_TEST_ENGINE: target.engine };
        const run = await runCommand(resolve(binDir, "vitest"), ["run", ...vitestArgs], { env, cwd: projectRoot });
        return run.exitCode;
      }),
    );
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  exitCode = 1;
} finally {
  await cleanUp();
}

printSummary(`tests on the ${target.engine} engine`, results);
if (results.some((result) => result.exitCode !== 0)) exitCode = 1;
process.exit(exitCode);
