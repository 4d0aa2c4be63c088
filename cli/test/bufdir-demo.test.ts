/**
 * `bufdir demo` (what `make demo` runs) end to end as a process, in a folder of
 * the test's own so a developer's .data/demo is never touched. DATABASE_URL
 * points at a closed port: the demo must stay on its embedded database whatever
 * the environment says.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EMBEDDED_MARKER_FILE } from "../../scripts/lib/embedded-server.ts";
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
    // Activity-days are counting activities, per mentor and day: not the calendar days of the half-year (181).
    const days = Number(/^activity-days \(Bufdir\)\s+(\d+): activities that count, one activity-day each, per mentor and day .*, so not calendar days$/m.exec(out)?.[1]);
    expect(days).toBeGreaterThan(181);
    // "Not counted" names every reason, not only the kinds Bufdir does not count.
    const activities = /^activities\s+(\d+) in the figures: (\d+) of them not counted \(a kind Bufdir does not count such as phone, under a participant or minute threshold, abroad, or a same-day repeat without new participants\); (\d+) proxy copies merged into their originals$/m.exec(out);
    expect(activities).not.toBeNull();
    expect(Number(activities![1]) - Number(activities![2])).toBe(days);
    const leftOut = /^left out\s+(\d+): entries in no figure, (\d+) with no approved mentor active that day and (\d+) held for review$/m.exec(out);
    expect(Number(leftOut![1])).toBe(Number(leftOut![2]) + Number(leftOut![3]));
    const records = Number(/^records at generation\s+(\d+): activity rows in the period when the snapshot was computed \(the activities above, the merged proxy copies and the entries left out\)$/m.exec(out)?.[1]);
    expect(records).toBe(Number(activities![1]) + Number(activities![3]) + Number(leftOut![1]));
    // The mentor who registers is approved: the new group meeting counts.
    expect(out).toContain("── 5. mentor1@org1.example registers a new activity");
    expect(out).toMatch(new RegExp(`^activity-days exported\\s+${days + 1}: one more than computed above, the mentor's new group meeting$`, "m"));
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
    expectOneLineFailure(result, 2, /refusing to use .*notes: it holds "todo\.txt", which the demo did not write; nothing was removed/);
    expect(readFileSync(join(foreign, "todo.txt"), "utf8")).toBe("buy milk\n");
  });

  it("refuses a folder holding the default embedded database (--dir .data), and removes nothing", async () => {
    // As `.data` looks after `make demo` and a first command: the embedded database of ours, and the demo's folder.
    const data = join(dir, "data");
    mkdirSync(join(data, "pglite"), { recursive: true });
    writeFileSync(join(data, "pglite", EMBEDDED_MARKER_FILE), "");
    writeFileSync(join(data, "pglite", "PG_VERSION"), "17\n");
    mkdirSync(join(data, "demo"));
    const result = await runBufdir(["demo", "--dir", data], withEnv(process.env, { DATABASE_URL: undefined }));
    expectOneLineFailure(result, 2, /refusing to use .*data: it holds "demo", which the demo did not write; nothing was removed/);
    expect(readdirSync(data).sort()).toEqual(["demo", "pglite"]);
    expect(readFileSync(join(data, "pglite", "PG_VERSION"), "utf8")).toBe("17\n");
  });

  it("in a folder of an earlier demo, a file it did not write stops it before anything is removed", async () => {
    const demoDir = join(dir, "demo");
    writeFileSync(join(demoDir, "my-notes.txt"), "keep\n");
    const result = await runBufdir(["demo", "--dir", demoDir], withEnv(process.env, { DATABASE_URL: undefined }));
    expectOneLineFailure(result, 2, /it holds "my-notes\.txt", which the demo did not write/);
    expect(existsSync(join(demoDir, "pglite"))).toBe(true);
    expect(readFileSync(join(demoDir, "my-notes.txt"), "utf8")).toBe("keep\n");
  });
});
