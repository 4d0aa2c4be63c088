/**
 * What the client costs a browser app: the minimal app
 * (client/test/package/apps/browser-app/minimal-app.ts) bundled by esbuild for the
 * browser, minified, supabase-js left out (the app has it anyway), gzipped at level 9.
 */
import { gzipSync } from "node:zlib";
import { resolve } from "node:path";
import { build } from "esbuild";
import { projectRoot } from "./paths.ts";

/** The budget: the minimal app's own code plus the client, minified and gzipped. */
export const CLIENT_SIZE_BUDGET_BYTES = 35 * 1024;

export interface ClientSize {
  readonly minifiedBytes: number;
  readonly gzippedBytes: number;
  /** Minified bytes per package ("app and client" for the app and client/src). */
  readonly byPackage: ReadonlyMap<string, number>;
}

/**
 * Bundles the minimal browser app and measures it.
 *
 * @example
 * const size = await measureClientSize();
 * console.log(size.gzippedBytes <= CLIENT_SIZE_BUDGET_BYTES);
 */
export async function measureClientSize(): Promise<ClientSize> {
  const result = await build({
    entryPoints: [resolve(projectRoot, "client/test/package/apps/browser-app/minimal-app.ts")],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    write: false,
    metafile: true,
    logLevel: "silent",
    external: ["@supabase/supabase-js"],
    alias: { "@bufdir-reporting/client": resolve(projectRoot, "client/src/index.ts") },
  });
  const code = result.outputFiles[0]!.contents;
  const byPackage = new Map<string, number>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name = input.includes("node_modules/") ? input.split("node_modules/")[1]!.split("/")[0]! : "app and client";
      byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
    }
  }
  return { minifiedBytes: code.length, gzippedBytes: gzipSync(code, { level: 9 }).length, byPackage };
}
