/**
 * The page script of root-bundle.test.ts, bundled for the browser from the
 * package root only: it opens a mirror from SQLite bytes with sql.js and reads a
 * summary through SummaryCacheRepository, with a supabase-js transport whose
 * server does not exist (a read must not need it).
 */
import { createClient } from "@supabase/supabase-js";
import initSqlJs from "sql.js";
import { createSupabaseTransport, openMirror, openSqlJsDriver, SummaryCacheRepository } from "../../../src/index.ts";

async function readOfflineSummary(bytes: number[], organisationId: string, now: number): Promise<unknown> {
  const sqlJs = await initSqlJs({ locateFile: () => "/sql-wasm.wasm" });
  const driver = await openSqlJsDriver({ bytes: new Uint8Array(bytes), sqlJs });
  await openMirror(driver);
  const transport = createSupabaseTransport(createClient("http://127.0.0.1:9", "anon-key"));
  const repository = new SummaryCacheRepository({ driver, transport, organisationId, clock: () => now });
  const summary = await repository.getSummary({ mentorId: null, periodType: "half_year", periodStart: "2026-01-01" });
  return summary.match((value) => ({ summary: value }), (failure) => ({ failure }));
}

Object.assign(globalThis, { readOfflineSummary });
