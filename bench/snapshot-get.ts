/**
 * The cache hit through the client: `getMetricSnapshot` of the large
 * organisation's 2026-H1 snapshot over the direct transport (one round trip:
 * role, claims and limits sent with the call), as its coordinator and as the
 * service role. Targets: p99 ≤ 1 ms as the coordinator, and row-level security
 * costing at most 1.2× the service role (the medians' ratio).
 *
 * The two are timed in alternation, one call each in turn, so that a busy spell
 * of a shared machine falls on both alike instead of on whichever ran then; a
 * bare `select 1` on the same pool is timed with them, as the machine's floor for
 * any one round trip.
 * Runs beside the rest of `make bench` or alone (`bench/run.ts --only get`).
 */
import type pg from "pg";
import { asServiceRole, asUser, BufdirMetricsRepository, createPostgresTransport, periodOrThrow } from "../client/src/node.ts";
import { COORDINATOR, LARGE_ORG } from "./dataset.ts";
import { formatMs, summarise, type Timing } from "../scripts/lib/measure.ts";

/** The slowest a cache hit through the client may be, at the 99th percentile, in milliseconds. */
const GET_P99_TARGET_MS = 1;
/** The most row-level security may cost, as the coordinator's median over the service role's. */
const RLS_COST_TARGET = 1.2;
const RUNS = 2000;
const WARMUP = 200;

export interface SnapshotGetCheck {
  readonly check: string;
  readonly pass: boolean;
  readonly value: string;
}

export interface SnapshotGetResults {
  /** As the coordinator (row-level security applies). */
  readonly get: Timing;
  /** As the service role (no row-level security). */
  readonly getService: Timing;
  /** `select 1` on the same pool: one round trip with no work, the floor of any call. */
  readonly roundTrip: Timing;
  readonly rlsCost: number;
  readonly checks: SnapshotGetCheck[];
}

/**
 * Refreshes the large organisation's 2026-H1 snapshot, then times reading it.
 * Needs the bench dataset (its large organisation and coordinator) in `pool`'s database.
 *
 * @example
 * const { get, getService, checks } = await measureSnapshotGet(pool);
 */
export async function measureSnapshotGet(pool: pg.Pool): Promise<SnapshotGetResults> {
  const h1 = periodOrThrow("2026-H1");
  // The bench times calls; it does not stop them (the transport's default is Supabase's 8 s).
  const unlimited = { statementTimeoutMillis: 0, lockTimeoutMillis: 0 } as const;
  const coordinator = new BufdirMetricsRepository(
    createPostgresTransport({ pool, ...unlimited, context: asUser({ sub: COORDINATOR, email: "bench-user-1@bench.example" }) }),
  );
  const service = new BufdirMetricsRepository(createPostgresTransport({ pool, ...unlimited, context: asServiceRole() }));
  const refreshed = await coordinator.refreshMetricSnapshot(LARGE_ORG, h1);
  if (refreshed.isErr()) throw new Error(`benchmark refresh failed: ${JSON.stringify(refreshed.error)}`);

  const timeOne = async (repository: BufdirMetricsRepository): Promise<number> => {
    const started = performance.now();
    const result = await repository.getMetricSnapshot(LARGE_ORG, h1);
    const elapsed = performance.now() - started;
    if (result.isErr()) throw new Error(`benchmark call failed: ${JSON.stringify(result.error)}`);
    if (result.value === null) throw new Error("benchmark call found no snapshot");
    return elapsed;
  };
  const timeRoundTrip = async (): Promise<number> => {
    const started = performance.now();
    await pool.query("select 1");
    return performance.now() - started;
  };
  for (let i = 0; i < WARMUP; i++) {
    await timeOne(coordinator);
    await timeOne(service);
    await timeRoundTrip();
  }
  const asCoordinator: number[] = [];
  const asService: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // Which goes first alternates too, so neither always follows the other.
    if (i % 2 === 0) {
      asCoordinator.push(await timeOne(coordinator));
      asService.push(await timeOne(service));
    } else {
      asService.push(await timeOne(service));
      asCoordinator.push(await timeOne(coordinator));
    }
    bare.push(await timeRoundTrip());
  }
  const get = summarise("getMetricSnapshot (cache hit, as a coordinator)", asCoordinator);
  const getService = summarise("getMetricSnapshot (cache hit, service role)", asService);
  const roundTrip = summarise("select 1 on the same pool (a round trip's floor)", bare);
  const rlsCost = get.p50Ms / getService.p50Ms;
  return {
    get,
    getService,
    roundTrip,
    rlsCost,
    checks: [
      {
        check: `target: get p99 ≤ ${GET_P99_TARGET_MS} ms through the client`,
        pass: get.p99Ms <= GET_P99_TARGET_MS,
        value: `${formatMs(get.p99Ms)} ms (p50 ${formatMs(get.p50Ms)} ms; select 1: p99 ${formatMs(roundTrip.p99Ms)} ms)`,
      },
      {
        check: `target: RLS cost ≤ ${RLS_COST_TARGET}× the service role`,
        pass: rlsCost <= RLS_COST_TARGET,
        value: `${rlsCost.toFixed(2)}× (p50 ${formatMs(get.p50Ms)} against ${formatMs(getService.p50Ms)} ms)`,
      },
    ],
  };
}
