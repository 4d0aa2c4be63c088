// A plain Node app using the installed package, no TypeScript and no loader: a
// mentor registers an activity over the direct transport, then a coordinator
// refreshes and reads the month's metric snapshot, and renders it as the report.
//
// Usage: node app.mjs <database url> <organisation id> <mentor user id> <coordinator user id> <contact id>
import { ActivityRepository, BufdirMetricsRepository, periodOrThrow } from "@bufdir-reporting/client";
import { asUser, createPostgresTransport } from "@bufdir-reporting/client/node";
import { renderReport } from "@bufdir-reporting/client/report";

const [connectionString, organisationId, mentorId, coordinatorId, contactId] = process.argv.slice(2);
const poolOptions = { max: 1 };
const mentor = createPostgresTransport({ connectionString, context: asUser({ sub: mentorId }), poolOptions });
const coordinator = createPostgresTransport({ connectionString, context: asUser({ sub: coordinatorId }), poolOptions });

try {
  const registered = await new ActivityRepository(mentor).register({
    organisationId,
    path: "direct",
    kind: "in_person_outreach",
    date: "2026-06-15",
    durationMinutes: 45,
    mentorIds: [mentorId],
    participantIds: [contactId],
  });
  if (registered.isErr()) throw new Error(`register: ${registered.error.message}`);

  const snapshots = new BufdirMetricsRepository(coordinator);
  const june = periodOrThrow("2026-06");
  const refreshed = await snapshots.refreshMetricSnapshot(organisationId, june);
  if (refreshed.isErr()) throw new Error(`refresh: ${refreshed.error.message}`);
  const snapshot = await snapshots.getMetricSnapshot(organisationId, june);
  if (snapshot.isErr()) throw new Error(`read: ${snapshot.error.message}`);

  if (snapshot.value === null) throw new Error("read: no snapshot after the refresh");
  const { snapshot_json: figures, rule_version: ruleVersion, computed_at: computedAt, content_hash: contentHash } = snapshot.value;
  const report = renderReport({ organisationName: "Scratch app", period: { label: june.label, start: june.start, end: june.end }, figures, ruleVersion, computedAt, contentHash });

  console.log(JSON.stringify({ activityId: registered.value.id, totals: figures.totals, reportTitle: /<title>([^<]*)<\/title>/.exec(report)?.[1] ?? null }));
} finally {
  await mentor.end();
  await coordinator.end();
}
