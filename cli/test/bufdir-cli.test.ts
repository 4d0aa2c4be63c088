/**
 * The `bufdir` CLI as an operator runs it: one process per command, against a
 * database of the file's own (see support/cli-harness.ts). The tests run in
 * order and build on each other, as an operator's session does: migrate, seed,
 * compute, export, report, summaries, then the refusals. Every --json output is
 * checked against what the database itself holds.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CachedSummary, ExportPayload, MetricSnapshot, SnapshotStatus, SyncReport } from "@bufdir-reporting/client";
import { migrationsDir } from "../../scripts/lib/paths.ts";
import type { SeedSummary } from "../src/seed/index.ts";
import type { GeneratedSummary } from "../src/generated-summary.ts";
import { countPdfPages, findChromium } from "../src/print-report-pdf.ts";
import { columnTexts, expectNothingDerivable, monthTexts } from "../../client/test/report/support/reader-solver.ts";
import { testTarget } from "../../scripts/test/support/test-target.ts";
import { closedPortUrl, createCliHarness, expectOneLineFailure, runBufdir, type CliHarness } from "./support/cli-harness.ts";

const PERIOD = "2026-H1";
const [PERIOD_START, PERIOD_END] = ["2026-01-01", "2026-06-30"];
const COORDINATOR = "coordinator@org1.example";
// An approved mentor: a pending one (mentor3) reads none of the organisation's figures.
const MENTOR = "mentor1@org1.example";
const migrationNames = readdirSync(migrationsDir).filter((name) => name.endsWith(".sql")).sort();
const migrationCount = migrationNames.length;
/** A line of `db status`'s table: the first migration's file and its state. */
const firstMigrationLine = (state: string) => new RegExp(`^${migrationNames[0]!.replace(/\./g, "\\.")}\\s+${state}$`, "m");

interface DbDescription {
  engine: string;
  migrations: { applied: number; pending: number };
  tables: { table: string; rows: number }[];
}

let cli: CliHarness;
let seeded: SeedSummary;
/** The first seeded organisation, which the metrics and summaries tests work on. */
let org: { id: string; name: string };
let computed: MetricSnapshot;

const userId = (email: string) => seeded.users.find((user) => user.email === email)!.id;
const orgPeriod = () => ["--org", org.name, "--period", PERIOD];

async function queryOne<T>(sql: string, params: unknown[] = []): Promise<T | undefined> {
  return cli.withDatabase(async (client) => (await client.query<T & Record<string, unknown>>(sql, params)).rows[0]);
}

beforeAll(async () => {
  cli = await createCliHarness();
});

afterAll(async () => {
  await cli?.dispose();
});

