/**
 * `make demo`: brings the embedded database up under .data/pglite, migrates it,
 * and prints what it holds. The server stops when the demo ends.
 */
import pg from "pg";
import { startEmbeddedServer } from "./lib/embedded-server.ts";
import { dbmate, prepareDatabase } from "./lib/migrations.ts";
import { embeddedDataDir } from "./lib/paths.ts";

const started = performance.now();
const server = await startEmbeddedServer({ dataDir: embeddedDataDir });
try {
  console.log(`embedded PostgreSQL up in ${((performance.now() - started) / 1000).toFixed(1)} s (data in ${embeddedDataDir})`);
  await prepareDatabase(server.url);
  console.log("\nmigrations:");
  process.stdout.write(await dbmate(server.url, "status", true));

  const client = new pg.Client(server.url);
  await client.connect();
  try {
    const version = await client.query<{ version: string }>("select version()");
    console.log(`\nserver: ${version.rows[0]?.version.split(" on ")[0]}`);
    const schemas = await client.query<{ schema: string; tables: number; functions: number; comment: string | null }>(`
      select n.nspname as schema,
             (select count(*)::int from pg_catalog.pg_class c where c.relnamespace = n.oid and c.relkind in ('r', 'p')) as tables,
             (select count(*)::int from pg_catalog.pg_proc p where p.pronamespace = n.oid) as functions,
             obj_description(n.oid, 'pg_namespace') as comment
      from pg_catalog.pg_namespace n
      where n.nspname in ('public', 'private', 'auth', 'extensions', 'dbmate')
      order by n.nspname`);
    console.log("\nschemas:");
    console.table(schemas.rows);
    const tables = await client.query<{ table: string; rls: boolean }>(`
      select format('%I.%I', n.nspname, c.relname) as table, c.relrowsecurity as rls
      from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and n.nspname in ('public', 'private', 'auth')
      order by 1`);
    console.log("tables:");
    console.table(tables.rows);
  } finally {
    await client.end();
  }
} finally {
  await server.stop();
}
console.log("embedded server stopped.");
