/**
 * Runs `bufdir` as a process against a database of its own, the way an operator
 * runs it. On the embedded engine the CLI starts its own server on a fresh
 * temporary data folder (BUFDIR_DATA_DIR, DATABASE_URL unset); on PostgreSQL it
 * gets a fresh scratch database in DATABASE_URL. The test reads the same
 * database directly to check what the CLI printed.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import pg from "pg";
import { expect } from "vitest";
import { startEmbeddedServer } from "../../../scripts/lib/embedded-server.ts";
import { projectRoot } from "../../../scripts/lib/paths.ts";
import { createScratchDatabase, type ScratchDatabase } from "../../../scripts/lib/scratch-database.ts";
import { testTarget } from "../../../scripts/test/support/test-target.ts";

/** The CLI package's bin, which runs the compiled CLI (cli/dist, built by `make install`). */
export const bufdirBin = resolve(projectRoot, "cli/bin/bufdir.js");
/** A CLI process that runs longer than this has hung: it is killed and the test fails. */
const PROCESS_LIMIT_MS = 120_000;

/** How one CLI process ended. */
export interface CliResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A CLI with a database of its own, for one test file. */
export interface CliHarness {
  readonly engine: "embedded" | "postgres";
  /** A temporary folder for the file's outputs (exports, reports, mirrors); removed by dispose. */
  readonly dir: string;
  /** The environment every CLI process gets. */
  readonly env: NodeJS.ProcessEnv;
  /** Runs `bufdir <args>`; `env` is laid over the harness's environment (undefined values unset a variable). */
  bufdir(args: readonly string[], env?: NodeJS.ProcessEnv): Promise<CliResult>;
  /** Runs `bufdir --json <args>`, requires exit code 0 and returns the parsed output. */
  bufdirJson<T>(args: readonly string[], env?: NodeJS.ProcessEnv): Promise<T>;
  /**
   * Works on the CLI's database as its owner. On the embedded engine this opens
   * the data folder, so it must not overlap a running CLI process.
   */
  withDatabase<T>(work: (client: pg.Client) => Promise<T>): Promise<T>;
  /** Drops the scratch database and removes the temporary folder. */
  dispose(): Promise<void>;
}

/** How `runBufdir` treats the process's output. */
export interface RunOptions {
  /** Close the reading end of stdout at once, as `bufdir ... | head` does once it has enough. */
  readonly closeStdout?: boolean;
  /** The working directory (default: the project root), for outputs whose default path is relative. */
  readonly cwd?: string;
}

/**
 * Runs `bufdir` once with exactly this environment.
 *
 * @example
 * const result = await runBufdir(["--help"], process.env);
 */
export function runBufdir(args: readonly string[], env: NodeJS.ProcessEnv, options: RunOptions = {}): Promise<CliResult> {
  return runProcess(process.execPath, [bufdirBin, ...args], env, options);
}

/** A CLI process still running, for tests that signal it. */
export interface RunningBufdir {
  readonly child: ChildProcess;
  /** Everything written to stdout so far. */
  stdout(): string;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** How it ended (killed, and the test failed, past the hang limit). */
  readonly ended: Promise<CliResult>;
}

/**
 * Starts `bufdir <args>` (cli/bin/bufdir.js, as `npx bufdir` runs it) with exactly
 * this environment and returns at once.
 *
 * @example
 * const running = startBufdir(["summaries", "generate", ...], cli.env);
 * running.child.kill("SIGINT");
 * const result = await running.ended;
 */
export function startBufdir(args: readonly string[], env: NodeJS.ProcessEnv): RunningBufdir {
  // As `npx bufdir` runs it: one process, so a signal reaches the CLI itself.
  const child = spawn(process.execPath, [bufdirBin, ...args], { cwd: projectRoot, env, stdio: ["ignore", "pipe", "pipe"] });
  return { child, ...collect(child, `bufdir ${args.join(" ")}`) };
}

/**
 * Runs any program (`npx`, a linked `bufdir`) the way runBufdir runs the CLI:
 * stdout and stderr collected, killed when it runs past the hang limit.
 *
 * @example
 * const result = await runProcess("npx", ["--offline", "bufdir", "--help"], process.env);
 */
export function runProcess(command: string, args: readonly string[], env: NodeJS.ProcessEnv, options: RunOptions = {}): Promise<CliResult> {
  const child = spawn(command, args, { cwd: options.cwd ?? projectRoot, env, stdio: ["ignore", "pipe", "pipe"] });
  if (options.closeStdout === true) child.stdout.destroy();
  return collect(child, `${command} ${args.join(" ")}`).ended;
}

