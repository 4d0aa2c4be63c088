/**
 * `bufdir demo` (what `make demo` runs) end to end as a process, in a folder of
 * the test's own so a developer's .data/demo is never touched. DATABASE_URL
 * points at a closed port: the demo must stay on its embedded database whatever
 * the environment says.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { closedPortUrl, expectOneLineFailure, runBufdir, withEnv } from "./support/cli-harness.ts";

describe("bufdir demo", () => {
  const dir = mkdtempSync(join(tmpdir(), "bufdir-demo-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("runs every step and exits 0, writing only into --dir", { timeout: 240_000 }, async () => {
    const demoDir = join(dir, "demo");
    const result = await runBufdir(["demo", "--dir", demoDir], withEnv(process.env, { DATABASE_URL: await closedPortUrl() }));
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toBe("");
    const out = result.stdout;
    expect(out).toContain(`PGlite in ${join(demoDir, "pglite")}, all migrations applied`);
    // Every number printed comes with a short clause saying what it is.
    expect(out).toMatch(/^activity-days \(Bufdir\)\s+\d+: the unit Bufdir counts/m);
    expect(out).toMatch(/^activities\s+\d+ registered: \d+ of kinds Bufdir does not count \(phone, chat, …\); \d+ proxy copies merged into their originals$/m);
    expect(out).toMatch(/^records at generation\s+\d+: activity rows in the period when the snapshot was computed/m);
    expect(out).toMatch(/^records now\s+\d+: the same count now$/m);
    expect(out).toMatch(/^refused: stale_snapshot \(BF003\): /m);
    expect(out).toMatch(/deletes the snapshot → permission_denied \(42501\): /);
    expect(out).toContain("the snapshot is still there: yes");
    expect(out).toContain("database stopped; reading the mirror offline:");
    expect(out).toMatch(/^2026-H1\s+\(organisation\)\s+\d+\s+\d+\s+1\s+no$/m);
    expect(out).toMatch(/^demo finished in \d+\.\d s$/m);
    // Organisations and people by name: the only id shown is the audit row's.
    const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
    const linesWithIds = out.split("\n").filter((line) => uuid.test(line));
    expect(linesWithIds).toHaveLength(1);
    expect(linesWithIds[0]).toMatch(/^audit row\s/);
    const exportBase = join(demoDir, "bufdir-likepersonsforeningen-oslo-2026-H1");
    expect(out).toContain(`${exportBase}.json, .csv`);
    expect(existsSync(`${exportBase}.json`) && existsSync(`${exportBase}.csv`)).toBe(true);

    const reportPath = join(demoDir, "report-likepersonsforeningen-oslo-2026-H1.html");
    expect(out).toContain(`\n${reportPath}\n`);
    expect(readFileSync(reportPath, "utf8")).toContain("Likepersonsforeningen Oslo");
    expect(existsSync(join(demoDir, "summaries.sqlite"))).toBe(true);
    expect(out).toContain(`summaries show --mirror ${join(demoDir, "summaries.sqlite")}`);
  });

  it("refuses to empty a --dir it did not create, and leaves its files", async () => {
    const foreign = join(dir, "notes");
    mkdirSync(foreign);
    writeFileSync(join(foreign, "todo.txt"), "buy milk\n");
    const result = await runBufdir(["demo", "--dir", foreign], withEnv(process.env, { DATABASE_URL: undefined }));
    expectOneLineFailure(result, 1, /refusing to empty .*notes: it was not created by the demo/);
    expect(readFileSync(join(foreign, "todo.txt"), "utf8")).toBe("buy milk\n");
  });
});
