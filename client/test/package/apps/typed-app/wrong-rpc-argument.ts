// Must not compile: period_end is a date string, not a number.
import { rpc } from "@bufdir-reporting/client";
import { asAnon, createPostgresTransport } from "@bufdir-reporting/client/node";

const transport = createPostgresTransport({ connectionString: "postgres://localhost/app", context: asAnon() });
export const status = rpc(transport, "metric_snapshot_status", { org_id: "00000000-0000-4000-a000-00000000000a", period_start: "2026-01-01", period_end: 20260630 });
