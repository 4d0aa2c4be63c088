/** A row of `bufdir_metric_snapshots`, as the snapshot RPCs return it. */
import * as z from "zod/mini";
import { isoDate, isoTimestamp } from "../schemas/iso-date.ts";
import { databaseUuid, figureCount, ruleVersion, sha256Hex } from "./metric-fields.ts";
import { metricFiguresSchema } from "./metric-figures.ts";

/**
 * One persisted snapshot: the figures and the columns the database sets around
 * them. Strict, so a column the client does not know about is a failure rather
 * than silently dropped.
 *
 * @example
 * const parsed = metricSnapshotSchema.safeParse(row);
 * if (parsed.success) console.log(parsed.data.snapshot_json.totals.activity_days, parsed.data.computed_at);
 */
export const metricSnapshotSchema = z.strictObject({
  org_id: databaseUuid,
  id: databaseUuid,
  period_start: isoDate,
  period_end: isoDate,
  snapshot_json: metricFiguresSchema,
  rule_version: ruleVersion,
  /** Live activities of the organisation in the period when the figures were generated. */
  record_count_at_generation: figureCount,
  computed_at: isoTimestamp,
  /** Null when the service role generated it. */
  generated_by: z.nullable(databaseUuid),
  /** SHA-256 of snapshot_json's text, set by the database on every write. */
  content_hash: sha256Hex,
});

/**
 * A persisted snapshot (the seed's MetricSnapshot).
 *
 * @example
 * function describe(snapshot: MetricSnapshot): string {
 *   return `${snapshot.period_start}..${snapshot.period_end}: ${snapshot.snapshot_json.totals.activity_days} activity-days`;
 * }
 */
export type MetricSnapshot = z.infer<typeof metricSnapshotSchema>;
