/**
 * A process killed (SIGKILL) in the middle of a mirror migration: the file opens,
 * passes integrity_check, is at one of the versions (never in between: each step
 * commits with its version bump), and keeps every row; migrating again finishes
 * the job. The child stops before its n-th call into SQLite, for every n the
 * migration makes, so every point of every step is hit, inside and outside the
 * transactions.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openBetterSqlite3Driver } from "../../src/mirror/better-sqlite3-driver.ts";
import { migrateMirror } from "../../src/mirror/migrations/migrate-mirror.ts";
import { MIRROR_MIGRATIONS } from "../../src/mirror/migrations/mirror-migrations.ts";
import type { SqliteRow } from "../../src/mirror/sqlite-driver.ts";
import {
  allRows,
  insertRow,
  rowAtVersion,
  summaryRows,
  SUMMARY_CACHE_COLUMNS_AT,
  syncStateRowsAt,
  upgradedSyncStateRow,
} from "./support/summary-fixtures.ts";

const projectRoot = resolve(import.meta.dirname, "../../..");
const tsx = resolve(projectRoot, "node_modules/.bin/tsx");
const child = resolve(import.meta.dirname, "support/migrate-mirror-child.ts");
const workDir = mkdtempSync(join(tmpdir(), "mirror-crash-"));
const ROWS = 500;

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

async function writeVersionOne(file: string): Promise<void> {
  const driver = await openBetterSqlite3Driver(file);
  await migrateMirror(driver, { steps: MIRROR_MIGRATIONS.slice(0, 1) });
  const columns = SUMMARY_CACHE_COLUMNS_AT[1]!;
  await driver.transaction(async () => {
    for (const row of summaryRows(ROWS)) {
      const values = rowAtVersion(row, 1);
      await driver.run(
        `insert into summary_cache (${columns.join(", ")}) values (${columns.map(() => "?").join(", ")})`,
        columns.map((column) => values[column] ?? null),
      );
    }
  });
  await driver.close();
}

/** A version-3 file with summaries and a sync_state row per organisation; returns those rows. */
async function writeVersionThree(file: string): Promise<SqliteRow[]> {
  const driver = await openBetterSqlite3Driver(file);
  await migrateMirror(driver, { steps: MIRROR_MIGRATIONS.slice(0, 3) });
  const syncState = syncStateRowsAt(3);
  await driver.transaction(async () => {
    for (const row of summaryRows(ROWS)) await insertRow(driver, "summary_cache", rowAtVersion(row, 3));
    for (const row of syncState) await insertRow(driver, "sync_state", row);
  });
  await driver.close();
  return syncState;
}

/** Runs the child; with `pauseBefore`, kills it with SIGKILL once it pauses. Returns its output. */
function runChild(file: string, pauseBefore?: number): Promise<{ output: string; killed: boolean }> {
  return new Promise((resolveRun, reject) => {
    const args = [child, file, ...(pauseBefore === undefined ? [] : [String(pauseBefore)])];
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

let totalCalls = 0;
beforeAll(async () => {
  const file = join(workDir, "probe.sqlite");
  await writeVersionOne(file);
  const run = await runChild(file);
  totalCalls = Number(/done after (\d+) calls/.exec(run.output)?.[1]);
}, 60_000);

describe("a mirror migration killed with SIGKILL", () => {
  it("is killed at every call the migration makes, and each time the file is sound and keeps every row", async () => {
    expect(totalCalls).toBeGreaterThan(MIRROR_MIGRATIONS.length);
    const versionsLeft = new Set<number>();
    for (let call = 1; call <= totalCalls; call++) {
      const file = join(workDir, `killed-before-call-${call}.sqlite`);
      await writeVersionOne(file);
      const run = await runChild(file, call);
      expect(run.killed).toBe(true);

      const driver = await openBetterSqlite3Driver(file);
      try {
        expect(await driver.all("PRAGMA integrity_check")).toEqual([{ integrity_check: "ok" }]);
        const [{ user_version: version }] = (await driver.all("PRAGMA user_version")) as [{ user_version: number }];
        versionsLeft.add(version);
        const [{ n }] = (await driver.all("select count(*) as n from summary_cache")) as [{ n: number }];
        expect(n, `rows after a kill before call ${call} (version ${version})`).toBe(ROWS);

        await migrateMirror(driver);
        const [{ n: after }] = (await driver.all("select count(*) as n from summary_cache")) as [{ n: number }];
        expect(after).toBe(ROWS);
        expect(await driver.all("PRAGMA foreign_key_check")).toEqual([]);
      } finally {
        await driver.close();
      }
      rmSync(file);
    }
    // The kills landed before, between and inside every step.
    expect([...versionsLeft].sort()).toEqual(Array.from({ length: MIRROR_MIGRATIONS.length }, (_, i) => i + 1));
  }, 240_000);
});

describe("a mirror migration from version 3 killed with SIGKILL", () => {
  it("keeps every sync_state row, as version 3 wrote it or as version 4 reads it, at every call of the step to 4", async () => {
    const probe = join(workDir, "probe-v3.sqlite");
    await writeVersionThree(probe);
    const calls = Number(/done after (\d+) calls/.exec((await runChild(probe)).output)?.[1]);
    expect(calls).toBeGreaterThan(1);
    const versionsLeft = new Set<number>();
    for (let call = 1; call <= calls; call++) {
      const file = join(workDir, `v3-killed-before-call-${call}.sqlite`);
      const written = await writeVersionThree(file);
      expect((await runChild(file, call)).killed).toBe(true);

      const driver = await openBetterSqlite3Driver(file);
      try {
        expect(await driver.all("PRAGMA integrity_check")).toEqual([{ integrity_check: "ok" }]);
        const [{ user_version: version }] = (await driver.all("PRAGMA user_version")) as [{ user_version: number }];
        versionsLeft.add(version);
        const expected = written.map((row) => upgradedSyncStateRow(row, 3, version));
        expect(await allRows(driver, "sync_state", "organisation_id"), `after a kill before call ${call}`).toEqual(expected);

        await migrateMirror(driver);
        expect(await allRows(driver, "sync_state", "organisation_id")).toEqual(written.map((row) => upgradedSyncStateRow(row, 3, 4)));
        const [{ n }] = (await driver.all("select count(*) as n from summary_cache")) as [{ n: number }];
        expect(n).toBe(ROWS);
      } finally {
        await driver.close();
      }
      rmSync(file);
    }
    expect([...versionsLeft].sort()).toEqual([3, 4]);
  }, 240_000);
});
