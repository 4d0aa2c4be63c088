import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareDatabase } from "../../../scripts/lib/migrations.ts";
import { dbDir, projectRoot } from "../../../scripts/lib/paths.ts";
import { createScratchDatabase, type ScratchDatabase } from "../../../scripts/lib/scratch-database.ts";
import { renderReport, type ReportInput } from "@bufdir-reporting/client/report";
import { countPdfPages, printReportPdf } from "../../src/print-report-pdf.ts";
import { seedDataset } from "../../src/seed/index.ts";
import { testTarget } from "../../../scripts/test/support/test-target.ts";
import { snapshotInput } from "./support/snapshot-input.ts";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(`report browser tests skipped: ${CHROMIUM} is missing (make test installs Debian's chromium when run as root)`);
}

/** Git-ignored: the reports, their screenshots and PDFs, for a person to look at. */
const outputDir = resolve(projectRoot, "test-results/report");
const FIXTURE_ORGANISATION = "00000000-0000-4000-a000-00000000000a";

let scratch: ScratchDatabase;
let browser: Browser;
let fixture: ReportInput;
let seeded: ReportInput;

/** A page that records every request and refuses any that is not the report file itself. */
async function openReport(name: string, html: string): Promise<{ page: Page; requests: string[]; refused: string[]; problems: string[] }> {
  const file = resolve(outputDir, `${name}.html`);
  writeFileSync(file, html);
  const url = pathToFileURL(file).href;
  const page = await browser.newPage({ viewport: { width: 900, height: 1200 } });
  const requests: string[] = [];
  const refused: string[] = [];
  const problems: string[] = [];
  page.on("request", (request) => requests.push(request.url()));
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("dialog", (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.route("**/*", (route) => {
    if (route.request().url() === url) return route.continue();
    refused.push(route.request().url());
    return route.abort();
  });
  await page.goto(url, { waitUntil: "load" });
  return { page, requests, refused, problems };
}

/** Prints the open page as Chromium prints it to A4, keeps the PDF for a person to look at, and counts its pages. */
async function printedPages(page: Page, name: string): Promise<number> {
  const pdf = await page.pdf({ path: resolve(outputDir, `${name}.pdf`), format: "A4", printBackground: true });
  expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  return countPdfPages(pdf);
}

/** The cell texts of the breakdown row with data-key `key`. */
const rowCells = (page: Page, key: string) => page.locator(`tr[data-key="${key}"] td`).allInnerTexts();

describe.skipIf(!hasChromium)("the report in Chromium", () => {
  beforeAll(async () => {
    mkdirSync(outputDir, { recursive: true });
    scratch = await createScratchDatabase(testTarget());
    await prepareDatabase(scratch.url);
    const client = new pg.Client(scratch.url);
    await client.connect();
    try {
      // Plain inserts, no COPY: the embedded engine takes the file as one simple query.
      await client.query(readFileSync(resolve(dbDir, "fixtures/bufdir-fixture.sql"), "utf8"));
      const summary = await seedDataset(client, { organisations: 1, activitiesPerOrganisation: 600 });
      fixture = await snapshotInput(client, FIXTURE_ORGANISATION, { label: "2026-H1", start: "2026-01-01", end: "2026-06-30" });
      seeded = await snapshotInput(client, summary.organisations[0]!.id, { label: "2026", start: "2026-01-01", end: "2026-12-31" });
    } finally {
      await client.end();
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await scratch?.dispose();
  });

  it("shows the fixture's figures from the database, Norwegian style, small counts by county and month hidden, with no network request", async () => {
    const { page, requests, refused, problems } = await openReport("fixture-report", renderReport(fixture));
    try {
      expect(fixture.staleness).toEqual({ isStale: false, reasons: [] });
      await expect(page.locator("h1").innerText()).resolves.toBe("Likepersonforeningen Vest");
      const headline = async (label: string) =>
        (await page.locator("dl.figures > div", { hasText: label }).locator("dd").innerText()).split("\n")[0];
      expect(await headline("Activity-days")).toBe("9");
      expect(await headline("Activities (aktiviteter)")).toBe("15");
      expect(await headline("Participations")).toBe("31");
      expect(await headline("Unique participants")).toBe("at least 5");
      expect(await headline("Hours of activity")).toBe("15,7 h");
      expect(await headline("Active mentors")).toBe("3");
      await expect(page.locator(".period").innerText()).resolves.toBe("2026-H1 · 01.01.2026–30.06.2026");
      await expect(page.locator(".notes").innerText()).resolves.toContain("An activity-day (aktivitetsdag) is an activity Bufdir counts, taken per mentor and day");

      // Activity counts by kind and registration path are shown as they are.
      expect(await rowCells(page, "in_person_outreach")).toEqual(["6", "8"]);
      expect(await rowCells(page, "group_meeting")).toEqual(["2", "4"]);
      expect(await rowCells(page, "other")).toEqual(["not counted", "0"]);
      expect(await rowCells(page, "direct")).toEqual(["13"]);
      expect(await rowCells(page, "proxy")).toEqual(["1"]);
      expect(await rowCells(page, "bulk")).toEqual(["1"]);
      // Where people were met: small counties hidden.
      expect(await rowCells(page, "46")).toEqual(["6"]);
      expect(await rowCells(page, "11")).toEqual(["<5*"]);
      expect(await rowCells(page, "50")).toEqual(["<5*"]);
      // Every month of the fixture is 1 to 3: six hatched columns, no bar, no scale.
      expect(await page.locator("svg.month-chart [data-month]").evaluateAll((marks) => marks.map((mark) => mark.getAttribute("data-month"))))
        .toEqual(["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]);
      expect(await page.locator("svg.month-chart rect.hidden-month").count()).toBe(6);
      expect(await page.locator("svg.month-chart rect.bar, svg.month-chart .tick").count()).toBe(0);
      expect(await page.locator("#month-chart-title").textContent()).toContain("January 2026 to June 2026");
      const note = await page.locator("#suppression-note").innerText();
      expect(note).toMatch(/^\* Hidden to protect privacy\. In the county table and the month chart, a number from 1 to 4 is shown as “<5”/);
      expect(note).not.toMatch(/k = |complementary|suppress/i);

      await page.screenshot({ path: resolve(outputDir, "fixture-report.png"), fullPage: true });
      expect(await printedPages(page, "fixture-report")).toBe(1);

      expect(requests).toEqual([pathToFileURL(resolve(outputDir, "fixture-report.html")).href]);
      expect(refused).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it("shows a seeded year with every month drawn and the stale warning, on one printed A4 page", async () => {
    const stale = { ...seeded, staleness: { isStale: true, reasons: ["activities_changed"] } };
    const { page, refused, problems } = await openReport("seeded-report", renderReport(stale));
    try {
      const days = seeded.figures.totals.activity_days;
      expect(days).toBeGreaterThan(100);
      // nb-NO: a no-break space between thousands.
      await expect(page.locator(".figure.primary dd").innerText()).resolves.toMatch(new RegExp(`^${days.toLocaleString("nb-NO")}\\b`));
      expect(await page.locator("svg.month-chart [data-month]").count()).toBe(12);
      expect(await page.locator(".stale-note").innerText()).toContain("activities have changed since");
      await page.screenshot({ path: resolve(outputDir, "seeded-report.png"), fullPage: true });
      expect(await printedPages(page, "seeded-report")).toBe(1);
      expect(refused).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it("prints the report to a one-page A4 PDF with printReportPdf, as bufdir report --out x.pdf does", async () => {
    const pdf = await printReportPdf(renderReport(fixture), CHROMIUM);
    writeFileSync(resolve(outputDir, "fixture-report-printed.pdf"), pdf);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(countPdfPages(pdf)).toBe(1);
  });

  it("shows a hostile organisation name as text and runs nothing", async () => {
    const name = `<script>alert(1)</script> & "Øst"<img src=x onerror=alert(2)>`;
    const { page, refused, problems } = await openReport("hostile-name-report", renderReport({ ...fixture, organisationName: name }));
    try {
      await expect(page.locator("h1").innerText()).resolves.toBe(name);
      await expect(page.title()).resolves.toBe(`Bufdir report – ${name} – 2026-H1`);
      expect(await page.locator("script, img").count()).toBe(0);
      expect(refused).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
