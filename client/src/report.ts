/**
 * `@bufdir-reporting/client/report`: the printable HTML report of one
 * organisation's metric snapshot for one period, with the small-cell
 * suppression Bufdir's figures need before they leave the organisation (a cell
 * below the threshold is shown as a range, and its complements are protected so
 * that no hidden cell can be worked out from the totals). Pure functions over
 * the snapshot shape: no database, no DOM, usable in Node and in browsers.
 */
export { renderReport } from "./report/render-report.ts";
export {
  checkReportInput,
  type ReportInput,
  type ReportStaleness,
  type SnapshotFigures,
  type SnapshotTotals,
} from "./report/report-input.ts";
export { renderNotCountedTable, type NotCountedInput } from "./report/not-counted-table.ts";
export { renderMonthChart, type MonthChartOptions } from "./report/month-chart.ts";
export { DEFAULT_SUPPRESSION_THRESHOLD, suppressSmallCell, type SuppressedCell } from "./report/suppress-small-cell.ts";
export { escapeHtml } from "./report/escape-html.ts";
export { formatCount, formatDate, formatHours, formatTimestamp } from "./report/report-format.ts";
export { ACTIVITY_KIND_LABELS, compareCountyKeys, COUNTY_NAMES, countyLabel, monthLabel, REGISTRATION_PATH_LABELS, UNKNOWN_COUNTY } from "./report/report-labels.ts";
export { determinedCells, protectBreakdown, readerRange, type CellRange, type CellState } from "./report/complementary-suppression.ts";
