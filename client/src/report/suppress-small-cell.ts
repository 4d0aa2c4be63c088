/**
 * Small-cell suppression for breakdowns shown to ordinary users: a count of 1 to
 * k − 1 could point at a person, so it is shown as "<k" instead. Zero reveals no
 * one and stays 0. Headline totals are never suppressed (Bufdir needs them exact).
 */

/**
 * The threshold used unless a report says otherwise, a common choice in Norwegian statistics.
 *
 * @example
 * suppressSmallCell(4, DEFAULT_SUPPRESSION_THRESHOLD).text // "<5"
 */
export const DEFAULT_SUPPRESSION_THRESHOLD = 5;

/**
 * A count as a breakdown shows it.
 *
 * @example
 * const cell: SuppressedCell = suppressSmallCell(2); // { text: "<5", suppressed: true }
 */
export interface SuppressedCell {
  /** What to print: the count, or "<k" when suppressed. */
  readonly text: string;
  /** True when the count was hidden. */
  readonly suppressed: boolean;
}

/**
 * Shows `count`, or "<k" when it is from 1 to k − 1.
 *
 * @example
 * suppressSmallCell(3)    // { text: "<5", suppressed: true }
 * suppressSmallCell(0)    // { text: "0", suppressed: false }
 * suppressSmallCell(5)    // { text: "5", suppressed: false }
 * suppressSmallCell(2, 3) // { text: "<3", suppressed: true }
 */
export function suppressSmallCell(
  count: number,
  k: number = DEFAULT_SUPPRESSION_THRESHOLD,
  format: (count: number) => string = String,
): SuppressedCell {
  if (count >= 1 && count < k) return { text: `<${k}`, suppressed: true };
  return { text: format(count), suppressed: false };
}
