/**
 * Snapshot figures as rows: for the terminal and for the CSV export.
 */
import { BREAKDOWN_NAMES, type MetricFigures } from "@bufdir-reporting/client";
import { compareCountyKeys, countyLabel } from "@bufdir-reporting/client/report";

export interface FigureRow {
  readonly section: string;
  readonly key: string;
  readonly value: number | boolean;
}

/**
 * Every figure of a snapshot, totals first, then each breakdown in document
 * order; counties by number ("03" before "11"), "unknown" last.
 *
 * @example
 * figureRows(snapshot.snapshot_json).find((row) => row.key === "activity_days")?.value // 9
 */
export function figureRows(figures: MetricFigures): FigureRow[] {
  const rows: FigureRow[] = Object.entries(figures.totals).map(([key, value]) => ({ section: "totals", key, value }));
  for (const section of BREAKDOWN_NAMES) {
    const entries = Object.entries(figures[section]);
    if (section === "activity_days_by_county") entries.sort(([a], [b]) => compareCountyKeys(a, b));
    for (const [key, value] of entries) {
      if (value !== undefined) rows.push({ section, key, value });
    }
  }
  return rows;
}

/**
 * A figure's key as the terminal shows it: a county by number and name
 * ("03 Oslo"); the CSV export keeps the bare key.
 *
 * @example
 * figureLabel({ section: "activity_days_by_county", key: "46", value: 3 }) // "46 Vestland"
 */
export function figureLabel(row: FigureRow): string {
  return row.section === "activity_days_by_county" ? countyLabel(row.key) : row.key;
}

/** RFC 4180 CSV of the figure rows, with a header. */
export function figuresCsv(figures: MetricFigures): string {
  const quote = (text: string) => (/[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
  const lines = ["section,key,value", ...figureRows(figures).map((row) => [row.section, row.key, String(row.value)].map(quote).join(","))];
  return lines.join("\r\n") + "\r\n";
}
