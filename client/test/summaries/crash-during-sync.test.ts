/**
 * A process killed (SIGKILL) in the middle of a mirror sync: the SQLite file
 * opens, passes integrity_check, and holds either the state before the sync or
 * the state after it, never a mix, and no row is lost. The child stops before
 * its n-th call into SQLite: the first calls, the last ones (around the commit),
 * and evenly spread ones between.
 */
import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openBetterSqlite3Driver } from "../../src/mirror/better-sqlite3-driver.ts";
import { createSummaryServer, ORG_A, type SummaryServer } from "./support/summary-server.ts";

const projectRoot = resolve(import.meta.dirname, "../../..");
const tsx = resolve(projectRoot, "node_modules/.bin/tsx");
const child = resolve(import.meta.dirname, "support/sync-mirror-child.ts");
const workDir = mkdtempSync(join(tmpdir(), "sync-crash-"));

let server: SummaryServer;

function runChild(file: string, pauseBefore?: number): Promise<{ output: string; killed: boolean }> {
  return new Promise((resolveRun, reject) => {
    const args = [child, server.url, file, ...(pauseBefore === undefined ? [] : [String(pauseBefore)])];
    const process = spawn(tsx, args, { stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    process.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
      if (chunk.includes("paused")) process.kill("SIGKILL");
    });
    process.on("error", reject);
    process.on("close", (_code, signal) => resolveRun({ output, killed: signal === "SIGKILL" }));
  });
}

/** The mirror's rows of organisation A as (id, version, stale) triples, sorted. */
async function mirrorState(file: string): Promise<{ integrity: unknown; rows: string[] }> {
  const driver = await openBetterSqlite3Driver(file);
  try {
    const integrity = await driver.all("PRAGMA integrity_check");
    const rows = (await driver.all("select id, version, is_stale from summary_cache order by id")) as { id: string; version: number; is_stale: number }[];
    return { integrity, rows: rows.map((row) => `${row.id}:v${row.version}:${row.is_stale}`) };
  } finally {
    await driver.close();
  }
}

const before = join(workDir, "before.sqlite");
const after = join(workDir, "after.sqlite");
let totalCalls = 0;

beforeAll(async () => {
  server = await createSummaryServer();
  await server.as("coordinator.a@fixture.example", "select count(*) from public.generate_periodic_summaries($1, 'half_year', '2026-01-01')", [ORG_A]);
  // The state before: one completed sync.
  expect((await runChild(before)).output).toMatch(/done/);
  // The server moves on: a regeneration (new versions) and an invalidation.
  await server.as("coordinator.a@fixture.example", "select count(*) from public.generate_periodic_summaries($1, 'half_year', '2026-01-01')", [ORG_A]);
  await server.as("coordinator.a@fixture.example", "select public.invalidate_periodic_summaries($1, '2026-01-01', '2026-01-31')", [ORG_A]);
  // The state after: the same sync, completed, from a copy of the state before.
  copyFileSync(before, after);
  const finished = await runChild(after);
  totalCalls = Number(/done after (\d+) calls/.exec(finished.output)?.[1]);
}, 120_000);

afterAll(async () => {
  await server?.dispose();
  rmSync(workDir, { recursive: true, force: true });
});

describe("a mirror sync killed with SIGKILL", () => {
  it("leaves the old state or the new one wherever it is killed, never a mix, and loses no row", async () => {
    const old = await mirrorState(before);
    const updated = await mirrorState(after);
    expect(old.rows.length).toBeGreaterThan(0);
    expect(updated.rows).not.toEqual(old.rows);
    expect(totalCalls).toBeGreaterThan(1);

    const calls = new Set<number>([1, 2, 3, totalCalls - 2, totalCalls - 1, totalCalls]);
    for (let i = 1; i <= 3; i++) calls.add(Math.round((i * totalCalls) / 4));
    const seen = new Set<string>();
    for (const call of [...calls].filter((n) => n >= 1 && n <= totalCalls).sort((a, b) => a - b)) {
      const file = join(workDir, `killed-before-call-${call}.sqlite`);
      copyFileSync(before, file);
      const run = await runChild(file, call);
      expect(run.killed, `the child reached call ${call}`).toBe(true);
      const state = await mirrorState(file);
      expect(state.integrity).toEqual([{ integrity_check: "ok" }]);
      expect([old.rows, updated.rows], `state after a kill before call ${call}`).toContainEqual(state.rows);
      seen.add(state.rows === old.rows || JSON.stringify(state.rows) === JSON.stringify(old.rows) ? "old" : "new");
      rmSync(file);
    }
    // A kill before the commit keeps the old state; the last calls come after it.
    expect(seen.has("old")).toBe(true);
    console.log(`sync crash test: ${totalCalls} SQLite calls per sync, killed before ${[...calls].length} of them; states seen: ${[...seen].join(", ")}`);
  }, 180_000);
});
