/** The printable HTML report of a Bufdir metric snapshot. */
export { renderReport } from "./render-report.ts";
export {
  checkReportInput,
  type ReportInput,
  type ReportStaleness,
  type SnapshotFigures,
  type SnapshotTotals,
} from "./report-input.ts";
export { renderNotCountedTable, type NotCountedInput } from "./not-counted-table.ts";
export { renderMonthChart, type MonthChartOptions } from "./month-chart.ts";
export { DEFAULT_SUPPRESSION_THRESHOLD, suppressSmallCell, type SuppressedCell } from "./suppress-small-cell.ts";
export { escapeHtml } from "./escape-html.ts";
export { formatCount, formatDate, formatHours, formatTimestamp } from "./report-format.ts";
export { ACTIVITY_KIND_LABELS, compareCountyKeys, COUNTY_NAMES, countyLabel, monthLabel, REGISTRATION_PATH_LABELS, UNKNOWN_COUNTY } from "./report-labels.ts";
export { determinedCells, protectBreakdown, readerRange, type CellRange, type CellState } from "./complementary-suppression.ts";
export { CHROMIUM_PATHS, countPdfPages, findChromium, printReportPdf } from "./print-report-pdf.ts";
