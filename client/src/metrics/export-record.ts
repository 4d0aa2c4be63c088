/** A row of `bufdir_export_audit_log`: one export to Bufdir, with its exact payload. */
import * as z from "zod/mini";
import { isoDate, isoTimestamp } from "../schemas/iso-date.ts";
import { databaseUuid, figureCount, ruleVersion, sha256Hex } from "./metric-fields.ts";
import { metricFiguresSchema } from "./metric-figures.ts";

/**
 * What `export_bufdir_report` sends: the snapshot's key, provenance and figures.
 *
 * @example
 * const parsed = exportPayloadSchema.safeParse(record.payload);
 */
export const exportPayloadSchema = z.strictObject({
  org_id: databaseUuid,
  period_start: isoDate,
  period_end: isoDate,
  rule_version: ruleVersion,
  snapshot_id: databaseUuid,
  snapshot_content_hash: sha256Hex,
  computed_at: isoTimestamp,
  figures: metricFiguresSchema,
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
  snapshot_id: databaseUuid,
  period_start: isoDate,
  period_end: isoDate,
  rule_version: ruleVersion,
  record_count: figureCount,
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
