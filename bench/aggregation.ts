/**
 * The aggregation measured against its like-for-like anchor, the inputs floor:
 * every input the counting rules read (activities, their mentors with the
 * roster, their participants) joined once and grouped once per activity. Also
 * its growth from 100 k to 1 M activities, a freshly loaded database before any
 * ANALYZE, summaries for every mentor, storing the day partials and computing
 * from them, and a refresh after one new activity.
 */
import type pg from "pg";
import { actAsSql } from "../client/src/context/act-as-sql.ts";
import { asServiceRole } from "../client/src/context/request-context.ts";
import { measure, type Timing } from "../scripts/lib/measure.ts";

export interface AggregationCheck {
  readonly check: string;
  readonly pass: boolean;
  readonly value: string;
}

export interface AggregationResults {
  readonly timings: Timing[];
  readonly checks: AggregationCheck[];
}

/** Periods of the large organisation sized by activity count (its activities spread evenly over 181 days). */
export interface AggregationPeriod {
  readonly start: string;
  readonly end: string;
  /** How many activities it holds, for the labels. */
  readonly activities: number;
}

export interface AggregationPeriods {
  readonly full: AggregationPeriod;
  readonly tenth: AggregationPeriod;
  readonly twentyThousand: AggregationPeriod;
}

/** 1000000 as "1M", 100000 as "100k". */
function size(activities: number): string {
  return activities >= 1_000_000 ? `${+(activities / 1_000_000).toFixed(1)}M` : `${Math.round(activities / 1000)}k`;
}

const INPUTS_FLOOR = `
  select count(*) as activities, sum(cardinality(s.mentors)) as mentor_links, sum(cardinality(s.contacts)) as contact_links,
         count(*) filter (where s.approved_mentors > 0) as with_approved_mentor
  from (
    select a.id, array_agg(distinct am.mentor_id) as mentors, array_agg(distinct ap.contact_id) as contacts,
           count(distinct mem.user_id) as approved_mentors
    from public.activities a
    join public.activity_mentors am on am.org_id = a.org_id and am.activity_id = a.id
    left join public.members mem on mem.org_id = am.org_id and mem.user_id = am.mentor_id and mem.approval_status = 'approved'
    left join public.activity_participants ap on ap.org_id = a.org_id and ap.activity_id = a.id
    where a.org_id = $1 and a.activity_date between $2 and $3 and a.deleted_at is null
    group by a.id
  ) s`;

const COMPUTE = `select private.compute_metrics($1, $2, $3) as figures`;

/** Forgets the planner statistics of the tables the aggregation reads, as a fresh load has none. */
async function forgetStatistics(owner: pg.ClientBase): Promise<void> {
  const tables = ["public.activities", "public.activity_mentors", "public.activity_participants", "public.members", "public.mentor_active_periods"];
  await owner.query(`delete from pg_catalog.pg_statistic where starelid = any ($1::regclass[])`, [tables]);
  await owner.query(`update pg_catalog.pg_class set reltuples = -1, relpages = 0 where oid = any ($1::regclass[])`, [tables]);
}

function ratio(a: Timing, b: Timing): number {
  return a.p50Ms / b.p50Ms;
}

/**
 * Runs every aggregation measurement on the loaded bench database as its owner,
 * whose session acts as the service role. Leaves the database analysed.
 */
