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
.month-chart .bar.suppressed { fill: url(#suppressed-hatch); stroke: #7d9bb5; stroke-width: 1; stroke-dasharray: 3 2; }
.month-chart .hatch-ground { fill: var(--accent-soft); }
.month-chart .hatch-line { stroke: #7d9bb5; stroke-width: 2; }
figcaption { margin-top: 4px; color: var(--muted); font-size: 12px; }
.breakdowns { display: grid; grid-template-columns: 1fr 1fr; gap: 18px 22px; align-items: start; }
.breakdowns .wide { grid-column: 1 / -1; }
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
@page { size: A4; margin: 12mm; }
@media print {
  html, body { background: #ffffff; }
  body { font-size: 11.5px; }
  .report { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  h1 { font-size: 22px; }
  h2 { font-size: 14.5px; margin: 14px 0 8px; break-after: avoid; }
  .figures { gap: 6px; }
  .figure { padding: 7px 10px; }
  .figure dt { font-size: 11px; }
  .figure dd { font-size: 20px; }
  .figure .detail { font-size: 10.5px; }
  .month-chart { max-height: 58mm; }
  .breakdowns { gap: 10px 18px; }
  table { font-size: 11.5px; }
  caption { font-size: 12px; padding-bottom: 3px; }
  th, td { padding: 2.5px 6px; }
  .notes { margin-top: 14px; font-size: 10.5px; }
  section, figure.chart, table, .notes { break-inside: avoid; }
}
@media (max-width: 640px) {
  .figures { grid-template-columns: repeat(2, 1fr); }
  .breakdowns { grid-template-columns: 1fr; }
}
`;
