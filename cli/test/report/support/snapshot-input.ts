/**
 * A report's input from a real database: refreshes the snapshot of an
 * organisation and period as the service role, as an operator would, and reads
 * its status.
 */
import type pg from "pg";
import type { ReportInput, SnapshotFigures } from "@bufdir-reporting/client/report";

/**
 * Refreshes and returns everything renderReport needs for one organisation and period.
 *
 * @example
 * const input = await snapshotInput(client, orgId, { label: "2026-H1", start: "2026-01-01", end: "2026-06-30" });
 */
export async function snapshotInput(
  client: pg.ClientBase,
  organisationId: string,
  period: ReportInput["period"],
): Promise<ReportInput> {
  await client.query("begin");
  try {
    await client.query("set local role service_role");
    await client.query(`select set_config('request.jwt.claims', '{"role":"service_role"}', true)`);
    const args = [organisationId, period.start, period.end];
    const snapshot = await client.query<{ figures: SnapshotFigures; rule_version: string; computed_at: Date; content_hash: string }>(
      `select snapshot_json as figures, rule_version, computed_at, content_hash
       from public.refresh_metric_snapshot($1, $2, $3)`,
      args,
    );
    const status = await client.query<{ is_stale: boolean; reasons: string[] }>(
      `select is_stale, reasons from public.metric_snapshot_status($1, $2, $3)`,
      args,
    );
    const organisation = await client.query<{ name: string }>(`select name from public.organisations where id = $1`, [organisationId]);
    await client.query("commit");
    const row = snapshot.rows[0]!;
    return {
      organisationName: organisation.rows[0]!.name,
      period,
      figures: row.figures,
      ruleVersion: row.rule_version,
      computedAt: row.computed_at,
      contentHash: row.content_hash,
      staleness: { isStale: status.rows[0]!.is_stale, reasons: status.rows[0]!.reasons },
    };
  } catch (error) {
    await client.query("rollback");
    throw error;
  }
}
