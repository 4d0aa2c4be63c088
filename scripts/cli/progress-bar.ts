/**
 * A progress bar on stderr for long runs: redrawn in place on a terminal, one line
 * per phase otherwise (CI logs), silent with --json.
 */

export interface ProgressBar {
  update(phase: string, done: number, total: number): void;
  finish(): void;
}

/**
 * Creates a bar that draws to stderr.
 *
 * @example
 * const bar = progressBar(!json);
 * seedDataset(client, options, ({ phase, done, total }) => bar.update(phase, done, total));
 * bar.finish();
 */
export function progressBar(enabled: boolean): ProgressBar {
  const terminal = process.stderr.isTTY === true;
  let lastPhase = "";
  let drawn = false;
  return {
    update(phase, done, total) {
      if (!enabled) return;
      const fraction = total === 0 ? 1 : Math.min(1, done / total);
      if (terminal) {
        const width = 30;
        const filled = Math.round(fraction * width);
        process.stderr.write(`\r${phase.padEnd(12)} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total}   `);
        drawn = true;
      } else if (phase !== lastPhase || done === total) {
        if (phase !== lastPhase || done === total) process.stderr.write(`${phase}: ${done}/${total}\n`);
      }
      lastPhase = phase;
    },
    finish() {
      if (enabled && terminal && drawn) process.stderr.write("\n");
    },
  };
}