describe("bufdir db", () => {
  it.runIf(testTarget().engine === "postgres")("refuses to work on a DATABASE_URL database that is not migrated", async () => {
    const refused = await cli.bufdir(["metrics", "show", "--org", "x", "--period", PERIOD]);
    expectOneLineFailure(refused, 1, new RegExp(`is not migrated \\(${migrationCount} pending migrations\\): run \`bufdir db migrate\` first`));
  });

  it.runIf(testTarget().engine === "postgres")("db status lists every migration as pending on a database never migrated", async () => {
    const status = await cli.bufdirJson<DbDescription & { versions: { file: string; applied: boolean }[] }>(["db", "status"]);
    expect(status.migrations).toEqual({ applied: 0, pending: migrationCount });
    expect(status.versions.map((entry) => entry.file)).toEqual(readdirSync(migrationsDir).filter((name) => name.endsWith(".sql")).sort());
    expect(status.versions.every((entry) => !entry.applied)).toBe(true);
    const table = await cli.bufdir(["db", "status"]);
    expect(table.exitCode, table.stderr).toBe(0);
    expect(table.stdout).toContain(`0 applied, ${migrationCount} pending`);
    expect(table.stdout).toMatch(firstMigrationLine("pending"));
    const schemas = await queryOne<{ n: number }>("select count(*)::int as n from pg_namespace where nspname in ('private', 'dbmate')");
    expect(schemas?.n).toBe(0);
  });

  it("db migrate applies every migration and reports none pending", async () => {
    const migrated = await cli.bufdirJson<{ migrated: boolean; status: string[] }>(["db", "migrate"]);
    expect(migrated.migrated).toBe(true);
    expect(migrated.status).toContain(`Applied: ${migrationCount}`);
    expect(migrated.status).toContain("Pending: 0");
    const applied = await queryOne<{ n: number }>("select count(*)::int as n from dbmate.schema_migrations");
    expect(applied?.n).toBe(migrationCount);
  });

  it("db up finds nothing to apply and lists the empty tables", async () => {
    const up = await cli.bufdirJson<DbDescription>(["db", "up"]);
    expect(up.engine).toBe(cli.engine);
    expect(up.migrations).toEqual({ applied: migrationCount, pending: 0 });
    expect(up.tables.find((table) => table.table === "public.organisations")?.rows).toBe(0);
  });

  it("db status prints the migrations and row counts as a table", async () => {
    const status = await cli.bufdir(["db", "status"]);
    expect(status.exitCode, status.stderr).toBe(0);
    expect(status.stdout).toContain(`${migrationCount} applied, 0 pending`);
    expect(status.stdout).toMatch(firstMigrationLine("applied"));
    expect(status.stdout).toMatch(/^public\.activities\s+0$/m);
  });

  it("seed --activities 200 writes 200 activities per organisation, as the database counts them", async () => {
    seeded = await cli.bufdirJson<SeedSummary>(["seed", "--activities", "200"]);
    expect(seeded.organisations.map((entry) => entry.activities)).toEqual([200, 200]);
    org = { id: seeded.organisations[0]!.id, name: seeded.organisations[0]!.name };
    const counts = await queryOne<{ organisations: number; activities: number }>(
      "select (select count(*)::int from public.organisations) as organisations, (select count(*)::int from public.activities) as activities",
    );
    expect(counts).toEqual({ organisations: 2, activities: 400 });
    expect(seeded.counts["public.activities"]).toBe(400);
  });
});

