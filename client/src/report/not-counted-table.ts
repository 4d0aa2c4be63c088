/**
 * The report's "not counted, by reason" table: how many of the period's entries
 * do not count, by the counting rule that keeps each out (from
 * `count_entries_by_verdict`, the aggregation's own classification). These are
 * counts of entries, not of people, so they are shown exact.
 */
import { ENTRY_VERDICTS, type VerdictCount } from "../activities/activity-verdict.ts";
import { VERDICT_DESCRIPTIONS } from "../activities/describe-verdict.ts";
import { escapeHtml } from "./escape-html.ts";
import { formatCount } from "./report-format.ts";

/**
 * The table's rows in the report input: the table by verdict as the client
 * returns it (the `counts` row, if present, is left out).
 *
 * @example
 * const notCounted: NotCountedInput = (await activities.countEntriesByVerdict(orgId, period))._unsafeUnwrap();
 */
export type NotCountedInput = readonly Readonly<VerdictCount>[];

/**
 * The table as HTML, or nothing when the input has no table (a report written
 * without it). The reasons that keep at least one entry out are listed, in the
 * rules' order; the others are left out so the page stays one printed A4 sheet.
 * Throws a RangeError for a count that is not a non-negative safe integer or a
 * reason it does not know.
 *
 * @example
 * renderNotCountedTable([{ verdict: "too_short", entries: 2 }]); // "<table class=\"not-counted-table\">…"
 */
export function renderNotCountedTable(notCounted: NotCountedInput | undefined): string {
  if (notCounted === undefined) return "";
  const entries = new Map<string, number>();
  for (const row of notCounted) {
    if (!(ENTRY_VERDICTS as readonly string[]).includes(row.verdict)) throw new RangeError(`notCounted: unknown reason ${JSON.stringify(row.verdict)}`);
    if (!Number.isSafeInteger(row.entries) || row.entries < 0) {
      throw new RangeError(`notCounted.${row.verdict} must be a non-negative safe integer, got ${JSON.stringify(row.entries)}`);
    }
    entries.set(row.verdict, row.entries);
  }
  const reasons = ENTRY_VERDICTS.filter((verdict) => verdict !== "counts");
  const rows = reasons.filter((reason) => (entries.get(reason) ?? 0) > 0).map(
    (reason) =>
      `<tr data-key="${escapeHtml(reason)}"><th scope="row">${escapeHtml(VERDICT_DESCRIPTIONS[reason])}</th><td class="num">${formatCount(entries.get(reason) ?? 0)}</td></tr>`,
  );
  const total = reasons.reduce((sum, reason) => sum + (entries.get(reason) ?? 0), 0);
  return `<table class="not-counted-table">
<caption>Entries not counted, by reason (ikke tellende registreringer)</caption>
<thead><tr><th scope="col">Reason (the first rule that applies)</th><th scope="col" class="num">Entries</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody>
<tfoot><tr><th scope="row">In all</th><td class="num">${formatCount(total)}</td></tr></tfoot>
</table>`;
}
