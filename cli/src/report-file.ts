/**
 * Where `bufdir report` writes: an HTML or PDF file chosen by its name, or a
 * folder that gets the organisation's file name. Everything that can be known
 * before the database is opened is checked then (the folder, that the file can
 * be created, that a PDF has a Chromium to print it), and a refusal at write
 * time is the same documented failure: exit 2, reason `output_path`.
 */
import { accessSync, closeSync, constants, openSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { extname, join, resolve, sep } from "node:path";
import { findChromium, printReportPdf } from "./print-report-pdf.ts";
import { slugOf } from "./arguments.ts";
import { CliFailure, EXIT, shorten } from "./output.ts";
import { checkOutputDirectory, prepareOutputDirectory, prepareOutputFile } from "./output-path.ts";

/** What a report file holds, by the end of its name. */
export type ReportFormat = "html" | "pdf";

/**
 * Where a report goes: a file (its format from its name) or a folder that gets
 * `<organisation-slug>-<period>.html`.
 *
 * @example
 * const target = reportTarget("reports/");         // { kind: "folder", directory: "/home/me/reports" }
 * const target = reportTarget("oslo-2026-H1.pdf"); // { kind: "file", path: "/home/me/oslo-2026-H1.pdf", format: "pdf", chromium: "/usr/bin/chromium" }
 */
export type ReportTarget =
  | { readonly kind: "folder"; readonly directory: string }
  | { readonly kind: "file"; readonly path: string; readonly format: "html" }
  | { readonly kind: "file"; readonly path: string; readonly format: "pdf"; readonly chromium: string };

function outputFailure(path: string, why: string): CliFailure {
  return new CliFailure(`cannot write to ${shorten(path)}: ${why}`, EXIT.usage, "output_path");
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : error instanceof Error ? error.message : String(error);
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Proves that `path` can be written, leaving the file system as it was: an
 * existing file must be writable; a new one is created and removed again.
 */
function checkWritable(path: string): void {
  try {
    accessSync(path, constants.W_OK);
    return;
  } catch (error) {
    if (errorCode(error) !== "ENOENT") throw outputFailure(path, `the file is not writable (${errorCode(error)})`);
  }
  try {
    closeSync(openSync(path, "wx"));
  } catch (error) {
    throw outputFailure(path, `cannot create the file (${errorCode(error)})`);
  }
  unlinkSync(path);
}

/** The file's absolute path, its folder made and the file proven writable. */
function writableFile(out: string): string {
  const path = prepareOutputFile(out);
  checkWritable(path);
  return path;
}

/**
 * The report's target from `--out` (default: the folder `reports`), checked
 * before the database is opened. Refused with exit 2: a path that cannot be
 * written, a name ending in neither `.html` nor `.pdf`, and a PDF with no
 * Chromium to print it (`BUFDIR_CHROMIUM` names one).
 *
 * @example
 * const target = reportTarget(options.out); // before openDatabaseSession()
 */
export function reportTarget(out: string | undefined): ReportTarget {
  // A folder is proven creatable now and made only when there is a report to write.
  if (out === undefined || out.endsWith("/") || out.endsWith(sep) || isFolder(out)) {
    const directory = resolve(out ?? "reports");
    checkOutputDirectory(directory);
    return { kind: "folder", directory };
  }
  const extension = extname(out).toLowerCase();
  const format: ReportFormat | undefined = extension === ".html" || extension === ".htm" ? "html" : extension === ".pdf" ? "pdf" : undefined;
  if (format === undefined) {
    throw outputFailure(resolve(out), "a report file's name ends in .html (a web page) or .pdf (printed by Chromium)");
  }
  if (format === "html") return { kind: "file", path: writableFile(out), format };
  const chromium = findChromium();
  if (chromium === undefined) {
    const where = process.env.BUFDIR_CHROMIUM ? `BUFDIR_CHROMIUM (${shorten(process.env.BUFDIR_CHROMIUM)}) is not a program` : "no Chromium found (set BUFDIR_CHROMIUM to one)";
    throw outputFailure(resolve(out), `a PDF is printed by Chromium, and ${where}; write .html and print it from a browser instead`);
  }
  return { kind: "file", path: writableFile(out), format, chromium };
}

/**
 * The file a report goes to: the target file, or the organisation's file name
 * in the target folder (made now, when missing).
 *
 * @example
 * reportPath({ kind: "folder", directory: "/srv/reports" }, "Likepersonsforeningen Oslo", "2026-H1")
 * // "/srv/reports/likepersonsforeningen-oslo-2026-H1.html"
 */
export function reportPath(target: ReportTarget, organisationName: string, periodLabel: string): string {
  if (target.kind === "file") return target.path;
  return join(prepareOutputDirectory(target.directory), `${slugOf(organisationName)}-${periodLabel}.html`);
}

/**
 * Writes a report's bytes; a refusal by the file system is the documented
 * output failure, not a raw error.
 *
 * @example
 * writeReportFile(path, html);
 */
export function writeReportFile(path: string, content: string | Uint8Array): void {
  if (isFolder(path)) throw outputFailure(path, "it is a folder");
  try {
    writeFileSync(path, content);
  } catch (error) {
    throw outputFailure(path, `cannot create the file (${errorCode(error)})`);
  }
}

/**
 * The report printed to PDF by the target's Chromium; a Chromium that will not
 * start or print is a failure of the chosen output (exit 2), named with its path.
 *
 * @example
 * writeReportFile(target.path, await printReportFile(html, target.chromium));
 */
export async function printReportFile(html: string, chromium: string): Promise<Uint8Array> {
  try {
    return await printReportPdf(html, chromium);
  } catch (error) {
    const why = (error instanceof Error ? error.message : String(error)).split("\n")[0]!;
    throw new CliFailure(
      `cannot print a PDF with ${shorten(chromium)}: ${shorten(why, 120)}; write .html and print it from a browser instead`,
      EXIT.usage,
      "pdf_printing",
    );
  }
}
