// The smallest useful browser app over the package root, for the size budget
// (scripts/measure-client-size.ts): a mentor registers an activity, a coordinator
// reads the half-year's snapshot. supabase-js is the app's own and not counted.
import { createClient } from "@supabase/supabase-js";
import { ActivityRepository, BufdirMetricsRepository, createSupabaseTransport, periodOrThrow } from "@bufdir-reporting/client";

const supabase = createClient("https://project.supabase.co", "anon-key");
const transport = createSupabaseTransport(supabase);

export async function registerAndRead(organisationId: string, mentorId: string): Promise<string> {
  const registered = await new ActivityRepository(transport).register({
    organisationId,
    path: "direct",
    kind: "in_person_outreach",
    date: "2026-06-15",
    durationMinutes: 45,
    mentorIds: [mentorId],
    participantIds: [],
  });
  if (registered.isErr()) return registered.error.message;
  const snapshot = await new BufdirMetricsRepository(transport).getMetricSnapshot(organisationId, periodOrThrow("2026-H1"));
  return snapshot.match((row) => `activity days: ${row?.snapshot_json.totals.activity_days ?? "not computed yet"}`, (failure) => failure.message);
}
