/** The (organisation, period) key every snapshot RPC takes, as named arguments. */
import type { Period } from "../period/period.ts";

/**
 * The snapshot RPCs' arguments `(org_id, period_start, period_end)`, by those
 * names; the period is inclusive, its bounds 'YYYY-MM-DD'.
 *
 * @example
 * snapshotKeyArgs(organisationId, periodOrThrow("2026-H1"))
 * // { org_id: organisationId, period_start: "2026-01-01", period_end: "2026-06-30" }
 */
export function snapshotKeyArgs(organisationId: string, period: Period): { org_id: string; period_start: string; period_end: string } {
  return { org_id: organisationId, period_start: period.start, period_end: period.end };
}
