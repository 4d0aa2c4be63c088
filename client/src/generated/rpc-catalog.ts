// generated — do not edit. Run `make gen` to regenerate from db/migrations.
// Produced by scripts/gen-types.ts from pg_proc: the RPCs the API roles may execute.

import type { Database } from "./database.types.ts";

/**
 * Every RPC the API roles may call, with how PostgREST shapes its result: `one`
 * (a table or composite type), `many` (a set), `scalar` or `void`. The
 * argument and result types are Database["public"]["Functions"][name].
 *
 * @example
 * RPC_CATALOG.get_metric_snapshot // "many"
 */
export const RPC_CATALOG = {
  compute_bufdir_metrics: "scalar",
  delete_activity: "one",
  delete_metric_snapshot: "void",
  edit_activity: "one",
  export_bufdir_report: "one",
  generate_periodic_summaries: "many",
  get_metric_snapshot: "many",
  invalidate_periodic_summaries: "scalar",
  list_activities: "many",
  list_periodic_summaries_since: "many",
  metric_snapshot_status: "one",
  refresh_metric_snapshot: "one",
  register_activity: "one",
  save_metric_snapshot: "one",
  set_summaries_enabled: "void",
  verify_metric_snapshot: "many",
} as const satisfies { readonly [name in keyof Database["public"]["Functions"]]?: "one" | "many" | "scalar" | "void" };
