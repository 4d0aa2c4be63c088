/**
 * The CLI's start-up lines: `bufdir --help` and `bufdir --version` as an operator
 * runs them (a new Node process on the compiled CLI, cli/bin/bufdir.js), and one
 * command against PostgreSQL (`activities list` of a month) beside the same call
 * made in-process through the client over a warm connection, so that what the
 * command adds to its query's own time is the difference of the two.
 *
 * Targets: `--help` and `--version` ≤ 300 ms; the command ≤ its query + 500 ms.
 * Needs the CLI built (`make install` or `make build`).
 */
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { ActivityRepository, asServiceRole, createPostgresPool, createPostgresTransport, periodOrThrow } from "../client/src/node.ts";
import { formatMs, measure, type Timing } from "../scripts/lib/measure.ts";
import { projectRoot } from "../scripts/lib/paths.ts";
import type { AggregationResults } from "./aggregation.ts";

const BUFDIR = resolve(projectRoot, "cli/bin/bufdir.js");
/** An organisation of the CLI's seed (cli/src/seed), with activities in June. */
const SEEDED_ORG = "Likepersonsforeningen Oslo";
const MONTH = "2026-06";

/** Runs `bufdir <args>` in a new process, as a shell does; fails on a non-zero exit. */
function runBufdir(args: readonly string[], databaseUrl: string): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BUFDIR, ...args], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", fail);
    child.on("close", (code) => (code === 0 ? done() : fail(new Error(`bufdir ${args.join(" ")} exited ${code}: ${stderr}`))));
  });
}

/**
 * Seeds `databaseUrl` (already migrated) with the CLI's own seed and measures the
 * start-up lines against it.
 */
export async function measureCliStartup(databaseUrl: string, log: (line: string) => void): Promise<AggregationResults> {
  log("seeding a database for the CLI lines (bufdir seed --activities 2000)");
  await runBufdir(["seed", "--activities", "2000"], databaseUrl);

  const help = await measure("bufdir --help (new process)", () => runBufdir(["--help"], databaseUrl), { runs: 20, warmup: 2 });
  const version = await measure("bufdir --version (new process)", () => runBufdir(["--version"], databaseUrl), { runs: 20, warmup: 2 });
  const command = await measure(`bufdir activities list, one month (new process)`, () =>
    runBufdir(["--json", "activities", "list", "--org", SEEDED_ORG, "--period", MONTH], databaseUrl), { runs: 20, warmup: 2 });

  const pool = createPostgresPool(databaseUrl, { max: 2 });
  let query: Timing;
  try {
    const activities = new ActivityRepository(createPostgresTransport({ pool, context: asServiceRole() }));
    const organisation = await pool.query<{ id: string }>("select id from public.organisations where name = $1", [SEEDED_ORG]);
    const orgId = organisation.rows[0]?.id;
    if (orgId === undefined) throw new Error(`the seed has no organisation named ${SEEDED_ORG}`);
    const period = periodOrThrow(MONTH);
    query = await measure("the same list through the client, warm (its query)", async () => {
      const listed = await activities.list(orgId, period);
      if (listed.isErr()) throw new Error(`list failed: ${JSON.stringify(listed.error)}`);
    }, { runs: 50, warmup: 5 });
  } finally {
    await pool.end();
  }

  const added = command.p50Ms - query.p50Ms;
  return {
    timings: [help, version, command, query],
    checks: [
      { check: "target: bufdir --help ≤ 300 ms", pass: help.p50Ms <= 300, value: `p50 ${formatMs(help.p50Ms)} ms` },
      { check: "target: bufdir --version ≤ 300 ms", pass: version.p50Ms <= 300, value: `p50 ${formatMs(version.p50Ms)} ms` },
      { check: "target: a command ≤ its query + 500 ms", pass: added <= 500, value: `+${formatMs(added)} ms` },
    ],
  };
}
