/**
 * One row schema per row: a row that carries another row's columns (a summary
 * change, a push event, a held activity, an export) takes them from that row's
 * schema, so the two cannot drift apart. Each column listed here must be the
 * very schema of its source column, not a restatement of it.
 */
import { describe, expect, it } from "vitest";
import { activityRegistrationSchema } from "../../src/activities/activity-registration.ts";
import { activityVerdictSchema } from "../../src/activities/activity-verdict.ts";
import { memberNameRowSchema } from "../../src/members/member-name.ts";
import { membershipSchema } from "../../src/members/membership.ts";
import { exportPayloadSchema, exportRecordSchema } from "../../src/metrics/export-record.ts";
import { metricSnapshotSchema } from "../../src/metrics/metric-snapshot.ts";
import { organisationListingSchema, organisationSchema } from "../../src/organisations/organisation.ts";
import { heldActivitySchema } from "../../src/review/held-activity.ts";
import { parseResponse } from "../../src/schemas/parse-response.ts";
import { periodicSummaryRowSchema } from "../../src/summaries/periodic-summary-row.ts";
import { summaryDeleteRowSchema, summaryUpsertRowSchema } from "../../src/summaries/summary-change-row.ts";
import { summaryPushPayloadSchema } from "../../src/summaries/summary-push-payload.ts";
import { DOCUMENTED_FIGURES } from "../summaries/support/summary-rows.ts";

interface ObjectSchema {
  readonly shape: Readonly<Record<string, unknown>>;
}

/** Columns kept under their own names, and renamed ones as `[column, source column]`. */
type Columns = readonly (string | readonly [string, string])[];

const SUMMARY_COLUMNS = ["mentor_id", "period_type", "period_start", "period_end", "summary_data", "generated_at", "updated_at", "invalidated_at", "version"];

const DERIVED: readonly (readonly [string, ObjectSchema, ObjectSchema, Columns])[] = [
  ["summaryUpsertRowSchema", summaryUpsertRowSchema, periodicSummaryRowSchema, [...SUMMARY_COLUMNS, ["summary_id", "id"]]],
  ["summaryDeleteRowSchema", summaryDeleteRowSchema, periodicSummaryRowSchema, ["mentor_id", ["summary_id", "id"]]],
  ["summaryPushPayloadSchema", summaryPushPayloadSchema, periodicSummaryRowSchema, ["org_id", "mentor_id", "period_type", "period_start", "version"]],
  ["memberNameRowSchema", memberNameRowSchema, membershipSchema, ["user_id", "display_name", "email", "role"]],
  ["organisationListingSchema", organisationListingSchema, organisationSchema, ["id", "name", "created_at"]],
  ["heldActivitySchema", heldActivitySchema, activityRegistrationSchema,
    ["org_id", ["activity_id", "id"], "activity_date", "kind", "registration_path", "registered_by", "duration_minutes", "anonymous_participants"]],
  ["activityVerdictSchema", activityVerdictSchema, activityRegistrationSchema, ["org_id", ["activity_id", "id"], "activity_date", "kind", "registration_path"]],
  ["exportPayloadSchema", exportPayloadSchema, metricSnapshotSchema,
    ["org_id", "period_start", "period_end", "rule_version", "computed_at", ["snapshot_id", "id"], ["snapshot_content_hash", "content_hash"], ["figures", "snapshot_json"]]],
  ["exportRecordSchema", exportRecordSchema, metricSnapshotSchema,
    ["period_start", "period_end", "rule_version", ["snapshot_id", "id"], ["record_count", "record_count_at_generation"]]],
];

describe("one row schema per row", () => {
  it.each(DERIVED)("%s takes its shared columns from its source row's schema", (_, derived, source, columns) => {
    for (const column of columns) {
      const [name, sourceName] = typeof column === "string" ? [column, column] : column;
      expect(source.shape[sourceName], `${sourceName} in the source row`).toBeDefined();
      expect(derived.shape[name] === source.shape[sourceName], name).toBe(true);
    }
  });

  it("an upsert is a summary row without the organisation, under its change's cursor", () => {
    const rowColumns = Object.keys(periodicSummaryRowSchema.shape).filter((column) => column !== "org_id" && column !== "id");
    expect(Object.keys(summaryUpsertRowSchema.shape).sort()).toEqual([...rowColumns, "cursor", "operation", "summary_id"].sort());
  });

  it("checks a summary's version as the table does, at least 1, in a generated row as in a change", () => {
    const row = {
      org_id: "00000000-0000-4000-a000-00000000000a",
      id: "6f1d2c3b-4a59-4e7d-8c6b-5a4f3e2d1c0b",
      mentor_id: null,
      period_type: "month",
      period_start: "2026-03-01",
      period_end: "2026-03-31",
      summary_data: DOCUMENTED_FIGURES,
      generated_at: "2026-04-01T02:00:00+00:00",
      updated_at: "2026-04-01T02:00:00+00:00",
      invalidated_at: null,
      version: 0,
    };
    expect(parseResponse(periodicSummaryRowSchema, { ...row, version: 1 }).isOk()).toBe(true);
    expect(parseResponse(periodicSummaryRowSchema, row)._unsafeUnwrapErr()).toMatchObject({ kind: "validation", path: ["version"] });
  });
});
