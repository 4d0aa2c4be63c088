/**
 * A reader's attack on a published report: from the HTML alone, and the fact
 * that every breakdown adds up to a published total, which hidden cells can be
 * worked out? Knows nothing of how the report hides cells: it reads "<k" as 1
 * to k − 1, ":" as k or more (0 or more when the whole breakdown is ":"), and
 * looks for a second solution of the sum for each cell.
 */
import { expect } from "vitest";

/** One cell as a reader sees it: the values it may hold, and its true value. */
export interface ReaderCell {
  readonly low: number;
  readonly high: number;
  readonly value: number;
}

/**
 * Whether a reader who knows the total can tell this hidden cell's value: true
 * when no other solution of the sum exists. With one equality and a range per
 * cell, another solution exists exactly when one unit can move between this
 * cell and another hidden one, within both ranges.
 *
 * @example
 * isDetermined(readerCells(["20", "9", "&lt;5"], [20, 9, 3], 5), 2) // true: 32 − 20 − 9
 */
export function isDetermined(cells: readonly ReaderCell[], index: number): boolean {
  const cell = cells[index]!;
  return !cells.some(
    (other, j) =>
      j !== index &&
      other.low !== other.high &&
      ((cell.value + 1 <= cell.high && other.value - 1 >= other.low) || (cell.value - 1 >= cell.low && other.value + 1 <= other.high)),
  );
}

/**
 * A breakdown as a reader sees it, from each cell's shown text and the true
 * values (a shown cell must show its true value).
 *
 * @example
 * readerCells(["20", ":", "&lt;5"], [20, 9, 3], 5)
 */
export function readerCells(texts: readonly string[], values: readonly number[], k: number): ReaderCell[] {
  const total = values.reduce((sum, value) => sum + value, 0);
  const allHidden = texts.every((text) => text === ":");
  return texts.map((text, index) => {
    const value = values[index]!;
    if (text === `&lt;${k}`) return { low: 1, high: k - 1, value };
    if (text === ":") return { low: allHidden ? 0 : k, high: total, value };
    // nb-NO groups thousands with a (no-break) space.
    expect(Number(text.replace(/\s/g, ""))).toBe(value);
    return { low: value, high: value, value };
  });
}

/**
 * The text of each row's cell in column `column` of the table with this caption.
 *
 * @example
 * columnTexts(html, "By registration path", ["direct", "proxy", "bulk"]) // [":", "&lt;5", "&lt;5"]
 */
export function columnTexts(html: string, caption: string, keys: readonly string[], column = 0): string[] {
  const table = html.slice(html.indexOf(`<caption>${caption}`));
  const body = table.slice(0, table.indexOf("</table>"));
  return keys.map((key) => {
    const row = new RegExp(`<tr data-key="${key}">(.*?)</tr>`).exec(body)?.[1];
    if (row === undefined) throw new Error(`no row ${key} in ${caption}`);
    const cells = [...row.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((match) => match[1]!.replace(/<a class="marker".*$/, ""));
    return cells[column]!;
  });
}

/**
 * The month chart's bar labels (data-value) in calendar order.
 *
 * @example
 * monthTexts(html) // ["12", "&lt;5", …]
 */
export function monthTexts(html: string): string[] {
  return [...html.matchAll(/<rect class="(?:bar|hidden-month)" data-month="[^"]+" data-value="([^"]*)"/g)].map((match) => match[1]!);
}

/**
 * Fails when any hidden cell of the breakdown can be worked out, or any small
 * count is shown as itself.
 *
 * @example
 * expectNothingDerivable(columnTexts(html, "By registration path", paths), [15, 1, 1], 5);
 */
export function expectNothingDerivable(texts: readonly string[], values: readonly number[], k: number): void {
  const cells = readerCells(texts, values, k);
  texts.forEach((text, index) => {
    const value = values[index]!;
    if (value >= 1 && value < k) expect(text).not.toBe(String(value));
    if (cells[index]!.low !== cells[index]!.high) {
      expect(isDetermined(cells, index), `${JSON.stringify(texts)} of ${JSON.stringify(values)} (k = ${k})`).toBe(false);
    }
  });
}
