/**
 * The poison-day line: an organisation whose one mentor puts 4 entries naming
 * the same 64 000 contacts on one day, and 2 000 entries of 30 contacts on
 * another, computed as its coordinator, against an organisation with the same
 * number of entries and link rows spread over the month. The counting rules must
 * cost time linear in the input, whatever its shape: target ≤ 2×.
 *
 * Built as the table owner with the staleness bookkeeping running, in
 * organisations of their own, so it runs beside the rest of `make bench` or alone
 * (`bench/run.ts --only poison-day`). The plausibility limits' triggers are off
 * while it loads: no member can write such days any more, but entries stored
 * before the limits existed, or under a later rule version's limits, can still
 * shape a day like this, and the aggregation must stay linear on them.
 */
import type pg from "pg";
import { actAsSql } from "../client/src/context/act-as-sql.ts";
import { asUser } from "../client/src/context/request-context.ts";
import type { AggregationResults } from "./aggregation.ts";
import { measure } from "../scripts/lib/measure.ts";

// Not the listing organisation's ids (bench/list-activities.ts): the full run loads both.
export const POISONED_ORG = "00000000-0000-4000-a000-0000000e0001";
export const SPREAD_ORG = "00000000-0000-4000-a000-0000000e0002";
const CONTACTS = 64_000;
const WIDE_ENTRIES = 4;
const NARROW_ENTRIES = 2_000;
const NARROW_CONTACTS = 30;
const ENTRIES = WIDE_ENTRIES + NARROW_ENTRIES;
const LINKS = WIDE_ENTRIES * CONTACTS + NARROW_ENTRIES * NARROW_CONTACTS;
const MONTH = { start: "2026-03-01", end: "2026-03-31" };

/** The uuid of the n-th object of a kind ("b" users, "c" contacts, "d" activities) of organisation `org` (1 or 2). */
const idSql = (kind: string, org: number, n: string) =>
  `('00000000-0000-4000-${kind}000-f${org}' || lpad(to_hex(${n}), 10, '0'))::uuid`;
const orgId = (org: number) => (org === 1 ? POISONED_ORG : SPREAD_ORG);
const coordinatorId = (org: number) => `00000000-0000-4000-b000-f${org}${"0".repeat(9)}1`;
const mentorId = (org: number) => `00000000-0000-4000-b000-f${org}${"0".repeat(9)}2`;

/** The triggers that refuse entries beyond the plausibility limits (db/fixtures/README.md). */
const LIMIT_TRIGGERS = [
  "public.activities check_limits_insert",
  "public.activity_participants check_limits_insert",
  "public.activity_mentors check_mentor_day_insert",
];

async function setLimitTriggers(owner: pg.ClientBase, state: "enable" | "disable"): Promise<void> {
  for (const entry of LIMIT_TRIGGERS) {
    const [table, trigger] = entry.split(" ");
    await owner.query(`alter table ${table} ${state} trigger ${trigger}`);
  }
}

async function loadOrganisation(owner: pg.ClientBase, org: number): Promise<void> {
  await setLimitTriggers(owner, "disable");
  try {
    await insertOrganisation(owner, org);
  } finally {
    await setLimitTriggers(owner, "enable");
  }
}

