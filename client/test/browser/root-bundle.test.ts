/**
 * The package root is browser-safe: esbuild bundles client/src/index.ts for the
 * browser, and the build fails if it reaches `pg`, a `node:*` module or
 * `better-sqlite3` (the ./node entry, which does reach them, shows the check
 * bites). The bundle then reads a summary offline in Chromium: sql.js opens a
 * mirror made here, and no request leaves the page but the bundle and the WASM.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { build, type Plugin } from "esbuild";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openMirror } from "../../src/mirror/open-mirror.ts";
import { openSqlJsDriver } from "../../src/mirror/sql-js-driver.ts";
import { cacheRow, DOCUMENTED_FIGURES, insertCacheRows } from "../summaries/support/summary-rows.ts";

const clientDir = resolve(import.meta.dirname, "../..");
const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`browser bundle test in Chromium skipped: ${CHROMIUM} is missing (make test installs Debian's chromium when run as root)`);

const FORBIDDEN = /^(node:|pg$|pg\/|pg-|better-sqlite3)/;

/** Records every import of a Node-only module instead of letting esbuild resolve it. */
function forbidNodeOnly(reached: Set<string>): Plugin {
  return {
    name: "forbid-node-only",
    setup(plugin) {
      plugin.onResolve({ filter: FORBIDDEN }, (args) => {
        reached.add(`${args.path} (from ${args.importer.replace(`${clientDir}/`, "")})`);
        return { path: args.path, external: true };
      });
    },
  };
}

async function bundle(entry: string, format: "esm" | "iife" = "esm"): Promise<{ code: string; reached: string[] }> {
  const reached = new Set<string>();
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: "browser",
    format,
    write: false,
    logLevel: "silent",
    plugins: [forbidNodeOnly(reached)],
  });
  return { code: result.outputFiles[0]!.text, reached: [...reached].sort() };
}

describe("the package root in a browser bundle", () => {
  it("bundles without reaching pg, node:* or better-sqlite3", async () => {
    const { code, reached } = await bundle(resolve(clientDir, "src/index.ts"));
    expect(reached).toEqual([]);
    expect(code.length).toBeGreaterThan(10_000);
  });

  it("the ./node entry does reach them, so the check can fail", async () => {
    const { reached } = await bundle(resolve(clientDir, "src/node.ts"));
    expect(reached.map((entry) => entry.split(" ")[0])).toEqual(expect.arrayContaining(["pg", "better-sqlite3", "node:fs/promises"]));
  });
});

describe.skipIf(!hasChromium)("the root bundle in Chromium", () => {
  const ORG = "0b7c5f4e-2f55-4a62-9d0e-1a8f3c3e0a01";
  let browser: Browser;
  let page: string;
  let mirrorBytes: number[];

  beforeAll(async () => {
    page = (await bundle(resolve(import.meta.dirname, "support/offline-summary-page.ts"), "iife")).code;
    const driver = await openSqlJsDriver();
    await openMirror(driver);
    await insertCacheRows(driver, [cacheRow({ id: "00000000-0000-4000-8000-000000000001", organisation_id: ORG })]);
    mirrorBytes = [...(await driver.export())];
    await driver.close();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("reads a summary from the mirror with no server, in the page", async () => {
    const wasm = readFileSync(resolve(createRequire(import.meta.url).resolve("sql.js"), "../sql-wasm-browser.wasm"));
    const context = await browser.newContext();
    const requests: string[] = [];
    await context.route("**/*", async (route) => {
      const url = new URL(route.request().url());
      requests.push(url.href);
      if (url.origin !== "http://client.test") return route.abort();
      if (url.pathname === "/") return route.fulfill({ contentType: "text/html", body: "<!doctype html><script src=\"/bundle.js\"></script>" });
      if (url.pathname === "/bundle.js") return route.fulfill({ contentType: "text/javascript", body: page });
      if (url.pathname === "/sql-wasm.wasm") return route.fulfill({ contentType: "application/wasm", body: wasm });
      return route.fulfill({ status: 404, body: "" });
    });
    const tab = await context.newPage();
    const errors: string[] = [];
    tab.on("pageerror", (error) => errors.push(error.message));
    await tab.goto("http://client.test/");
    const result = await tab.evaluate(
      ([bytes, org, now]) => (globalThis as unknown as { readOfflineSummary: (b: number[], o: string, n: number) => Promise<unknown> }).readOfflineSummary(bytes, org, now),
      [mirrorBytes, ORG, Date.UTC(2026, 6, 1, 6)] as const,
    );
    await context.close();
    expect(errors).toEqual([]);
    expect(result).toMatchObject({ summary: { organisationId: ORG, periodType: "half_year", periodStart: "2026-01-01", summaryData: DOCUMENTED_FIGURES } });
    expect(requests).toEqual(["http://client.test/", "http://client.test/bundle.js", "http://client.test/sql-wasm.wasm"]);
  });
});
