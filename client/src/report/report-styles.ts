/**
 * The report's inline style sheet: system fonts only (nothing to download), one
 * A4-wide column on screen, and print rules for A4 paper.
 *
 * @example
 * `<style>${REPORT_STYLES}</style>`
 */
export const REPORT_STYLES = `
:root {
  --ink: #1c2733;
  --muted: #5b6875;
  --line: #d5dde5;
  --paper: #ffffff;
  --wash: #f3f6f9;
  --accent: #1f5f8b;
  --accent-soft: #e3eef6;
  --warn: #8a4b00;
  --warn-soft: #fff3df;
  --ok: #23633a;
  --ok-soft: #e5f3e9;
  color-scheme: light;
}
* { box-sizing: border-box; }
html { background: #e9eef2; }
body {
  margin: 0;
  color: var(--ink);
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif;
  -webkit-print-color-adjust: exact;
  print-color-adjust: exact;
}
.report {
  max-width: 210mm;
  margin: 24px auto;
  padding: 14mm 14mm 10mm;
  background: var(--paper);
  box-shadow: 0 1px 4px rgba(28, 39, 51, 0.12);
}
h1, h2, h3 { line-height: 1.2; margin: 0; }
h1 { font-size: 26px; font-weight: 650; overflow-wrap: anywhere; }
h2 { font-size: 17px; font-weight: 650; margin: 26px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--accent); }
h3 { font-size: 14px; font-weight: 650; margin: 0 0 6px; }
.eyebrow { margin: 0 0 4px; color: var(--accent); font-size: 12px; font-weight: 600; letter-spacing: 0.06em; text-transform: uppercase; }
.period { margin: 6px 0 0; color: var(--muted); font-size: 15px; }
.period strong { color: var(--ink); }
.report-header { display: flex; justify-content: space-between; align-items: flex-start; gap: 16px; }
.status { flex: none; margin: 2px 0 0; padding: 5px 10px; border-radius: 999px; font-size: 12px; font-weight: 600; }
.status.fresh { color: var(--ok); background: var(--ok-soft); }
.status.stale { color: var(--warn); background: var(--warn-soft); }
.stale-note { margin: 12px 0 0; padding: 8px 12px; border-left: 4px solid var(--warn); background: var(--warn-soft); font-size: 13px; }
.figures { display: grid; grid-template-columns: repeat(3, 1fr); gap: 10px; margin: 0; }
.figure { margin: 0; padding: 12px 14px; border: 1px solid var(--line); border-radius: 8px; background: var(--wash); break-inside: avoid; }
.figure dt { color: var(--muted); font-size: 12.5px; font-weight: 600; }
.figure dd { margin: 4px 0 0; font-size: 28px; font-weight: 700; font-variant-numeric: tabular-nums; letter-spacing: -0.01em; }
.figure dd .qualifier { font-size: 15px; font-weight: 600; color: var(--muted); }
.figure dd .unit { font-size: 15px; font-weight: 600; color: var(--muted); }
.figure .detail { display: block; margin-top: 2px; color: var(--muted); font-size: 12px; font-weight: 400; }
.figure.primary { background: var(--accent); border-color: var(--accent); }
.figure.primary dt, .figure.primary .detail { color: #d8e7f2; }
.figure.primary dd { color: #ffffff; }
.exact-note { margin: 8px 0 0; color: var(--muted); font-size: 12px; }
figure.chart { margin: 0; }
.month-chart { display: block; width: 100%; height: auto; font-family: inherit; }
.month-chart .grid { stroke: var(--line); stroke-width: 1; }
.month-chart .axis { stroke: var(--ink); stroke-width: 1.2; }
.month-chart .tick, .month-chart .year { fill: var(--muted); font-size: 11px; }
.month-chart .month { fill: var(--ink); font-size: 12px; }
.month-chart .value { fill: var(--ink); font-size: 11.5px; font-weight: 600; }
.month-chart .axis-title { fill: var(--muted); font-size: 12px; font-weight: 600; }
.month-chart .bar { fill: var(--accent); }
.month-chart .hidden-month { fill: url(#hidden-hatch); stroke: #b7c6d3; stroke-width: 1; stroke-dasharray: 3 3; }
.month-chart .hidden-label { fill: var(--muted); font-size: 11.5px; font-weight: 600; paint-order: stroke; stroke: #ffffff; stroke-width: 4px; }
.month-chart .hatch-ground { fill: #ffffff; }
.month-chart .hatch-line { stroke: #e1e8ee; stroke-width: 2; }
figcaption { margin-top: 4px; color: var(--muted); font-size: 12px; }
.breakdowns { display: grid; grid-template-columns: 1fr 1fr; gap: 18px 22px; align-items: start; }
.breakdowns .column { display: grid; gap: 18px; }
table { width: 100%; border-collapse: collapse; font-size: 13.5px; break-inside: avoid; }
caption { text-align: left; font-weight: 650; font-size: 14px; padding-bottom: 6px; }
th, td { padding: 5px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: baseline; }
thead th { color: var(--muted); font-size: 12px; font-weight: 600; border-bottom: 1.5px solid var(--ink); }
tbody th { font-weight: 500; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.suppressed { background: repeating-linear-gradient(135deg, var(--accent-soft) 0 4px, #ffffff 4px 8px); }
td.not-counted { color: var(--muted); }
.marker { color: var(--accent); text-decoration: none; font-weight: 700; margin-left: 1px; }
.notes { margin-top: 26px; padding-top: 10px; border-top: 1px solid var(--line); color: var(--muted); font-size: 12px; }
.notes p { margin: 0 0 6px; }
.provenance { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0 0; }
.provenance dt { font-weight: 600; }
.provenance dd { margin: 0; overflow-wrap: anywhere; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: 11.5px; }
@page { size: A4; margin: 10mm 12mm; }
/* Printed, the whole report fits on one A4 page: smaller type, tighter boxes. */
@media print {
  html, body { background: #ffffff; }
  body { font-size: 10.5px; line-height: 1.3; }
  .report { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  .eyebrow { font-size: 10px; margin-bottom: 2px; }
  h1 { font-size: 20px; }
  .period { font-size: 12px; margin-top: 3px; }
  .stale-note { margin-top: 6px; padding: 4px 8px; font-size: 10.5px; }
  h2 { font-size: 13px; margin: 10px 0 6px; padding-bottom: 2px; break-after: avoid; }
  .figures { gap: 5px; }
  .figure { padding: 5px 8px; border-radius: 6px; }
  .figure dt { font-size: 10px; }
  .figure dd { margin-top: 1px; font-size: 17px; }
  .figure dd .qualifier, .figure dd .unit { font-size: 11px; }
  .figure .detail { margin-top: 0; font-size: 9.5px; }
  .exact-note { margin-top: 4px; font-size: 9.5px; }
  .month-chart { max-height: 46mm; }
  figcaption { margin-top: 0; font-size: 9.5px; }
  .breakdowns { gap: 8px 16px; }
  .breakdowns .column { gap: 8px; }
  table { font-size: 10px; }
  caption { font-size: 11px; padding-bottom: 2px; }
  thead th { font-size: 9.5px; }
  th, td { padding: 1.5px 5px; }
  .notes { margin-top: 10px; padding-top: 6px; font-size: 9.5px; }
  .notes p { margin-bottom: 4px; }
  .provenance { margin-top: 4px; gap: 0 10px; }
  code { font-size: 9px; }
  section, figure.chart, table, .notes { break-inside: avoid; }
}
@media (max-width: 640px) {
  .figures { grid-template-columns: repeat(2, 1fr); }
  .breakdowns { grid-template-columns: 1fr; }
}
`;
