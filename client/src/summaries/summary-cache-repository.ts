/**
 * Offline-first access to the periodic summaries of one organisation: reads
 * come from the local SQLite mirror only; `sync()` and its variants bring the
 * mirror up to date through the client's transport.
 *
 * The rules, in one place:
 * - Reads never touch the network and never write. They hide rows that no sync
 *   has confirmed for `SUMMARY_CACHE_TTL_MS` (48 h), so expired figures are never
 *   shown even before the purge deletes them.
 * - `sync()` fetches every page after the stored cursor first, and only then
 *   applies all of them, the touch of every remaining row (`last_synced_at`) and
 *   the new cursor in one SQLite transaction. Any failure on the way (network,
 *   server, a row of the wrong shape, SQLite) leaves the mirror exactly as it was.
 *   It does not purge, for the same reason. "Busy" (`sync_busy`, BF010: a writer
 *   of the organisation's summaries is still running on the server) is not "no
 *   changes": the page is asked for again with backoff (`busyRetry`), and when it
 *   stays busy the sync fails like any other: nothing deleted, nothing
 *   re-stamped, the cursor kept, also for a sync from the beginning.
 * - `purgeExpired()` deletes the expired rows and, when it deleted any, forgets
 *   the organisation's cursor: the server would never send those rows again after
 *   it, so the next sync starts from the beginning and they come back.
 * - A sync from the beginning (no cursor, or `refresh({ full: true })`) replaces
 *   the organisation's rows: whatever the server does not list for this caller
 *   now is removed (after a change of role). Keep one mirror per signed-in user:
 *   until such a sync succeeds, the rows another user received stay readable.
 * - `refreshIfOlderThan()` (app foreground) and `refresh()` (pull-to-refresh)
 *   purge first, then sync; the first only when the last sync is at least that old.
 * - `handlePushNotification()` marks the matching row stale at once, then syncs.
 *
 * Syncs and purges run one at a time; every SQLite statement sequence is queued,
 * so a read never runs inside a sync's transaction. Use one repository per
 * organisation and mirror, and let it be the only writer of the mirror's tables.
 */
import { type Err, err, ok, Result, ResultAsync, safeTry } from "neverthrow";
import * as z from "zod/mini";
import { validationFailure, type ValidationFailure } from "../failures/domain-failure.ts";
import type { SqliteDriver } from "../mirror/sqlite-driver.ts";
import {
  PERIOD_TYPES,
  SUMMARY_CACHE_COLUMNS,
  type PeriodType,
  type SummaryCacheRow,
  type SummarySource,
} from "../mirror/summary-cache-row.ts";
import type { SyncStateRow } from "../mirror/sync-state-row.ts";
import { isoDate } from "../schemas/iso-date.ts";
import { parseResponse } from "../schemas/parse-response.ts";
import type { RpcTransport } from "../transport/rpc-transport.ts";
import { applySummaryChanges } from "./apply-summary-changes.ts";
import { type CachedSummary, cachedSummaryOf } from "./cached-summary.ts";
import { type BusyRetry, DEFAULT_BUSY_RETRY, fetchSummaryChanges } from "./fetch-summary-changes.ts";
import { type SummaryCacheFailure, toMirrorFailure } from "./mirror-failure.ts";
import { isoDateToUnixMs, unixMsToTimestamp } from "./mirror-dates.ts";
import { SerialQueue } from "./serial-queue.ts";
import type { ForegroundRefresh, PurgeReport, PushOutcome, SyncReport } from "./summary-cache-outcomes.ts";
import { isResumableSummaryCursor, storedCursorOf } from "./summary-cursor.ts";
import { summaryPushPayloadSchema } from "./summary-push-payload.ts";

const HOUR_MS = 3_600_000;

/**
 * How long a row stays readable without a sync confirming it: 48 hours. At
 * exactly this age it is hidden from reads and removed by the purge.
 *
 * @example
 * const expiresAt = lastSyncedAt + SUMMARY_CACHE_TTL_MS;
 */
