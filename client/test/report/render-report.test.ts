import { describe, expect, it } from "vitest";
import {
  escapeHtml,
  formatCount,
  formatDate,
  formatHours,
  formatTimestamp,
  renderMonthChart,
  renderReport,
  suppressSmallCell,
  type SnapshotFigures,
} from "../../src/report.ts";
import { fixtureFigures, fixtureReportInput } from "./support/fixture-report-input.ts";

const HOSTILE = `<script>alert(1)</script> & "Øst"`;

/** The cells of the breakdown row with data-key `key`, as text (markup removed). */
function rowCells(html: string, key: string): string[] {
  const row = new RegExp(`<tr data-key="${key}">(.*?)</tr>`).exec(html);
  if (row === null) throw new Error(`no row ${key}`);
  return [...row[1]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((cell) => cell[1]!.replace(/<a [^>]*>\*<\/a>/, "*"));
}

/** What a reader sees of the page: the body's text, without markup (titles of markers included). */
function visibleText(html: string): string {
  const body = html.slice(html.indexOf("<body>"));
  const titles = [...body.matchAll(/ title="([^"]*)"/g)].map((match) => match[1]).join(" ");
  return `${body.replace(/<[^>]*>/g, " ")} ${titles}`;
}

/** The month keys of the chart's bars, in document order. */
const barMonths = (svg: string) => [...svg.matchAll(/data-month="([^"]+)"/g)].map((match) => match[1]);

describe("escapeHtml", () => {
  it("escapes the five characters that can break out of text or an attribute", () => {
    expect(escapeHtml(`<a href='x'>"&"</a>`)).toBe("&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;");
    expect(escapeHtml("Foreningen Øst")).toBe("Foreningen Øst");
  });
});

describe("suppressSmallCell", () => {
  it("shows 1 to 4 as <5, and 0 and 5 or more as themselves", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 1234].map((count) => suppressSmallCell(count).text)).toEqual([
      "0", "<5", "<5", "<5", "<5", "5", "6", "1234",
    ]);
    expect(suppressSmallCell(4).suppressed).toBe(true);
    expect(suppressSmallCell(0).suppressed).toBe(false);
    expect(suppressSmallCell(5).suppressed).toBe(false);
  });

  it("takes k as a parameter", () => {
    expect([0, 1, 2, 3].map((count) => suppressSmallCell(count, 3).text)).toEqual(["0", "<3", "<3", "3"]);
    expect(suppressSmallCell(1, 1)).toEqual({ text: "1", suppressed: false });
  });
});

describe("Norwegian formats", () => {
  it("groups thousands with a no-break space and writes a decimal comma (nb-NO)", () => {
    expect(formatCount(2149)).toBe("2\u00a0149");
    expect(formatCount(117365)).toBe("117\u00a0365");
    expect(formatCount(0)).toBe("0");
    expect(formatHours(61332)).toBe("1\u00a0022,2");
    expect(formatHours(940)).toBe("15,7");
  });

  it("writes dates as day.month.year and times on the clock in Norway, summer time included", () => {
    expect(formatDate("2026-06-30")).toBe("30.06.2026");
    expect(formatTimestamp("2026-07-01T08:30:00Z")).toBe("01.07.2026 10:30 Norwegian time");
    expect(formatTimestamp("2026-01-15T23:30:00Z")).toBe("16.01.2026 00:30 Norwegian time");
    expect(formatTimestamp(new Date("2026-03-29T00:59:00Z"))).toBe("29.03.2026 01:59 Norwegian time");
    expect(formatTimestamp(new Date("2026-03-29T01:00:00Z"))).toBe("29.03.2026 03:00 Norwegian time");
  });
});

