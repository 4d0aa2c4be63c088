/**
 * Timing for the benchmarks: warm-up, repetitions, and the percentiles reported.
 */

export interface Timing {
  readonly name: string;
  readonly runs: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly meanMs: number;
  readonly minMs: number;
  readonly maxMs: number;
}

/** The q-quantile (0..1) of sorted samples, by the nearest-rank method. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1]!;
}

/** Summarises samples in milliseconds. */
export function summarise(name: string, samplesMs: readonly number[]): Timing {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length);
  return {
    name,
    runs: sorted.length,
    p50Ms: quantile(sorted, 0.5),
    p99Ms: quantile(sorted, 0.99),
    meanMs: mean,
    minMs: sorted[0] ?? Number.NaN,
    maxMs: sorted.at(-1) ?? Number.NaN,
  };
}

/**
 * Runs `work` `warmup` times unmeasured, then `runs` times measured, one after another.
 *
 * @example
 * const timing = await measure("get", () => repo.getMetricSnapshot(org, period), { runs: 1000 });
 */
export async function measure(
  name: string,
  work: (iteration: number) => Promise<unknown>,
  options: { runs: number; warmup?: number },
): Promise<Timing> {
  for (let i = 0; i < (options.warmup ?? Math.min(50, options.runs)); i++) await work(i);
  const samples: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    const started = performance.now();
    await work(i);
    samples.push(performance.now() - started);
  }
  return summarise(name, samples);
}

/** Milliseconds with a sensible precision for a table. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return "-";
  if (ms < 1) return ms.toFixed(3);
  if (ms < 100) return ms.toFixed(2);
  return ms.toFixed(0);
}
