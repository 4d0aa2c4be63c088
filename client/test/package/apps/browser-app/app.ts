// A browser app over the installed package root: sql.js finds its WASM through
// the bundler (esbuild's file loader gives the URL), the mirror syncs one page of
// summaries through supabase-js, and a summary is read from the mirror.
import { createClient } from "@supabase/supabase-js";
import { createSupabaseTransport, openMirror, openSqlJsDriver, SummaryCacheRepository } from "@bufdir-reporting/client";
import initSqlJs from "sql.js";
import wasmUrl from "sql.js/dist/sql-wasm-browser.wasm";

async function syncAndRead(anonKey: string, accessToken: string, organisationId: string): Promise<unknown> {
  const sqlJs = await initSqlJs({ locateFile: () => wasmUrl });
  const driver = await openSqlJsDriver({ sqlJs });
  await openMirror(driver);
  const supabase = createClient(location.origin, anonKey, { accessToken: async () => accessToken });
  const repository = new SummaryCacheRepository({ driver, transport: createSupabaseTransport(supabase), organisationId });
  const synced = await repository.sync();
  if (synced.isErr()) return { failure: synced.error.message };
  const summary = await repository.getSummary({ mentorId: null, periodType: "half_year", periodStart: "2026-01-01" });
  return summary.match((value) => ({ synced: synced.value, summary: value }), (failure) => ({ failure: failure.message }));
}

Object.assign(globalThis, { syncAndRead });