async function insertOrganisation(owner: pg.ClientBase, org: number): Promise<void> {
  const id = orgId(org);
  await owner.query(`insert into public.organisations (id, name) values ($1, $2)`, [id, `Bench poison-day ${org}`]);
  await owner.query(`insert into auth.users (id, email) values ($1, $2), ($3, $4)`,
    [coordinatorId(org), `poison-coordinator-${org}@bench.example`, mentorId(org), `poison-mentor-${org}@bench.example`]);
  await owner.query(`insert into public.members (org_id, user_id, role, approval_status) values ($1, $2, 'coordinator', 'approved'), ($1, $3, 'peer_mentor', 'approved')`,
    [id, coordinatorId(org), mentorId(org)]);
  await owner.query(`insert into public.mentor_active_periods (org_id, mentor_id, active_from) values ($1, $2, '2025-01-01')`, [id, mentorId(org)]);
  await owner.query(`insert into public.contacts (org_id, id, full_name, created_by)
    select $1, ${idSql("c", org, "c")}, 'Bench Contact ' || c, $2 from generate_series(1, ${CONTACTS}) c`, [id, mentorId(org)]);
  // Entry e: the poisoned organisation puts entries 1-4 on 03-10 and the rest on
  // 03-11; the spread one puts entry e on day 1 + e % 31.
  await owner.query(`insert into public.activities
      (org_id, id, kind, activity_date, duration_minutes, anonymous_participants, municipality_code, municipality_code_version,
       in_norway, registration_path, registered_by, created_at)
    select $1, ${idSql("d", org, "e")}, 'in_person_outreach',
      case when $3 then (case when e <= ${WIDE_ENTRIES} then date '2026-03-10' else date '2026-03-11' end)
           else date '2026-03-01' + e % 31 end,
      60, 0, '0301', '2024', true, 'direct', $2, timestamptz '2026-03-01' + e * interval '1 second'
    from generate_series(1, ${ENTRIES}) e`, [id, mentorId(org), org === 1]);
  await owner.query(`insert into public.activity_mentors (org_id, activity_id, mentor_id)
    select $1, ${idSql("d", org, "e")}, $2 from generate_series(1, ${ENTRIES}) e`, [id, mentorId(org)]);
  if (org === 1) {
    await owner.query(`insert into public.activity_participants (org_id, activity_id, contact_id)
      select $1, ${idSql("d", org, "e")}, ${idSql("c", org, "c")}
      from generate_series(1, ${WIDE_ENTRIES}) e, generate_series(1, ${CONTACTS}) c`, [id]);
    await owner.query(`insert into public.activity_participants (org_id, activity_id, contact_id)
      select $1, ${idSql("d", org, "e")}, ${idSql("c", org, `1 + (e * ${NARROW_CONTACTS} + c) % ${CONTACTS}`)}
      from generate_series(${WIDE_ENTRIES + 1}, ${ENTRIES}) e, generate_series(1, ${NARROW_CONTACTS}) c`, [id]);
  } else {
    // The same number of link rows, each entry naming its share of contacts.
    await owner.query(`insert into public.activity_participants (org_id, activity_id, contact_id)
      select $1, ${idSql("d", org, "e")}, ${idSql("c", org, `1 + (e * 97 + c) % ${CONTACTS}`)}
      from generate_series(1, ${ENTRIES}) e, generate_series(1, ${Math.ceil(LINKS / ENTRIES)}) c
      where (e - 1) * ${Math.ceil(LINKS / ENTRIES)} + c <= ${LINKS}`, [id]);
  }
}

/** Loads both organisations, analyses, and computes each one's month as its coordinator. */
export async function measurePoisonDay(owner: pg.ClientBase, log: (line: string) => void): Promise<AggregationResults> {
  const started = performance.now();
  await owner.query("set jit = off");
  for (const org of [1, 2]) await loadOrganisation(owner, org);
  await owner.query("analyze public.activities, public.activity_mentors, public.activity_participants, public.contacts");
  const links = await owner.query<{ org_id: string; n: string }>(
    "select org_id, count(*) as n from public.activity_participants where org_id = any ($1) group by org_id order by org_id", [[POISONED_ORG, SPREAD_ORG]]);
  log(`  poison-day organisations: ${links.rows.map((r) => r.n).join(" and ")} link rows, ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const computeAsCoordinator = (org: number) => async () => {
    await owner.query("begin");
    try {
      await owner.query(actAsSql(asUser({ sub: coordinatorId(org), email: `poison-coordinator-${org}@bench.example` })));
      return await owner.query(`select public.compute_bufdir_metrics($1, $2, $3) as figures`, [orgId(org), MONTH.start, MONTH.end]);
    } finally {
      await owner.query("rollback");
    }
  };
  const spread = await measure(`compute, a month of ${ENTRIES} entries × ${LINKS} links spread`, computeAsCoordinator(2), { runs: 5, warmup: 1 });
  const poisoned = await measure(`compute, same links on a poison day (4 × 64k, 2000 × 30)`, computeAsCoordinator(1), { runs: 5, warmup: 1 });
  const figures = ((await computeAsCoordinator(1)()).rows[0] as { figures: { totals: { activity_days: number } } }).figures;
  log(`  poisoned month: ${figures.totals.activity_days} activity-days`);
  const ratio = poisoned.p50Ms / spread.p50Ms;
  return {
    timings: [spread, poisoned],
    checks: [{ check: "target: poison day ≤ 2× the same links spread", pass: ratio <= 2, value: `${ratio.toFixed(2)}×` }],
  };
}
