/**
 * Read-through of a metric snapshot with a replaceable computation: what the
 * tests use to count how often figures are computed. Apps use
 * `BufdirMetricsRepository.refreshMetricSnapshot`, which computes and saves in one
 * transaction; this lives in the `./testing` entry.
 */
import { err, okAsync, ResultAsync } from "neverthrow";
import type { DomainFailure } from "../failures/domain-failure.ts";
import { toDomainFailure } from "../failures/to-domain-failure.ts";
import type { Period } from "../period/period.ts";
import type { RpcTransport } from "../transport/rpc-transport.ts";
import { type AggregationQueryBuilder, RpcAggregationQueryBuilder } from "./aggregation-query-builder.ts";
import { BufdirMetricsRepository } from "./bufdir-metrics-repository.ts";
import type { MetricFigures } from "./metric-figures.ts";
import type { MetricSnapshot } from "./metric-snapshot.ts";

/**
 * The cached snapshot when there is one, whether or not it is stale; otherwise
 * figures from `aggregation` (by default `compute_bufdir_metrics` through the same
 * transport), saved and returned. A cache hit makes exactly one call and never
 * reaches the builder. The miss path computes and saves in two calls: a change
 * committed between them is in neither the figures nor the staleness check.
 *
 * @example
 * const snapshot = await getOrComputeMetricSnapshot(transport, organisationId, periodOrThrow("2026-H1"), countingBuilder);
 */
export function getOrComputeMetricSnapshot(
  transport: RpcTransport,
  organisationId: string,
  period: Period,
  aggregation: AggregationQueryBuilder = new RpcAggregationQueryBuilder(transport),
): ResultAsync<MetricSnapshot, DomainFailure> {
  const repository = new BufdirMetricsRepository(transport);
  return repository.getMetricSnapshot(organisationId, period).andThen((cached) =>
    cached !== null
      ? okAsync(cached)
      : computeFigures(aggregation, organisationId, period).andThen((figures) => repository.saveMetricSnapshot(organisationId, period, figures)),
  );
}

/** The builder may be the caller's own: one that throws or rejects still yields a failure. */
function computeFigures(aggregation: AggregationQueryBuilder, organisationId: string, period: Period): ResultAsync<MetricFigures, DomainFailure> {
  const settled = Promise.resolve()
    .then(() => aggregation.computeFigures(organisationId, period))
    .then(
      (result) => result,
      (error: unknown) => err(toDomainFailure(error)),
    );
  return new ResultAsync(settled);
}
