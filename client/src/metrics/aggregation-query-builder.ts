/** Where the repository gets freshly computed figures from, on a cache miss. */
import type { ResultAsync } from "neverthrow";
import type { DomainFailure } from "../failures/domain-failure.ts";
import type { Period } from "../period/period.ts";
import { rpc } from "../rpc/rpc.ts";
import type { RpcTransport } from "../transport/rpc-transport.ts";
import type { MetricFigures } from "./metric-figures.ts";
import { snapshotKeyArgs } from "./snapshot-key.ts";

/**
 * Computes an organisation's figures for a period without saving them. The
 * repository calls it only when no snapshot is cached, so tests can pass a spy
 * and count the calls.
 *
 * @example
 * const counting: AggregationQueryBuilder = {
 *   computeFigures: (organisationId, period) => { calls++; return new RpcAggregationQueryBuilder(transport).computeFigures(organisationId, period); },
 * };
 */
export interface AggregationQueryBuilder {
  computeFigures(organisationId: string, period: Period): ResultAsync<MetricFigures, DomainFailure>;
}

/**
 * The default builder: `compute_bufdir_metrics` through the transport, the
 * figures checked against the snapshot shape. Coordinators, admins and the
 * service role may call it; anyone else gets a QueryFailure `permission_denied`.
 *
 * @example
 * const builder = new RpcAggregationQueryBuilder(transport);
 * const figures = await builder.computeFigures(organisationId, periodOrThrow("2026-H1"));
 */
export class RpcAggregationQueryBuilder implements AggregationQueryBuilder {
  readonly #transport: RpcTransport;

  constructor(transport: RpcTransport) {
    this.#transport = transport;
  }

  computeFigures(organisationId: string, period: Period): ResultAsync<MetricFigures, DomainFailure> {
    // `jsonb` is a scalar result: PostgREST sends the document itself.
    return rpc(this.#transport, "compute_bufdir_metrics", snapshotKeyArgs(organisationId, period));
  }
}
