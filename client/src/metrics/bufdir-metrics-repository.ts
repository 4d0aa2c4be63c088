/**
 * The Bufdir metric snapshots of an organisation, through the snapshot RPCs
 * (db/README.md, "Bufdir metric snapshots"). The client never writes the table:
 * every column but the figures is set by the database, and row-level security
 * and the RPCs' permission checks decide who may do what.
 */
import type { ResultAsync } from "neverthrow";
import type { DomainFailure } from "../failures/domain-failure.ts";
import type { Period } from "../period/period.ts";
import { rpc } from "../rpc/rpc.ts";
import type { RpcTransport } from "../transport/rpc-transport.ts";
import type { ExportRecord } from "./export-record.ts";
import type { FigureDifference } from "./figure-difference.ts";
import type { MetricFigures } from "./metric-figures.ts";
import type { MetricSnapshot } from "./metric-snapshot.ts";
import { snapshotKeyArgs } from "./snapshot-key.ts";
import type { SnapshotStatus } from "./snapshot-status.ts";

/**
 * Options of `exportBufdirReport`.
 *
 * @example
 * const options: ExportOptions = { refresh: true };
 */
export interface ExportOptions {
  /** Compute, save and export in one transaction (default false: export the saved snapshot as it is). */
  readonly refresh?: boolean;
}

/**
 * Reads, writes and exports metric snapshots. Every method returns a
 * `ResultAsync<T, DomainFailure>` and never throws for expected failures:
 * refusals are QueryFailures (`permission_denied`, `not_found`, `pii_rejected`,
 * `snapshot_missing`, `stale_snapshot`, `snapshot_mismatch`, …), a response of
 * the wrong shape a ValidationFailure, an unreachable database a NetworkFailure.
 *
 * @example
 * const repo = new BufdirMetricsRepository(createSupabaseTransport(supabase));
 * const result = await repo.getMetricSnapshot(organisationId, periodOrThrow("2026-H1"));
 * result.match(
 *   (snapshot) => console.log(snapshot?.snapshot_json.totals.activity_days ?? "no snapshot yet"),
 *   (failure) => console.error(failure.kind === "query" ? failure.reason : failure.kind),
 * );
 */
export class BufdirMetricsRepository {
  readonly #transport: RpcTransport;

  /** @param transport how calls reach the database, and as whom. */
  constructor(transport: RpcTransport) {
    this.#transport = transport;
  }

  /**
   * Saves figures for an organisation and period: an upsert on (org_id,
   * period_start, period_end), so saving again replaces the figures and keeps
   * the row's id. The figures are checked by the database's allow-list (a
   * figure that is not a non-negative safe integer, or any key outside the
   * documented shape, is `pii_rejected`); their period and rule version must
   * match the key (`invalid_input` otherwise). Coordinators and admins.
   *
   * @example
   * const saved = await repo.saveMetricSnapshot(organisationId, period, figures);
   */
  saveMetricSnapshot(organisationId: string, period: Period, figures: MetricFigures): ResultAsync<MetricSnapshot, DomainFailure> {
    // The transport refuses values JSON cannot carry (undefined, unsafe numbers) before sending.
    return rpc(this.#transport, "save_metric_snapshot", { ...snapshotKeyArgs(organisationId, period), snapshot_json: figures });
  }

  /**
   * The cached snapshot, or null when there is none (not a failure). One index
   * lookup; never aggregates. Any member of the organisation.
   *
   * @example
   * const cached = await repo.getMetricSnapshot(organisationId, periodOrThrow("2026-Q2"));
   * if (cached.isOk() && cached.value === null) console.log("not aggregated yet");
   */
  getMetricSnapshot(organisationId: string, period: Period): ResultAsync<MetricSnapshot | null, DomainFailure> {
    // A set of zero rows ("no snapshot") or one; the schema refuses more.
    return rpc(this.#transport, "get_metric_snapshot", snapshotKeyArgs(organisationId, period)).map((rows) => rows[0] ?? null);
  }

  /**
   * Deletes the snapshot. A missing snapshot is a QueryFailure `not_found`; a
   * peer mentor's delete is refused by row-level security (`permission_denied`).
   *
   * @example
   * const deleted = await repo.deleteMetricSnapshot(organisationId, period);
   * if (deleted.isErr() && deleted.error.kind === "query" && deleted.error.reason === "not_found") console.log("nothing to delete");
   */
  deleteMetricSnapshot(organisationId: string, period: Period): ResultAsync<void, DomainFailure> {
    return rpc(this.#transport, "delete_metric_snapshot", snapshotKeyArgs(organisationId, period)).map(() => undefined);
  }

  /**
   * Computes and saves the figures in one database transaction: the
   * recommended way to (re)generate a snapshot, since the raw data never leaves
   * the database and the staleness bookkeeping matches the figures exactly.
   * Coordinators and admins.
   *
   * @example
   * const fresh = await repo.refreshMetricSnapshot(organisationId, periodOrThrow("2026-H1"));
   */
  refreshMetricSnapshot(organisationId: string, period: Period): ResultAsync<MetricSnapshot, DomainFailure> {
    return rpc(this.#transport, "refresh_metric_snapshot", snapshotKeyArgs(organisationId, period));
  }

  /**
   * Whether the snapshot exists and is stale, and why (`reasons`). Any member.
   *
   * @example
   * const status = await repo.getSnapshotStatus(organisationId, period);
   * if (status.isOk() && status.value.is_stale) console.log("Data updated since last aggregation — re-run?", status.value.reasons);
   */
  getSnapshotStatus(organisationId: string, period: Period): ResultAsync<SnapshotStatus, DomainFailure> {
    return rpc(this.#transport, "metric_snapshot_status", snapshotKeyArgs(organisationId, period));
  }

  /**
   * Recomputes the figures and lists each one that differs from the persisted
   * snapshot (empty when it is sound). A missing snapshot is `not_found`.
   * Coordinators and admins.
   *
   * @example
   * const differences = await repo.verifyMetricSnapshot(organisationId, period);
   * differences.map((rows) => rows.map((row) => `${row.figure}: ${row.persisted_value} ≠ ${row.recomputed_value}`));
   */
  verifyMetricSnapshot(organisationId: string, period: Period): ResultAsync<FigureDifference[], DomainFailure> {
    return rpc(this.#transport, "verify_metric_snapshot", snapshotKeyArgs(organisationId, period));
  }

  /**
   * Exports the snapshot to Bufdir: the database writes the audit row and
   * returns it. Refused, with no audit row, as a QueryFailure
   * `snapshot_missing` (no snapshot), `stale_snapshot` (`details` lists the
   * reasons) or `snapshot_mismatch` (the figures differ from a fresh
   * recomputation). Coordinators and admins.
   *
   * With `{ refresh: true }` the database computes the figures, saves them as
   * the snapshot and exports that, all in one transaction: the recommended way,
   * since edits committed in the period meanwhile cannot make it stale (a
   * refresh followed by a separate export fails with `stale_snapshot` whenever
   * anything in the period changed in between).
   *
   * @example
   * const exported = await repo.exportBufdirReport(organisationId, period, { refresh: true });
   * exported.match(
   *   (record) => console.log("exported", record.payload_sha256),
   *   (failure) => showError(failure),
   * );
   */
  exportBufdirReport(organisationId: string, period: Period, options: ExportOptions = {}): ResultAsync<ExportRecord, DomainFailure> {
    return rpc(this.#transport, "export_bufdir_report", { ...snapshotKeyArgs(organisationId, period), refresh: options.refresh === true });
  }
}
