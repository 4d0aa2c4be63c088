// Must not compile: every line marked `// error TSnnnn` is a mistake the
// generated RPC layer turns into a compile error (rpc-typing.test.ts checks
// each mark, and that nothing else fails). Excluded from the project's tsconfig.
import * as z from "zod/mini";
import { ActivityRepository } from "../../../src/activities/activity-repository.ts";
import { metricSnapshotSchema } from "../../../src/metrics/metric-snapshot.ts";
import { rpc } from "../../../src/rpc/rpc.ts";
import type { RpcName, RpcResponseOf } from "../../../src/rpc/rpc-function.ts";
import { RPC_RESPONSE_SCHEMAS } from "../../../src/rpc/rpc-response-schemas.ts";
import type { RpcTransport } from "../../../src/transport/rpc-transport.ts";

declare const transport: RpcTransport;
const key = { org_id: "00000000-0000-4000-a000-00000000000a", period_start: "2026-01-01", period_end: "2026-06-30" };

export function unknownRpc() {
  return rpc(transport, "get_metric_snapshots", key); // error TS2345
}

export function misspeltArgument() {
  return rpc(transport, "get_metric_snapshot", { org_id: key.org_id, period_start: "2026-01-01", period_ends: "2026-06-30" }); // error TS2561
}

export function missingArgument() {
  return rpc(transport, "refresh_metric_snapshot", { org_id: key.org_id, period_start: "2026-01-01" }); // error TS2345
}

export function mistypedArgument() {
  return rpc(transport, "register_activity", {
    org_id: key.org_id, registration_path: "direct", kind: "in_person_outreach", activity_date: "2026-06-01",
    duration_minutes: "60", // error TS2322
    mentor_ids: [],
  });
}

export function unknownEnumValue() {
  return rpc(transport, "register_activity", {
    org_id: key.org_id, registration_path: "indirect", // error TS2820
    kind: "in_person_outreach", activity_date: "2026-06-01", duration_minutes: 60, mentor_ids: [],
  });
}

export async function misspeltResultField() {
  const rows = await rpc(transport, "list_activities", key);
  return rows.map((list) => list.map((activity) => activity.duraton_minutes)); // error TS2551
}

export function schemaOfAnotherRpc() {
  return { ...RPC_RESPONSE_SCHEMAS, verify_metric_snapshot: metricSnapshotSchema } satisfies { readonly [F in RpcName]: z.ZodMiniType<RpcResponseOf<F>> }; // error TS2322
}

export function rpcWithoutSchema() {
  const { register_activity: _left, ...withoutOne } = RPC_RESPONSE_SCHEMAS;
  return withoutOne satisfies { readonly [F in RpcName]: z.ZodMiniType<RpcResponseOf<F>> }; // error TS1360
}

export function repositoryMisuse() {
  return new ActivityRepository(transport).register({
    organisationId: key.org_id, path: "direct", kind: "phone", // error TS2322
    date: "2026-06-01", durationMinutes: 60, mentorIds: [],
  });
}
