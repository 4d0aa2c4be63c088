/**
 * `make bench`: what the product exists for, measured side by side with what
 * users would otherwise do, on real PostgreSQL (DATABASE_URL). Builds its own
 * dataset in a fresh database, prints a table, writes bench/results.json.
 *
 * Usage: DATABASE_URL=postgres://... tsx bench/run.ts [--quick] [--only get | --only list-activities | --only poison-day | --only cli]
 *   --quick  a tenth of the dataset, for trying the harness out
 *   --only get  only the cache-hit lines (get p99, RLS cost), on the dataset with the large
 *               organisation's activities cut to 20 000 and none for the small ones (a cache hit
 *               reads one stored row; the activities only shape the figures it holds)
 *   --only list-activities  only the list_activities lines, on their own organisation
 *   --only poison-day  only the poison-day line, on its own two organisations
 *   --only cli  only the CLI's start-up lines (--help, --version, a command), on a seeded database
 */
import { writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { resolve } from "node:path";
import type { ResultAsync } from "neverthrow";
import pg from "pg";
import {
  asServiceRole,
  asUser,
  BufdirMetricsRepository,
  createPostgresPool,
  createPostgresTransport,
  openBetterSqlite3Driver,
  openMirror,
  periodOrThrow,
  SummaryCacheRepository,
} from "../client/src/node.ts";
import { resolveDatabaseTarget } from "../scripts/lib/database-target.ts";
import { prepareDatabase } from "../scripts/lib/migrations.ts";
import { projectRoot } from "../scripts/lib/paths.ts";
import { createScratchDatabase } from "../scripts/lib/scratch-database.ts";
import { type AggregationPeriods, measureAggregation } from "./aggregation.ts";
import { DEFAULT_BENCH_DATASET, LARGE_ORG, loadBenchDataset } from "./dataset.ts";
import { compareEngines } from "./engine-comparison.ts";
import { type ListActivitiesResults, measureListActivities } from "./list-activities.ts";
import { measureCliStartup } from "./cli-startup.ts";
import { measurePoisonDay } from "./poison-day.ts";
import { measureSnapshotGet } from "./snapshot-get.ts";
import { formatMs, measure, type Timing } from "../scripts/lib/measure.ts";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const target = resolveDatabaseTarget();
if (target.engine !== "postgres") {
  console.error("make bench needs a real PostgreSQL server: set DATABASE_URL (the embedded engine has one backend and no parallelism).");
  process.exit(2);
}
const quick = process.argv.includes("--quick");
const onlyAt = process.argv.indexOf("--only");
const only = onlyAt === -1 ? undefined : process.argv[onlyAt + 1];
if (only !== undefined && only !== "get" && only !== "list-activities" && only !== "poison-day" && only !== "cli") {
  console.error(`--only takes get, list-activities, poison-day or cli, not ${only ?? "nothing"}`);
  process.exit(2);
}
const dataset = quick
  ? { ...DEFAULT_BENCH_DATASET, largeActivities: 100_000, smallOrganisations: 199, snapshots: 10_000, summaries: 2_000 }
  : DEFAULT_BENCH_DATASET;
const log = (line: string) => console.log(line);
const H1 = periodOrThrow("2026-H1");
const SMALL_ORG = "00000000-0000-4000-a000-000000000002";
const SMALL_COORDINATOR = "00000000-0000-4000-b000-000000000002";

/** The large organisation's activities are spread evenly over the 181 days from 2026-01-01. */
function aggregationPeriods(largeActivities: number): AggregationPeriods {
  const through = (activities: number) => {
    const days = Math.max(1, Math.round((181 * activities) / largeActivities));
    const end = new Date(Date.UTC(2026, 0, days)).toISOString().slice(0, 10);
    return { start: "2026-01-01", end, activities: Math.round((largeActivities * days) / 181) };
  };
  return {
    full: { start: H1.start, end: H1.end, activities: largeActivities },
    tenth: through(largeActivities / 10),
    twentyThousand: through(Math.min(20_000, largeActivities / 5)),
  };
}

function printListing(listing: ListActivitiesResults): void {
  console.log("\n" + ["measurement".padEnd(76), "runs".padStart(5), "p50 ms".padStart(10), "p99 ms".padStart(10)].join(" "));
  for (const t of listing.timings) console.log([t.name.padEnd(76), String(t.runs).padStart(5), formatMs(t.p50Ms).padStart(10), formatMs(t.p99Ms).padStart(10)].join(" "));
  console.log("");
  for (const b of listing.checks) console.log(`${b.pass ? "PASS" : "MISS"}  ${b.check.padEnd(56)} ${b.value}`);
}

// `--only get`: a fresh database with the dataset's organisations, members and snapshots.
if (only === "get") {
  const getScratch = await createScratchDatabase(target);
  let passed = false;
  try {
    await prepareDatabase(getScratch.url);
    const owner = new pg.Client(getScratch.url);
    owner.on("error", () => undefined);
    await owner.connect();
    log("loading the dataset for the cache-hit lines into a fresh database");
    await loadBenchDataset(owner, { ...DEFAULT_BENCH_DATASET, largeActivities: 20_000, smallActivities: 0 }, log);
    await owner.end();
    const pool = createPostgresPool(getScratch.url, { max: 4 });
    const snapshotGet = await measureSnapshotGet(pool);
    await pool.end();
    console.log("\n" + ["measurement".padEnd(52), "runs".padStart(5), "p50 ms".padStart(10), "p99 ms".padStart(10)].join(" "));
    for (const t of [snapshotGet.get, snapshotGet.getService, snapshotGet.roundTrip]) console.log([t.name.padEnd(52), String(t.runs).padStart(5), formatMs(t.p50Ms).padStart(10), formatMs(t.p99Ms).padStart(10)].join(" "));
    console.log("");
    for (const b of snapshotGet.checks) console.log(`${b.pass ? "PASS" : "MISS"}  ${b.check.padEnd(48)} ${b.value}`);
    passed = snapshotGet.checks.every((b) => b.pass);
  } finally {
    await getScratch.dispose();
  }
  process.exit(passed ? 0 : 1);
}

// `--only list-activities`: its own fresh database with only the listing organisation.
if (only === "list-activities") {
  const listingScratch = await createScratchDatabase(target);
  let passed = false;
  try {
    await prepareDatabase(listingScratch.url);
    const owner = new pg.Client(listingScratch.url);
    owner.on("error", () => undefined);
    await owner.connect();
    const pool = createPostgresPool(listingScratch.url, { max: 4 });
    log("loading the list_activities organisation into a fresh database");
    const listing = await measureListActivities(owner, pool, log);
    await pool.end();
    await owner.end();
    printListing(listing);
    passed = listing.checks.every((b) => b.pass);
  } finally {
    await listingScratch.dispose();
  }
  process.exit(passed ? 0 : 1);
}

// `--only cli`: the CLI's start-up lines, on a fresh database the CLI seeds.
if (only === "cli") {
  const cliScratch = await createScratchDatabase(target);
  let passed = false;
  try {
    await prepareDatabase(cliScratch.url);
    const startup = await measureCliStartup(cliScratch.url, log);
    console.log("\n" + ["measurement".padEnd(60), "runs".padStart(5), "p50 ms".padStart(10), "p99 ms".padStart(10)].join(" "));
    for (const t of startup.timings) console.log([t.name.padEnd(60), String(t.runs).padStart(5), formatMs(t.p50Ms).padStart(10), formatMs(t.p99Ms).padStart(10)].join(" "));
    console.log("");
    for (const b of startup.checks) console.log(`${b.pass ? "PASS" : "MISS"}  ${b.check.padEnd(48)} ${b.value}`);
    passed = startup.checks.every((b) => b.pass);
  } finally {
    await cliScratch.dispose();
  }
  process.exit(passed ? 0 : 1);
}

const scratch = await createScratchDatabase(target);
const results: Record<string, unknown> = {};
try {
  await prepareDatabase(scratch.url);
  const owner = new pg.Client(scratch.url);
  // Dropping the scratch database ends this connection; that must not hide a failure.
  owner.on("error", () => undefined);
  await owner.connect();
  if (only === "poison-day") {
    log("the poison-day line alone");
    const poison = await measurePoisonDay(owner, log);
    await owner.end();
    for (const t of poison.timings) console.log([t.name.padEnd(60), String(t.runs).padStart(5), formatMs(t.p50Ms).padStart(10), formatMs(t.p99Ms).padStart(10)].join(" "));
    for (const b of poison.checks) console.log(`${b.pass ? "PASS" : "MISS"}  ${b.check.padEnd(48)} ${b.value}`);
    process.exitCode = poison.checks.every((b) => b.pass) ? 0 : 1;
  } else {
  log(`loading the dataset into a fresh database (${quick ? "quick" : "full"})`);
  const loadStarted = performance.now();
  const load = await loadBenchDataset(owner, dataset, log);
  results.load = { seconds: (performance.now() - loadStarted) / 1000, phases: load, dataset };

  const pool = createPostgresPool(scratch.url, { max: 40 });
  // The bench times calls; it does not stop them (the transport's default is Supabase's 8 s).
  const unlimited = { statementTimeoutMillis: 0, lockTimeoutMillis: 0 } as const;
  const service = createPostgresTransport({ pool, ...unlimited, context: asServiceRole() });
  const must = async <T, E>(result: ResultAsync<T, E>): Promise<T> => {
    const settled = await result;
    if (settled.isErr()) throw new Error(`benchmark call failed: ${JSON.stringify(settled.error)}`);
    return settled.value;
  };

  log("\nmeasuring");
  const snapshotGet = await measureSnapshotGet(pool);
  const { get, getService, roundTrip } = snapshotGet;
  const smallRepository = new BufdirMetricsRepository(createPostgresTransport({ pool, ...unlimited, context: asUser({ sub: SMALL_COORDINATOR, email: "bench-user-2@bench.example" }) }));
  const figures = await must(smallRepository.refreshMetricSnapshot(SMALL_ORG, H1));
  const save = await measure("saveMetricSnapshot (upsert, allow-list)", async () => must(smallRepository.saveMetricSnapshot(SMALL_ORG, H1, figures.snapshot_json)), { runs: 500, warmup: 50 });

  const aggregation = await measureAggregation(owner, LARGE_ORG, aggregationPeriods(dataset.largeActivities), log);
  const compute = aggregation.timings.find((timing) => timing.name.startsWith("compute_metrics, "))!;
  const poison = await measurePoisonDay(owner, log);
  aggregation.timings.push(...poison.timings);
  aggregation.checks.push(...poison.checks);
  // The aggregation's lines as soon as they are measured: a later step that fails cannot lose them.
  for (const t of aggregation.timings) log(`  ${t.name.padEnd(70)} ${String(t.runs).padStart(5)} ${formatMs(t.p50Ms).padStart(10)} ${formatMs(t.p99Ms).padStart(10)}`);
  const bare = await measure("bare group by (headline counts only)", () => pool.query(
    `select kind, count(*), sum(duration_minutes), sum(anonymous_participants)
     from public.activities where org_id = $1 and activity_date between $2 and $3 and deleted_at is null group by kind`,
    [LARGE_ORG, H1.start, H1.end]), { runs: 3, warmup: 1 });

  // What an app would do without this project: page the rows out and add them up.
  await owner.query(`create function public.bench_activity_page(org_id uuid, after_id uuid, page_size integer)
    returns table (id uuid, kind public.activity_kind, activity_date date, duration_minutes integer, anonymous_participants integer, participants integer)
    language sql stable as $$
      select a.id, a.kind, a.activity_date, a.duration_minutes, a.anonymous_participants,
             (select count(*)::int from public.activity_participants p where p.org_id = a.org_id and p.activity_id = a.id)
      from public.activities a
      where a.org_id = bench_activity_page.org_id and a.activity_date between '2026-01-01' and '2026-06-30' and a.deleted_at is null
        and a.id > coalesce(bench_activity_page.after_id, '00000000-0000-0000-0000-000000000000')
      order by a.id limit bench_activity_page.page_size $$;
    grant execute on function public.bench_activity_page(uuid, uuid, integer) to service_role`);
  const clientSide = await measure("page rows to the client, aggregate in TypeScript", async () => {
    let after: string | null = null;
    const byKind = new Map<string, number>();
    let minutes = 0;
    let participations = 0;
    for (;;) {
      const page = (await must(service.call({ fn: "bench_activity_page", args: { org_id: LARGE_ORG, after_id: after, page_size: 10_000 }, returns: "many" }))) as {
        id: string; kind: string; duration_minutes: number; anonymous_participants: number; participants: number }[];
      for (const row of page) {
        byKind.set(row.kind, (byKind.get(row.kind) ?? 0) + 1);
        minutes += row.duration_minutes;
        participations += row.participants + row.anonymous_participants;
      }
      if (page.length < 10_000) break;
      after = page.at(-1)!.id;
    }
    return { byKind, minutes, participations };
  }, { runs: 1, warmup: 0 });

  // 32 clients upserting at once: half on one key, half on keys of their own.
  const concurrencyStarted = performance.now();
  const perClient = 50;
  await Promise.all(Array.from({ length: 32 }, async (_, client) => {
    const org = client < 16 ? SMALL_ORG : `00000000-0000-4000-a000-${(client + 100).toString(16).padStart(12, "0")}`;
    const transport = createPostgresTransport({ pool, ...unlimited, context: asServiceRole() });
    const doc = figures.snapshot_json;
    for (let i = 0; i < perClient; i++) {
      await must(transport.call({ fn: "save_metric_snapshot", args: { org_id: org, period_start: H1.start, period_end: H1.end, snapshot_json: doc }, returns: "one" }));
    }
  }));
  const concurrencySeconds = (performance.now() - concurrencyStarted) / 1000;
  const duplicates = await owner.query<{ n: string }>(
    "select count(*) as n from (select org_id, period_start, period_end from public.bufdir_metric_snapshots group by 1, 2, 3 having count(*) > 1) d");

  // The offline mirror: sync 10 000 summaries, then read them with no server.
  const mirrorDir = mkdtempSync(join(tmpdir(), "bench-mirror-"));
  const driver = await openBetterSqlite3Driver(join(mirrorDir, "mirror.sqlite"));
  await openMirror(driver);
  const cache = new SummaryCacheRepository({ driver, transport: service, organisationId: LARGE_ORG, pageSize: 5000 });
  const syncStarted = performance.now();
  const sync = await must(cache.sync());
  const syncSeconds = (performance.now() - syncStarted) / 1000;
  const mentorIds = (await owner.query<{ mentor_id: string; period_start: string }>(
    "select mentor_id, period_start::text from public.periodic_summaries where org_id = $1 order by random() limit 1000", [LARGE_ORG])).rows;
  const offline = await measure("offline read (getSummary)", async (i) => {
    const key = mentorIds[i % mentorIds.length]!;
    return must(cache.getSummary({ mentorId: key.mentor_id, periodType: "month", periodStart: key.period_start }));
  }, { runs: 2000, warmup: 100 });
  await driver.close();
  rmSync(mirrorDir, { recursive: true, force: true });

  const listing = await measureListActivities(owner, pool, log);
  results.listActivities = { loadSeconds: listing.loadSeconds };

  await pool.end();
  await owner.end();

  const engines = await compareEngines(target, log);
  const engineRatio = engines.embedded.p50Ms / engines.postgres.p50Ms;
  aggregation.checks.push({
    check: "target: embedded engine ≤ 3× PostgreSQL, 20k organisation-year",
    pass: engineRatio <= 3,
    value: `${engineRatio.toFixed(2)}×`,
  });

  const timings: Timing[] = [get, getService, roundTrip, save, ...aggregation.timings, engines.postgres, engines.embedded, bare, clientSide, offline, ...listing.timings];
  results.timings = timings;
  results.ratios = {
    rlsCost: snapshotGet.rlsCost,
    computeVsBareGroupBy: compute.p50Ms / bare.p50Ms,
    clientSideVsCompute: clientSide.p50Ms / compute.p50Ms,
    cacheHitVsCompute: compute.p50Ms / get.p50Ms,
  };
  results.concurrency = { clients: 32, upserts: 32 * perClient, seconds: concurrencySeconds, perSecond: (32 * perClient) / concurrencySeconds, duplicateKeys: Number(duplicates.rows[0]!.n) };
  results.sync = { summaries: sync.changes, seconds: syncSeconds };
  results.machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };

  const budgets = [
    { check: "seed budget: get ≤ 500 ms on a cache hit", pass: get.p99Ms <= 500, value: `p99 ${formatMs(get.p99Ms)} ms` },
    { check: "seed budget: save ≤ 3 s", pass: save.p99Ms <= 3000, value: `p99 ${formatMs(save.p99Ms)} ms` },
    ...snapshotGet.checks,
    { check: "target: save p99 ≤ 10 ms", pass: save.p99Ms <= 10, value: `${formatMs(save.p99Ms)} ms` },
    { check: "target: compute ≤ 1.5× bare group by", pass: compute.p50Ms / bare.p50Ms <= 1.5, value: `${(compute.p50Ms / bare.p50Ms).toFixed(1)}×` },
    { check: "target: compute ≥ 50× faster than client-side", pass: clientSide.p50Ms / compute.p50Ms >= 50, value: `${(clientSide.p50Ms / compute.p50Ms).toFixed(1)}×` },
    { check: "target: sync 10 000 summaries ≤ 1 s", pass: syncSeconds <= 1, value: `${syncSeconds.toFixed(2)} s for ${sync.changes}` },
    { check: "target: offline read p99 ≤ 1 ms", pass: offline.p99Ms <= 1, value: `${formatMs(offline.p99Ms)} ms` },
    { check: "32 concurrent clients: no duplicate keys", pass: Number(duplicates.rows[0]!.n) === 0, value: `${Number(duplicates.rows[0]!.n)} duplicates, ${((32 * perClient) / concurrencySeconds).toFixed(0)} upserts/s` },
  ];
  budgets.push(...aggregation.checks, ...listing.checks);
  results.checks = budgets;

  console.log("\n" + ["measurement".padEnd(52), "runs".padStart(5), "p50 ms".padStart(10), "p99 ms".padStart(10)].join(" "));
  for (const t of timings) console.log([t.name.padEnd(52), String(t.runs).padStart(5), formatMs(t.p50Ms).padStart(10), formatMs(t.p99Ms).padStart(10)].join(" "));
  console.log(`\nload: ${(results.load as { seconds: number }).seconds.toFixed(1)} s with the staleness triggers on`);
  console.log(`32 clients × ${perClient} upserts: ${(32 * perClient / concurrencySeconds).toFixed(0)} per second, ${Number(duplicates.rows[0]!.n)} duplicate keys`);
  console.log(`sync: ${sync.changes} summaries in ${syncSeconds.toFixed(2)} s`);
  console.log("");
  for (const b of budgets) console.log(`${b.pass ? "PASS" : "MISS"}  ${b.check.padEnd(48)} ${b.value}`);
  const summaryPath = resolve(projectRoot, "bench/results.json");
  writeFileSync(summaryPath, JSON.stringify(results, null, 2) + "\n");
  console.log(`\nwrote ${summaryPath}`);
  }
} finally {
  await scratch.dispose();
}
