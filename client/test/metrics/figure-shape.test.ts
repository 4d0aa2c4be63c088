/**
 * The one definition of the figures (client/src/metrics/figure-shape.ts) against
 * the database: what the aggregation returns has exactly its totals and
 * breakdowns, with keys from its domains; the allow-list accepts every key the
 * definition allows and refuses a total or breakdown it does not name; the zod
 * schema and the CLI's figure table, both derived from it, take every figure.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { figureRows } from "../../../cli/src/figures-table.ts";
import { actAsSql } from "../../src/context/act-as-sql.ts";
import { asServiceRole } from "../../src/context/request-context.ts";
import { BREAKDOWN_KEY_DOMAINS, BREAKDOWN_NAMES, FIGURE_BREAKDOWNS, FIGURE_TOTALS, isBreakdownKey } from "../../src/metrics/figure-shape.ts";
import { metricFiguresSchema } from "../../src/metrics/metric-figures.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { FIXTURE_SQL, ORG_A, ORG_B } from "./support/bufdir-fixture.ts";

let db: TestDatabase;
const computed: Record<string, unknown>[] = [];

/** Runs statements as the service role in one transaction that is rolled back; the outcome of the last. */
async function asServiceRoleRolledBack(statements: string[]): Promise<{ rows: Record<string, unknown>[] } | { code: string }> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query("begin");
    await client.query(actAsSql(asServiceRole()));
    let rows: Record<string, unknown>[] = [];
    for (const statement of statements) rows = (await client.query(statement)).rows;
    return { rows };
  } catch (error) {
    return { code: (error as { code?: string }).code ?? "?" };
  } finally {
    await client.query("rollback").catch(() => undefined);
    await client.end();
  }
}

beforeAll(async () => {
  db = await createTestDatabase(FIXTURE_SQL);
  for (const [org, start, end] of [[ORG_A, "2026-01-01", "2026-06-30"], [ORG_B, "2026-01-01", "2026-12-31"], [ORG_A, "2025-07-01", "2026-06-30"]]) {
    const outcome = await asServiceRoleRolledBack([`select public.compute_bufdir_metrics('${org}', '${start}', '${end}') as figures`]);
    if (!("rows" in outcome)) throw new Error(`compute failed: ${outcome.code}`);
    computed.push(outcome.rows[0]!.figures as Record<string, unknown>);
  }
});

afterAll(async () => {
  await db?.dispose();
});

const sorted = (keys: Iterable<string>) => [...keys].sort();

describe("the figures' one definition", () => {
  it("names exactly the totals and breakdowns the aggregation returns, with keys from its domains", () => {
    for (const figures of computed) {
      const { shape_version, rule_version, computed_in, period, totals, ...breakdowns } = figures;
      expect([shape_version, typeof rule_version, typeof computed_in, typeof period]).toEqual([2, "string", "string", "object"]);
      expect(sorted(Object.keys(totals as object))).toEqual(sorted(FIGURE_TOTALS));
      expect(sorted(Object.keys(breakdowns))).toEqual(sorted(BREAKDOWN_NAMES));
      for (const name of BREAKDOWN_NAMES) {
        for (const key of Object.keys(breakdowns[name] as object)) expect(isBreakdownKey(name, key), `${name}.${key}`).toBe(true);
      }
    }
    // The fixture reaches every registration path and several kinds, months and counties.
    expect(Object.keys(computed[0]!.activities_by_path as object).length).toBe(BREAKDOWN_KEY_DOMAINS.registration_path.length);
  });

  it("the zod schema and the CLI's figure table take every computed figure", () => {
    for (const figures of computed) {
      const parsed = metricFiguresSchema.parse(figures);
      const leaves = FIGURE_TOTALS.length + BREAKDOWN_NAMES.reduce((sum, name) => sum + Object.keys(parsed[name]).length, 0);
      expect(figureRows(parsed)).toHaveLength(leaves);
    }
  });

  it("the database's allow-list accepts every key the definition allows", async () => {
    const base = computed[0]!;
    const everyKey = Object.fromEntries(
      BREAKDOWN_NAMES.map((name) => {
        const domain = BREAKDOWN_KEY_DOMAINS[FIGURE_BREAKDOWNS[name]];
        const keys = domain instanceof RegExp ? (name === "activity_days_by_month" ? ["2026-01", "2026-06"] : ["03", "unknown"]) : [...domain];
        return [name, Object.fromEntries(keys.map((key) => [key, 1]))];
      }),
    );
    const outcome = await asServiceRoleRolledBack([
      `select (public.save_metric_snapshot('${ORG_A}', '2026-01-01', '2026-06-30', '${JSON.stringify({ ...base, ...everyKey })}')).id`,
    ]);
    expect(outcome).toHaveProperty("rows");
  });

  it("the allow-list refuses a month outside the figures' period (a check of the period, not of the key's form)", async () => {
    const figures = { ...computed[0]!, activity_days_by_month: { "2026-07": 1 } };
    const outcome = await asServiceRoleRolledBack([
      `select (public.save_metric_snapshot('${ORG_A}', '2026-01-01', '2026-06-30', '${JSON.stringify(figures)}')).id`,
    ]);
    expect(outcome).toEqual({ code: "BF001" });
  });

  it.each([
    ["a total the definition does not name", (f: Record<string, unknown>) => ({ ...f, totals: { ...(f.totals as object), extra_total: 1 } })],
    ["a missing total", (f: Record<string, unknown>) => ({ ...f, totals: { ...(f.totals as object), activity_days: undefined } })],
    ["a breakdown the definition does not name", (f: Record<string, unknown>) => ({ ...f, activity_days_by_weekday: {} })],
    ["a missing breakdown", (f: Record<string, unknown>) => ({ ...f, activity_days_by_county: undefined })],
    ["a kind outside the enum", (f: Record<string, unknown>) => ({ ...f, activities_by_kind: { chat: 1 } })],
    ["a path outside the enum", (f: Record<string, unknown>) => ({ ...f, activities_by_path: { email: 1 } })],
  ])("the allow-list refuses %s, and so does the zod schema", async (_, change) => {
    const figures = JSON.parse(JSON.stringify(change(computed[0]!))) as Record<string, unknown>;
    expect(metricFiguresSchema.safeParse(figures).success).toBe(false);
    const outcome = await asServiceRoleRolledBack([
      `select (public.save_metric_snapshot('${ORG_A}', '2026-01-01', '2026-06-30', '${JSON.stringify(figures)}')).id`,
    ]);
    expect(outcome).toEqual({ code: "BF001" });
  });
});
