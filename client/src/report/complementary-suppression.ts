/**
 * Complementary suppression for a breakdown whose total is published (every
 * breakdown of the report adds up to an exact headline figure). Hiding the small
 * cells alone is not enough: total − shown cells = the hidden ones, and with
 * one hidden cell (or several forced to their bounds) the hidden value follows.
 *
 * What a reader knows, and what the check below assumes: the total; every shown
 * cell exactly; a "small" cell is 1 to k − 1; a "complementary" cell (hidden
 * to protect a small one, always a count of at least k) is k or more; a
 * "withheld" cell (the whole breakdown hidden) is 0 or more. A hidden cell is
 * protected when at least two values are possible for it.
 *
 * Like statistical agencies: hide the smallest shown counts of k or more until
 * no hidden cell is determined; when even that is not enough, withhold the
 * whole breakdown. A breakdown with one category only equals its published
 * total and cannot be protected by hiding.
 */

/** How a cell of a breakdown is shown. */
export type CellState = "shown" | "small" | "complementary" | "withheld";

/** The values a reader can still think possible for a cell, inclusive. */
export interface CellRange {
  readonly low: number;
  readonly high: number;
}

/**
 * What a reader knows of one cell from how it is shown (`total` caps it).
 *
 * @example
 * readerRange(3, "small", 5, 32) // { low: 1, high: 4 }
 */
export function readerRange(value: number, state: CellState, k: number, total: number): CellRange {
  switch (state) {
    case "shown":
      return { low: value, high: value };
    case "small":
      return { low: 1, high: k - 1 };
    case "complementary":
      return { low: k, high: total };
    case "withheld":
      return { low: 0, high: total };
  }
}

/**
 * The cells whose value a reader can work out from the total and the rest:
 * each hidden cell's range, narrowed by the sum, holds a single value.
 *
 * @example
 * determinedCells([20, 9, 3], ["shown", "shown", "small"], 5) // [2]: 32 − 20 − 9 = 3
 */
export function determinedCells(values: readonly number[], states: readonly CellState[], k: number): number[] {
  const total = values.reduce((sum, value) => sum + value, 0);
  const ranges = values.map((value, index) => readerRange(value, states[index]!, k, total));
  const lowSum = ranges.reduce((sum, range) => sum + range.low, 0);
  const highSum = ranges.reduce((sum, range) => sum + range.high, 0);
  const determined: number[] = [];
  ranges.forEach((range, index) => {
    if (states[index] === "shown") return;
    const low = Math.max(range.low, total - (highSum - range.high));
    const high = Math.min(range.high, total - (lowSum - range.low));
    if (low >= high) determined.push(index);
  });
  return determined;
}

/**
 * How to show each cell of a breakdown so that no hidden value follows from
 * the total and the shown cells.
 *
 * @example
 * protectBreakdown([20, 9, 3], 5) // ["shown", "complementary", "small"]
 */
export function protectBreakdown(values: readonly number[], k: number): CellState[] {
  const states: CellState[] = values.map((value) => (value >= 1 && value < k ? "small" : "shown"));
  if (!states.includes("small") || values.length < 2) return states;
  const candidates = values
    .map((value, index) => ({ value, index }))
    .filter(({ value }) => value >= k)
    .sort((a, b) => a.value - b.value || a.index - b.index);
  while (determinedCells(values, states, k).length > 0) {
    const next = candidates.shift();
    if (next === undefined) return values.map(() => "withheld");
    states[next.index] = "complementary";
  }
  return states;
}
