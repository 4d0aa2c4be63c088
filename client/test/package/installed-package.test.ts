/**
 * The client as a published package: `npm pack` of client/ (built from the current
 * source by its prepack script), checked by publint and are-the-types-wrong, and
 * installed with npm into apps outside the workspace:
 * (a) a plain Node app (`node app.mjs`, no loader) registers an activity as a
 *     mentor and reads the snapshot as a coordinator over the direct transport;
 * (b) a strict TypeScript app (skipLibCheck off) typechecks under nodenext and
 *     bundler resolution, and a wrong RPC argument does not compile;
 * (c) a browser app bundled by esbuild from the package root runs in Chromium:
 *     it opens the sql.js mirror, syncs a page of summaries through supabase-js
 *     (answered by the test PostgREST fetch from the real database) and reads one.
 * Apps live in client/test/package/apps; support/scratch-apps.ts makes them.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { build } from "esbuild";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asUser } from "../../src/context/request-context.ts";
import { BufdirMetricsRepository } from "../../src/metrics/bufdir-metrics-repository.ts";
import { periodOrThrow } from "../../src/period/period.ts";
import { createPostgrestFetch, type PostgrestFetch } from "../support/postgrest-fetch.ts";
import { signTestJwt, TEST_JWT_SECRET, testAnonKey } from "../support/test-jwt.ts";
import { createPostgresTransport } from "../../src/transport/postgres-transport.ts";
import { contextOf, createSummaryServer, ORG_A, type SummaryServer, USERS } from "../summaries/support/summary-server.ts";
import { binOf, createScratchApps, type Run, run, type ScratchApps, strictTsconfig } from "./support/scratch-apps.ts";

const MENTOR_A = USERS["mentor.a@fixture.example"];
const COORDINATOR_A = USERS["coordinator.a@fixture.example"];
/** A contact mentor.a registered (db/fixtures/bufdir-fixture.sql). */
const KNOWN_CONTACT = "00000000-0000-4000-c000-000000000a01";
const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`installed package in Chromium skipped: ${CHROMIUM} is missing (make test installs Debian's chromium when run as root)`);

let apps: ScratchApps;
let server: SummaryServer;

beforeAll(async () => {
  [apps, server] = await Promise.all([createScratchApps(), createSummaryServer()]);
}, 600_000);

afterAll(async () => {
  apps?.dispose();
  await server?.dispose();
});

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string, prefix = ""): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, `${prefix}${name}/`) : [`${prefix}${name}`];
  });
}

describe("the packed client", () => {
  it("carries only the build, its README and package.json", async () => {
    const listing = await run("tar", ["-tzf", apps.tarball], { cwd: apps.nodeApp });
    const files = listing.stdout.trim().split("\n");
    expect(files.filter((file) => !/^package\/(dist\/.+\.(js|d\.ts)(\.map)?|README\.md|package\.json)$/.test(file))).toEqual([]);
    for (const entry of ["index", "node", "report", "testing"]) {
      expect(files).toEqual(expect.arrayContaining([`package/dist/${entry}.js`, `package/dist/${entry}.d.ts`, `package/dist/${entry}.js.map`, `package/dist/${entry}.d.ts.map`]));
    }
  });

  it("publint reports nothing", async () => {
    const result = await run(binOf("publint"), ["run", apps.tarball, "--strict"], { cwd: apps.nodeApp });
    expect(result.stdout).toContain("All good!");
    expect(result.exitCode).toBe(0);
  });

  it("are-the-types-wrong reports nothing for an ESM-only package", async () => {
    const result = await run(binOf("attw"), [apps.tarball, "--profile", "esm-only", "--format", "table-flipped", "--no-emoji", "--no-color"], { cwd: apps.nodeApp });
    expect(result.exitCode, result.stdout).toBe(0);
    for (const entry of ["", "/node", "/report", "/testing"]) {
      expect(result.stdout).toMatch(new RegExp(`"@bufdir-reporting/client${entry}"\\s+│ OK \\(ESM\\)\\s+│ OK\\s+│`));
    }
  });

  it("builds nothing at install and brings neither pg nor better-sqlite3 into a browser app", () => {
    const manifests = filesUnder(join(apps.browserApp, "node_modules")).filter((file) => /(^|\/)package\.json$/.test(file));
    const building = manifests.filter((file) => {
      const manifest = JSON.parse(readFileSync(join(apps.browserApp, "node_modules", file), "utf8")) as { scripts?: Record<string, string> };
      const scripts = manifest.scripts ?? {};
      return "install" in scripts || "preinstall" in scripts || "postinstall" in scripts || existsSync(join(apps.browserApp, "node_modules", dirname(file), "binding.gyp"));
    });
    expect(building).toEqual([]);
    expect(existsSync(join(apps.browserApp, "node_modules/pg"))).toBe(false);
    expect(existsSync(join(apps.browserApp, "node_modules/better-sqlite3"))).toBe(false);
  });
});

describe("(a) a plain Node app", () => {
  it("registers an activity as a mentor and reads the month's snapshot as a coordinator, over the direct transport", async () => {
    const june = periodOrThrow("2026-06");
    const coordinator = createPostgresTransport({ connectionString: server.url, context: asUser({ sub: COORDINATOR_A }), poolOptions: { max: 1 } });
    const before = await new BufdirMetricsRepository(coordinator).refreshMetricSnapshot(ORG_A, june);
    await coordinator.end();

    const result = await run(process.execPath, ["app.mjs", server.url, ORG_A, MENTOR_A, COORDINATOR_A, KNOWN_CONTACT], { cwd: apps.nodeApp });
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    const output = JSON.parse(result.stdout) as { activityId: string; totals: Record<string, number>; reportTitle: string | null };

    const [row] = await server.db.sql<{ registered_by: string; activity_date: string }>(
      "select registered_by, activity_date::text from public.activities where id = $1",
      [output.activityId],
    );
    expect(row).toEqual({ registered_by: MENTOR_A, activity_date: "2026-06-15" });
    expect(output.totals["activities_total"]).toBe(before._unsafeUnwrap().snapshot_json.totals.activities_total + 1);
    expect(output.reportTitle).toMatch(/Scratch app/);
  });
});