/** Collects a child's output until it ends; kills it past the hang limit. */
function collect(child: ChildProcess, label: string): Omit<RunningBufdir, "child"> {
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const ended = new Promise<CliResult>((done, fail) => {
    const limit = setTimeout(() => child.kill("SIGKILL"), PROCESS_LIMIT_MS);
    child.on("error", (error) => {
      clearTimeout(limit);
      fail(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(limit);
      if (signal !== null) fail(new Error(`${label} was killed (${signal})\nstdout: ${stdout}\nstderr: ${stderr}`));
      else done({ exitCode: code ?? -1, stdout, stderr });
    });
  });
  return { stdout: () => stdout, stderr: () => stderr, ended };
}

/**
 * The environment with `overrides` laid over it; an undefined override removes the variable.
 *
 * @example
 * withEnv(process.env, { DATABASE_URL: undefined, BUFDIR_DATA_DIR: "/tmp/x" }) // the embedded engine on /tmp/x
 */
export function withEnv(base: NodeJS.ProcessEnv, overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...base };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/**
 * A postgres:// URL on a 127.0.0.1 port nobody listens on: any attempt to
 * connect through it fails at once.
 *
 * @example
 * await harness.bufdir(["summaries", "show", ...], { DATABASE_URL: await closedPortUrl() });
 */
export async function closedPortUrl(): Promise<string> {
  const port = await new Promise<number>((done, fail) => {
    const probe = createServer();
    probe.on("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (address !== null && typeof address === "object" ? done(address.port) : fail(new Error("no port"))));
    });
  });
  return `postgres://postgres@127.0.0.1:${port}/postgres?sslmode=disable`;
}

/**
 * Asserts an expected failure as the CLI promises it: this exit code, and one
 * line on stderr, `bufdir: ...`, matching `message`, with no stack trace.
 *
 * @example
 * expectOneLineFailure(result, 2, /invalid period "2026-H3"/);
 */
export function expectOneLineFailure(result: CliResult, exitCode: number, message: RegExp): void {
  expect(result.exitCode, `stderr: ${result.stderr}`).toBe(exitCode);
  const lines = result.stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^bufdir: /);
  expect(lines[0]).toMatch(message);
  expect(result.stderr).not.toMatch(/^\s+at /m);
}

/** A failure as `--json` prints it: one JSON object on one line of stderr. */
export interface JsonFailure {
  readonly code: string;
  readonly reason: string;
  readonly message: string;
  readonly exitCode: number;
}

/**
 * Asserts a failure under --json: this exit code, nothing on stdout, and stderr
 * one line holding one JSON object whose `reason` is `reason`. Returns it.
 *
 * @example
 * const failure = expectJsonFailure(result, 2, "usage");
 */
export function expectJsonFailure(result: CliResult, exitCode: number, reason: string): JsonFailure {
  expect(result.exitCode, `stderr: ${result.stderr}`).toBe(exitCode);
  expect(result.stdout).toBe("");
  const lines = result.stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  const failure = JSON.parse(lines[0]!) as JsonFailure;
  expect(Object.keys(failure).sort()).toEqual(["code", "exitCode", "message", "reason"]);
  expect(failure.reason).toBe(reason);
  expect(failure.exitCode).toBe(exitCode);
  return failure;
}

/**
 * A harness for one test file on the run's engine.
 *
 * @example
 * const cli = await createCliHarness();
 * try { await cli.bufdirJson(["db", "migrate"]); } finally { await cli.dispose(); }
 */
export async function createCliHarness(): Promise<CliHarness> {
  const target = testTarget();
  const dir = mkdtempSync(join(tmpdir(), "bufdir-cli-"));
  const dataDir = join(dir, "pglite");
  let scratch: ScratchDatabase | undefined;
  try {
    if (target.engine === "postgres") scratch = await createScratchDatabase(target);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  // The data folder is set on PostgreSQL too, so nothing can ever touch a developer's .data/pglite.
  const env = withEnv(process.env, { DATABASE_URL: scratch?.url, BUFDIR_DATA_DIR: dataDir, BUFDIR_TEST_ENGINE: undefined });

  const bufdir = (args: readonly string[], overrides?: NodeJS.ProcessEnv) => runBufdir(args, withEnv(env, overrides));
  return {
    engine: target.engine,
    dir,
    env,
    bufdir,
    async bufdirJson<T>(args: readonly string[], overrides?: NodeJS.ProcessEnv): Promise<T> {
      const result = await bufdir(["--json", ...args], overrides);
      if (result.exitCode !== 0) throw new Error(`bufdir --json ${args.join(" ")} exited with ${result.exitCode}: ${result.stderr}`);
      return JSON.parse(result.stdout) as T;
    },
    async withDatabase<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
      const server = scratch === undefined ? await startEmbeddedServer({ dataDir }) : undefined;
      const client = new pg.Client({ connectionString: server?.url ?? scratch!.url });
      try {
        await client.connect();
        return await work(client);
      } finally {
        await client.end().catch(() => undefined);
        await server?.stop();
      }
    },
    async dispose(): Promise<void> {
      try {
        await scratch?.dispose();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
