/** The composite `metric_snapshot_status`: does a snapshot exist, and is it stale? */
import * as z from "zod/mini";
import { safeInteger } from "../schemas/safe-integer.ts";
import { figureCount, ruleVersion } from "./metric-fields.ts";
import { metricSnapshotSchema } from "./metric-snapshot.ts";

/** A present snapshot's own columns, in the formats of its row. */
const snapshot = metricSnapshotSchema.shape;

/**
 * Why a snapshot is stale, as `comment on type public.metric_snapshot_status` lists them.
 *
 * @example
 * STALENESS_REASONS.includes("activities_changed") // true
 */
export const STALENESS_REASONS = [
  "missing",
  "older_than_24h",
  "activities_changed",
  "roster_changed",
  "rules_changed",
  "generation_unknown",
] as const;

/**
 * One of `STALENESS_REASONS`.
 *
 * @example
 * const reason: StalenessReason = "roster_changed";
 */
export type StalenessReason = (typeof STALENESS_REASONS)[number];

const reasons = z.array(z.enum(STALENESS_REASONS));

// Asked about at any moment, even with no snapshot: the rule version in force is
// always there (null only when no rule is in force), and the live count.
const always = {
  rule_version_in_force: z.nullable(ruleVersion),
  // Null for a mentor: the organisation's live count is for coordinators, admins and the service role.
  record_count_now: z.nullable(figureCount),
  is_stale: z.boolean(),
  reasons,
};

const missing = z.strictObject({
  snapshot_exists: z.literal(false),
  snapshot_id: z.null(),
  computed_at: z.null(),
  age_seconds: z.null(),
  rule_version: z.null(),
  record_count_at_generation: z.null(),
  ...always,
});

const present = z.strictObject({
  snapshot_exists: z.literal(true),
  snapshot_id: snapshot.id,
  computed_at: snapshot.computed_at,
  // Any sign: a reader whose transaction began before the snapshot was written sees a small negative age.
  age_seconds: safeInteger,
  rule_version: snapshot.rule_version,
  record_count_at_generation: snapshot.record_count_at_generation,
  ...always,
});

/**
 * The status, split on `snapshot_exists` so that the snapshot's own fields are
 * non-null exactly when it exists.
 *
 * @example
 * const parsed = snapshotStatusSchema.safeParse(row);
 * if (parsed.success && parsed.data.snapshot_exists) console.log(parsed.data.age_seconds);
 */
export const snapshotStatusSchema = z.discriminatedUnion("snapshot_exists", [missing, present]);

/**
 * A snapshot's status (`metric_snapshot_status`).
 *
 * @example
 * function warning(status: SnapshotStatus): string | null {
 *   if (!status.is_stale) return null;
 *   return status.snapshot_exists ? `Data updated since last aggregation (${status.reasons.join(", ")}) — re-run?` : "Not aggregated yet";
 * }
 */
export type SnapshotStatus = z.infer<typeof snapshotStatusSchema>;
