// Compiles the CLI ahead of time: src/bufdir.ts and everything it imports,
// @bufdir-reporting/client through its package exports (client/dist) included,
// into ES modules in dist/: the entry, and one chunk per command group (loaded
// when the command line names it; src/command-groups.ts), so that a command loads
// a few files instead of some hundreds of modules (`bufdir --help` well under
// 300 ms). What cannot live in a bundle stays an import, resolved from
// node_modules at run time.
import { rmSync } from "node:fs";
import { build } from "esbuild";

const notBundled = [
  "@electric-sql/pglite", // finds its WASM and data files beside its own modules
  "@electric-sql/pglite-socket",
  "@electric-sql/pglite-pgtap",
  "better-sqlite3", // a native addon
  "pg-native", // pg's optional native binding, never installed here
  "playwright-core", // drives Chromium for the PDF; large, and loaded only by `report`
];

rmSync(new URL("./dist", import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: [new URL("./src/bufdir.ts", import.meta.url).pathname],
  outdir: new URL("./dist", import.meta.url).pathname,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  external: notBundled,
  sourcemap: true,
  // CommonJS dependencies (pg, commander) call require() for Node's own modules.
  banner: { js: 'import { createRequire as __bufdirCreateRequire } from "node:module"; const require = __bufdirCreateRequire(import.meta.url);' },
  logLevel: "warning",
});