export async function measureAggregation(
  owner: pg.ClientBase, organisation: string, periods: AggregationPeriods, log: (line: string) => void,
): Promise<AggregationResults> {
  const { full, tenth, twentyThousand } = periods;
  const run = (sql: string, period: AggregationPeriod) => () => owner.query(sql, [organisation, period.start, period.end]);
  // From scratch first: no stored day partials, every day classified.
  await owner.query(`delete from private.day_partials where org_id = $1`, [organisation]);
  log("  aggregation: inputs floor and compute, analysed");
  const floor = await measure(`inputs floor (join once, group once), ${size(full.activities)}`, run(INPUTS_FLOOR, full), { runs: 5, warmup: 1 });
  // The floor above may use parallel workers and JIT (the server's defaults); the
  // aggregation runs in one backend: the floor run the same way is the like-for-like
  // comparison, reported beside the target.
  const floorOneBackend = await measure(`inputs floor, one backend, no JIT, ${size(full.activities)}`, async () => {
    await owner.query("begin");
    try {
      await owner.query("set local max_parallel_workers_per_gather = 0");
      await owner.query("set local jit = off");
      await owner.query(INPUTS_FLOOR, [organisation, full.start, full.end]);
    } finally {
      await owner.query("rollback");
    }
  }, { runs: 3, warmup: 0 });
  const compute = await measure(`compute_metrics, ${size(full.activities)} activities`, run(COMPUTE, full), { runs: 3, warmup: 0 });
  const computeTenth = await measure(`compute_metrics, ${size(tenth.activities)} activities`, run(COMPUTE, tenth), { runs: 3, warmup: 1 });
  const compute20k = await measure(`compute_metrics, ${size(twentyThousand.activities)} activities`, run(COMPUTE, twentyThousand), { runs: 5, warmup: 1 });

  log("  aggregation: the same before any ANALYZE");
  await forgetStatistics(owner);
  const fresh20k = await measure(`compute_metrics, ${size(twentyThousand.activities)}, no statistics`, run(COMPUTE, twentyThousand), { runs: 3, warmup: 0 });
  const fresh = await measure(`compute_metrics, ${size(full.activities)}, no statistics`, run(COMPUTE, full), { runs: 1, warmup: 0 });
  await owner.query("analyze");

  log("  aggregation: summaries for every mentor of the half-year");
  const summaries = await measure("generate_summaries, half-year, every mentor", async () => {
    await owner.query("begin");
    try {
      await owner.query(`select count(*) from private.generate_summaries($1, 'half_year', $2)`, [organisation, full.start]);
    } finally {
      await owner.query("rollback");
    }
  }, { runs: 1, warmup: 0 });
  const mentors = await owner.query<{ n: number }>(
    `select count(distinct am.mentor_id)::int as n from public.activity_mentors am where am.org_id = $1`, [organisation]);

  log("  aggregation: day partials stored, then read");
  const storePartials = await measure(`refresh_day_partials, every day of ${size(full.activities)}`, async () => {
    await owner.query(`select private.refresh_day_partials($1, $2, $3)`, [organisation, full.start, full.end]);
  }, { runs: 1, warmup: 0 });
  const fromPartials = await measure(`compute_metrics, ${size(full.activities)}, from fresh day partials`, run(COMPUTE, full), { runs: 5, warmup: 1 });

  log("  aggregation: refresh after one new activity");
  const refreshAfterOne = await measure(`refresh after one new activity, ${size(full.activities)}`, async () => {
    await owner.query("begin");
    try {
      await owner.query(`insert into public.activities (org_id, kind, activity_date, duration_minutes, registration_path, registered_by)
        select $1, 'in_person_outreach', $2, 60, 'direct', m.user_id from public.members m where m.org_id = $1 limit 1`,
        [organisation, full.start]);
      // The RPC authorises on the database role: act as the service role for the rest of the transaction.
      await owner.query(actAsSql(asServiceRole()));
      await owner.query(`select public.refresh_metric_snapshot($1, $2, $3)`, [organisation, full.start, full.end]);
    } finally {
      await owner.query("rollback");
    }
  }, { runs: 1, warmup: 0 });

  const timings = [floor, floorOneBackend, compute, computeTenth, compute20k, fresh20k, fresh, summaries, storePartials, fromPartials, refreshAfterOne];
  const checks: AggregationCheck[] = [
    { check: `target: compute at ${size(full.activities)} ≤ 1.5× the inputs floor`, pass: ratio(compute, floor) <= 1.5, value: `${ratio(compute, floor).toFixed(2)}×` },
    {
      check: `compute at ${size(full.activities)} ≤ 1.5× the floor in one backend (as the aggregation runs)`,
      pass: ratio(compute, floorOneBackend) <= 1.5,
      value: `${ratio(compute, floorOneBackend).toFixed(2)}×`,
    },
    { check: `target: time(${size(full.activities)}) / time(${size(tenth.activities)}) ≤ 11`, pass: ratio(compute, computeTenth) <= 11, value: `${ratio(compute, computeTenth).toFixed(1)}` },
    { check: `target: before ANALYZE ≤ 2× after, ${size(twentyThousand.activities)}`, pass: ratio(fresh20k, compute20k) <= 2, value: `${ratio(fresh20k, compute20k).toFixed(2)}×` },
    { check: `target: before ANALYZE ≤ 2× after, ${size(full.activities)}`, pass: ratio(fresh, compute) <= 2, value: `${ratio(fresh, compute).toFixed(2)}×` },
    {
      check: `target: summaries for ${mentors.rows[0]!.n} mentors ≤ 2× one compute`,
      pass: ratio(summaries, compute) <= 2,
      value: `${ratio(summaries, compute).toFixed(2)}×`,
    },
    {
      check: "target: refresh after one new activity ≤ 5 % of a compute from scratch",
      pass: ratio(refreshAfterOne, compute) <= 0.05,
      value: `${(100 * ratio(refreshAfterOne, compute)).toFixed(0)} %`,
    },
  ];
  return { timings, checks };
}
