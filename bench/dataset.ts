/**
 * The benchmark's dataset, built set-based with the staleness triggers on: one
 * large organisation with a million activities in 2026-H1, 999 small ones, a
 * hundred thousand snapshots and ten thousand periodic summaries.
 */
import type pg from "pg";

export interface BenchDatasetOptions {
  readonly largeActivities: number;
  readonly smallOrganisations: number;
  readonly smallActivities: number;
  readonly snapshots: number;
  readonly summaries: number;
}

export const DEFAULT_BENCH_DATASET: BenchDatasetOptions = {
  largeActivities: 1_000_000,
  smallOrganisations: 999,
  smallActivities: 200,
  snapshots: 100_000,
  summaries: 10_000,
};

/** Deterministic uuid from a namespace letter (hex) and a number. */
const uuidSql = (prefix: string, numberSql: string) =>
  `('00000000-0000-4000-${prefix}000-' || lpad(to_hex(${numberSql}), 12, '0'))::uuid`;

export const LARGE_ORG = "00000000-0000-4000-a000-000000000001";
export const COORDINATOR = "00000000-0000-4000-b000-000000000001";
const LARGE_MENTORS = 200;
const LARGE_CONTACTS = 20_000;

export interface LoadTimings {
  readonly [phase: string]: number;
}

/**
 * Loads the dataset into an empty, migrated database as its owner.
 * Returns the seconds each phase took.
 */
