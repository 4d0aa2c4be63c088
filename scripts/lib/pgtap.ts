/** Runs the pgTAP suite with pg_prove, one file at a time. */
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { pgtapTestsDir, projectRoot } from "./paths.ts";
import { runCommand } from "./run-command.ts";
import { libpqEnvironment } from "./database-target.ts";

/** Every db/tests/**\/*.test.sql, in a stable order. */
export function listPgtapFiles(dir: string = pgtapTestsDir): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listPgtapFiles(path));
    else if (entry.name.endsWith(".test.sql")) files.push(path);
  }
  return files.sort();
}

/**
 * pg_prove over the files; returns its exit code. Files run one after another
 * (pg_prove's default), as the embedded engine's single backend requires.
 */
export async function runPgtap(url: string, files: readonly string[] = listPgtapFiles()): Promise<number> {
  const args = ["--verbose", "--failures", ...files.map((file) => relative(projectRoot, file))];
  const result = await runCommand("pg_prove", args, { cwd: projectRoot, env: { ...process.env, ...libpqEnvironment(url) } });
  return result.exitCode;
}
