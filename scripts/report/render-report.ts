/**
 * The HTML report of one organisation's snapshot for one period: a single,
 * self-contained, printable page (inline CSS and SVG; no scripts, fonts or
 * other downloads, and a content security policy that would refuse them).
 */
import { escapeHtml } from "./escape-html.ts";
import { renderMonthChart } from "./month-chart.ts";
import { formatCount, formatDate, formatHours, formatTimestamp } from "./report-format.ts";
import { renderNotCountedTable } from "./not-counted-table.ts";
import { checkReportInput, type ReportInput, type ReportStaleness } from "./report-input.ts";
import { ACTIVITY_KIND_LABELS, compareCountyKeys, countyLabel, REGISTRATION_PATH_LABELS } from "./report-labels.ts";
import { REPORT_STYLES } from "./report-styles.ts";
import { protectBreakdown, type CellState } from "./complementary-suppression.ts";
import { DEFAULT_SUPPRESSION_THRESHOLD } from "./suppress-small-cell.ts";

const STALENESS_REASONS: Readonly<Record<string, string>> = {
  missing: "there is no snapshot",
  older_than_24h: "they were computed more than 24 hours ago",
  activities_changed: "activities have changed since",
  roster_changed: "mentors' approvals or active periods have changed since",
  rules_changed: "a newer counting-rule version is in force",
  generation_unknown: "it is unknown what data they were computed from",
};

/** Keys in the order of `preferred`, then any others in sorted order. */
function orderedKeys(preferred: readonly string[], ...sources: Readonly<Record<string, number>>[]): string[] {
  const present = new Set(sources.flatMap((source) => Object.keys(source)));
  return [...preferred.filter((key) => present.has(key)), ...[...present].filter((key) => !preferred.includes(key)).sort()];
}

/**
 * A breakdown cell: the count; "<k" for a small one; ":" for one hidden so that
 * no small one can be worked out from the total (complementary, or the whole
 * breakdown withheld). Hidden cells carry a marker pointing at the note.
 */
function countCell(count: number, state: CellState, k: number): string {
  if (state === "shown") return `<td class="num">${formatCount(count)}</td>`;
  const [text, title] =
    state === "small"
      ? [`&lt;${k}`, `Fewer than ${k}: suppressed`]
      : [":", "Hidden so that the small counts cannot be worked out from the total"];
  return `<td class="num suppressed" data-suppressed="true" data-suppression="${state}">${text}<a class="marker" href="#suppression-note" title="${title}">*</a></td>`;
}

/** Each key's cell state in a breakdown that adds up to a published total. */
function protectedStates(keys: readonly string[], values: Readonly<Record<string, number | undefined>>, k: number): Map<string, CellState> {
  const counted = keys.filter((key) => values[key] !== undefined);
  const states = protectBreakdown(counted.map((key) => values[key]!), k);
  return new Map(counted.map((key, index) => [key, states[index]!]));
}

function table(caption: string, headings: readonly string[], rows: readonly string[]): string {
  const head = headings.map((heading, index) => `<th scope="col"${index > 0 ? ' class="num"' : ""}>${heading}</th>`).join("");
  const body = rows.length > 0 ? rows.join("\n") : `<tr><td colspan="${headings.length}">None in this period.</td></tr>`;
  return `<table>
<caption>${caption}</caption>
<thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table>`;
}

function figure(label: string, value: string, detail: string, className = "figure"): string {
  return `<div class="${className}"><dt>${label}</dt><dd>${value}<span class="detail">${detail}</span></dd></div>`;
}

function stalenessBadge(staleness: ReportStaleness | undefined): string {
  if (staleness === undefined) return "";
  return staleness.isStale
    ? `<p class="status stale">Stale (utdatert)</p>`
    : `<p class="status fresh">Up to date (oppdatert)</p>`;
}

function stalenessNote(staleness: ReportStaleness | undefined): string {
  if (staleness === undefined || !staleness.isStale) return "";
  const reasons = staleness.reasons.map((reason) => escapeHtml(STALENESS_REASONS[reason] ?? reason));
  const why = reasons.length > 0 ? `: ${reasons.join("; ")}` : "";
  return `<p class="stale-note" role="note">These figures may be out of date${why}. Refresh the snapshot before exporting to Bufdir.</p>`;
}

