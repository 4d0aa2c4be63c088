/**
 * An md5 over every row of every seeded table, the same on every engine for the
 * same rows: rows are printed as text with the session's output settings pinned,
 * and ordered byte-wise rather than by the server's collation.
 */
import type pg from "pg";
import { SEEDED_TABLES, type SeededTable } from "../../../src/seed/index.ts";

/**
 * The fingerprint of each seeded table.
 *
 * @example
 * expect(await tableFingerprints(first)).toEqual(await tableFingerprints(second));
 */
export async function tableFingerprints(client: pg.ClientBase): Promise<Record<SeededTable, string>> {
  await client.query("begin");
  try {
    await client.query("set local timezone = 'UTC'");
    await client.query("set local datestyle = 'ISO, YMD'");
    const selects = SEEDED_TABLES.map(
      (table) =>
        `select '${table}' as name, md5(coalesce(string_agg(t::text, E'\\n' order by t::text collate "C"), '')) as md5 from ${table} t`,
    );
    const result = await client.query<{ name: SeededTable; md5: string }>(selects.join(" union all "));
    await client.query("commit");
    return Object.fromEntries(result.rows.map((row) => [row.name, row.md5])) as Record<SeededTable, string>;
  } catch (error) {
    await client.query("rollback");
    throw error;
  }
}
