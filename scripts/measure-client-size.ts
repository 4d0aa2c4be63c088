/**
 * What the client costs a browser app: the minimal app
 * (client/test/package/apps/browser-app/minimal-app.ts) bundled by esbuild for the
 * browser, minified, supabase-js left out (the app has it anyway), gzipped at level 9;
 * with the share of each package. With `--check`, exits 1 above the budget.
 *
 * Usage: tsx scripts/measure-client-size.ts [--check]
 */
import { gzipSync } from "node:zlib";
import { resolve } from "node:path";
import { build } from "esbuild";
import { projectRoot } from "./lib/paths.ts";

/** The budget the issue sets: app code plus client, minified and gzipped. */
const BUDGET_BYTES = 35 * 1024;

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
const gzipped = gzipSync(code, { level: 9 }).length;

const byPackage = new Map<string, number>();
for (const output of Object.values(result.metafile.outputs)) {
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const name = input.includes("node_modules/") ? input.split("node_modules/")[1]!.split("/")[0]! : "app and client";
    byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
console.log(`minimal browser app without supabase-js: ${kb(code.length)} minified, ${kb(gzipped)} gzipped (budget ${kb(BUDGET_BYTES)})`);
for (const [name, bytes] of [...byPackage].sort((a, b) => b[1] - a[1])) console.log(`  ${name.padEnd(16)} ${kb(bytes)} minified`);

if (process.argv.includes("--check") && gzipped > BUDGET_BYTES) {
  console.error(`over budget by ${kb(gzipped - BUDGET_BYTES)}`);
  process.exit(1);
}
