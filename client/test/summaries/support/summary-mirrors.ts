/**
 * The device side of the summary cache tests: mirrors on every engine of the
 * mirror's driver matrix, a clock the tests move, exact snapshots of the
 * mirror's tables, and transports wrapped to count calls or to inject a fault
 * on one call (the network failing mid-sync, a malformed page).
 */
import { errAsync, type ResultAsync } from "neverthrow";
import type { DomainFailure } from "../../../src/failures/domain-failure.ts";
import { networkFailure } from "../../../src/failures/domain-failure.ts";
import { openMirror } from "../../../src/mirror/open-mirror.ts";
import type { SqliteDriver, SqliteRow } from "../../../src/mirror/sqlite-driver.ts";
import type { CachedSummary } from "../../../src/summaries/cached-summary.ts";
import {
  SummaryCacheRepository,
  type SummaryCacheRepositoryOptions,
} from "../../../src/summaries/summary-cache-repository.ts";
import type { RpcRequest, RpcResult, RpcReturns, RpcTransport } from "../../../src/transport/rpc-transport.ts";
import { MIRROR_DRIVERS, type TestDatabase } from "../../mirror/support/mirror-drivers.ts";
import type { ServerSummary } from "./summary-server.ts";

/** 2026-07-01T06:00:00Z: the tests' "now" unless they move it. */
export const T0 = Date.UTC(2026, 6, 1, 6, 0, 0);
export const HOUR = 3_600_000;

/** A clock the test sets and moves. */
export interface ManualClock {
  (): number;
  set(ms: number): void;
  advance(ms: number): void;
}

export function manualClock(start = T0): ManualClock {
  let now = start;
  const clock = (() => now) as ManualClock;
  clock.set = (ms) => {
    now = ms;
  };
  clock.advance = (ms) => {
    now += ms;
  };
  return clock;
}

/** One opened mirror with a repository over it. */
export interface MirrorUnderTest {
  readonly name: string;
  readonly database: TestDatabase;
  readonly driver: SqliteDriver;
  readonly clock: ManualClock;
  readonly repository: SummaryCacheRepository;
  /** Another repository over the same mirror (e.g. another transport). */
  repositoryWith(options: Partial<SummaryCacheRepositoryOptions>): SummaryCacheRepository;
}

/** Opens a migrated mirror on every engine of the driver matrix. */
export async function openMirrors(options: Omit<SummaryCacheRepositoryOptions, "driver" | "clock">): Promise<MirrorUnderTest[]> {
  return Promise.all(MIRROR_DRIVERS.map((factory) => openOneMirror(factory.name, () => factory.open(), options)));
}

export async function openOneMirror(
  name: string,
  open: () => Promise<TestDatabase>,
  options: Omit<SummaryCacheRepositoryOptions, "driver" | "clock">,
): Promise<MirrorUnderTest> {
  const database = await open();
  await openMirror(database.driver);
  const clock = manualClock();
  const base = { ...options, driver: database.driver, clock };
  return {
    name,
    database,
    driver: database.driver,
    clock,
    repository: new SummaryCacheRepository(base),
    repositoryWith: (overrides) => new SummaryCacheRepository({ ...base, ...overrides }),
  };
}

export async function disposeMirrors(mirrors: readonly MirrorUnderTest[]): Promise<void> {
  await Promise.all(mirrors.map((mirror) => mirror.database.dispose()));
}

/** Every row of both mirror tables, exactly as stored. */
export interface MirrorContents {
  readonly summaryCache: SqliteRow[];
  readonly syncState: SqliteRow[];
}

export async function mirrorContents(driver: SqliteDriver): Promise<MirrorContents> {
  return {
    summaryCache: await driver.all("select * from summary_cache order by id"),
    syncState: await driver.all("select * from sync_state order by organisation_id"),
  };
}

/** A cached summary in the server comparison shape. */
export function comparable(summary: CachedSummary): ServerSummary {
  return {
    id: summary.id,
    mentorId: summary.mentorId,
    periodType: summary.periodType,
    periodStart: summary.periodStart,
    periodEnd: summary.periodEnd,
    summaryData: summary.summaryData,
    version: summary.version,
    generatedAt: Date.parse(summary.generatedAt),
    updatedAt: Date.parse(summary.updatedAt),
    invalidatedAt: summary.invalidatedAt === null ? null : Date.parse(summary.invalidatedAt),
  };
}

/** The mirror's readable summaries in the comparison shape, ordered by id like the server's. */
export async function mirroredSummaries(repository: SummaryCacheRepository): Promise<ServerSummary[]> {
  const listed = await repository.listSummaries();
  if (listed.isErr()) throw new Error(`listSummaries failed: ${JSON.stringify(listed.error)}`);
  return listed.value.map(comparable).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A transport that records each call before passing it on. */
export interface CountingTransport extends RpcTransport {
  readonly calls: RpcRequest[];
}

export function countingTransport(inner: RpcTransport): CountingTransport {
  const calls: RpcRequest[] = [];
  return {
    calls,
    call<R extends RpcReturns>(request: RpcRequest<R>): ResultAsync<RpcResult<R>, DomainFailure> {
      calls.push(request);
      return inner.call(request);
    },
  };
}

/**
 * A real transport whose `failingCall`-th call (1-based) fails as a dropped
 * connection would, without reaching the server; the calls before it go through.
 */
export function failingOnCall(inner: RpcTransport, failingCall: number): CountingTransport {
  const calls: RpcRequest[] = [];
  return {
    calls,
    call<R extends RpcReturns>(request: RpcRequest<R>): ResultAsync<RpcResult<R>, DomainFailure> {
      calls.push(request);
      if (calls.length === failingCall) return errAsync(networkFailure("connection reset by peer (injected)"));
      return inner.call(request);
    },
  };
}

/** A real transport whose `corruptCall`-th call returns its rows altered by `corrupt`. */
export function corruptingOnCall(
  inner: RpcTransport,
  corruptCall: number,
  corrupt: (rows: readonly unknown[]) => unknown[],
): CountingTransport {
  const calls: RpcRequest[] = [];
  return {
    calls,
    call<R extends RpcReturns>(request: RpcRequest<R>): ResultAsync<RpcResult<R>, DomainFailure> {
      calls.push(request);
      const result = inner.call(request);
      if (calls.length !== corruptCall) return result;
      return result.map((value) => (Array.isArray(value) ? corrupt(value) : value) as RpcResult<R>);
    },
  };
}