export async function loadBenchDataset(client: pg.ClientBase, options: BenchDatasetOptions, log: (line: string) => void): Promise<LoadTimings> {
  const timings: Record<string, number> = {};
  const phase = async (name: string, work: () => Promise<void>) => {
    const started = performance.now();
    await work();
    timings[name] = (performance.now() - started) / 1000;
    log(`  ${name}: ${timings[name]!.toFixed(1)} s`);
  };
  const organisations = 1 + options.smallOrganisations;
  // Generated row estimates are guesses; JIT compiling every chunk costs more than it saves.
  await client.query("set jit = off");

  await phase("organisations, users, members", async () => {
    await client.query(`insert into public.organisations (id, name)
      select ${uuidSql("a", "o")}, 'Bench organisation ' || o from generate_series(1, $1::int) o`, [organisations]);
    // User n: the coordinator of organisation n (n <= organisations), then mentors.
    await client.query(`insert into auth.users (id, email)
      select ${uuidSql("b", "u")}, 'bench-user-' || u || '@bench.example' from generate_series(1, $1::int) u`,
      [organisations + LARGE_MENTORS + options.smallOrganisations * 5]);
    await client.query(`insert into public.members (org_id, user_id, role, approval_status)
      select ${uuidSql("a", "o")}, ${uuidSql("b", "o")}, 'coordinator', 'approved' from generate_series(1, $1::int) o`, [organisations]);
    await client.query(`insert into public.members (org_id, user_id, role, approval_status)
      select '${LARGE_ORG}', ${uuidSql("b", `${organisations} + m`)}, 'peer_mentor', 'approved' from generate_series(1, ${LARGE_MENTORS}) m`);
    await client.query(`insert into public.members (org_id, user_id, role, approval_status)
      select ${uuidSql("a", "o")}, ${uuidSql("b", `${organisations + LARGE_MENTORS} + (o - 2) * 5 + m`)}, 'peer_mentor', 'approved'
      from generate_series(2, $1::int) o, generate_series(1, 5) m`, [organisations]);
    await client.query(`insert into public.mentor_active_periods (org_id, mentor_id, active_from)
      select org_id, user_id, '2025-01-01' from public.members where role = 'peer_mentor'`);
  });

  await phase("contacts", async () => {
    await client.query(`insert into public.contacts (org_id, id, full_name, created_by)
      select '${LARGE_ORG}', ${uuidSql("c", "c")}, 'Bench Contact ' || c, '${COORDINATOR}' from generate_series(1, ${LARGE_CONTACTS}) c`);
    await client.query(`insert into public.contacts (org_id, id, full_name, created_by)
      select ${uuidSql("a", "o")}, ${uuidSql("c", `${LARGE_CONTACTS} + (o - 2) * 20 + c`)}, 'Bench Contact', ${uuidSql("b", "o")}
      from generate_series(2, $1::int) o, generate_series(1, 20) c`, [organisations]);
  });


  // Activities with their mentor and participants, one statement per chunk each.
  await phase("large organisation activities (with triggers)", async () => {
    const chunk = 100_000;
    for (let from = 1; from <= options.largeActivities; from += chunk) {
      const to = Math.min(options.largeActivities, from + chunk - 1);
      await client.query(`insert into public.activities
          (org_id, id, kind, activity_date, duration_minutes, anonymous_participants, municipality_code, municipality_code_version,
           in_norway, registration_path, registered_by, created_at)
        select '${LARGE_ORG}', ${uuidSql("d", "a")},
          (array['in_person_outreach','in_person_outreach','group_meeting','phone_or_digital','mentor_course','other'])[1 + a % 6]::public.activity_kind,
          date '2026-01-01' + (a % 181),
          -- 27 or 28 entries per mentor-day: at most 1 200 minutes, and about 120 more as a co-mentor (below),
          -- within the 1 440 of max_minutes_per_mentor_day.
          case a % 7 when 0 then 90 when 1 then 60 else 10 + (a % 7) * 5 end, case when a % 6 = 2 then a % 5 else 0 end,
          (array['0301','4601','5001','1103','3301'])[1 + a % 5], '2024', a % 50 <> 0,
          case when a % 40 = 0 then 'proxy' when a % 97 = 0 then 'bulk' else 'direct' end::public.registration_path,
          '${COORDINATOR}', timestamptz '2026-01-01' + a * interval '1 second'
        from generate_series($1::int, $2::int) a`, [from, to]);
      // A co-mentor on one in seven, as organisations register them (the next
      // mentor; the 30-minute entries, so a mentor-day stays within its limit).
      await client.query(`insert into public.activity_mentors (org_id, activity_id, mentor_id)
        select '${LARGE_ORG}', ${uuidSql("d", "a")}, ${uuidSql("b", `${organisations} + 1 + (a + m) % ${LARGE_MENTORS}`)}
        from generate_series($1::int, $2::int) a, generate_series(0, 1) m where m = 0 or a % 7 = 4`, [from, to]);
      await client.query(`insert into public.activity_participants (org_id, activity_id, contact_id)
        select '${LARGE_ORG}', ${uuidSql("d", "a")}, ${uuidSql("c", `1 + (a * 7 + p) % ${LARGE_CONTACTS}`)}
        from generate_series($1::int, $2::int) a, generate_series(0, 1) p where p = 0 or a % 3 = 0`, [from, to]);
      log(`    ${to.toLocaleString("en")} / ${options.largeActivities.toLocaleString("en")}`);
    }
  });

  await phase("small organisations' activities", async () => {
    const total = options.smallOrganisations * options.smallActivities;
    await client.query(`insert into public.activities
        (org_id, id, kind, activity_date, duration_minutes, anonymous_participants, municipality_code, municipality_code_version,
         in_norway, registration_path, registered_by, created_at)
      select ${uuidSql("a", "2 + n / $2")}, ${uuidSql("e", "n")},
        (array['in_person_outreach','group_meeting','phone_or_digital','mentor_course'])[1 + n % 4]::public.activity_kind,
        date '2026-01-01' + (n % 365), 60, case when n % 4 = 1 then 3 else 0 end, '0301', '2024', true, 'direct',
        ${uuidSql("b", "2 + n / $2")}, timestamptz '2026-01-01' + n * interval '1 second'
      from generate_series(0, $1::int - 1) n`, [total, options.smallActivities]);
    await client.query(`insert into public.activity_mentors (org_id, activity_id, mentor_id)
      select ${uuidSql("a", "2 + n / $2")}, ${uuidSql("e", "n")}, ${uuidSql("b", `${organisations + LARGE_MENTORS} + (n / $2) * 5 + 1 + n % 5`)}
      from generate_series(0, $1::int - 1) n`, [total, options.smallActivities]);
    await client.query(`insert into public.activity_participants (org_id, activity_id, contact_id)
      select ${uuidSql("a", "2 + n / $2")}, ${uuidSql("e", "n")}, ${uuidSql("c", `${LARGE_CONTACTS} + (n / $2) * 20 + 1 + n % 20`)}
      from generate_series(0, $1::int - 1) n`, [total, options.smallActivities]);
  });

  await phase("analyze", async () => {
    await client.query("analyze");
  });

  await phase("snapshots", async () => {
    // One real figure document as the template, moved to each snapshot's period (its month
    // breakdown emptied: the allow-list takes only months inside the period).
    const template = await client.query<{ doc: unknown }>(
      `select private.compute_metrics(${uuidSql("a", "2")}, '2026-01-01', '2026-06-30') as doc`);
    const perOrganisation = Math.ceil(options.snapshots / organisations);
    await client.query(`insert into public.bufdir_metric_snapshots
        (org_id, period_start, period_end, snapshot_json, rule_version, record_count_at_generation, content_hash)
      select ${uuidSql("a", "o")}, date '2020-01-01' + p, date '2020-01-01' + p + 29,
        jsonb_set(jsonb_set(jsonb_set($1::jsonb, '{period,start}', to_jsonb((date '2020-01-01' + p)::text)), '{period,end}', to_jsonb((date '2020-01-01' + p + 29)::text)),
          '{activity_days_by_month}', '{}'),
        '2026.1', 0, ''
      from generate_series(1, $2::int) o, generate_series(0, $3::int - 1) p
      limit $4`, [JSON.stringify(template.rows[0]!.doc), organisations, perOrganisation, options.snapshots]);
  });

  await phase("periodic summaries", async () => {
    const months = Math.ceil(options.summaries / LARGE_MENTORS);
    const template = await client.query<{ doc: unknown }>(
      `select private.compute_metrics('${LARGE_ORG}', '2026-01-01', '2026-01-31', ${uuidSql("b", `${organisations} + 1`)}) as doc`);
    await client.query(`insert into public.periodic_summaries (org_id, mentor_id, period_type, period_start, period_end, summary_data)
      select '${LARGE_ORG}', ${uuidSql("b", `${organisations} + m`)}, 'month',
        (date '2020-01-01' + make_interval(months => k))::date, (date '2020-01-01' + make_interval(months => k + 1) - interval '1 day')::date,
        $1::jsonb
      from generate_series(1, ${LARGE_MENTORS}) m, generate_series(0, $2::int - 1) k
      limit $3`, [JSON.stringify(template.rows[0]!.doc), months, options.summaries]);
  });
  return timings;
}
