import { resolve } from "node:path";
import { spawn } from "node:child_process";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { binDir, projectRoot } from "../lib/paths.ts";
import { runCommand } from "../lib/run-command.ts";
import { testTarget } from "./support/test-target.ts";

const target = testTarget();
const tsx = resolve(binDir, "tsx");
const script = resolve(projectRoot, "scripts/with-database.ts");
/** The environment that selects the run's engine for a child script. */
const engineEnv = (): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  if (target.engine === "postgres") env.DATABASE_URL = target.url;
  return env;
};

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const printUrlAndQuery = `
  const pg = require("pg");
  const client = new pg.Client(process.env.DATABASE_URL);
  client.connect()
    .then(() => client.query("select count(*)::int as n from dbmate.schema_migrations"))
    .then((r) => { console.log(JSON.stringify({ url: process.env.DATABASE_URL, migrations: r.rows[0].n })); return client.end(); })
    .then(() => process.exit(Number(process.env.CHILD_EXIT ?? 0)));
`;

describe("with-database", () => {
  it("hands the command a migrated database and removes it when the command ends", async () => {
    const run = await runCommand(tsx, [script, "--scratch", "--", process.execPath, "-e", printUrlAndQuery], {
      env: engineEnv(),
      cwd: projectRoot,
      captureStdout: true,
    });
    expect(run.exitCode).toBe(0);
    const seen = JSON.parse(run.stdout.trim().split("\n").at(-1)!) as { url: string; migrations: number };
    expect(seen.migrations).toBeGreaterThan(0);
    expect(await reachable(seen.url)).toBe(false);
  });

  it("passes the command's exit code on, and still cleans up", async () => {
    const run = await runCommand(tsx, [script, "--scratch", "--", process.execPath, "-e", printUrlAndQuery], {
      env: { ...engineEnv(), CHILD_EXIT: "7" },
      cwd: projectRoot,
      captureStdout: true,
    });
    expect(run.exitCode).toBe(7);
    const seen = JSON.parse(run.stdout.trim().split("\n").at(-1)!) as { url: string };
    expect(await reachable(seen.url)).toBe(false);
  });

  it("cleans up when it is terminated while the command runs", async () => {
    const child = spawn(
      tsx,
      [script, "--scratch", "--", process.execPath, "-e", `console.log(process.pid + " " + process.env.DATABASE_URL); setInterval(() => {}, 1000)`],
      { env: engineEnv(), cwd: projectRoot, stdio: ["ignore", "pipe", "inherit"] },
    );
    const [pid, url] = await new Promise<[number, string]>((resolveStarted, reject) => {
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        const match = /^(\d+) (postgres\S+)$/m.exec(chunk);
        if (match !== null) resolveStarted([Number(match[1]), match[2]!]);
      });
      child.on("exit", () => reject(new Error("with-database ended before the command started")));
    });
    expect(await reachable(url)).toBe(true);
    const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
    child.kill("SIGTERM");
    expect(await exited).not.toBe(0);
    expect(await reachable(url)).toBe(false);
    const commandStillRuns = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    expect(commandStillRuns()).toBe(false);
  });
});
