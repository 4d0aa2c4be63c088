/**
 * The client as an app team gets it: `npm pack` of client/ (its prepack script
 * builds dist/ from the current source first, so the checks never see a stale
 * build) installed with npm into apps in a temporary directory outside the
 * workspace, where nothing of the repository can be reached by accident.
 * npm reuses its cache (`--prefer-offline`): the registry is asked only for what
 * the cache lacks.
 */
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const clientDir = resolve(import.meta.dirname, "../../..");
export const projectRoot = resolve(clientDir, "..");
export const binOf = (name: string): string => resolve(projectRoot, "node_modules/.bin", name);
const appSources = resolve(import.meta.dirname, "../apps");

export interface Run {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to its end and reports how it ended; never throws for a non-zero exit. */
export function run(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<Run> {
  return new Promise((done) => {
    execFile(
      command,
      args,
      { cwd: options.cwd, env: options.env ?? process.env, timeout: options.timeoutMs ?? 180_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const exitCode = error === null ? 0 : typeof error.code === "number" ? error.code : 1;
        done({ exitCode, stdout, stderr: error !== null && typeof error.code !== "number" ? `${stderr}\n${error.message}` : stderr });
      },
    );
  });
}

async function runOrThrow(command: string, args: readonly string[], cwd: string): Promise<Run> {
  const result = await run(command, args, { cwd });
  if (result.exitCode !== 0) throw new Error(`${command} ${args.join(" ")} failed (${result.exitCode}) in ${cwd}:\n${result.stdout}\n${result.stderr}`);
  return result;
}

export interface ScratchApps {
  /** The packed client, as `npm pack` wrote it. */
  readonly tarball: string;
  /** A Node app with the client and `pg` (its optional peer for the direct transport) installed. */
  readonly nodeApp: string;
  /** A browser app with only the client installed. */
  readonly browserApp: string;
  dispose(): void;
}

/** The version of a package the client's own package.json pins (dev or peer). */
export function pinnedVersion(name: string): string {
  const manifest = JSON.parse(readFileSync(resolve(clientDir, "package.json"), "utf8")) as Record<string, Record<string, string> | undefined>;
  const version = manifest["devDependencies"]?.[name] ?? manifest["dependencies"]?.[name];
  if (version === undefined) throw new Error(`client/package.json pins no ${name}`);
  return version;
}

async function createApp(root: string, name: string, sources: readonly string[], install: readonly string[]): Promise<string> {
  const dir = join(root, name);
  for (const source of sources) cpSync(resolve(appSources, source), dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name, version: "1.0.0", private: true, type: "module" }, null, 2)}\n`);
  await runOrThrow("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", ...install], dir);
  return dir;
}

/** Packs the client and installs it into fresh apps under the system's temporary directory. */
export async function createScratchApps(): Promise<ScratchApps> {
  const root = mkdtempSync(join(tmpdir(), "bufdir-client-package-"));
  try {
    await runOrThrow("npm", ["pack", "--loglevel=error", "--pack-destination", root], clientDir);
    const packed = readdirSync(root).filter((file) => file.endsWith(".tgz"));
    if (packed.length !== 1) throw new Error(`npm pack wrote ${packed.length} tarballs`);
    const tarball = join(root, packed[0]!);
    const nodeApp = await createApp(root, "node-app", ["node-app", "typed-app"], [tarball, `pg@${pinnedVersion("pg")}`]);
    const browserApp = await createApp(root, "browser-app", ["browser-app"], [tarball]);
    return { tarball, nodeApp, browserApp, dispose: () => rmSync(root, { recursive: true, force: true }) };
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}

/** The compiler options an app team with the strictest settings uses, for one module resolution. */
export function strictTsconfig(moduleResolution: "nodenext" | "bundler", files: readonly string[]): string {
  return `${JSON.stringify(
    {
      compilerOptions: {
        target: "ES2022",
        lib: ["ES2023", "DOM"],
        module: moduleResolution === "nodenext" ? "nodenext" : "preserve",
        moduleResolution,
        strict: true,
        exactOptionalPropertyTypes: true,
        noUncheckedIndexedAccess: true,
        noPropertyAccessFromIndexSignature: true,
        skipLibCheck: false,
        noEmit: true,
        types: [],
      },
      files,
    },
    null,
    2,
  )}\n`;
}
