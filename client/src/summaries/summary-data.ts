/**
 * The figures of a periodic summary (`summary_data`): the same documented shape
 * as a metric snapshot's figures (db/README.md, "Snapshot shape"), produced by the
 * same aggregation and guarded by the same allow-list on the server. One schema
 * serves both, so the two can never drift apart.
 */
import { type MetricFigures, metricFiguresSchema } from "../metrics/metric-figures.ts";

/**
 * The checked figures of a summary.
 *
 * @example
 * const parsed = summaryDataSchema.safeParse(row.summary_data);
 * if (parsed.success) console.log(parsed.data.totals.activity_days);
 */
export const summaryDataSchema = metricFiguresSchema;

/**
 * The figures of one summary, as `summaryDataSchema` returns them.
 *
 * @example
 * function days(data: SummaryData): number {
 *   return data.totals.activity_days;
 * }
 */
export type SummaryData = MetricFigures;
