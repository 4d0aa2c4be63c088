/**
 * Hostile input, fuzzed through the client on both transports: wrong types, nulls,
 * reversed and huge periods, foreign organisation ids, SQL-injection strings,
 * oversized and deeply nested JSON, figures carrying names, e-mail addresses,
 * phone and national identity numbers. Every call must end in a documented
 * failure (never a crash, never `unexpected`), and a fingerprint of every table
 * taken before and after shows that nothing changed.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asUser, type RequestContext } from "../src/context/request-context.ts";
import type { DomainFailure } from "../src/failures/domain-failure.ts";
import type { Json } from "../src/generated/database.types.ts";
import type { RpcArgs, RpcReturns } from "../src/transport/rpc-transport.ts";
import { createTestDatabase, type TestDatabase } from "./support/test-database.ts";
import { postgresFactory, supabaseFactory, type TransportFactory } from "./support/transport-factories.ts";

const projectRoot = resolve(import.meta.dirname, "../..");
const ORG_A = "00000000-0000-4000-a000-00000000000a";
const ORG_B = "00000000-0000-4000-a000-00000000000b";

const actors: Record<string, RequestContext> = {
  "coordinator of A": asUser({ sub: "00000000-0000-4000-b000-000000000006", email: "coordinator.a@fixture.example" }),
  "mentor of A": asUser({ sub: "00000000-0000-4000-b000-000000000001", email: "mentor.a@fixture.example" }),
  "coordinator of B": asUser({ sub: "00000000-0000-4000-b000-000000000008", email: "coordinator.b@fixture.example" }),
};

/** Failures the API documents for bad input; anything else fails the test. */
const DOCUMENTED_REASONS = new Set(["invalid_input", "invalid_date", "permission_denied", "pii_rejected"]);

const injection = fc.constantFrom(
  "'; drop table public.activities; --",
  "1' or '1'='1",
  "$$; delete from public.bufdir_metric_snapshots; $$",
  "\\x00\\\\'\"",
  "<script>alert(1)</script>",
);
const deeplyNested = fc.integer({ min: 50, max: 400 }).map((depth) => {
  let value: Json = "bottom";
  for (let i = 0; i < depth; i++) value = { nested: value };
  return value;
});
const oversized = fc.integer({ min: 20_000, max: 60_000 }).map((length) => ({ notes: "Kari Nordmann ".repeat(length / 14) }));

/** Figures in the documented shape with personal data added somewhere. */
const figuresWithPii = (valid: Record<string, Json>) =>
  fc
    .record({
      where: fc.constantFrom("top", "totals", "activities_by_kind", "period"),
      key: fc.constantFrom("name", "email", "contact", "fodselsnummer", "Kari Nordmann"),
      value: fc.constantFrom<Json>("Kari Nordmann", "kari@example.no", "+47 912 34 567", "01017012345", 12.5, -1),
    })
    .map(({ where, key, value }) => {
      const copy = structuredClone(valid) as Record<string, Record<string, Json>>;
      if (where === "top") (copy as Record<string, Json>)[key] = value;
      else copy[where]![key] = value;
      return copy as Json;
    });

/** Values for each argument kind that the database must refuse. */
function hostile(kind: ArgKind, validFigures: Record<string, Json>): fc.Arbitrary<Json> {
  switch (kind) {
    case "org":
      return fc.oneof(fc.constant(null), fc.uuid({ version: 4 }), injection, fc.constant(12345), fc.constant({ org: ORG_A }), fc.constant(true));
    case "date":
      return fc.oneof(fc.constant(null), fc.constantFrom("not-a-date", "2026-02-30", "1999-12-31", "2999-01-01", "12.06.2026", "06/12/2026"), injection);
    case "figures":
      return fc.oneof(fc.constant(null), figuresWithPii(validFigures), deeplyNested, oversized, fc.array(fc.integer(), { maxLength: 5 }), injection);
    case "period_type":
      return fc.oneof(fc.constant(null), fc.constantFrom("weekly", "MONTH", ""), injection);
    case "cursor":
      return fc.oneof(fc.constantFrom("x", "", "-1", "-1.-1", "1.2.3", "1.", "99999999999999999999.1", "99999999999999999999", "9223372036854775808", "1.9223372036854775808"), injection);
    case "page_size":
      return fc.oneof(fc.constant(null), fc.constantFrom(0, -1, 5001, 1_000_000_000), fc.double({ noInteger: true, noNaN: true }));
    case "boolean":
      return fc.oneof(fc.constant(null), fc.constantFrom("maybe", "yesno"), fc.constant({ on: true }));
    case "event":
      return fc.oneof(fc.constant({ user_id: "00000000-0000-4000-b000-000000000006", claims: {} }), deeplyNested);
  }
}

