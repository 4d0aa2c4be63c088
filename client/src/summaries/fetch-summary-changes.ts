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
 * What to fetch.
 *
 * @example
 * const request: FetchSummaryChangesRequest = { organisationId: orgId, sinceCursor: null, pageSize: 500 };
 */
export interface FetchSummaryChangesRequest {
  readonly organisationId: string;
  /** Null for every change from the beginning. */
  readonly sinceCursor: string | null;
  /** Rows per call (the server accepts 1 to 5000). */
  readonly pageSize: number;
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
}

async function fetchAll(transport: RpcTransport, request: FetchSummaryChangesRequest): Promise<Result<FetchedSummaryChanges, DomainFailure>> {
  const changes: SummaryChangeRow[] = [];
  let since = request.sinceCursor;
  // Null for the older "<xid>.<change id>" form: the first row cannot be compared with it.
  let previous: bigint | null = since === null ? null : parseSummaryCursor(since);
  let pages = 0;
  for (;;) {
    const page = await rpc(transport, "list_periodic_summaries_since", {
      org_id: request.organisationId,
      ...(since === null ? {} : { since_cursor: since }),
      page_size: request.pageSize,
    });
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
    if (page.value.length < request.pageSize) return ok({ changes, pages });
    since = page.value.at(-1)!.cursor;
  }
}

/**
 * Calls `list_periodic_summaries_since` until a page comes back short, and
 * returns every change. The first failure (network, server, a row of the wrong
 * shape, a cursor that goes backwards) ends it.
 *
 * @example
 * const fetched = await fetchSummaryChanges(transport, { organisationId: orgId, sinceCursor: null, pageSize: 500 });
 * fetched.map(({ changes }) => changes.length);
 */
export function fetchSummaryChanges(
  transport: RpcTransport,
  request: FetchSummaryChangesRequest,
): ResultAsync<FetchedSummaryChanges, DomainFailure> {
  return new ResultAsync(fetchAll(transport, request));
}
