/** Named, timed steps of a script and the summary printed at its end. */

export interface StageResult {
  readonly name: string;
  readonly exitCode: number;
  readonly seconds: number;
}

/** Runs one stage; a thrown error counts as exit code 1 and is printed. */
export async function timed(name: string, stage: () => Promise<number>): Promise<StageResult> {
  const started = performance.now();
  let exitCode: number;
  try {
    exitCode = await stage();
  } catch (error) {
    console.error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    exitCode = 1;
  }
  return { name, exitCode, seconds: (performance.now() - started) / 1000 };
}

/** One line per stage, then the overall verdict. */
export function printSummary(title: string, results: readonly StageResult[]): void {
  console.log(`\n== ${title} ==`);
  for (const result of results) {
    const verdict = result.exitCode === 0 ? "ok  " : `FAIL (exit ${result.exitCode})`;
    console.log(`  ${verdict.padEnd(16)} ${result.name.padEnd(12)} ${result.seconds.toFixed(1)} s`);
  }
  const failed = results.filter((result) => result.exitCode !== 0).length;
  console.log(failed === 0 ? "  all stages passed" : `  ${failed} stage(s) failed`);
}
