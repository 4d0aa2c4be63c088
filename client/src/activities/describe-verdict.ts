/**
 * Plain words for a verdict, shared by the CLI and the report, so every place
 * that says why an entry does not count says it the same way.
 */
import type { ActivityVerdict, EntryVerdict, InactiveMentorReason } from "./activity-verdict.ts";

/**
 * Each verdict in a short clause, with the rule of db/fixtures/README.md that decides it.
 *
 * @example
 * VERDICT_DESCRIPTIONS.too_short; // "below the minute threshold (rule 3)"
 */
export const VERDICT_DESCRIPTIONS: Readonly<Record<EntryVerdict, string>> = {
  counts: "counts",
  no_active_mentor: "no approved mentor active on the date (rule 4)",
  held_for_review: "held for review: above a review limit, not confirmed (rule 4)",
  merged_proxy_twin: "merged as a proxy twin of a direct entry (rule 2)",
  kind_not_counted: "a kind Bufdir does not count (rule 3)",
  abroad: "held outside Norway (rule 3)",
  too_few_participants: "below the participant threshold (rule 3)",
  too_short: "below the minute threshold (rule 3)",
  same_day_repeat: "same day as an earlier entry, no new participant (rule 5)",
  deleted: "deleted (rule 1)",
};

/**
 * Each reason an entry has no active mentor, in a short clause.
 *
 * @example
 * INACTIVE_MENTOR_DESCRIPTIONS.pending_approval; // "the mentor is pending approval"
 */
export const INACTIVE_MENTOR_DESCRIPTIONS: Readonly<Record<InactiveMentorReason, string>> = {
  pending_approval: "the mentor is pending approval",
  revoked: "the mentor's membership is revoked",
  outside_active_period: "no active period of the mentor covers the date",
  no_mentor: "it names no mentor",
};

/**
 * One entry's verdict in words: "counts", or why not (for a missing active
 * mentor, also why the mentor is not active).
 *
 * @example
 * describeVerdict({ verdict: "no_active_mentor", inactive_mentor: "pending_approval" });
 * // "no approved mentor active on the date (rule 4): the mentor is pending approval"
 */
export function describeVerdict(verdict: Pick<ActivityVerdict, "verdict" | "inactive_mentor">): string {
  const base = VERDICT_DESCRIPTIONS[verdict.verdict];
  return verdict.inactive_mentor === null ? base : `${base}: ${INACTIVE_MENTOR_DESCRIPTIONS[verdict.inactive_mentor]}`;
}
