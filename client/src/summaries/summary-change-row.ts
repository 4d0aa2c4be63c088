/**
 * The rows of `list_periodic_summaries_since`: one per change after the cursor.
 * An upsert carries the summary as the server holds it now, so its columns are
 * the periodic-summary row's (periodic-summary-row.ts), without the organisation
 * (the caller asked for one) and with the summary's id as `summary_id`; a
 * tombstone (`operation = 'delete'`) carries only its ids, every summary column null.
 */
import * as z from "zod/mini";
import { periodicSummaryRowSchema } from "./periodic-summary-row.ts";
import { isSummaryCursor } from "./summary-cursor.ts";

const cursor = z.string().check(z.refine(isSummaryCursor, { message: "expected a cursor as a change id" }));
const summary = periodicSummaryRowSchema.shape;

/**
 * A change that created or rewrote a summary (generation, regeneration, invalidation).
 *
 * @example
 * summaryUpsertRowSchema.safeParse(rows[0]).success;
 */
export const summaryUpsertRowSchema = z.extend(z.omit(periodicSummaryRowSchema, { org_id: true, id: true }), {
  cursor,
  operation: z.literal("upsert"),
  summary_id: summary.id,
});

/**
 * A tombstone: the summary no longer exists on the server.
 *
 * @example
 * summaryDeleteRowSchema.safeParse({ cursor: "1043", operation: "delete", summary_id: id, mentor_id: null,
 *   period_type: null, period_start: null, period_end: null, summary_data: null,
 *   generated_at: null, updated_at: null, invalidated_at: null, version: null }).success; // true
 */
export const summaryDeleteRowSchema = z.strictObject({
  cursor,
  operation: z.literal("delete"),
  summary_id: summary.id,
  mentor_id: summary.mentor_id,
  period_type: z.null(),
  period_start: z.null(),
  period_end: z.null(),
  summary_data: z.null(),
  generated_at: z.null(),
  updated_at: z.null(),
  invalidated_at: z.null(),
  version: z.null(),
});

/**
 * One row of `list_periodic_summaries_since`, told apart by `operation`.
 *
 * @example
 * const parsed = summaryChangeRowSchema.parse(row);
 * if (parsed.operation === "upsert") console.log(parsed.summary_data.totals.activity_days);
 */
export const summaryChangeRowSchema = z.discriminatedUnion("operation", [summaryUpsertRowSchema, summaryDeleteRowSchema]);

/**
 * A page of changes: the response schema `rpc()` checks list_periodic_summaries_since with.
 *
 * @example
 * const page = await rpc(transport, "list_periodic_summaries_since", { org_id: organisationId, page_size: 500 });
 */
export const summaryChangePageSchema = z.array(summaryChangeRowSchema);

/**
 * A checked upsert row.
 *
 * @example
 * const started: string = upsert.period_start; // "2026-01-01"
 */
export type SummaryUpsertRow = z.output<typeof summaryUpsertRowSchema>;

/**
 * A checked tombstone.
 *
 * @example
 * const gone: string = tombstone.summary_id;
 */
export type SummaryDeleteRow = z.output<typeof summaryDeleteRowSchema>;

/**
 * A checked change row.
 *
 * @example
 * const ids = changes.map((change: SummaryChangeRow) => change.summary_id);
 */
export type SummaryChangeRow = z.output<typeof summaryChangeRowSchema>;