export const SUMMARY_CACHE_TTL_MS = 48 * HOUR_MS;

/**
 * `refreshIfOlderThan()`'s default: sync on foreground when the last sync is at least 24 hours old.
 *
 * @example
 * await repository.refreshIfOlderThan(FOREGROUND_REFRESH_AFTER_MS);
 */
export const FOREGROUND_REFRESH_AFTER_MS = 24 * HOUR_MS;

/**
 * Rows per call of `list_periodic_summaries_since` unless the options say otherwise (the server's default).
 *
 * @example
 * new SummaryCacheRepository({ driver, transport, organisationId, pageSize: DEFAULT_SYNC_PAGE_SIZE });
 */
export const DEFAULT_SYNC_PAGE_SIZE = 500;

/** The server accepts page sizes in this range. */
const MAX_PAGE_SIZE = 5000;

/** A sync waits at most this many times for a busy server. */
const MAX_BUSY_ATTEMPTS = 10;

/**
 * What a repository works with.
 *
 * @example
 * const options: SummaryCacheRepositoryOptions = {
 *   driver, transport, organisationId, clock: () => Date.now(),
 * };
 */
export interface SummaryCacheRepositoryOptions {
  /** A mirror opened with `openMirror`. */
  readonly driver: SqliteDriver;
  /** Acts as the signed-in user; what the server lets that user read is what the mirror receives. */
  readonly transport: RpcTransport;
  readonly organisationId: string;
  /** Unix milliseconds now; defaults to `Date.now`. Tests inject their own. */
  readonly clock?: () => number;
  /** Rows per call (1 to 5000); defaults to `DEFAULT_SYNC_PAGE_SIZE`. */
  readonly pageSize?: number;
  /** How a page refused as busy is asked for again (attempts 1 to 10); defaults to `DEFAULT_BUSY_RETRY`. */
  readonly busyRetry?: BusyRetry;
}

/**
 * Which summary `getSummary` reads.
 *
 * @example
 * const key: SummaryKey = { mentorId: null, periodType: "half_year", periodStart: "2026-01-01" };
 */
export interface SummaryKey {
  /** Null for the organisation-wide summary. */
  readonly mentorId: string | null;
  readonly periodType: PeriodType;
  /** 'YYYY-MM-DD', the first day of the period. */
  readonly periodStart: string;
}

/**
 * Which summaries `listSummaries` reads; an absent field does not filter.
 *
 * @example
 * const orgWideYears: SummaryFilter = { mentorId: null, periodType: "year" };
 */
export interface SummaryFilter {
  /** A mentor's id, or null for organisation-wide summaries only. */
  readonly mentorId?: string | null;
  readonly periodType?: PeriodType;
}

/**
 * Options of `refresh()`.
 *
 * @example
 * await repository.refresh({ full: true });
 */
export interface RefreshOptions {
  /** Fetch everything from the beginning and replace the organisation's rows, whatever the cursor says. */
  readonly full?: boolean;
}

const keySchema = z.strictObject({
  mentorId: z.nullable(z.guid()),
  periodType: z.enum(PERIOD_TYPES),
  periodStart: isoDate,
});

const filterSchema = z.strictObject({
  mentorId: z.optional(z.nullable(z.guid())),
  periodType: z.optional(z.enum(PERIOD_TYPES)),
});

const SELECT_ROWS = `select ${SUMMARY_CACHE_COLUMNS.join(", ")} from summary_cache`;

/**
 * Steps that stop at the first failure, written with neverthrow's safeTry: in
 * `steps`, `yield* result` is the step's value or ends the whole with its
 * failure. Whatever the steps throw (nothing should) becomes a failure value too,
 * so a method never throws or rejects.
 */
type Steps<T> = (this: SummaryCacheRepository) => AsyncGenerator<Err<never, SummaryCacheFailure>, Result<T, SummaryCacheFailure>>;

