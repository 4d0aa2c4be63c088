/**
 * `make gen`: writes, from a freshly migrated database,
 * - client/src/generated/database.types.ts, the Supabase `Database` type that
 *   `createClient<Database>()` consumes, with @supabase/postgres-meta's generator
 *   (what `supabase gen types typescript` runs, without Docker);
 * - client/src/generated/rpc-catalog.ts, one entry per RPC the API roles may call
 *   with how PostgREST shapes its result, read from pg_proc. Together they type
 *   the client's `rpc()`: names, arguments and results (client/src/rpc/);
 * - client/src/generated/figure-shape.ts, the figures' shape as the database
 *   defines it (private.figure_shape(), which its allow-list reads), from which
 *   the client's schema, the report and the CLI derive (client/src/metrics/).
 *
 * Usage: tsx scripts/gen-types.ts [--check]
 *   --check  regenerate and fail when the committed file differs.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import pg from "pg";
import { resolveDatabaseTarget } from "./lib/database-target.ts";
import { prepareDatabase } from "./lib/migrations.ts";
import { projectRoot } from "./lib/paths.ts";
import { runCommand } from "./lib/run-command.ts";
import { createScratchDatabase } from "./lib/scratch-database.ts";

export const generatedTypesPath = resolve(projectRoot, "client/src/generated/database.types.ts");
export const rpcCatalogPath = resolve(projectRoot, "client/src/generated/rpc-catalog.ts");
export const figureShapePath = resolve(projectRoot, "client/src/generated/figure-shape.ts");

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

/**
 * The RPCs: functions in public that an API role may execute (the access-token
 * hook, executable only by Supabase Auth, is not one), and the shape PostgREST
 * gives each result: a set → many, a table or composite type → one, void → void,
 * anything else → scalar.
 */
async function generateRpcCatalog(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; returns: string; array_args: string[] }>(`
      select p.proname as name,
             array(select a.name
                   from rows from (pg_catalog.unnest(coalesce(p.proallargtypes, p.proargtypes::pg_catalog.oid[])),
                                   pg_catalog.unnest(p.proargnames)) with ordinality as a(type, name, position)
                   join pg_catalog.pg_type at on at.oid = a.type
                   where at.typcategory = 'A' and coalesce(p.proargmodes[a.position], 'i') in ('i', 'b')
                   order by a.position) as array_args,
             case when p.proretset then 'many'
                  when p.prorettype = 'pg_catalog.void'::pg_catalog.regtype then 'void'
                  when t.typtype = 'c' then 'one'
                  else 'scalar' end as returns
      from pg_catalog.pg_proc p
      join pg_catalog.pg_namespace n on n.oid = p.pronamespace
      join pg_catalog.pg_type t on t.oid = p.prorettype
      where n.nspname = 'public' and p.prokind = 'f'
        and (pg_catalog.has_function_privilege('anon', p.oid, 'execute')
             or pg_catalog.has_function_privilege('authenticated', p.oid, 'execute')
             or pg_catalog.has_function_privilege('service_role', p.oid, 'execute'))
      order by p.proname collate "C"`);
    const entries = rows
      .map((row) => `  ${row.name}: { returns: "${row.returns}", arrayArgs: [${row.array_args.map((name) => `"${name}"`).join(", ")}] },`)
      .join("\n");
    return `${HEADER.replace("Produced by @supabase/postgres-meta's TypeScript generator over a freshly migrated database.", "Produced by scripts/gen-types.ts from pg_proc: the RPCs the API roles may execute.")}import type { Database } from "./database.types.ts";

/**
 * Every RPC the API roles may call: how PostgREST shapes its result (\`one\`: a
 * table or composite type, \`many\`: a set, \`scalar\`, \`void\`) and which
 * arguments are PostgreSQL arrays (sent as arrays, not JSON, by the direct
 * transport). The argument and result types are Database["public"]["Functions"][name].
 *
 * @example
 * RPC_CATALOG.get_metric_snapshot.returns // "many"
 */
export const RPC_CATALOG = {
${entries}
} as const satisfies {
  readonly [name in keyof Database["public"]["Functions"]]?: {
    readonly returns: "one" | "many" | "scalar" | "void";
    readonly arrayArgs: readonly (keyof Database["public"]["Functions"][name]["Args"])[];
  };
};
`;
  } finally {
    await client.end();
  }
}

/** The figures' shape, read from the one function that defines it. */
async function generateFigureShape(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ shape: unknown }>("select private.figure_shape() as shape");
    const literal = JSON.stringify(rows[0]!.shape, null, 2);
    return `${HEADER.replace("Produced by @supabase/postgres-meta's TypeScript generator over a freshly migrated database.", "Produced by scripts/gen-types.ts from private.figure_shape(), which the database's allow-list reads.")}/**
 * The figures' shape as the database defines it: the totals in their documented
 * order, the one flag among them, the breakdowns with the domain of their keys,
 * and each domain's key pattern. client/src/metrics/figure-shape.ts derives the
 * client's definitions from it.
 *
 * @example
 * GENERATED_FIGURE_SHAPE.totals[0] // "activity_days"
 */
export const GENERATED_FIGURE_SHAPE = ${literal} as const;
`;
  } finally {
    await client.end();
  }
}

const check = process.argv.includes("--check");
const scratch = await createScratchDatabase(resolveDatabaseTarget());
let exitCode = 0;
try {
  await prepareDatabase(scratch.url);
  const outputs: [string, string][] = [
    [generatedTypesPath, await generate(scratch.url)],
    [rpcCatalogPath, await generateRpcCatalog(scratch.url)],
    [figureShapePath, await generateFigureShape(scratch.url)],
  ];
  for (const [path, fresh] of outputs) {
    const committed = existsSync(path) ? readFileSync(path, "utf8") : "";
    if (check) {
      if (fresh !== committed) {
        console.error(`${path} is out of date with db/migrations: run \`make gen\` and commit the result.`);
        exitCode = 1;
      } else {
        console.log(`${path} matches the migrations`);
      }
    } else {
      writeFileSync(path, fresh);
      console.log(`wrote ${path}`);
    }
  }
} finally {
  await scratch.dispose();
}
process.exit(exitCode);