/**
 * Renders the report as a complete HTML document. Every string from the input
 * is escaped. Headline totals are exact; breakdown cells (and chart bars) from
 * 1 to k − 1 are shown as "<k" and marked, with a note (k =
 * `suppressionThreshold`, default 5). Throws a RangeError for input it would
 * misrepresent (see checkReportInput).
 *
 * @example
 * const html = renderReport({
 *   organisationName: "Likepersonforeningen Vest",
 *   period: { label: "2026-H1", start: "2026-01-01", end: "2026-06-30" },
 *   figures: snapshot.snapshot_json, ruleVersion: snapshot.rule_version,
 *   computedAt: snapshot.computed_at, contentHash: snapshot.content_hash,
 * });
 * writeFileSync("report.html", html);
 */
export function renderReport(input: ReportInput): string {
  checkReportInput(input);
  const k = input.suppressionThreshold ?? DEFAULT_SUPPRESSION_THRESHOLD;
  const { figures } = input;
  const totals = figures.totals;
  const organisation = escapeHtml(input.organisationName);
  const label = escapeHtml(input.period.label);
  const ruleVersion = escapeHtml(input.ruleVersion);
  const dates = `${formatDate(input.period.start)} – ${formatDate(input.period.end)}`;

  const headline = [
    figure(
      "Activity-days (aktivitetsdager)",
      formatCount(totals.activity_days),
      `Counted by Bufdir's rules, version ${ruleVersion}`,
      "figure primary",
    ),
    figure(
      "Activities (aktiviteter)",
      formatCount(totals.activities_total),
      `${formatCount(totals.activities_non_counting)} not counted by Bufdir · ${formatCount(totals.proxy_duplicates_merged)} proxy ${totals.proxy_duplicates_merged === 1 ? "duplicate" : "duplicates"} merged`,
    ),
    figure(
      "Participations (deltakelser)",
      formatCount(totals.participations),
      "Contacts and anonymous head counts, summed over activities",
    ),
    figure(
      "Unique participants (unike deltakere)",
      totals.unique_participants_is_lower_bound
        ? `<span class="qualifier">at least</span> ${formatCount(totals.unique_participants)}`
        : formatCount(totals.unique_participants),
      totals.unique_participants_is_lower_bound
        ? "A lower bound: anonymous head counts cannot be told apart"
        : "Distinct registered contacts",
    ),
    figure(
      "Hours of activity (timer)",
      `${formatHours(totals.minutes_total)} <span class="unit">h</span>`,
      `${formatCount(totals.minutes_total)} minutes in all`,
    ),
    figure(
      "Active mentors (aktive likepersoner)",
      formatCount(totals.active_mentors),
      "Approved and active, in counting activities",
    ),
  ];

  // Every breakdown (each column of the kinds table on its own) adds up to a
  // published total, so each is protected as a whole, not cell by cell.
  const kinds = orderedKeys(Object.keys(ACTIVITY_KIND_LABELS), figures.activities_by_kind, figures.activity_days_by_kind);
  const activitiesByKind = Object.fromEntries(kinds.map((kind) => [kind, figures.activities_by_kind[kind] ?? 0]));
  const kindDayStates = protectedStates(kinds, figures.activity_days_by_kind, k);
  const kindActivityStates = protectedStates(kinds, activitiesByKind, k);
  const kindRows = kinds.map((kind) => {
    const days = figures.activity_days_by_kind[kind];
    const daysCell = days === undefined ? `<td class="num not-counted">not counted</td>` : countCell(days, kindDayStates.get(kind)!, k);
    return `<tr data-key="${escapeHtml(kind)}"><th scope="row">${escapeHtml(ACTIVITY_KIND_LABELS[kind] ?? kind)}</th>${daysCell}${countCell(activitiesByKind[kind]!, kindActivityStates.get(kind)!, k)}</tr>`;
  });
  const paths = orderedKeys(Object.keys(REGISTRATION_PATH_LABELS), figures.activities_by_path);
  const pathStates = protectedStates(paths, figures.activities_by_path, k);
  const pathRows = paths.map(
    (path) =>
      `<tr data-key="${escapeHtml(path)}"><th scope="row">${escapeHtml(REGISTRATION_PATH_LABELS[path] ?? path)}</th>${countCell(figures.activities_by_path[path]!, pathStates.get(path)!, k)}</tr>`,
  );
  const counties = Object.keys(figures.activity_days_by_county).sort(compareCountyKeys);
  const countyStates = protectedStates(counties, figures.activity_days_by_county, k);
  const countyRows = counties.map(
    (county) =>
      `<tr data-key="${escapeHtml(county)}"><th scope="row">${escapeHtml(countyLabel(county))}</th>${countCell(figures.activity_days_by_county[county]!, countyStates.get(county)!, k)}</tr>`,
  );
  const months = Object.keys(figures.activity_days_by_month).sort();
  const monthStates = protectedStates(months, figures.activity_days_by_month, k);

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Bufdir report – ${organisation} – ${label}</title>
<style>${REPORT_STYLES}</style>
</head>
<body>
<main class="report">
<header>
<div class="report-header">
<div>
<p class="eyebrow">Activity report for Bufdir (aktivitetsrapport)</p>
<h1>${organisation}</h1>
<p class="period"><strong>${label}</strong> · ${dates}</p>
</div>
${stalenessBadge(input.staleness)}
</div>
${stalenessNote(input.staleness)}
</header>

<section aria-labelledby="headline-title">
<h2 id="headline-title">Headline figures (hovedtall)</h2>
<dl class="figures">
${headline.join("\n")}
</dl>
<p class="exact-note">Headline figures are exact: they are the figures reported to Bufdir.</p>
</section>

<section aria-labelledby="chart-title">
<h2 id="chart-title">Activity-days per month</h2>
<figure class="chart">
${renderMonthChart(figures.activity_days_by_month, { suppressionThreshold: k, states: monthStates })}
<figcaption>Activity-days by the month they took place in.${
    [...monthStates.values()].some((state) => state !== "shown")
      ? ` Hatched bars: hidden (fewer than ${k}, or hidden to protect those)<a class="marker" href="#suppression-note">*</a>.`
      : ""
  }</figcaption>
</figure>
</section>

<section aria-labelledby="breakdowns-title">
<h2 id="breakdowns-title">Breakdowns (fordeling)</h2>
<div class="breakdowns">
<div class="wide">
${table("By activity kind (aktivitetstype)", ["Kind", "Activity-days", "Activities"], kindRows)}
</div>
${table("By registration path (registrering)", ["Path", "Activities"], pathRows)}
${table("Activity-days by county (fylke)", ["County", "Activity-days"], countyRows)}
${renderNotCountedTable(input.notCounted)}
</div>
</section>

<footer class="notes">
<p id="suppression-note"><strong>* Fewer than ${k}.</strong> In the breakdowns and the chart, counts from 1 to ${k - 1} are shown as “&lt;${k}” so that small groups of people cannot be recognised (small-cell suppression, k = ${k}). Zeros are shown as 0. Each breakdown adds up to an exact headline figure, so where a small count could be worked out from that total and the other cells, further counts are hidden too and shown as “:” (complementary suppression); where even that would not do, the whole breakdown is shown as “:”. The headline figures are exact.</p>
<p>Activities count once: a coordinator's proxy entry of an activity the mentor registered too is merged into the mentor's own entry. “Not counted” kinds are kept for the organisation's own use; Bufdir does not count them.</p>
<dl class="provenance">
<dt>Period</dt><dd>${label}: ${escapeHtml(input.period.start)} to ${escapeHtml(input.period.end)} (inclusive)</dd>
<dt>Counting rules</dt><dd>version ${ruleVersion}</dd>
<dt>Computed</dt><dd>${formatTimestamp(input.computedAt)}</dd>
<dt>Content hash</dt><dd><code>${escapeHtml(input.contentHash)}</code> (SHA-256 of the snapshot)</dd>
</dl>
</footer>
</main>
</body>
</html>
`;
}