/** Turns a rejection into a failure value, for work that must never reject. */
function settle<T>(outcome: PromiseLike<Result<T, SummaryCacheFailure>>): ResultAsync<T, SummaryCacheFailure> {
  return new ResultAsync(Promise.resolve(outcome).catch((error: unknown) => err(toMirrorFailure(error))));
}

/**
 * The summary cache of one organisation. Every method returns a ResultAsync;
 * expected failures (offline, BF005, a local SQLite error) are values, never
 * exceptions.
 *
 * @example
 * const driver = await openBetterSqlite3Driver("summaries.sqlite");
 * await openMirror(driver);
 * const repository = new SummaryCacheRepository({ driver, transport, organisationId });
 * await repository.refreshIfOlderThan(); // on app foreground
 * const summary = await repository.getSummary({ mentorId: null, periodType: "half_year", periodStart: "2026-01-01" });
 * summary.match(
 *   (found) => console.log(found?.summaryData.totals.activity_days, found?.isStale),
 *   (failure) => console.error(failure.kind),
 * );
 */
export class SummaryCacheRepository {
  readonly organisationId: string;
  readonly #driver: SqliteDriver;
  readonly #transport: RpcTransport;
  readonly #clock: () => number;
  readonly #pageSize: number;
  readonly #busyRetry: BusyRetry;
  readonly #configuration: Result<void, ValidationFailure>;
  /** Every SQLite statement sequence, one at a time. */
  readonly #local = new SerialQueue();
  /** Syncs and purges (both move the cursor), one at a time. */
  readonly #remote = new SerialQueue();

