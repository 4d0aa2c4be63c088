#!/usr/bin/env node
// The `bufdir` command as npm links it (`npx bufdir`, `npm link`): the compiled
// CLI in ../dist, built by `npm run build -w cli` (`make install` does it).
import { existsSync } from "node:fs";

const entry = new URL("../dist/bufdir.js", import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write("bufdir: the CLI is not built yet; run `make install` (or `npm run build -w cli`) first\n");
  process.exit(70);
}
await import(entry.href);
