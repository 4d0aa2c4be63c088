/**
 * `make gen`: writes client/src/generated/database.types.ts, the Supabase
 * `Database` type that `createClient<Database>()` consumes, from a freshly
 * migrated database with @supabase/postgres-meta's generator (what
 * `supabase gen types typescript` runs, without Docker).
 *
 * Usage: tsx scripts/gen-types.ts [--check]
 *   --check  regenerate and fail when the committed file differs.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { resolveDatabaseTarget } from "./lib/database-target.ts";
import { prepareDatabase } from "./lib/migrations.ts";
import { projectRoot } from "./lib/paths.ts";
import { runCommand } from "./lib/run-command.ts";
import { createScratchDatabase } from "./lib/scratch-database.ts";

export const generatedTypesPath = resolve(projectRoot, "client/src/generated/database.types.ts");

const HEADER = `// generated — do not edit. Run \`make gen\` to regenerate from db/migrations.
// Produced by @supabase/postgres-meta's TypeScript generator over a freshly migrated database.

`;

async function generate(url: string): Promise<string> {
  const generator = resolve(projectRoot, "node_modules/@supabase/postgres-meta/dist/server/server.js");
  const env = {
    ...process.env,
    PG_META_DB_URL: url,
    PG_META_GENERATE_TYPES: "typescript",
    PG_META_GENERATE_TYPES_INCLUDED_SCHEMAS: "public",
    PG_META_GENERATE_TYPES_DETECT_ONE_TO_ONE_RELATIONSHIPS: "true",
  };
  const result = await runCommand(process.execPath, [generator], { env, captureStdout: true });
  if (result.exitCode !== 0 || !result.stdout.includes("export type Database")) {
    throw new Error(`the type generator failed (exit ${result.exitCode})`);
  }
  return HEADER + result.stdout.trimEnd() + "\n";
}

const check = process.argv.includes("--check");
const scratch = await createScratchDatabase(resolveDatabaseTarget());
let exitCode = 0;
try {
  await prepareDatabase(scratch.url);
  const fresh = await generate(scratch.url);
  const committed = existsSync(generatedTypesPath) ? readFileSync(generatedTypesPath, "utf8") : "";
  if (check) {
    if (fresh !== committed) {
      console.error(`${generatedTypesPath} is out of date with db/migrations: run \`make gen\` and commit the result.`);
      exitCode = 1;
    } else {
      console.log("generated types match the migrations");
    }
  } else {
    writeFileSync(generatedTypesPath, fresh);
    console.log(`wrote ${generatedTypesPath}`);
  }
} finally {
  await scratch.dispose();
}
process.exit(exitCode);
