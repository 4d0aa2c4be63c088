// generated — do not edit. Run `make gen` to regenerate from db/migrations.
// Produced by scripts/gen-types.ts from pg_proc: the RPCs the API roles may execute.

import type { Database } from "./database.types.ts";

/**
 * Every RPC the API roles may call: how PostgREST shapes its result (`one`: a
 * table or composite type, `many`: a set, `scalar`, `void`) and which
 * arguments are PostgreSQL arrays (sent as arrays, not JSON, by the direct
 * transport). The argument and result types are Database["public"]["Functions"][name].
 *
 * @example
 * RPC_CATALOG.get_metric_snapshot.returns // "many"
 */
export const RPC_CATALOG = {
  add_contact: { returns: "one", arrayArgs: [] },
  add_member: { returns: "one", arrayArgs: [] },
  add_mentor_active_period: { returns: "one", arrayArgs: [] },
  compute_bufdir_metrics: { returns: "scalar", arrayArgs: [] },
  confirm_activity: { returns: "one", arrayArgs: [] },
  count_entries_by_verdict: { returns: "many", arrayArgs: [] },
  create_organisation: { returns: "one", arrayArgs: [] },
  delete_activity: { returns: "one", arrayArgs: [] },
  delete_metric_snapshot: { returns: "void", arrayArgs: [] },
  edit_activity: { returns: "one", arrayArgs: ["mentor_ids", "participant_ids"] },
  end_mentor_active_period: { returns: "one", arrayArgs: [] },
  explain_activities: { returns: "many", arrayArgs: [] },
  explain_activity: { returns: "one", arrayArgs: [] },
  export_bufdir_report: { returns: "one", arrayArgs: [] },
  generate_periodic_summaries: { returns: "many", arrayArgs: [] },
  get_metric_snapshot: { returns: "many", arrayArgs: [] },
  invalidate_periodic_summaries: { returns: "scalar", arrayArgs: [] },
  list_activities: { returns: "many", arrayArgs: [] },
  list_contacts: { returns: "many", arrayArgs: [] },
  list_held_activities: { returns: "many", arrayArgs: [] },
  list_member_names: { returns: "many", arrayArgs: [] },
  list_members: { returns: "many", arrayArgs: [] },
  list_mentor_active_periods: { returns: "many", arrayArgs: [] },
  list_organisations: { returns: "many", arrayArgs: [] },
  list_periodic_summaries_since: { returns: "many", arrayArgs: [] },
  metric_snapshot_status: { returns: "one", arrayArgs: [] },
  refresh_metric_snapshot: { returns: "one", arrayArgs: [] },
  register_activity: { returns: "one", arrayArgs: ["mentor_ids", "participant_ids"] },
  save_metric_snapshot: { returns: "one", arrayArgs: [] },
  set_member_status: { returns: "one", arrayArgs: [] },
  set_review_limits: { returns: "one", arrayArgs: [] },
  set_summaries_enabled: { returns: "void", arrayArgs: [] },
  verify_metric_snapshot: { returns: "many", arrayArgs: [] },
} as const satisfies {
  readonly [name in keyof Database["public"]["Functions"]]?: {
    readonly returns: "one" | "many" | "scalar" | "void";
    readonly arrayArgs: readonly (keyof Database["public"]["Functions"][name]["Args"])[];
  };
};