describe("bufdir metrics and report", () => {
  it("metrics compute saves the snapshot the database now holds", async () => {
    computed = await cli.bufdirJson<MetricSnapshot>(["--as", COORDINATOR, "metrics", "compute", ...orgPeriod()]);
    expect([computed.period_start, computed.period_end]).toEqual([PERIOD_START, PERIOD_END]);
    expect(computed.snapshot_json.totals.activity_days).toBeGreaterThan(0);
    const stored = await queryOne<{ id: string; activity_days: number; generated_by: string }>(
      `select id, (snapshot_json -> 'totals' ->> 'activity_days')::int as activity_days, generated_by
       from public.bufdir_metric_snapshots where org_id = $1 and period_start = $2 and period_end = $3`,
      [org.id, PERIOD_START, PERIOD_END],
    );
    expect(stored).toEqual({ id: computed.id, activity_days: computed.snapshot_json.totals.activity_days, generated_by: userId(COORDINATOR) });
  });

  it("metrics show reads back the same snapshot", async () => {
    const shown = await cli.bufdirJson<MetricSnapshot>(["metrics", "show", ...orgPeriod()]);
    expect(shown.id).toBe(computed.id);
    expect(shown.content_hash).toBe(computed.content_hash);
    expect(shown.snapshot_json.totals.activity_days).toBe(computed.snapshot_json.totals.activity_days);
  });

  it("metrics show prints counties by number and name, in numeric order, unknown last", async () => {
    const shown = await cli.bufdir(["metrics", "show", ...orgPeriod()]);
    expect(shown.exitCode, shown.stderr).toBe(0);
    const counties = [...shown.stdout.matchAll(/^activity_days_by_county\s+(.+?)\s+\d+$/gm)].map((match) => match[1]!);
    expect(counties.length).toBe(Object.keys(computed.snapshot_json.activity_days_by_county).length);
    const numbered = counties.filter((label) => label !== "No municipality recorded");
    for (const label of numbered) expect(label).toMatch(/^\d{2} \p{L}/u);
    const numbers = numbered.map((label) => Number(label.slice(0, 2)));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    if (counties.includes("No municipality recorded")) expect(counties.at(-1)).toBe("No municipality recorded");
  });

  it("metrics status says the snapshot is fresh and counts the period's live activities as the database does (to a coordinator)", async () => {
    const status = await cli.bufdirJson<SnapshotStatus>(["--as", MENTOR, "metrics", "status", ...orgPeriod()]);
    const live = await queryOne<{ n: number }>(
      "select count(*)::int as n from public.activities where org_id = $1 and activity_date between $2 and $3 and deleted_at is null",
      [org.id, PERIOD_START, PERIOD_END],
    );
    expect(live?.n).toBeGreaterThan(0);
    // A mentor learns whether the snapshot is fresh, not the organisation's live count; a coordinator gets it.
    expect(status).toMatchObject({ snapshot_exists: true, is_stale: false, record_count_now: null, record_count_at_generation: live?.n });
    const coordinatorStatus = await cli.bufdirJson<SnapshotStatus>(["--as", COORDINATOR, "metrics", "status", ...orgPeriod()]);
    expect(coordinatorStatus).toMatchObject({ snapshot_exists: true, is_stale: false, record_count_now: live?.n, record_count_at_generation: live?.n });
  });

  it("metrics verify finds no figure that differs from a recomputation", async () => {
    expect(await cli.bufdirJson<unknown[]>(["metrics", "verify", ...orgPeriod()])).toEqual([]);
  });

  it("metrics export writes the JSON and CSV files and an audit row in the database", async () => {
    const out = join(cli.dir, "exports");
    const exported = await cli.bufdirJson<{ audit: { id: string; payload_sha256: string; exported_by: string | null }; files: string[] }>(
      ["--as", COORDINATOR, "metrics", "export", ...orgPeriod(), "--out", out],
    );
    const audit = await queryOne<{ payload_sha256: string; exported_by: string; activity_days: number }>(
      `select payload_sha256, exported_by, (payload -> 'figures' -> 'totals' ->> 'activity_days')::int as activity_days
       from public.bufdir_export_audit_log where id = $1`,
      [exported.audit.id],
    );
    const days = computed.snapshot_json.totals.activity_days;
    expect(audit).toEqual({ payload_sha256: exported.audit.payload_sha256, exported_by: userId(COORDINATOR), activity_days: days });
    expect(exported.files).toHaveLength(2);
    const [jsonFile, csvFile] = exported.files as [string, string];
    const payload = JSON.parse(readFileSync(jsonFile, "utf8")) as ExportPayload;
    expect(payload.figures.totals.activity_days).toBe(days);
    expect(readFileSync(csvFile, "utf8")).toContain(`totals,activity_days,${days}\r\n`);
  });

  it("report writes an HTML page with the organisation's name and its activity-days", async () => {
    const path = join(cli.dir, "reports", "h1.html");
    const result = await cli.bufdir(["--as", COORDINATOR, "report", ...orgPeriod(), "--out", path]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(path);
    const html = readFileSync(path, "utf8");
    expect(html).toContain(org.name);
    const days = new Intl.NumberFormat("nb-NO").format(computed.snapshot_json.totals.activity_days);
    expect(html).toMatch(new RegExp(`<dt>Activity-days \\(aktivitetsdager\\)</dt><dd>${days}<`));
    const figures = computed.snapshot_json;
    const breakdown = (record: Readonly<Record<string, number | undefined>>) => Object.keys(record).filter((key) => record[key] !== undefined).sort();
    // Activity counts by registration path are shown as they are, small or not.
    const byPath: Readonly<Record<string, number | undefined>> = figures.activities_by_path;
    const paths = breakdown(byPath);
    expect(columnTexts(html, "By registration path", paths)).toEqual(paths.map((path) => new Intl.NumberFormat("nb-NO").format(byPath[path]!)));
    // No hidden count by county or month can be worked out from a published total and the other cells.
    const counties = breakdown(figures.activity_days_by_county);
    expectNothingDerivable(columnTexts(html, "Activity-days by county", counties), counties.map((key) => figures.activity_days_by_county[key]!), 5);
    const months = breakdown(figures.activity_days_by_month);
    expectNothingDerivable(monthTexts(html), months.map((month) => figures.activity_days_by_month[month]!), 5);
  });

  it("report without --out names its file by the organisation's slug and the period", async () => {
    const cwd = join(cli.dir, "report-cwd");
    mkdirSync(cwd);
    const result = await runBufdir(["report", "--org", org.name.toLowerCase(), "--period", PERIOD], cli.env, { cwd });
    expect(result.exitCode, result.stderr).toBe(0);
    const slug = org.name.toLowerCase().replace(/ø/g, "o").replace(/å/g, "a").replace(/æ/g, "ae").replace(/[^a-z0-9]+/g, "-");
    expect(readdirSync(join(cwd, "reports"))).toEqual([`${slug}-${PERIOD}.html`]);
    expect(result.stdout.trim()).toBe(join(cwd, "reports", `${slug}-${PERIOD}.html`));
  });

  it("report --out <folder> writes the organisation's file in that folder", async () => {
    const folder = join(cli.dir, "report-folder");
    mkdirSync(folder);
    const result = await cli.bufdir(["report", ...orgPeriod(), "--out", folder]);
    expect(result.exitCode, result.stderr).toBe(0);
    const slug = org.name.toLowerCase().replace(/ø/g, "o").replace(/å/g, "a").replace(/æ/g, "ae").replace(/[^a-z0-9]+/g, "-");
    expect(readdirSync(folder)).toEqual([`${slug}-${PERIOD}.html`]);
    expect(result.stdout.trim()).toBe(join(folder, `${slug}-${PERIOD}.html`));
  });

  it.skipIf(findChromium() === undefined)("report --out <file>.pdf prints the page with Chromium to a one-page A4 PDF", async () => {
    const path = join(cli.dir, "reports", "h1.pdf");
    const result = await cli.bufdir(["report", ...orgPeriod(), "--out", path]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(path);
    const pdf = readFileSync(path);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(countPdfPages(pdf)).toBe(1);
  });

  it("report --out <file>.pdf with a Chromium that does not start: exit 2, named, and no file", async () => {
    const path = join(cli.dir, "reports", "broken-chromium.pdf");
    const result = await cli.bufdir(["report", ...orgPeriod(), "--out", path], { BUFDIR_CHROMIUM: "/bin/true" });
    expectOneLineFailure(result, 2, /^bufdir: cannot print a PDF with \/bin\/true: .*; write \.html and print it from a browser instead$/);
    expect(existsSync(path)).toBe(false);
  });

  it("metrics export --saved refuses a stale snapshot with BF003 and writes no audit row; metrics export refreshes and exports", async () => {
    // Any edit of an activity in the period makes the snapshot stale.
    await cli.withDatabase((client) =>
      client.query(
        `update public.activities set duration_minutes = duration_minutes % 1440 + 1
         where id = (select id from public.activities where org_id = $1 and activity_date between $2 and $3 and deleted_at is null order by id limit 1)`,
        [org.id, PERIOD_START, PERIOD_END],
      ),
    );
    const refused = await cli.bufdir(["--as", COORDINATOR, "metrics", "export", "--saved", ...orgPeriod(), "--out", join(cli.dir, "stale")]);
    expectOneLineFailure(refused, 1, /stale_snapshot \(BF003\)/);
    expect(existsSync(join(cli.dir, "stale"))).toBe(false);
    const audits = await queryOne<{ n: number }>("select count(*)::int as n from public.bufdir_export_audit_log");
    expect(audits?.n).toBe(1);
    const status = await cli.bufdirJson<SnapshotStatus>(["metrics", "status", ...orgPeriod()]);
    expect(status.is_stale).toBe(true);
    expect(status.reasons).toContain("activities_changed");

    // Without --saved the figures are computed, saved and exported in one transaction.
    const exported = await cli.bufdirJson<{ audit: { id: string } }>(["--as", COORDINATOR, "metrics", "export", ...orgPeriod(), "--out", join(cli.dir, "fresh")]);
    const after = await queryOne<{ n: number }>("select count(*)::int as n from public.bufdir_export_audit_log");
    expect(after?.n).toBe(2);
    expect(exported.audit.id).toBeTruthy();
    expect((await cli.bufdirJson<SnapshotStatus>(["metrics", "status", ...orgPeriod()])).is_stale).toBe(false);
  });

  it("metrics delete as a mentor is refused with 42501, and the snapshot stays", async () => {
    expectOneLineFailure(await cli.bufdir(["--as", MENTOR, "metrics", "delete", ...orgPeriod()]), 1, /permission_denied \(42501\)/);
    const kept = await queryOne<{ n: number }>("select count(*)::int as n from public.bufdir_metric_snapshots where id = $1", [computed.id]);
    expect(kept?.n).toBe(1);
  });

  it("metrics delete as the coordinator removes it, and a second delete is not_found (P0002)", async () => {
    expect(await cli.bufdirJson(["--as", COORDINATOR, "metrics", "delete", ...orgPeriod()])).toEqual({ deleted: true });
    const left = await queryOne<{ n: number }>("select count(*)::int as n from public.bufdir_metric_snapshots where org_id = $1", [org.id]);
    expect(left?.n).toBe(0);
    expectOneLineFailure(await cli.bufdir(["--as", COORDINATOR, "metrics", "delete", ...orgPeriod()]), 1, /not_found \(P0002\)/);
  });
});

describe("bufdir summaries", () => {
  const mirror = () => join(cli.dir, "mirror", "summaries.sqlite");

  it("summaries generate --period returns the summaries the database now holds", async () => {
    const rows = await cli.bufdirJson<GeneratedSummary[]>(["--as", COORDINATOR, "summaries", "generate", ...orgPeriod()]);
    const stored = await cli.withDatabase(async (client) =>
      (
        await client.query<{ mentor_id: string | null; activity_days: number }>(
          `select mentor_id, (summary_data -> 'totals' ->> 'activity_days')::int as activity_days from public.periodic_summaries
           where org_id = $1 and period_type = 'half_year' and period_start = $2 order by mentor_id nulls first`,
          [org.id, PERIOD_START],
        )
      ).rows,
    );
    expect(rows.map((row) => ({ mentor_id: row.mentor_id, activity_days: row.summary_data.totals.activity_days }))).toEqual(stored);
    expect(rows[0]).toMatchObject({ mentor_id: null, period_type: "half_year", period_start: PERIOD_START, period_end: PERIOD_END, version: 1 });
  });

  it("summaries generate --type --start takes the period's type and first day, and prints a table", async () => {
    const result = await cli.bufdir(["summaries", "generate", "--org", org.id, "--type", "quarter", "--start", "2026-04-01"]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^generated \d+ quarter summaries of .* for 2026-Q2 \(2026-04-01 to 2026-06-30\) as service role$/m);
    expect(result.stdout).toMatch(/^2026-Q2\s+\(organisation\)\s+\d+\s+\d+\s+1\s+no$/m);
    // Mentors by name and e-mail address, never by uuid.
    expect(result.stdout).toMatch(/^2026-Q2\s+\S.* <mentor\d+@org1\.example>\s+\d+\s+\d+\s+1\s+no$/m);
    expect(result.stdout).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it("summaries sync fills a new mirror file with every summary the coordinator may read", async () => {
    const synced = await cli.bufdirJson<{ report: SyncReport; summaries: number; syncedAs: string }>(
      ["--as", COORDINATOR, "summaries", "sync", "--org", org.name, "--mirror", mirror()],
    );
    const onServer = await queryOne<{ n: number }>("select count(*)::int as n from public.periodic_summaries where org_id = $1", [org.id]);
    expect(synced.syncedAs).toBe(COORDINATOR);
    expect(synced.report.mode).toBe("full");
    expect(synced.report.upserted).toBe(onServer?.n);
    expect(synced.summaries).toBe(onServer?.n);
  });

  it("summaries show reads the mirror with the database unreachable", async () => {
    const offline = { DATABASE_URL: await closedPortUrl() };
    const shown = await cli.bufdirJson<{ organisation: { id: string; name: string }; summaries: CachedSummary[] }>(
      ["summaries", "show", "--org", org.name, "--mirror", mirror(), "--mentor", "none"],
      offline,
    );
    const server = await queryOne<{ activity_days: number }>(
      `select (summary_data -> 'totals' ->> 'activity_days')::int as activity_days from public.periodic_summaries
       where org_id = $1 and mentor_id is null and period_type = 'half_year' and period_start = $2`,
      [org.id, PERIOD_START],
    );
    expect(shown.organisation).toEqual(org);
    // In calendar order: the half-year from January before the quarter from April.
    expect(shown.summaries.map((summary) => [summary.periodType, summary.periodStart])).toEqual([
      ["half_year", PERIOD_START],
      ["quarter", "2026-04-01"],
    ]);
    expect(shown.summaries[0]!.summaryData.totals.activity_days).toBe(server?.activity_days);

    const table = await cli.bufdir(["summaries", "show", "--org", org.id, "--mirror", mirror(), "--type", "half_year", "--mentor", "none"], offline);
    expect(table.exitCode, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^period\s+mentor\s+activity-days\s+activities\s+version\s+stale$/m);
    expect(table.stdout).toMatch(new RegExp(`^2026-H1\\s+\\(organisation\\)\\s+${server!.activity_days}\\s+\\d+\\s+1\\s+no$`, "m"));
  });

  it("summaries show takes --mentor by e-mail or by name in any case, offline, and labels the mentor by name", async () => {
    const offline = { DATABASE_URL: await closedPortUrl() };
    const fullName = await queryOne<{ name: string }>("select raw_user_meta_data ->> 'full_name' as name from auth.users where email = $1", [MENTOR]);
    const byEmail = await cli.bufdirJson<{ summaries: (CachedSummary & { mentorName: string })[] }>(
      ["summaries", "show", "--org", org.name, "--mirror", mirror(), "--mentor", MENTOR.toUpperCase()],
      offline,
    );
    expect(byEmail.summaries.length).toBeGreaterThan(0);
    expect(new Set(byEmail.summaries.map((summary) => summary.mentorId))).toEqual(new Set([userId(MENTOR)]));
    expect(byEmail.summaries[0]!.mentorName).toBe(`${fullName!.name} <${MENTOR}>`);
    const byName = await cli.bufdir(["summaries", "show", "--org", org.name, "--mirror", mirror(), "--mentor", fullName!.name.toLowerCase()], offline);
    expect(byName.exitCode, byName.stderr).toBe(0);
    expect(byName.stdout).toContain(`${fullName!.name} <${MENTOR}>`);
    expect(byName.stdout.match(/<mentor\d+@org1\.example>/g)?.every((address) => address === `<${MENTOR}>`)).toBe(true);
  });

  it("summaries show refuses a --mentor nobody is called, listing the names it knows (exit 2)", async () => {
    const result = await cli.bufdir(["summaries", "show", "--org", org.name, "--mirror", mirror(), "--mentor", "Nobody Here"], {
      DATABASE_URL: await closedPortUrl(),
    });
    // Each name with its address; a revoked member's by their name alone (no address).
    const known = String.raw`(?:[^,<]+ <[^>]+@org1\.example>|[^,<@]+)`;
    expectOneLineFailure(result, 2, new RegExp(String.raw`no mentor "Nobody Here" \(an e-mail address, a name, or "none"\); known: (${known}, ){7}${known} and \d+ more$`));
  });

  it.runIf(testTarget().engine === "postgres")(
    "summaries sync --full while a writer of the organisation's summaries runs fails with sync_busy (BF010) and leaves the mirror as it was",
    async () => {
      const offline = { DATABASE_URL: await closedPortUrl() };
      const show = () => cli.bufdirJson<{ summaries: CachedSummary[] }>(["summaries", "show", "--org", org.name, "--mirror", mirror()], offline);
      const before = await show();
      expect(before.summaries.length).toBeGreaterThan(0);
      const refused = await cli.withDatabase(async (client) => {
        // A writer of the organisation's summaries, still running: it holds the sync horizon.
        await client.query("begin");
        await client.query("select count(*) from private.generate_summaries($1, 'month', '2026-05-01')", [org.id]);
        try {
          return await cli.bufdir(["--as", COORDINATOR, "summaries", "sync", "--full", "--org", org.name, "--mirror", mirror()]);
        } finally {
          await client.query("rollback");
        }
      });
      expectOneLineFailure(refused, 1, /sync_busy \(BF010\)/);
      // Nothing deleted, nothing re-stamped (lastSyncedAt is in every row).
      expect(await show()).toEqual(before);
    },
    60_000,
  );

  it("summaries sync as a mentor replaces the coordinator's rows with the mentor's own", async () => {
    const synced = await cli.bufdirJson<{ report: SyncReport; summaries: number; previousActor: string }>(
      ["--as", MENTOR, "summaries", "sync", "--org", org.name, "--mirror", mirror()],
    );
    const own = await queryOne<{ n: number }>("select count(*)::int as n from public.periodic_summaries where org_id = $1 and mentor_id = $2", [
      org.id,
      userId(MENTOR),
    ]);
    expect(synced.previousActor).toBe(COORDINATOR);
    expect(synced.report.mode).toBe("full");
    expect(own?.n).toBeGreaterThan(0);
    expect(synced.summaries).toBe(own?.n);
  });

  it("summaries show refuses a mirror file that does not exist, and does not create it", async () => {
    const absent = join(cli.dir, "absent.sqlite");
    expectOneLineFailure(await cli.bufdir(["summaries", "show", "--org", org.id, "--mirror", absent]), 2, /no mirror at .*absent\.sqlite/);
    expect(existsSync(absent)).toBe(false);
  });
});

describe("bufdir refuses bad arguments with one line and the right exit code", () => {
  it("an invalid --period is a usage error (exit 2)", async () => {
    expectOneLineFailure(await cli.bufdir(["metrics", "show", "--org", org.name, "--period", "2026-H3"]), 2, /invalid period "2026-H3"/);
  });

  it("a summary period that is not a whole month, quarter, half-year or year is a usage error (exit 2)", async () => {
    const result = await cli.bufdir(["summaries", "generate", "--org", org.name, "--type", "quarter", "--start", "2026-05-01"]);
    expectOneLineFailure(result, 2, /no quarter starts on that day/);
  });

  it("an unknown organisation is a usage error (exit 2) that lists the organisations there are", async () => {
    const refused = await cli.bufdir(["metrics", "status", "--org", "Nowhere Association", "--period", PERIOD]);
    expectOneLineFailure(refused, 2, /no organisation "Nowhere Association"; known: /);
    for (const { name } of seeded.organisations) expect(refused.stderr).toContain(`"${name}"`);
  });

  it("--as an unknown e-mail address is a usage error (exit 2) that names it", async () => {
    expectOneLineFailure(await cli.bufdir(["--as", "nobody@nowhere.example", "metrics", "show", ...orgPeriod()]), 2, /no user with e-mail nobody@nowhere\.example/);
  });

  it("db reset without --yes deletes nothing (exit 2)", async () => {
    expectOneLineFailure(await cli.bufdir(["db", "reset"]), 2, /pass --yes to confirm/);
    const organisations = await queryOne<{ n: number }>("select count(*)::int as n from public.organisations");
    expect(organisations?.n).toBe(2);
  });
});

describe("bufdir output", () => {
  it("a reader that closes the pipe early (`| head`) ends the command quietly with its own exit code", async () => {
    const result = await runBufdir(["db", "status"], cli.env, { closeStdout: true });
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
  });
});

describe("bufdir db reset", () => {
  it("db reset --yes empties a database these scripts created and migrates it again", async () => {
    const reset = await cli.bufdirJson<DbDescription>(["db", "reset", "--yes"]);
    expect(reset.migrations).toEqual({ applied: migrationCount, pending: 0 });
    const rows = (table: string) => reset.tables.find((entry) => entry.table === table)?.rows;
    expect([rows("public.organisations"), rows("public.activities"), rows("public.periodic_summaries")]).toEqual([0, 0, 0]);
    const left = await queryOne<{ organisations: number; users: number }>(
      "select (select count(*)::int from public.organisations) as organisations, (select count(*)::int from auth.users) as users",
    );
    expect(left).toEqual({ organisations: 0, users: 0 });
  });
});
