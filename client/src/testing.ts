/**
 * @bufdir-reporting/client/testing: parts the client's own tests use that an app
 * does not need: a call checked against a schema of the caller's choosing, and the
 * snapshot read-through with a replaceable computation (for counting
 * computations). Apps use the package root (`rpc`, `BufdirMetricsRepository`).
 */
export { callRpc } from "./transport/call-rpc.ts";
export type { AggregationQueryBuilder } from "./metrics/aggregation-query-builder.ts";
export { RpcAggregationQueryBuilder } from "./metrics/aggregation-query-builder.ts";
export { getOrComputeMetricSnapshot } from "./metrics/get-or-compute-metric-snapshot.ts";
