/**
 * The delta-sync cursor of `list_periodic_summaries_since`, and how the mirror
 * keeps it.
 *
 * The server's cursor is the text `"<writer xid>.<change id>"`, ordered as that
 * pair. The mirror's `sync_state.cursor` is an INTEGER (schema version 3), which
 * cannot hold the pair, so the mirror keeps the writer transaction id alone and
 * a sync resumes at `"<xid>.0"`: it reads the last transaction's changes once
 * more. That is safe, because every change row carries the summary's current
 * state (or a tombstone) and applying one twice gives the same mirror; it is
 * cheap, because one transaction writes at most a few summaries per
 * organisation. An xid8 exceeds 2^53 only after 2^21 transaction-id epochs.
 */
import { err, ok, type Result } from "neverthrow";
import { type ValidationFailure, validationFailure } from "../failures/domain-failure.ts";

/** What the server accepts: two unsigned integers of at most 19 digits. */
const CURSOR = /^([0-9]{1,19})\.([0-9]{1,19})$/;

/**
 * A parsed server cursor.
 *
 * @example
 * const cursor: SummaryCursor = { xid: 757n, change: 12n };
 */
export interface SummaryCursor {
  readonly xid: bigint;
  readonly change: bigint;
}

/**
 * True for text in the server's cursor format.
 *
 * @example
 * isSummaryCursor("757.12"); // true
 * isSummaryCursor("757");    // false
 */
export function isSummaryCursor(text: string): boolean {
  return CURSOR.test(text);
}

/**
 * Parses a server cursor; null for text that is not one.
 *
 * @example
 * parseSummaryCursor("757.12"); // { xid: 757n, change: 12n }
 */
export function parseSummaryCursor(text: string): SummaryCursor | null {
  const match = CURSOR.exec(text);
  if (match === null) return null;
  return { xid: BigInt(match[1]!), change: BigInt(match[2]!) };
}

/**
 * Orders cursors as the server does: by transaction id, then change id.
 *
 * @example
 * compareSummaryCursors({ xid: 9n, change: 100n }, { xid: 10n, change: 1n }); // -1
 */
export function compareSummaryCursors(a: SummaryCursor, b: SummaryCursor): -1 | 0 | 1 {
  if (a.xid !== b.xid) return a.xid < b.xid ? -1 : 1;
  if (a.change !== b.change) return a.change < b.change ? -1 : 1;
  return 0;
}

/**
 * The value `sync_state.cursor` keeps for a server cursor: its transaction id.
 *
 * @example
 * storedCursorOf("757.12"); // ok(757)
 */
export function storedCursorOf(text: string): Result<number, ValidationFailure> {
  const cursor = parseSummaryCursor(text);
  if (cursor === null) return err(validationFailure(["cursor"], "expected a cursor as <xid>.<change id>"));
  if (cursor.xid > BigInt(Number.MAX_SAFE_INTEGER)) {
    return err(validationFailure(["cursor"], "the cursor's transaction id is beyond what the mirror can store"));
  }
  return ok(Number(cursor.xid));
}

/**
 * The `since_cursor` a sync starts from, for a stored cursor: null (everything)
 * for 0, otherwise the start of that transaction's changes.
 *
 * @example
 * resumeCursorOf(0);   // null
 * resumeCursorOf(757); // "757.0"
 */
export function resumeCursorOf(stored: number): string | null {
  return stored <= 0 ? null : `${stored}.0`;
}
