/**
 * The report as a PDF, printed by Chromium on A4 exactly as a person printing the
 * HTML page would get it. Chromium is found on this machine (or named by
 * `BUFDIR_CHROMIUM`); nothing is downloaded, and the page may load nothing but
 * itself.
 */
import { accessSync, constants } from "node:fs";

/** Where Chromium is looked for when `BUFDIR_CHROMIUM` is not set. */
export const CHROMIUM_PATHS: readonly string[] = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

/**
 * The Chromium to print with: `BUFDIR_CHROMIUM` when set (even when it is not
 * there, so that a wrong setting is reported, not passed over), else the first
 * of CHROMIUM_PATHS that can be run; undefined when there is none.
 *
 * @example
 * const chromium = findChromium(); // "/usr/bin/chromium"
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const chosen = env.BUFDIR_CHROMIUM;
  if (chosen !== undefined && chosen !== "") return isExecutable(chosen) ? chosen : undefined;
  return CHROMIUM_PATHS.find(isExecutable);
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Prints a report's HTML to an A4 PDF with Chromium (headless) and returns the
 * PDF's bytes. Every request other than the page itself is refused.
 *
 * @example
 * writeFileSync("report.pdf", await printReportPdf(renderReport(input), findChromium()!));
 */
export async function printReportPdf(html: string, chromiumPath: string): Promise<Buffer> {
  // Loaded only to print: writing HTML needs no browser library.
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await browser.newPage();
    await page.route("**/*", (route) => route.abort());
    await page.setContent(html, { waitUntil: "load" });
    return await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
  } finally {
    await browser.close();
  }
}

/**
 * How many pages a PDF has: its page objects (`/Type /Page`, not `/Pages`).
 *
 * @example
 * countPdfPages(await printReportPdf(html, chromium)) // 1
 */
export function countPdfPages(pdf: Uint8Array): number {
  return Buffer.from(pdf).toString("latin1").match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
}
