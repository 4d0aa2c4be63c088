/**
 * The report's chart: activity-days per month as an inline SVG bar chart, with
 * axis labels, and a title and description for screen readers. A hidden month
 * (1 to k − 1 activity-days, or hidden to protect such a month) has no bar: its
 * place is a hatched column over the whole height of the chart, labelled like
 * a hidden table cell, so nothing about it reads as a value, and the axis is
 * scaled to the shown months alone.
 */
import { escapeHtml } from "./escape-html.ts";
import { formatCount } from "./report-format.ts";
import { monthLabel } from "./report-labels.ts";
import type { CellState } from "./complementary-suppression.ts";
import { DEFAULT_SUPPRESSION_THRESHOLD, suppressSmallCell } from "./suppress-small-cell.ts";

const WIDTH = 720;
const HEIGHT = 290;
const MARGIN = { top: 28, right: 16, bottom: 64, left: 64 };
const PLOT_WIDTH = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_HEIGHT = HEIGHT - MARGIN.top - MARGIN.bottom;

/** A round axis maximum of at least `max`, and its step (1, 2 or 5 times a power of ten; at most 5 steps). */
function niceScale(max: number): { top: number; step: number } {
  const raw = Math.max(max, 1) / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= raw)!);
  return { top: Math.ceil(Math.max(max, 1) / step) * step, step };
}

/** Two decimals are plenty for SVG coordinates and keep the markup short. */
const round = (value: number) => Math.round(value * 100) / 100;

/**
 * Chart settings.
 *
 * @example
 * renderMonthChart(figures.activity_days_by_month, { suppressionThreshold: 3 })
 */
export interface MonthChartOptions {
  /** Months with 1 to k − 1 activity-days are suppressed (default 5). */
  readonly suppressionThreshold?: number;
  /**
   * How each month is shown, from complementary suppression over the months
   * (default: only months of 1 to k − 1 hidden). Every hidden month is drawn
   * the same way, whatever its value.
   */
  readonly states?: ReadonlyMap<string, CellState>;
}

/**
 * Renders activity-days per month (keys `YYYY-MM`, drawn in calendar order
 * whatever the object's key order) as a self-contained SVG element.
 *
 * @example
 * renderMonthChart({ "2026-02": 12, "2026-01": 3 })
 * // '<svg class="month-chart" role="img" ...>…<rect class="hidden-month" data-month="2026-01" …>…</svg>'
 */
export function renderMonthChart(byMonth: Readonly<Record<string, number>>, options: MonthChartOptions = {}): string {
  const k = options.suppressionThreshold ?? DEFAULT_SUPPRESSION_THRESHOLD;
  const months = Object.keys(byMonth).sort();
  const cells = months.map((month) => {
    const value = byMonth[month]!;
    const state = options.states?.get(month) ?? (suppressSmallCell(value, k).suppressed ? "small" : "shown");
    const text = state === "shown" ? formatCount(value) : state === "small" ? `<${k}` : ":";
    return { month, label: monthLabel(month), value, hidden: state !== "shown", text };
  });
  const span = months.length === 0 ? "no months" : `${cells[0]!.label.long} to ${cells.at(-1)!.label.long}`;
  const title = `Activity-days (aktivitetsdager) per month, ${span}`;
  const description =
    cells.length === 0
      ? "No months in the period."
      : `Bar chart. ${cells.map(({ label, hidden, text }) => `${label.long}: ${!hidden ? text : text === ":" ? "hidden" : `hidden (fewer than ${k})`}`).join("; ")}.` +
        (cells.some(({ hidden }) => hidden) ? " A hidden month has no bar; its place is hatched." : "");

  const shownValues = cells.filter(({ hidden }) => !hidden).map(({ value }) => value);
  const { top, step } = niceScale(Math.max(0, ...shownValues));
  const y = (value: number) => round(MARGIN.top + PLOT_HEIGHT - (value / top) * PLOT_HEIGHT);
  const band = PLOT_WIDTH / Math.max(cells.length, 1);
  const barWidth = round(Math.min(48, band * 0.64));

  const parts: string[] = [];
  // No scale at all when every month is hidden: there is nothing to read off it.
  if (shownValues.length > 0) {
    for (let tick = 0; tick <= top; tick += step) {
      parts.push(
        `<line class="grid" x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(tick)}" y2="${y(tick)}"/>`,
        `<text class="tick" x="${MARGIN.left - 8}" y="${y(tick)}" text-anchor="end" dominant-baseline="middle">${formatCount(tick)}</text>`,
      );
    }
  }
  cells.forEach(({ month, label, value, hidden, text }, index) => {
    const centre = round(MARGIN.left + band * (index + 0.5));
    const left = round(centre - barWidth / 2);
    const data = `data-month="${escapeHtml(month)}" data-value="${escapeHtml(text)}"`;
    if (hidden) {
      parts.push(
        `<rect class="hidden-month" ${data} x="${left}" y="${MARGIN.top}" width="${barWidth}" height="${PLOT_HEIGHT}"/>`,
        `<text class="hidden-label" x="${centre}" y="${round(MARGIN.top + PLOT_HEIGHT / 2)}" text-anchor="middle" dominant-baseline="middle">${escapeHtml(text)}</text>`,
      );
    } else {
      parts.push(
        `<rect class="bar" ${data} x="${left}" y="${y(value)}" width="${barWidth}" height="${round(y(0) - y(value))}"/>`,
        `<text class="value" x="${centre}" y="${round(y(value) - 6)}" text-anchor="middle">${escapeHtml(text)}</text>`,
      );
    }
    parts.push(`<text class="month" x="${centre}" y="${y(0) + 18}" text-anchor="middle">${label.short}</text>`);
    // The year under the first month and under every January.
    if (index === 0 || label.short === "Jan") {
      parts.push(`<text class="year" x="${centre}" y="${y(0) + 34}" text-anchor="middle">${label.year}</text>`);
    }
  });
  parts.push(
    `<line class="axis" x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(0)}" y2="${y(0)}"/>`,
    `<text class="axis-title" x="${MARGIN.left + PLOT_WIDTH / 2}" y="${HEIGHT - 6}" text-anchor="middle">Month</text>`,
    `<text class="axis-title" transform="translate(16 ${MARGIN.top + PLOT_HEIGHT / 2}) rotate(-90)" text-anchor="middle">Activity-days</text>`,
  );

  return [
    `<svg class="month-chart" role="img" aria-labelledby="month-chart-title month-chart-desc" viewBox="0 0 ${WIDTH} ${HEIGHT}">`,
    `<title id="month-chart-title">${escapeHtml(title)}</title>`,
    `<desc id="month-chart-desc">${escapeHtml(description)}</desc>`,
    `<defs><pattern id="hidden-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">`,
    `<rect width="6" height="6" class="hatch-ground"/><line x1="0" y1="0" x2="0" y2="6" class="hatch-line"/></pattern></defs>`,
    ...parts,
    `</svg>`,
  ].join("\n");
}
