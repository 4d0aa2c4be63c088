/**
 * Reads every change after a cursor from the server, page by page, checking
 * each page before asking for the next. Nothing is written here: the caller
 * applies all pages at once, so a failure on any page changes nothing locally.
 */
import { err, ok, type Result, ResultAsync } from "neverthrow";
import { type DomainFailure, validationFailure } from "../failures/domain-failure.ts";
import { rpc } from "../rpc/rpc.ts";
import type { RpcTransport } from "../transport/rpc-transport.ts";
import type { SummaryChangeRow } from "./summary-change-row.ts";
import { parseSummaryCursor } from "./summary-cursor.ts";

/**
 * How a page refused as busy (`sync_busy`, BF010: a writer of the organisation's
 * summaries is still running) is asked for again: up to `attempts` calls in all,
 * waiting `initialDelayMs` before the second and twice as long before each next
 * one, at most `maxDelayMs`. After the last the busy failure is returned.
 *
 * @example
 * const patient: BusyRetry = { attempts: 6, initialDelayMs: 500, maxDelayMs: 4000 };
 */
export interface BusyRetry {
  readonly attempts: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

/**
 * The default: 4 calls, waiting 250 ms, 500 ms and 1 s between them (the server
 * itself waits up to 1 s on each call), so a busy sync gives up after about 5 s.
 *
 * @example
 * fetchSummaryChanges(transport, { organisationId, sinceCursor: null, pageSize: 500, busyRetry: DEFAULT_BUSY_RETRY });
 */
export const DEFAULT_BUSY_RETRY: BusyRetry = Object.freeze({ attempts: 4, initialDelayMs: 250, maxDelayMs: 2_000 });

/**
 * What to fetch.
 *
 * @example
 * const request: FetchSummaryChangesRequest = { organisationId, sinceCursor: null, pageSize: 500 };
 */
export interface FetchSummaryChangesRequest {
  readonly organisationId: string;
  /** Null for every change from the beginning. */
  readonly sinceCursor: string | null;
  /** Rows per call (the server accepts 1 to 5000). */
  readonly pageSize: number;
  /** How a busy page is asked for again; `DEFAULT_BUSY_RETRY` when absent. */
  readonly busyRetry?: BusyRetry;
}

/**
 * The changes after the cursor, oldest first, and how many calls it took.
 *
 * @example
 * const { changes, pages } = fetched;
 * const lastCursor = changes.at(-1)?.cursor ?? null;
 */
export interface FetchedSummaryChanges {
  readonly changes: readonly SummaryChangeRow[];
  readonly pages: number;
  /** Calls refused as busy and asked again. */
  readonly busyRetries: number;
}

const wait = (ms: number) => new Promise<void>((resolveWait) => setTimeout(resolveWait, ms));

const isBusy = (failure: DomainFailure) => failure.kind === "query" && failure.reason === "sync_busy";

async function fetchAll(transport: RpcTransport, request: FetchSummaryChangesRequest): Promise<Result<FetchedSummaryChanges, DomainFailure>> {
  const changes: SummaryChangeRow[] = [];
  let since = request.sinceCursor;
  // Null for the older "<xid>.<change id>" form: the first row cannot be compared with it.
  let previous: bigint | null = since === null ? null : parseSummaryCursor(since);
  let pages = 0;
  let busyRetries = 0;
  const retry = request.busyRetry ?? DEFAULT_BUSY_RETRY;
  for (;;) {
    const ask = () =>
      rpc(transport, "list_periodic_summaries_since", {
        org_id: request.organisationId,
        ...(since === null ? {} : { since_cursor: since }),
        page_size: request.pageSize,
      });
    let page = await ask();
    // Busy is not "no changes": nothing is final after the cursor yet. Ask the same page again.
    for (let attempt = 1; page.isErr() && isBusy(page.error) && attempt < retry.attempts; attempt += 1) {
      await wait(Math.min(retry.initialDelayMs * 2 ** (attempt - 1), retry.maxDelayMs));
      busyRetries += 1;
      page = await ask();
    }
    if (page.isErr()) return err(page.error);
    pages += 1;
    for (const [index, row] of page.value.entries()) {
      // The schema checked the format, so the cursor parses.
      const cursor = parseSummaryCursor(row.cursor)!;
      // A cursor that does not move forward would page forever or reorder changes.
      if (previous !== null && cursor <= previous) {
        return err(validationFailure([index, "cursor"], "cursors must increase from row to row and page to page"));
      }
      previous = cursor;
      changes.push(row);
    }
    if (page.value.length < request.pageSize) return ok({ changes, pages, busyRetries });
    since = page.value.at(-1)!.cursor;
  }
}

/**
 * Calls `list_periodic_summaries_since` until a page comes back short, and
 * returns every change. A page refused as busy (`sync_busy`) is asked for again
 * with backoff (`busyRetry`); any other failure (network, server, a row of the
 * wrong shape, a cursor that goes backwards), or busy after the last attempt,
 * ends it, and the caller keeps what it had.
 *
 * @example
 * const fetched = await fetchSummaryChanges(transport, { organisationId, sinceCursor: null, pageSize: 500 });
 * fetched.map(({ changes }) => changes.length);
 */
export function fetchSummaryChanges(
  transport: RpcTransport,
  request: FetchSummaryChangesRequest,
): ResultAsync<FetchedSummaryChanges, DomainFailure> {
  return new ResultAsync(fetchAll(transport, request));
}
