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
function countCell(count: number, state: CellState = "shown", k = DEFAULT_SUPPRESSION_THRESHOLD): string {
  if (state === "shown") return `<td class="num">${formatCount(count)}</td>`;
  const [text, title] =
    state === "small"
      ? [`&lt;${k}`, `Fewer than ${k}: hidden`]
      : [":", "Hidden so that a small number cannot be worked out from the total"];
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

/**
 * The note under a report that hides something, in plain words; nothing when
 * every number is shown.
 */
function suppressionNote(states: readonly CellState[], k: number): string {
  if (states.every((state) => state === "shown")) return "";
  const colon = states.some((state) => state === "complementary" || state === "withheld")
    ? ` A number shown as “:” is hidden too, because with the total and the other numbers it would give a hidden one away.`
    : "";
  return `<p id="suppression-note"><strong>* Hidden to protect privacy.</strong> In the county table and the month chart, a number from 1 to ${k - 1} is shown as “&lt;${k}”, so that the few people met in one county or month cannot be recognised.${colon} The headline figures and the counts by activity kind and registration path are always shown in full.</p>`;
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
 * is escaped. Only counts that could point at people are hidden: activity-days
 * by county and by month from 1 to k − 1 are shown as "<k" (k =
 * `suppressionThreshold`, default 5), with whatever else would give them away
 * (see complementary-suppression.ts). Headline figures and activity counts by
 * kind and registration path are exact. A note explains the hiding, only when
 * something is hidden. Throws a RangeError for input it would misrepresent (see
 * checkReportInput).
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
  const dates = `${formatDate(input.period.start)}–${formatDate(input.period.end)}`;

  const headline = [
    figure(
      "Activity-days (aktivitetsdager)",
      formatCount(totals.activity_days),
      `Counting activities, per mentor and day · rules ${ruleVersion}`,
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

  // Counts by kind and by registration path describe the organisation's work
  // over the whole period and single out no smaller group of people than the
  // exact headline figures do: shown in full. Where and when people were met
  // (county, month) could point at the few met there: those two are hidden
  // when small, each as a whole, because each adds up to a published total.
  const kinds = orderedKeys(Object.keys(ACTIVITY_KIND_LABELS), figures.activities_by_kind, figures.activity_days_by_kind);
  const kindRows = kinds.map((kind) => {
    const days = figures.activity_days_by_kind[kind];
    const daysCell = days === undefined ? `<td class="num not-counted">not counted</td>` : countCell(days);
    return `<tr data-key="${escapeHtml(kind)}"><th scope="row">${escapeHtml(ACTIVITY_KIND_LABELS[kind] ?? kind)}</th>${daysCell}${countCell(figures.activities_by_kind[kind] ?? 0)}</tr>`;
  });
  const paths = orderedKeys(Object.keys(REGISTRATION_PATH_LABELS), figures.activities_by_path);
  const pathRows = paths.map(
    (path) =>
      `<tr data-key="${escapeHtml(path)}"><th scope="row">${escapeHtml(REGISTRATION_PATH_LABELS[path] ?? path)}</th>${countCell(figures.activities_by_path[path]!)}</tr>`,
  );
  const counties = Object.keys(figures.activity_days_by_county).sort(compareCountyKeys);
  const countyStates = protectedStates(counties, figures.activity_days_by_county, k);
  const countyRows = counties.map(
    (county) =>
      `<tr data-key="${escapeHtml(county)}"><th scope="row">${escapeHtml(countyLabel(county))}</th>${countCell(figures.activity_days_by_county[county]!, countyStates.get(county)!, k)}</tr>`,
  );
  const months = Object.keys(figures.activity_days_by_month).sort();
  const monthStates = protectedStates(months, figures.activity_days_by_month, k);
  const monthsHidden = [...monthStates.values()].some((state) => state !== "shown");
  const note = suppressionNote([...countyStates.values(), ...monthStates.values()], k);

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
    monthsHidden ? ` A hatched column is a hidden month: the number is not shown<a class="marker" href="#suppression-note">*</a>.` : ""
  }</figcaption>
</figure>
</section>

<section aria-labelledby="breakdowns-title">
<h2 id="breakdowns-title">Breakdowns (fordeling)</h2>
<div class="breakdowns">
<div class="column">
${table("By activity kind (aktivitetstype)", ["Kind", "Activity-days", "Activities"], kindRows)}
${table("By registration path (registrering)", ["Path", "Activities"], pathRows)}
</div>
<div class="column">
${table("Activity-days by county (fylke)", ["County", "Activity-days"], countyRows)}
${renderNotCountedTable(input.notCounted)}
</div>
</div>
</section>

<footer class="notes">
<p>An activity-day (aktivitetsdag) is an activity Bufdir counts, taken per mentor and day: a mentor's further activities on the same day count only when they meet someone new. A coordinator's entry of an activity the mentor registered too is merged into the mentor's own. “Not counted” kinds are kept for the organisation's own use.</p>
${note}
<dl class="provenance">
<dt>Period</dt><dd>${label}: ${dates} (both days included)</dd>
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
