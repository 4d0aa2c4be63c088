/**
 * The delta-sync cursor of `list_periodic_summaries_since`, and how the mirror
 * keeps it.
 *
 * The server's cursor is the change id as decimal text (`"1042"`); within an
 * organisation change ids only grow, in the order the changes became final. The
 * mirror's `sync_state.cursor` (TEXT since schema version 4) keeps the last
 * cursor received exactly as the server sent it, so the next sync resumes right
 * after it and reads nothing twice.
 *
 * A mirror upgraded from version 3 holds the older `"<writer xid>.0"` form; the
 * server still accepts it (it resumes there without skipping anything), and the
 * first sync replaces it with a change id.
 */
import { err, ok, type Result } from "neverthrow";
import { type ValidationFailure, validationFailure } from "../failures/domain-failure.ts";

/** A change id: an unsigned integer of at most 19 digits. */
const CURSOR = /^[0-9]{1,19}$/;
/** The pre-version-4 form, `"<writer xid>.<change id>"`, still accepted as a starting point. */
const OLDER_CURSOR = /^[0-9]{1,19}\.[0-9]{1,19}$/;

/**
 * True for text in the cursor format the server hands out.
 *
 * @example
 * isSummaryCursor("1042");   // true
 * isSummaryCursor("757.12"); // false (the older form; see isResumableSummaryCursor)
 */
export function isSummaryCursor(text: string): boolean {
  return CURSOR.test(text);
}

/**
 * True for text a sync may resume from: a server cursor, or the older
 * `"<writer xid>.<change id>"` form an upgraded mirror may still hold.
 *
 * @example
 * isResumableSummaryCursor("1042");  // true
 * isResumableSummaryCursor("757.0"); // true
 * isResumableSummaryCursor("");      // false
 */
export function isResumableSummaryCursor(text: string): boolean {
  return CURSOR.test(text) || OLDER_CURSOR.test(text);
}

/**
 * The change id of a server cursor; null for text that is not one (including the older form).
 *
 * @example
 * parseSummaryCursor("1042");  // 1042n
 * parseSummaryCursor("757.0"); // null
 */
export function parseSummaryCursor(text: string): bigint | null {
  return CURSOR.test(text) ? BigInt(text) : null;
}

/**
 * The value `sync_state.cursor` keeps for the last cursor a sync received: the
 * same text, once checked.
 *
 * @example
 * storedCursorOf("1042"); // ok("1042")
 */
export function storedCursorOf(text: string): Result<string, ValidationFailure> {
  return isSummaryCursor(text) ? ok(text) : err(validationFailure(["cursor"], "expected a cursor as a change id"));
}
