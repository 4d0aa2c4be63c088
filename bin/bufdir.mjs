#!/usr/bin/env node
// The `bufdir` command as `npx bufdir` and a linked bin (`npm link`) run it, from
// any folder: tsx is loaded from beside this file, not from the caller's folder,
// and nothing but the command's own output reaches stdout.
import { register } from "tsx/esm/api";

register();
await import("../scripts/bufdir.ts");