  constructor(options: SummaryCacheRepositoryOptions) {
    this.organisationId = options.organisationId;
    this.#driver = options.driver;
    this.#transport = options.transport;
    this.#clock = options.clock ?? Date.now;
    this.#pageSize = options.pageSize ?? DEFAULT_SYNC_PAGE_SIZE;
    this.#busyRetry = options.busyRetry ?? DEFAULT_BUSY_RETRY;
    const { attempts, initialDelayMs, maxDelayMs } = this.#busyRetry;
    // A constructor cannot return a Result, so a bad option is every method's failure.
    if (!z.guid().safeParse(options.organisationId).success) {
      this.#configuration = err(validationFailure(["organisationId"], "expected the organisation's uuid"));
    } else if (!Number.isSafeInteger(this.#pageSize) || this.#pageSize < 1 || this.#pageSize > MAX_PAGE_SIZE) {
      this.#configuration = err(validationFailure(["pageSize"], `expected a whole number from 1 to ${MAX_PAGE_SIZE}`));
    } else if (
      !Number.isSafeInteger(attempts) || attempts < 1 || attempts > MAX_BUSY_ATTEMPTS ||
      !Number.isSafeInteger(initialDelayMs) || initialDelayMs < 0 ||
      !Number.isSafeInteger(maxDelayMs) || maxDelayMs < initialDelayMs
    ) {
      this.#configuration = err(validationFailure(["busyRetry"], `expected 1 to ${MAX_BUSY_ATTEMPTS} attempts and whole, non-negative delays (the longest at least the first)`));
    } else {
      this.#configuration = ok(undefined);
    }
  }

  /**
   * One cached summary, or null when the mirror has none (or only an expired one).
   * Reads the mirror only.
   *
   * @example
   * const result = await repository.getSummary({ mentorId, periodType: "month", periodStart: "2026-03-01" });
   */
  getSummary(key: SummaryKey): ResultAsync<CachedSummary | null, SummaryCacheFailure> {
    return this.#steps(async function* () {
      const { mentorId, periodType, periodStart } = yield* this.#configuration.andThen(() => parseResponse(keySchema, key));
      const found = yield* this.#readRows(
        "and mentor_key = ? and period_type = ? and period_start = ?",
        [mentorId ?? "", periodType, isoDateToUnixMs(periodStart)],
      );
      return ok(found[0] ?? null);
    });
  }

  /**
   * The cached summaries matching `filter`, newest period first; for one period
   * the organisation-wide summary comes before the mentors'. Reads the mirror only.
   *
   * @example
   * const mine = await repository.listSummaries({ mentorId: myUserId });
   * const orgWide = await repository.listSummaries({ mentorId: null, periodType: "year" });
   */
  listSummaries(filter: SummaryFilter = {}): ResultAsync<CachedSummary[], SummaryCacheFailure> {
    return this.#steps(async function* () {
      const { mentorId, periodType } = yield* this.#configuration.andThen(() => parseResponse(filterSchema, filter));
      const conditions: string[] = [];
      const params: (string | number)[] = [];
      if (mentorId !== undefined) {
        conditions.push("and mentor_key = ?");
        params.push(mentorId ?? "");
      }
      if (periodType !== undefined) {
        conditions.push("and period_type = ?");
        params.push(periodType);
      }
      return this.#readRows(conditions.join(" "), params);
    });
  }

  /**
   * When the organisation was last synced (ISO 8601), or null when never (or
   * since a purge reset it). Reads the mirror only.
   *
   * @example
   * const when = await repository.lastSyncedAt(); // ok("2026-07-03T06:00:00.000Z")
   */
  lastSyncedAt(): ResultAsync<string | null, SummaryCacheFailure> {
    return this.#steps(async function* () {
      yield* this.#configuration;
      const state = yield* this.#onMirror(() => this.#readSyncState());
      return ok(state === undefined ? null : unixMsToTimestamp(state.last_synced_at));
    });
  }

  /**
   * Pulls every change after the stored cursor and applies them all at once
   * (see the module notes). Returns the failure, with the mirror unchanged, when
   * any page fails; BF005 arrives as a QueryFailure with reason `feature_disabled`.
   *
   * @example
   * const report = await repository.sync();
   * report.match((r) => console.log(r.upserted, r.deleted), (failure) => console.error(failure));
   */
  sync(): ResultAsync<SyncReport, SummaryCacheFailure> {
    return this.#steps(async function* () {
      yield* this.#configuration;
      return this.#remotely(() => this.#syncNow({ source: "sync", full: false, purged: 0 }));
    });
  }

  /**
   * Pull-to-refresh: purges expired rows, then syncs now whatever the age of the
   * last sync. A purge that removed rows has reset the cursor, so they come back;
   * `{ full: true }` fetches everything and replaces the organisation's rows.
   *
   * @example
   * const report = await repository.refresh();
   */
  refresh(options: RefreshOptions = {}): ResultAsync<SyncReport, SummaryCacheFailure> {
    return this.#steps(async function* () {
      yield* this.#configuration;
      return this.#remotely(() =>
        this.#purgeNow().andThen(({ purged }) => this.#syncNow({ source: "refresh", full: options.full === true, purged })),
      );
    });
  }

  /**
   * App foreground: purges expired rows, then syncs only when the organisation
   * was never synced or its last sync is at least `maxAgeMs` old (default 24 h).
   *
   * @example
   * const outcome = await repository.refreshIfOlderThan();
   * outcome.map((o) => (o.status === "fresh" ? "cache is recent" : `${o.report.changes} changes`));
   */
  refreshIfOlderThan(maxAgeMs: number = FOREGROUND_REFRESH_AFTER_MS): ResultAsync<ForegroundRefresh, SummaryCacheFailure> {
    return this.#steps(async function* () {
      yield* this.#configuration;
      if (!Number.isSafeInteger(maxAgeMs) || maxAgeMs < 0) {
        return err(validationFailure(["maxAgeMs"], "expected a non-negative whole number of milliseconds"));
      }
      return this.#remotely(() =>
        this.#sequence(async function* (): AsyncGenerator<Err<never, SummaryCacheFailure>, Result<ForegroundRefresh, SummaryCacheFailure>> {
          const { purged } = yield* this.#purgeNow();
          const now = yield* this.#now();
          const state = yield* this.#onMirror(() => this.#readSyncState());
          if (state !== undefined && now - state.last_synced_at < maxAgeMs) {
            return ok({ status: "fresh", lastSyncedAt: unixMsToTimestamp(state.last_synced_at), purged });
          }
          const report = yield* this.#syncNow({ source: "sync", full: false, purged });
          return ok({ status: "synced", report });
        }),
      );
    });
  }

  /**
   * Deletes the organisation's rows that no sync has confirmed for 48 hours and,
   * when it deleted any, resets the organisation's cursor so they come back with
   * the next sync. Waits for a sync in progress.
   *
   * @example
   * const { purged, cursorReset } = (await repository.purgeExpired())._unsafeUnwrap();
   */
  purgeExpired(): ResultAsync<PurgeReport, SummaryCacheFailure> {
    return this.#steps(async function* () {
      yield* this.#configuration;
      return this.#remotely(() => this.#purgeNow());
    });
  }

  /**
   * Handles a push event (a summary_push_outbox row's fields): marks the
   * matching local row stale at once, even offline or while a sync is under
   * way, when the push announces a newer version or invalidates the local one;
   * then syncs. A failed sync is reported in the outcome (`sync_failed`), the
   * mark stays. A payload of the wrong shape, or for another organisation, is
   * a ValidationFailure and marks nothing.
   *
   * @example
   * const outcome = await repository.handlePushNotification(JSON.parse(message.data));
   * outcome.map((o) => (o.status === "synced" ? "updated" : "shown as outdated until the next sync"));
   */
  handlePushNotification(payload: unknown): ResultAsync<PushOutcome, SummaryCacheFailure> {
    return this.#steps(async function* () {
      const push = yield* this.#configuration.andThen(() => parseResponse(summaryPushPayloadSchema, payload));
      if (push.org_id.toLowerCase() !== this.organisationId.toLowerCase()) {
        return err(validationFailure(["org_id"], "the push is for another organisation than this repository's"));
      }
      // Only the local queue: the mark must not wait for a sync's network calls.
      const marked = yield* this.#onMirror(() =>
        this.#driver.run(
          `update summary_cache set is_stale = 1
            where organisation_id = ? and mentor_key = ? and period_type = ? and period_start = ?
              and (version < ? or (? = 'invalidated' and version <= ?))`,
          [this.organisationId, push.mentor_id ?? "", push.period_type, isoDateToUnixMs(push.period_start), push.version, push.event, push.version],
        ),
      );
      const markedStale = marked.changes > 0;
      // A failed sync is part of the outcome, not the method's failure.
      const synced = await this.#remotely(() => this.#syncNow({ source: "push", full: false, purged: 0 }));
      return ok(
        synced.match(
          (report): PushOutcome => ({ status: "synced", markedStale, report }),
          (failure): PushOutcome => ({ status: "sync_failed", markedStale, failure }),
        ),
      );
    });
  }

  /** A public method's steps (see Steps), run so that nothing escapes as an exception. */
  #steps<T>(steps: Steps<T>): ResultAsync<T, SummaryCacheFailure> {
    return settle(this.#sequence(steps));
  }

  /** Steps (see Steps) inside another method's steps or queued work. */
  #sequence<T>(steps: Steps<T>): ResultAsync<T, SummaryCacheFailure> {
    return safeTry(() => steps.call(this));
  }

  /** Runs work that moves the cursor (syncs and purges) in the remote queue, one at a time. */
  #remotely<T>(work: () => ResultAsync<T, SummaryCacheFailure>): ResultAsync<T, SummaryCacheFailure> {
    return settle(this.#remote.run(async () => work()));
  }

  #now(): Result<number, ValidationFailure> {
    const now = this.#clock();
    return Number.isSafeInteger(now) && now >= 0
      ? ok(now)
      : err(validationFailure(["clock"], "the clock must return unix milliseconds as a whole number"));
  }

  /** Runs local SQLite work in the queue; whatever it throws becomes a failure value. */
  #onMirror<T>(work: () => Promise<T>): ResultAsync<T, SummaryCacheFailure> {
    return ResultAsync.fromPromise(this.#local.run(work), toMirrorFailure);
  }

  async #readSyncState(): Promise<SyncStateRow | undefined> {
    const [row] = await this.#driver.all<SyncStateRow>(
      "select organisation_id, cursor, last_synced_at from sync_state where organisation_id = ?",
      [this.organisationId],
    );
    return row;
  }

  #readRows(conditions: string, params: readonly (string | number)[]): ResultAsync<CachedSummary[], SummaryCacheFailure> {
    return this.#now()
      .asyncAndThen((now) =>
        this.#onMirror(() =>
          this.#driver.all<SummaryCacheRow>(
            `${SELECT_ROWS} where organisation_id = ? and last_synced_at > ? ${conditions}
              order by period_start desc, period_type, mentor_key`,
            [this.organisationId, now - SUMMARY_CACHE_TTL_MS, ...params],
          ),
        ),
      )
      .andThen((rows) => Result.combine(rows.map(cachedSummaryOf)));
  }

  /** Must run in the remote queue. */
  #purgeNow(): ResultAsync<PurgeReport, SummaryCacheFailure> {
    return this.#now().asyncAndThen((now) =>
      this.#onMirror(() =>
        this.#driver.transaction(async () => {
          const { changes } = await this.#driver.run("delete from summary_cache where organisation_id = ? and last_synced_at <= ?", [
            this.organisationId,
            now - SUMMARY_CACHE_TTL_MS,
          ]);
          // The server sends a summary again only when it changes; after the cursor it
          // never would, so the purged rows come back only from a sync from the beginning.
          if (changes > 0) await this.#driver.run("delete from sync_state where organisation_id = ?", [this.organisationId]);
          return { purged: changes, cursorReset: changes > 0 };
        }),
      ),
    );
  }

  /** Must run in the remote queue. */
  #syncNow(request: { readonly source: SummarySource; readonly full: boolean; readonly purged: number }): ResultAsync<SyncReport, SummaryCacheFailure> {
    return this.#sequence(async function* () {
      const startedAt = yield* this.#now();
      const state = yield* this.#onMirror(() => this.#readSyncState());
      const stored = request.full ? null : (state?.cursor ?? null);
      // Text the server would refuse (a mirror edited by hand) cannot say where to
      // resume: start from the beginning, which replaces the organisation's rows.
      const sinceCursor = stored !== null && isResumableSummaryCursor(stored) ? stored : null;

      const { changes, pages } = yield* fetchSummaryChanges(this.#transport, {
        organisationId: this.organisationId,
        sinceCursor,
        pageSize: this.#pageSize,
        busyRetry: this.#busyRetry,
      });
      const last = changes.at(-1);
      const storedCursor = yield* (last === undefined ? ok(sinceCursor) : storedCursorOf(last.cursor));

      // Everything a row says was confirmed as of when the fetch began.
      const mode = sinceCursor === null ? "full" : "delta";
      const applied = yield* this.#onMirror(() =>
        applySummaryChanges(this.#driver, {
          organisationId: this.organisationId,
          changes,
          mode: mode === "full" ? "replace" : "delta",
          source: request.source,
          syncedAt: startedAt,
          storedCursor,
        }),
      );
      return ok({
        mode,
        source: request.source,
        pages,
        changes: changes.length,
        upserted: applied.upserted,
        deleted: applied.deleted,
        purged: request.purged,
        cursor: last?.cursor ?? null,
        syncedAt: unixMsToTimestamp(startedAt),
      });
    });
  }
}
