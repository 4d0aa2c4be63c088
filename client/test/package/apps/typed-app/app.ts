// A strict TypeScript app over the installed package: both entries, a
// repository, a generated RPC, a failure's message and the mirror.
import {
  ActivityRepository,
  BufdirMetricsRepository,
  type DomainFailure,
  openMirror,
  openSqlJsDriver,
  periodOrThrow,
  rpc,
  SummaryCacheRepository,
} from "@bufdir-reporting/client";
import { asUser, createPostgresTransport, openBetterSqlite3Driver } from "@bufdir-reporting/client/node";

const transport = createPostgresTransport({ connectionString: "postgres://localhost/app", context: asUser({ sub: "00000000-0000-4000-b000-000000000001" }) });
const organisationId = "00000000-0000-4000-a000-00000000000a";

export async function registerAndRead(): Promise<number | string> {
  const registered = await new ActivityRepository(transport).register({
    organisationId,
    path: "direct",
    kind: "in_person_outreach",
    date: "2026-06-15",
    durationMinutes: 45,
    mentorIds: ["00000000-0000-4000-b000-000000000001"],
    participantIds: [],
  });
  if (registered.isErr()) return describe(registered.error);
  const snapshot = await new BufdirMetricsRepository(transport).getMetricSnapshot(organisationId, periodOrThrow("2026-H1"));
  return snapshot.match((row) => row?.snapshot_json.totals.activity_days ?? 0, describe);
}

export async function statusOf(): Promise<boolean | string> {
  const status = await rpc(transport, "metric_snapshot_status", { org_id: organisationId, period_start: "2026-01-01", period_end: "2026-06-30" });
  return status.match((row) => row.is_stale, describe);
}

export async function summaryFromMirror(inNode: boolean): Promise<unknown> {
  const driver = inNode ? await openBetterSqlite3Driver(":memory:") : await openSqlJsDriver();
  await openMirror(driver);
  const summaries = new SummaryCacheRepository({ driver, transport, organisationId });
  const summary = await summaries.getSummary({ mentorId: null, periodType: "half_year", periodStart: "2026-01-01" });
  return summary.match((row) => row?.summaryData, (failure) => failure.message);
}

function describe(failure: DomainFailure): string {
  switch (failure.kind) {
    case "query":
      return `${failure.reason}: ${failure.message}`;
    case "validation":
      return failure.path.length > 0 ? failure.message : failure.issue;
    case "network":
      return failure.message;
  }
}