describe("renderReport", () => {
  it("escapes the organisation name everywhere it appears", () => {
    const html = renderReport(fixtureReportInput({ organisationName: HOSTILE, period: { label: `<b>H1</b>`, start: "2026-01-01", end: "2026-06-30" } }));
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<b>H1");
    const escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Øst&quot;";
    expect(html).toContain(`<h1>${escaped}</h1>`);
    expect(html).toContain(`<title>Bufdir report – ${escaped} – &lt;b&gt;H1&lt;/b&gt;</title>`);
  });

  it("escapes staleness reasons and unknown breakdown keys", () => {
    const figures: SnapshotFigures = { ...fixtureFigures(), activities_by_path: { ...fixtureFigures().activities_by_path, "<i>x</i>": 7 } };
    const html = renderReport(fixtureReportInput({ figures, staleness: { isStale: true, reasons: ["<img src=x>"] } }));
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<i>x");
    expect(html).toContain("&lt;img src=x&gt;");
    expect(html).toContain("&lt;i&gt;x&lt;/i&gt;");
  });

  it("hides counties of 1 to 4 and marks them; shows activity counts by kind and registration path in full", () => {
    const html = renderReport(fixtureReportInput());
    expect(rowCells(html, "in_person_outreach")).toEqual(["6", "8"]);
    expect(rowCells(html, "group_meeting")).toEqual(["2", "4"]);
    expect(rowCells(html, "mentor_course")).toEqual(["1", "2"]);
    expect(rowCells(html, "phone_or_digital")).toEqual(["not counted", "1"]);
    expect(rowCells(html, "other")).toEqual(["not counted", "0"]);
    expect(rowCells(html, "direct")).toEqual(["13"]);
    expect(rowCells(html, "proxy")).toEqual(["1"]);
    expect(rowCells(html, "bulk")).toEqual(["1"]);
    expect(rowCells(html, "46")).toEqual(["6"]);
    expect(rowCells(html, "11")).toEqual(["&lt;5*"]);
    expect(rowCells(html, "50")).toEqual(["&lt;5*"]);
    expect(html.match(/data-suppressed="true"/g)).toHaveLength(2);
    expect(html).not.toContain('data-suppression="complementary"');
  });

  it("explains what is hidden in plain words, without statistical terms", () => {
    const html = renderReport(fixtureReportInput());
    const note = /<p id="suppression-note">(.*?)<\/p>/.exec(html)?.[1];
    expect(note).toContain("<strong>* Hidden to protect privacy.</strong>");
    expect(note).toContain("a number from 1 to 4 is shown as “&lt;5”, so that the few people met in one county or month cannot be recognised");
    expect(note).toContain("The headline figures and the counts by activity kind and registration path are always shown in full.");
    // No “:” on the page, so no sentence about it.
    expect(note).not.toContain("“:”");
    expect(visibleText(html)).not.toMatch(/k = |complementary|small-cell|suppress/i);
  });

  it("says why a “:” is hidden only when one is shown", () => {
    const figures = fixtureFigures();
    // 20 and 9 shown would give the 3 away (32 − 20 − 9): the 9 is hidden too.
    const html = renderReport(fixtureReportInput({ figures: { ...figures, activity_days_by_county: { "46": 20, "11": 9, "50": 3 } } }));
    expect(rowCells(html, "11")).toEqual([":*"]);
    expect(html).toContain("A number shown as “:” is hidden too, because with the total and the other numbers it would give a hidden one away.");
  });

  it("has no note, marker or hatching when nothing is hidden", () => {
    const figures = fixtureFigures();
    const html = renderReport(fixtureReportInput({
      figures: {
        ...figures,
        activity_days_by_county: { "46": 6, "11": 5, "50": 0 },
        activity_days_by_month: { "2026-01": 5, "2026-02": 0, "2026-03": 6 },
      },
    }));
    expect(html).not.toContain("suppression-note");
    expect(html).not.toContain('class="marker"');
    expect(html).not.toContain('<rect class="hidden-month"');
    expect(visibleText(html)).not.toMatch(/hidden|privacy|\*/i);
  });

  it("says what an activity-day is", () => {
    const html = renderReport(fixtureReportInput());
    expect(html).toContain("An activity-day (aktivitetsdag) is an activity Bufdir counts, taken per mentor and day: a mentor's further activities on the same day count only when they meet someone new.");
    expect(html).toMatch(/<dt>Activity-days \(aktivitetsdager\)<\/dt><dd>9<span class="detail">Counting activities, per mentor and day · rules 2026\.1</);
  });

  it("prints the headline figures the Norwegian way", () => {
    const figures = fixtureFigures();
    const html = renderReport(fixtureReportInput({ figures: { ...figures, totals: { ...figures.totals, participations: 2149, minutes_total: 61332 } } }));
    expect(html).toMatch(/<dt>Participations \(deltakelser\)<\/dt><dd>2\u00a0149</);
    expect(html).toMatch(/<dt>Hours of activity \(timer\)<\/dt><dd>1\u00a0022,2 <span class="unit">h</);
    expect(html).toContain("61\u00a0332 minutes in all");
  });

  it("keeps the headline totals exact, however small", () => {
    const figures = fixtureFigures();
    const html = renderReport(fixtureReportInput({ figures: { ...figures, totals: { ...figures.totals, activity_days: 3, active_mentors: 1 } } }));
    expect(html).toMatch(/<dt>Activity-days \(aktivitetsdager\)<\/dt><dd>3</);
    expect(html).toMatch(/<dt>Active mentors \(aktive likepersoner\)<\/dt><dd>1</);
    expect(html).toMatch(/<dt>Hours of activity \(timer\)<\/dt><dd>15,7 <span class="unit">h</);
    expect(html).toContain("940 minutes in all");
  });

  it("takes the suppression threshold as a parameter", () => {
    const html = renderReport(fixtureReportInput({ suppressionThreshold: 3 }));
    expect(rowCells(html, "11")).toEqual(["&lt;3*"]);
    expect(rowCells(html, "50")).toEqual(["&lt;3*"]);
    expect(rowCells(html, "mentor_course")).toEqual(["1", "2"]);
    expect(html).toContain("a number from 1 to 2 is shown as “&lt;3”");
  });

  it("says 'at least' for unique participants only when the count is a lower bound", () => {
    const figures = fixtureFigures();
    const lowerBound = renderReport(fixtureReportInput());
    const exact = renderReport(fixtureReportInput({ figures: { ...figures, totals: { ...figures.totals, unique_participants_is_lower_bound: false } } }));
    expect(lowerBound).toContain('<dd><span class="qualifier">at least</span> 5<');
    expect(exact).not.toContain("at least");
    expect(exact).toMatch(/<dt>Unique participants \(unike deltakere\)<\/dt><dd>5</);
  });

  it("draws the months in calendar order, whatever order the figures list them in", () => {
    const figures = fixtureFigures();
    const shuffled = { "2026-06": 20, "2026-01": 3, "2026-04": 0, "2026-02": 7, "2026-05": 5, "2026-03": 1 };
    const html = renderReport(fixtureReportInput({ figures: { ...figures, activity_days_by_month: shuffled } }));
    expect(barMonths(html)).toEqual(["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]);
    expect([...html.matchAll(/data-value="([^"]+)"/g)].map((match) => match[1])).toEqual(["&lt;5", "7", "&lt;5", "0", "5", "20"]);
    const months = [...html.matchAll(/<text class="month"[^>]*>([A-Za-z]+)</g)].map((match) => match[1]);
    expect(months).toEqual(["Jan", "Feb", "Mar", "Apr", "May", "Jun"]);
  });

  it("is one self-contained document: no scripts, links, downloads or external URLs, and a policy that forbids them", () => {
    const html = renderReport(fixtureReportInput({ staleness: { isStale: false, reasons: [] } }));
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|@font-face|https?:|\bsrc=/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html).toContain("@page { size: A4;");
    expect(html).toContain("Up to date");
  });

  it("warns when the snapshot is stale, naming the reasons", () => {
    const html = renderReport(fixtureReportInput({ staleness: { isStale: true, reasons: ["older_than_24h", "activities_changed"] } }));
    expect(html).toContain('<p class="status stale">');
    expect(html).toContain("they were computed more than 24 hours ago; activities have changed since");
    expect(renderReport(fixtureReportInput())).not.toMatch(/<p class="(status|stale-note)/);
  });

  it("shows where the figures came from", () => {
    const html = renderReport(fixtureReportInput());
    expect(html).toContain("version 2026.1");
    expect(html).toContain("01.07.2026 10:30 Norwegian time");
    expect(html).toContain(fixtureReportInput().contentHash);
    expect(html).toContain("<strong>2026-H1</strong> · 01.01.2026–30.06.2026");
    expect(html).toContain("2026-H1: 01.01.2026–30.06.2026 (both days included)");
  });

  it("refuses figures of another period or rule version, and counts that are not safe integers", () => {
    const figures = fixtureFigures();
    expect(() => renderReport(fixtureReportInput({ period: { label: "2026-H2", start: "2026-07-01", end: "2026-12-31" } }))).toThrow(
      /cover 2026-01-01 to 2026-06-30, not the period 2026-07-01/,
    );
    expect(() => renderReport(fixtureReportInput({ ruleVersion: "2027.1" }))).toThrow(/rule version 2026.1, not 2027.1/);
    expect(() => renderReport(fixtureReportInput({ figures: { ...figures, totals: { ...figures.totals, participations: -1 } } }))).toThrow(
      /totals.participations/,
    );
    expect(() => renderReport(fixtureReportInput({ figures: { ...figures, activities_by_path: { direct: 1.5 } } }))).toThrow(
      /activities_by_path.direct/,
    );
    const { active_mentors: _dropped, ...withoutMentors } = figures.totals;
    expect(() => renderReport(fixtureReportInput({ figures: { ...figures, totals: withoutMentors as typeof figures.totals } }))).toThrow(
      /totals.active_mentors must be a non-negative safe integer, got undefined/,
    );
    expect(() => renderReport(fixtureReportInput({ suppressionThreshold: 0 }))).toThrow(/suppressionThreshold/);
    expect(() => renderReport(fixtureReportInput({ computedAt: "yesterday" }))).toThrow(/computedAt/);
  });
});

describe("renderMonthChart", () => {
  it("is an accessible image with a title, a description of every month, and axis labels", () => {
    const svg = renderMonthChart({ "2026-02": 12, "2026-01": 3, "2026-03": 0 });
    expect(svg).toMatch(/^<svg class="month-chart" role="img" aria-labelledby="month-chart-title month-chart-desc"/);
    expect(svg).toContain('<title id="month-chart-title">Activity-days (aktivitetsdager) per month, January 2026 to March 2026</title>');
    expect(svg).toContain("January 2026: hidden (fewer than 5); February 2026: 12; March 2026: 0. A hidden month has no bar; its place is hatched.");
    expect(svg).toContain(">Month</text>");
    expect(svg).toContain(">Activity-days</text>");
    expect(barMonths(svg)).toEqual(["2026-01", "2026-02", "2026-03"]);
  });

  it("draws a hidden month as a hatched column over the whole chart, not as a bar whose height reads as a value", () => {
    const rectOf = (svg: string, month: string) => new RegExp(`<rect class="([^"]+)" data-month="${month}"[^>]* y="([0-9.]+)" width="[0-9.]+" height="([0-9.]+)"`).exec(svg)!.slice(1);
    const one = renderMonthChart({ "2026-01": 1, "2026-02": 40 });
    const four = renderMonthChart({ "2026-01": 4, "2026-02": 40, "2026-03": 7 }, { states: new Map([["2026-01", "small"], ["2026-02", "shown"], ["2026-03", "complementary"]]) });
    expect(rectOf(one, "2026-01")).toEqual(["hidden-month", "28", "198"]);
    expect(rectOf(four, "2026-01")).toEqual(rectOf(one, "2026-01"));
    expect(rectOf(four, "2026-03")).toEqual(rectOf(one, "2026-01"));
    expect(one).toContain('<rect class="hidden-month" data-month="2026-01" data-value="&lt;5"');
    expect(four).toContain('<rect class="hidden-month" data-month="2026-03" data-value=":"');
    // The shown bar of 40 reaches the top of the scale: the axis is set by the shown months alone.
    expect(rectOf(one, "2026-02")).toEqual(["bar", "28", "198"]);
    expect(rectOf(renderMonthChart({ "2026-01": 0, "2026-02": 40 }), "2026-01")).toEqual(["bar", "226", "0"]);
  });

  it("draws no scale when every month is hidden", () => {
    const svg = renderMonthChart({ "2026-01": 1, "2026-02": 3 });
    expect(svg.match(/class="hidden-month"/g)).toHaveLength(2);
    expect(svg).not.toContain('class="tick"');
    expect(svg).not.toContain('class="bar"');
  });

  it("labels the year under the first month and under every January", () => {
    const svg = renderMonthChart({ "2025-11": 10, "2025-12": 10, "2026-01": 10, "2026-02": 10 });
    expect([...svg.matchAll(/<text class="year"[^>]*>(\d{4})</g)].map((match) => match[1])).toEqual(["2025", "2026"]);
  });
});