describe("(b) a strict TypeScript app", () => {
  // One compilation per resolution, of the app and of a file that must not compile: the app's
  // files must be free of errors, and the wrong RPC argument must be the one error. The two
  // compilations run side by side (each checks every declaration file installed).
  const RESOLUTIONS = ["nodenext", "bundler"] as const;
  let compiled: Map<string, Run>;

  beforeAll(async () => {
    const runs = RESOLUTIONS.map(async (moduleResolution) => {
      writeFileSync(join(apps.nodeApp, `tsconfig.${moduleResolution}.json`), strictTsconfig(moduleResolution, ["app.ts", "wrong-rpc-argument.ts"]));
      const result = await run(binOf("tsc"), ["-p", `tsconfig.${moduleResolution}.json`, "--pretty", "false"], { cwd: apps.nodeApp });
      return [moduleResolution, result] as const;
    });
    compiled = new Map(await Promise.all(runs));
  }, 300_000);

  it.each(RESOLUTIONS)("typechecks under moduleResolution %s with skipLibCheck off, and refuses a wrong RPC argument", (moduleResolution) => {
    const result = compiled.get(moduleResolution)!;
    expect(result.stdout.trim().split("\n")).toEqual([
      expect.stringMatching(/^wrong-rpc-argument\.ts\(6,\d+\): error TS2322: Type 'number' is not assignable to type 'string'\.$/),
    ]);
    expect(result.exitCode).toBe(2);
  });
});

describe.skipIf(!hasChromium)("(c) a browser app bundled from the package root", () => {
  const ORIGIN = "http://app.test";
  let browser: Browser;
  let postgrest: PostgrestFetch;
  let assets: Map<string, { contentType: string; body: Buffer }>;

  beforeAll(async () => {
    await server.as("coordinator.a@fixture.example", "select id from public.generate_periodic_summaries($1, 'half_year', '2026-01-01')", [ORG_A]);
    postgrest = createPostgrestFetch({ connectionString: server.url, jwtSecret: TEST_JWT_SECRET });
    const bundled = await build({
      absWorkingDir: apps.browserApp,
      entryPoints: ["app.ts"],
      bundle: true,
      platform: "browser",
      format: "iife",
      minify: true,
      outdir: "out",
      publicPath: "/",
      loader: { ".wasm": "file" },
      write: false,
      logLevel: "silent",
    });
    assets = new Map(
      bundled.outputFiles.map((file) => [
        `/${file.path.split("/").pop()}`,
        { contentType: file.path.endsWith(".wasm") ? "application/wasm" : "text/javascript", body: Buffer.from(file.contents) },
      ]),
    );
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await postgrest?.close();
  });

  it("opens the sql.js mirror, syncs a page of summaries and reads one", async () => {
    const context = await browser.newContext();
    const requests: string[] = [];
    await context.route("**/*", async (route) => {
      const request = route.request();
      const url = new URL(request.url());
      requests.push(`${request.method()} ${url.pathname}`);
      if (url.origin !== ORIGIN) return route.abort();
      if (url.pathname === "/") return route.fulfill({ contentType: "text/html", body: '<!doctype html><script src="/app.js"></script>' });
      const asset = assets.get(url.pathname);
      if (asset !== undefined) return route.fulfill({ contentType: asset.contentType, body: asset.body });
      const postData = request.postDataBuffer();
      const response = await postgrest.fetch(
        new Request(url, { method: request.method(), headers: request.headers(), ...(postData === null ? {} : { body: postData }) }),
      );
      return route.fulfill({ status: response.status, headers: Object.fromEntries(response.headers), body: Buffer.from(await response.arrayBuffer()) });
    });
    const tab = await context.newPage();
    const errors: string[] = [];
    tab.on("pageerror", (error) => errors.push(error.message));
    await tab.goto(`${ORIGIN}/`);
    const coordinator = contextOf("coordinator.a@fixture.example");
    const token = signTestJwt({ ...coordinator.claims, role: coordinator.role });
    const result = await tab.evaluate(
      ([anonKey, accessToken, organisationId]) =>
        (globalThis as unknown as { syncAndRead: (a: string, t: string, o: string) => Promise<unknown> }).syncAndRead(anonKey, accessToken, organisationId),
      [testAnonKey(), token, ORG_A] as const,
    );
    await context.close();

    const [serverRow] = await server.db.sql<{ summary_data: unknown }>(
      "select summary_data from public.periodic_summaries where org_id = $1 and mentor_id is null and period_type = 'half_year' and period_start = '2026-01-01'",
      [ORG_A],
    );
    expect(errors).toEqual([]);
    expect(result).toMatchObject({ summary: { organisationId: ORG_A, mentorId: null, periodType: "half_year", periodStart: "2026-01-01", summaryData: serverRow!.summary_data } });
    expect(requests).toEqual(expect.arrayContaining(["GET /", "GET /app.js", "POST /rest/v1/rpc/list_periodic_summaries_since"]));
    expect(requests.filter((request) => request.endsWith(".wasm"))).toHaveLength(1);
  });
});