type ArgKind = "org" | "date" | "figures" | "period_type" | "cursor" | "page_size" | "boolean" | "event";

interface RpcShape {
  readonly fn: string;
  readonly returns: RpcReturns;
  readonly args: readonly (readonly [name: string, kind: ArgKind, valid: Json])[];
}

let db: TestDatabase;
let validFigures: Record<string, Json>;
let rpcs: RpcShape[];
const factories: TransportFactory[] = [];

/** A digest of every table the API can reach or the RPCs write. */
async function fingerprintAll(): Promise<Record<string, string>> {
  const rows = await db.sql<{ name: string; digest: string }>(`
    select format('%I.%I', n.nspname, c.relname) as name, tests.fingerprint(c.oid::regclass) as digest
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind = 'r' and n.nspname in ('public', 'private', 'auth')
    order by 1`);
  return Object.fromEntries(rows.map((row) => [row.name, row.digest]));
}

beforeAll(async () => {
  db = await createTestDatabase(readFileSync(resolve(projectRoot, "db/fixtures/bufdir-fixture.sql"), "utf8"));
  await db.sql(`select set_config('request.jwt.claims', '{"role":"service_role"}', false)`);
  const [{ figures }] = (await db.sql<{ figures: Record<string, Json> }>(
    `select private.compute_metrics('${ORG_A}', '2026-01-01', '2026-06-30') as figures`,
  )) as [{ figures: Record<string, Json> }];
  validFigures = figures;
  const key: readonly (readonly [string, ArgKind, Json])[] = [
    ["org_id", "org", ORG_A],
    ["period_start", "date", "2026-01-01"],
    ["period_end", "date", "2026-06-30"],
  ];
  rpcs = [
    { fn: "compute_bufdir_metrics", returns: "scalar", args: key },
    { fn: "save_metric_snapshot", returns: "one", args: [...key, ["snapshot_json", "figures", validFigures]] },
    { fn: "refresh_metric_snapshot", returns: "one", args: key },
    { fn: "get_metric_snapshot", returns: "many", args: key },
    { fn: "delete_metric_snapshot", returns: "void", args: key },
    { fn: "metric_snapshot_status", returns: "one", args: key },
    { fn: "verify_metric_snapshot", returns: "many", args: key },
    { fn: "export_bufdir_report", returns: "one", args: key },
    { fn: "generate_periodic_summaries", returns: "many", args: [["org_id", "org", ORG_A], ["period_type", "period_type", "month"], ["period_start", "date", "2026-01-01"]] },
    { fn: "invalidate_periodic_summaries", returns: "scalar", args: key },
    { fn: "list_periodic_summaries_since", returns: "many", args: [["org_id", "org", ORG_A], ["since_cursor", "cursor", null], ["page_size", "page_size", 100]] },
    { fn: "set_summaries_enabled", returns: "void", args: [["org_id", "org", ORG_B], ["enabled", "boolean", false]] },
    { fn: "custom_access_token_hook", returns: "scalar", args: [["event", "event", { user_id: ORG_A, claims: {} }]] },
  ];
  factories.push(postgresFactory(db.url), supabaseFactory(db.url));
}, 120_000);

afterAll(async () => {
  await Promise.all(factories.map((factory) => factory.close()));
  await db?.dispose();
});

