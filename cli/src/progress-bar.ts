/**
 * Progress on stderr for work that can take more than a second: a bar for work
 * counted in steps, a line with the seconds so far for work that is not. Shown
 * only on a terminal and never under --json: piped or captured output gets
 * nothing extra.
 */
import { jsonRequested } from "./run.ts";
import { printable } from "./output.ts";

export interface ProgressBar {
  update(phase: string, done: number, total: number): void;
  finish(): void;
}

/** Whether progress is drawn: stderr is a terminal and the command was not asked for JSON. */
export function progressShown(): boolean {
  return process.stderr.isTTY === true && !jsonRequested();
}

/**
 * Creates a bar that redraws itself in place on stderr.
 *
 * @example
 * const bar = progressBar(!json);
 * seedDataset(client, options, ({ phase, done, total }) => bar.update(phase, done, total));
 * bar.finish();
 */
export function progressBar(enabled = true): ProgressBar {
  const shown = enabled && progressShown();
  let drawn = false;
  return {
    update(phase, done, total) {
      if (!shown) return;
      const fraction = total === 0 ? 1 : Math.min(1, done / total);
      const width = 30;
      const filled = Math.round(fraction * width);
      process.stderr.write(`\r${printable(phase).padEnd(12)} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total}\u001b[K`);
      drawn = true;
    },
    finish() {
      if (shown && drawn) process.stderr.write("\n");
      drawn = false;
    },
  };
}

/**
 * Runs `work` with a line on stderr saying what it is doing and for how long:
 * `creating the embedded database … 3 s`, then `… done in 4.2 s` (or `… failed`).
 *
 * @example
 * const snapshot = await withProgress(`computing ${organisation.name} ${period.label}`, () => unwrap(...));
 */
export async function withProgress<T>(label: string, work: () => Promise<T>): Promise<T> {
  if (!progressShown()) return work();
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const draw = (tail: string, end = "") => process.stderr.write(`\r${printable(label)} … ${tail}\u001b[K${end}`);
  draw("");
  const ticker = setInterval(() => draw(`${Math.floor(seconds())} s`), 1000);
  ticker.unref();
  try {
    const result = await work();
    draw(`done in ${seconds().toFixed(1)} s`, "\n");
    return result;
  } catch (error) {
    draw("failed", "\n");
    throw error;
  } finally {
    clearInterval(ticker);
  }
}
