/**
 * An entry's verdict as the CLI prints it: "counts", or "will not count: " and
 * why, naming the mentor when the entry has one and they are not active; and the
 * "not counted, by reason" table of `metrics show`.
 */
import {
  describeVerdict,
  VERDICT_DESCRIPTIONS,
  type ActivityVerdict,
  type VerdictCount,
} from "@bufdir-reporting/client";

const MENTOR_STATE: Readonly<Record<string, string>> = {
  pending_approval: "is pending approval",
  revoked: "is no longer a member (revoked)",
  outside_active_period: "has no active period covering the date",
};

/**
 * Why an entry does not count, in one clause; for an entry of one mentor who is
 * not active, that mentor named ("mentor3@org1.example is pending approval").
 *
 * @example
 * whyNotCounted(verdict, ["mentor3@org1.example"]); // "mentor mentor3@org1.example is pending approval (rule 4: …)"
 */
export function whyNotCounted(verdict: Pick<ActivityVerdict, "verdict" | "inactive_mentor">, mentorLabels: readonly string[] = []): string {
  const state = verdict.inactive_mentor === null ? undefined : MENTOR_STATE[verdict.inactive_mentor];
  if (verdict.verdict === "no_active_mentor" && state !== undefined && mentorLabels.length === 1) {
    return `mentor ${mentorLabels[0]} ${state} (rule 4: only entries of approved mentors active on the date count)`;
  }
  return describeVerdict(verdict);
}

/**
 * "counts" or "will not count: <why>".
 *
 * @example
 * console.log(verdictLine(registered.verdict, [actor.label]));
 */
export function verdictLine(verdict: Pick<ActivityVerdict, "counts" | "verdict" | "inactive_mentor">, mentorLabels: readonly string[] = []): string {
  return verdict.counts ? "counts" : `will not count: ${whyNotCounted(verdict, mentorLabels)}`;
}

/**
 * The rows of the "not counted, by reason" table: every reason but `counts`,
 * zeros included, in the rules' order.
 *
 * @example
 * printTable(notCountedRows(await unwrap(activities.countEntriesByVerdict(org.id, period))));
 */
export function notCountedRows(counts: readonly VerdictCount[]): { reason: string; entries: number; why: string }[] {
  return counts
    .filter((row) => row.verdict !== "counts")
    .map((row) => ({ reason: row.verdict, entries: row.entries, why: VERDICT_DESCRIPTIONS[row.verdict] }));
}