describe.each(["postgres", "supabase"] as const)("hostile input through the %s transport", (transportName) => {
  it("ends every call in a documented failure and changes nothing", async () => {
    const factory = factories.find((candidate) => candidate.name === transportName)!;
    const before = await fingerprintAll();
    const seen = new Map<string, number>();

    const call = fc
      .record({
        rpc: fc.constantFrom(...rpcs),
        actor: fc.constantFrom(...Object.keys(actors)),
        hostileIndex: fc.nat(),
        seed: fc.nat(),
      })
      .chain(({ rpc, actor, hostileIndex }) => {
        // At least one argument is hostile; the others are mostly valid, so the
        // calls get past the first check and reach the deeper refusals too.
        const forced = hostileIndex % rpc.args.length;
        const values = rpc.args.map(([, kind, valid], index) =>
          index === forced
            ? hostile(kind, validFigures)
            : fc.oneof({ arbitrary: fc.constant(valid), weight: 4 }, { arbitrary: hostile(kind, validFigures), weight: 1 }),
        );
        return fc.tuple(...values).map((chosen) => ({
          rpc,
          actor,
          args: Object.fromEntries(rpc.args.map(([name], index) => [name, chosen[index]!])) as RpcArgs,
        }));
      });

    await fc.assert(
      fc.asyncProperty(call, async ({ rpc, actor, args }) => {
        const result = await factory.as(actors[actor]!).call({ fn: rpc.fn, args, returns: rpc.returns });
        expect(result.isErr(), `${rpc.fn} as ${actor} with ${JSON.stringify(args).slice(0, 300)} must fail`).toBe(true);
        const failure = result._unsafeUnwrapErr() as DomainFailure;
        const label = failure.kind === "query" ? `${failure.reason} ${failure.code}` : failure.kind;
        seen.set(label, (seen.get(label) ?? 0) + 1);
        if (failure.kind === "query") {
          expect(DOCUMENTED_REASONS.has(failure.reason), `${rpc.fn}: ${failure.code} ${failure.message}`).toBe(true);
        } else {
          expect(failure.kind, `${rpc.fn}: ${JSON.stringify(failure)}`).toBe("validation");
        }
      }),
      { numRuns: 400, seed: 20261121 },
    );

    // Figures that carry personal data, by a caller who may save, under a valid key:
    // only the allow-list stands in the way, and it must refuse every one.
    const coordinator = factory.as(actors["coordinator of A"]!);
    const personalFigures = fc.oneof(
      figuresWithPii(validFigures),
      deeplyNested,
      oversized,
      fc.array(fc.integer(), { maxLength: 5 }),
      fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }),
    );
    await fc.assert(
      fc.asyncProperty(personalFigures, async (figures) => {
        const result = await coordinator.call({
          fn: "save_metric_snapshot",
          args: { org_id: ORG_A, period_start: "2026-01-01", period_end: "2026-06-30", snapshot_json: figures },
          returns: "one",
        });
        const failure = result._unsafeUnwrapErr() as DomainFailure;
        const label = failure.kind === "query" ? `${failure.reason} ${failure.code}` : failure.kind;
        seen.set(label, (seen.get(label) ?? 0) + 1);
        // The database's allow-list refuses it, unless the client already refused
        // to send it (it caps how deeply nested an argument may be).
        expect(["pii_rejected BF001", "validation"], JSON.stringify(figures).slice(0, 300)).toContain(label);
      }),
      { numRuns: 100, seed: 20261121 },
    );

    console.log(`hostile input via ${transportName}:`, Object.fromEntries([...seen].sort()));
    expect(await fingerprintAll()).toEqual(before);
    // The fuzzing reached the database's refusals, not only the client's checks.
    expect([...seen.keys()].some((label) => label.startsWith("permission_denied"))).toBe(true);
    expect([...seen.keys()].some((label) => label.startsWith("invalid_input"))).toBe(true);
    expect([...seen.keys()].some((label) => label.startsWith("pii_rejected"))).toBe(true);
  }, 180_000);
});
