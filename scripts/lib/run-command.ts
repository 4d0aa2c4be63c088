/** Runs a child process with inherited output and reports how it ended. */
import { type ChildProcess, spawn } from "node:child_process";

/** Children still running, so a script that is interrupted can stop them before it exits. */
const runningChildren = new Set<ChildProcess>();

/**
 * Sends a signal to every child started by runCommand that is still running and
 * waits until they have ended; one still running after `graceMs` is killed.
 */
export async function stopRunningChildren(signal: NodeJS.Signals, graceMs = 5_000): Promise<void> {
  await Promise.all(
    [...runningChildren].map(
      (child) =>
        new Promise<void>((ended) => {
          if (child.exitCode !== null || child.signalCode !== null) return ended();
          const force = setTimeout(() => child.kill("SIGKILL"), graceMs);
          child.once("exit", () => {
            clearTimeout(force);
            ended();
          });
          child.kill(signal);
        }),
    ),
  );
}

/**
 * On SIGINT, SIGTERM or SIGHUP: stop the running children, run `cleanUp`, and exit
 * with 128 + the signal's number, as a shell would report it.
 */
export function cleanUpOnSignals(cleanUp: () => Promise<void>, signals: readonly ("SIGINT" | "SIGTERM" | "SIGHUP")[] = ["SIGINT", "SIGTERM", "SIGHUP"]): void {
  const numbers: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
  for (const signal of signals) {
    process.once(signal, () => {
      void stopRunningChildren(signal)
        .then(cleanUp)
        .catch((error: unknown) => console.error(error instanceof Error ? error.message : error))
        .finally(() => process.exit(128 + (numbers[signal] ?? 1)));
    });
  }
}

export interface CommandOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Capture stdout instead of inheriting it. */
  captureStdout?: boolean;
  /** Capture stderr instead of inheriting it (a tool's messages, to be cleaned before they are shown). */
  captureStderr?: boolean;
  /** Pass this process's stdin to the child (an interactive program); by default it gets none. */
  inheritStdin?: boolean;
}

export interface CommandResult {
  readonly exitCode: number;
  readonly stdout: string;
  /** What the child wrote to stderr, when captured. */
  readonly stderr: string;
}

/**
 * Spawns `command` without a shell and waits for it.
 * A signal that ends the child counts as exit code 128 + signal number, as in a shell.
 */
export function runCommand(command: string, args: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: [options.inheritStdin ? "inherit" : "ignore", options.captureStdout ? "pipe" : "inherit", options.captureStderr ? "pipe" : "inherit"],
    });
    runningChildren.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      runningChildren.delete(child);
      const signalNumber = signal === null ? 0 : (({ SIGINT: 2, SIGKILL: 9, SIGTERM: 15 }) as Record<string, number>)[signal] ?? 1;
      resolve({ exitCode: code ?? 128 + signalNumber, stdout, stderr });
    });
  });
}

/** Like runCommand, but a non-zero exit becomes an error naming the command. */
export async function runCommandOrThrow(command: string, args: readonly string[], options: CommandOptions = {}): Promise<string> {
  const result = await runCommand(command, args, options);
  if (result.exitCode !== 0) {
    throw new Error(`${command} ${args.join(" ")} exited with code ${result.exitCode}`);
  }
  return result.stdout;
}
