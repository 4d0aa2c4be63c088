/**
 * Snapshot figures as rows: for the terminal and for the CSV export.
 */
import { BREAKDOWN_NAMES, type MetricFigures } from "../../client/src/index.ts";

export interface FigureRow {
  readonly section: string;
  readonly key: string;
  readonly value: number | boolean;
}

/**
 * Every figure of a snapshot, totals first, then each breakdown in document order.
 *
 * @example
 * figureRows(snapshot.snapshot_json).find((row) => row.key === "activity_days")?.value // 9
 */
export function figureRows(figures: MetricFigures): FigureRow[] {
  const rows: FigureRow[] = Object.entries(figures.totals).map(([key, value]) => ({ section: "totals", key, value }));
  for (const section of BREAKDOWN_NAMES) {
    for (const [key, value] of Object.entries(figures[section])) {
      if (value !== undefined) rows.push({ section, key, value });
    }
  }
  return rows;
}

/** RFC 4180 CSV of the figure rows, with a header. */
export function figuresCsv(figures: MetricFigures): string {
  const quote = (text: string) => (/[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
  const lines = ["section,key,value", ...figureRows(figures).map((row) => [row.section, row.key, String(row.value)].map(quote).join(","))];
  return lines.join("\r\n") + "\r\n";
}
