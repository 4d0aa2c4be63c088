/**
 * A row of `bufdir_export_audit_log`: one export to Bufdir, with its exact
 * payload. The payload and the row's snapshot columns are copies of the
 * exported snapshot's, so they take their formats from its row (metric-snapshot.ts).
 */
import * as z from "zod/mini";
import { isoTimestamp } from "../schemas/iso-date.ts";
import { databaseUuid, sha256Hex } from "./metric-fields.ts";
import { metricSnapshotSchema } from "./metric-snapshot.ts";

const snapshot = metricSnapshotSchema.shape;

/**
 * What `export_bufdir_report` sends: the snapshot's key, provenance and figures.
 *
 * @example
 * const parsed = exportPayloadSchema.safeParse(record.payload);
 */
export const exportPayloadSchema = z.strictObject({
  org_id: snapshot.org_id,
  period_start: snapshot.period_start,
  period_end: snapshot.period_end,
  rule_version: snapshot.rule_version,
  snapshot_id: snapshot.id,
  snapshot_content_hash: snapshot.content_hash,
  computed_at: snapshot.computed_at,
  figures: snapshot.snapshot_json,
});

/**
 * The exported payload.
 *
 * @example
 * const activityDays = (payload: ExportPayload) => payload.figures.totals.activity_days;
 */
export type ExportPayload = z.infer<typeof exportPayloadSchema>;

/**
 * The audit row an export writes and returns.
 *
 * @example
 * const parsed = exportRecordSchema.safeParse(row);
 * if (parsed.success) console.log(parsed.data.payload_sha256);
 */
export const exportRecordSchema = z.strictObject({
  org_id: databaseUuid,
  id: databaseUuid,
  exported_at: isoTimestamp,
  /** Null when the service role exported. */
  exported_by: z.nullable(databaseUuid),
  snapshot_id: snapshot.id,
  period_start: snapshot.period_start,
  period_end: snapshot.period_end,
  rule_version: snapshot.rule_version,
  record_count: snapshot.record_count_at_generation,
  payload: exportPayloadSchema,
  /**
   * SHA-256 of the payload's JSON text as the database rendered it. Re-serialising
   * the parsed payload in JavaScript gives other text (key order, spacing), so
   * check it against the stored text, not against JSON.stringify(payload).
   */
  payload_sha256: sha256Hex,
});

/**
 * One export (the audit row, with the payload and its SHA-256).
 *
 * @example
 * const summary = (record: ExportRecord) => `${record.exported_at}: ${record.payload_sha256.slice(0, 12)}…`;
 */
export type ExportRecord = z.infer<typeof exportRecordSchema>;
