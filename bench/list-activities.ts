/**
 * `list_activities` as its callers use it, through the client's direct
 * transport: a coordinator lists 20 000 rows, and a mentor with 15 000 links
 * lists one month. One organisation of its own, loaded set-based as the owner:
 * 73 000 activities over 2026 (200 a day), each with one or two mentors and
 * one or two known participants; the listing mentor is a mentor of 15 of every
 * 73 (15 000 links over the year, about 41 entries a day, so each entry lasts
 * 20 minutes to keep the mentor within 1 440 minutes a day). Each is measured in the database (the rows
 * counted where they are produced) and through the client (the rows sent and
 * parsed); the target of 300 ms is checked against the database's time.
 */
import type pg from "pg";
import { asUser, createPostgresTransport } from "../client/src/node.ts";
import { measure, formatMs, type Timing } from "../scripts/lib/measure.ts";

export const LIST_ORG = "00000000-0000-4000-a000-0000000f0001";
const LIST_COORDINATOR = "00000000-0000-4000-b000-0000000f0001";
const LIST_MENTOR = "00000000-0000-4000-b000-0000000f0002";
const OTHER_MENTORS = 40;
const ACTIVITIES = 73_000;
const CONTACTS = 5_000;
const TARGET_MS = 300;

const uuidSql = (prefix: string, numberSql: string) =>
  `('00000000-0000-4000-${prefix}000-' || lpad(to_hex(${numberSql}), 12, '0'))::uuid`;
/** Users f0003.. are the other mentors; activities and contacts have namespaces of their own. */
const otherMentorSql = (numberSql: string) => uuidSql("b", `${0xf0003} + (${numberSql}) % ${OTHER_MENTORS}`);
const activitySql = (numberSql: string) => uuidSql("f", numberSql);
const contactSql = (numberSql: string) => uuidSql("f", `${0x100000} + ${numberSql}`);

export interface ListActivitiesCheck {
  readonly check: string;
  readonly pass: boolean;
  readonly value: string;
}

export interface ListActivitiesResults {
  readonly timings: Timing[];
  readonly checks: ListActivitiesCheck[];
  readonly loadSeconds: number;
}

/** Loads the organisation as the owner (no row-level security, the staleness triggers on). */
async function loadListDataset(owner: pg.ClientBase): Promise<void> {
  await owner.query("set jit = off");
  await owner.query(`insert into public.organisations (id, name) values ('${LIST_ORG}', 'Listing organisation')`);
  await owner.query(`insert into auth.users (id, email)
    select ${uuidSql("b", "u")}, 'list-user-' || u || '@bench.example' from generate_series(${0xf0001}, ${0xf0002 + OTHER_MENTORS}) u`);
  await owner.query(`insert into public.members (org_id, user_id, role, approval_status) values
    ('${LIST_ORG}', '${LIST_COORDINATOR}', 'coordinator', 'approved'), ('${LIST_ORG}', '${LIST_MENTOR}', 'peer_mentor', 'approved')`);
  await owner.query(`insert into public.members (org_id, user_id, role, approval_status)
    select '${LIST_ORG}', ${otherMentorSql("m")}, 'peer_mentor', 'approved' from generate_series(0, ${OTHER_MENTORS - 1}) m`);
  await owner.query(`insert into public.contacts (org_id, id, full_name, created_by)
    select '${LIST_ORG}', ${contactSql("c")}, 'Listed Contact ' || c, '${LIST_COORDINATOR}' from generate_series(0, ${CONTACTS - 1}) c`);
  await owner.query(`insert into public.activities
      (org_id, id, kind, activity_date, duration_minutes, anonymous_participants, municipality_code, municipality_code_version,
       in_norway, registration_path, registered_by, created_at)
    select '${LIST_ORG}', ${activitySql("a")},
      (array['in_person_outreach','group_meeting','phone_or_digital','mentor_course','other'])[1 + a % 5]::public.activity_kind,
      date '2026-01-01' + a / 200, 20, a % 3, '0301', '2024', true,
      case when a % 10 = 0 then 'proxy' else 'direct' end::public.registration_path,
      case when a % 10 = 0 then '${LIST_COORDINATOR}'::uuid when a % 73 < 15 then '${LIST_MENTOR}'::uuid else ${otherMentorSql("a")} end,
      timestamptz '2026-01-01' + a * interval '1 second'
    from generate_series(0, ${ACTIVITIES - 1}) a`);
  // The listing mentor on 15 of every 73 activities (15 000 links), with a co-mentor on half of
  // those; another mentor on every other activity.
  await owner.query(`insert into public.activity_mentors (org_id, activity_id, mentor_id)
    select '${LIST_ORG}'::uuid, ${activitySql("a")}, '${LIST_MENTOR}'::uuid from generate_series(0, ${ACTIVITIES - 1}) a where a % 73 < 15
    union all
    select '${LIST_ORG}'::uuid, ${activitySql("a")}, ${otherMentorSql("a")} from generate_series(0, ${ACTIVITIES - 1}) a where a % 73 >= 15 or a % 2 = 0`);
  await owner.query(`insert into public.activity_participants (org_id, activity_id, contact_id)
    select '${LIST_ORG}', ${activitySql("a")}, ${contactSql(`(a * 7 + p) % ${CONTACTS}`)}
    from generate_series(0, ${ACTIVITIES - 1}) a, generate_series(0, 1) p where p = 0 or a % 2 = 0`);
  // As autovacuum leaves a table at rest: statistics, and a visibility map for index-only scans.
  await owner.query("vacuum analyze public.activities, public.activity_mentors, public.activity_participants, public.contacts, public.members");
}

/**
 * Loads the listing organisation into a migrated database (as its owner) and
 * measures both lines through the client's direct transport on `pool`.
 *
 * @example
 * const listing = await measureListActivities(owner, pool, console.log);
 */
export async function measureListActivities(owner: pg.ClientBase, pool: pg.Pool, log: (line: string) => void): Promise<ListActivitiesResults> {
  const started = performance.now();
  await loadListDataset(owner);
  const loadSeconds = (performance.now() - started) / 1000;
  log(`  list_activities organisation (${ACTIVITIES.toLocaleString("en")} activities): ${loadSeconds.toFixed(1)} s`);

  const list = (sub: string, start: string, end: string) => {
    const transport = createPostgresTransport({ pool, context: asUser({ sub, email: `${sub}@bench.example` }) });
    return async () => {
      const result = await transport.call({ fn: "list_activities", args: { org_id: LIST_ORG, period_start: start, period_end: end }, returns: "many" });
      if (result.isErr()) throw new Error(`list_activities failed: ${JSON.stringify(result.error)}`);
      return result.value as unknown[];
    };
  };
  // 2026-01-01 .. 2026-04-10: 100 days of 200 activities.
  const coordinatorList = list(LIST_COORDINATOR, "2026-01-01", "2026-04-10");
  const mentorLinks = await owner.query<{ n: string }>(
    "select count(*) as n from public.activity_mentors where org_id = $1 and mentor_id = $2", [LIST_ORG, LIST_MENTOR]);
  const mentorList = list(LIST_MENTOR, "2026-03-01", "2026-03-31");
  // The same call in the database alone: as the user, in one round trip, counting the rows it
  // returns instead of sending them (what the client then spends parsing them is the difference).
  const inDatabase = (sub: string, start: string, end: string) => async () => {
    const client = await pool.connect();
    try {
      await client.query(`begin; set local role authenticated;
        select set_config('request.jwt.claims', ${client.escapeLiteral(JSON.stringify({ sub, role: "authenticated" }))}, true);
        select count(*) from public.list_activities('${LIST_ORG}', '${start}', '${end}'); commit`);
    } finally {
      client.release();
    }
  };
  const coordinatorRows = (await coordinatorList()).length;
  const mentorRows = (await mentorList()).length;
  const links = Number(mentorLinks.rows[0]!.n);
  const coordinatorServer = await measure(`list_activities in the database: coordinator, ${coordinatorRows.toLocaleString("en")} rows`,
    inDatabase(LIST_COORDINATOR, "2026-01-01", "2026-04-10"), { runs: 10, warmup: 2 });
  const mentorServer = await measure(`list_activities in the database: mentor, ${links.toLocaleString("en")} links, a month`,
    inDatabase(LIST_MENTOR, "2026-03-01", "2026-03-31"), { runs: 10, warmup: 2 });
  const coordinator = await measure(`list_activities via the client: coordinator, ${coordinatorRows.toLocaleString("en")} rows`, coordinatorList, { runs: 10, warmup: 2 });
  const mentor = await measure(
    `list_activities via the client: mentor, ${links.toLocaleString("en")} links, a month (${mentorRows} rows)`, mentorList, { runs: 10, warmup: 2 });
  const line = (server: Timing, client: Timing, rows: number) =>
    `in the database p50 ${formatMs(server.p50Ms)} ms (p99 ${formatMs(server.p99Ms)}); via the client p50 ${formatMs(client.p50Ms)} ms (p99 ${formatMs(client.p99Ms)}); ${rows} rows`;
  return {
    timings: [coordinatorServer, mentorServer, coordinator, mentor],
    loadSeconds,
    checks: [
      { check: `target: list 20 000 rows as a coordinator ≤ ${TARGET_MS} ms`, pass: coordinatorRows === 20_000 && coordinatorServer.p50Ms <= TARGET_MS,
        value: line(coordinatorServer, coordinator, coordinatorRows) },
      { check: `target: a month as a mentor with 15 000 links ≤ ${TARGET_MS} ms`, pass: links === 15_000 && mentorServer.p50Ms <= TARGET_MS,
        value: line(mentorServer, mentor, mentorRows) },
    ],
  };
}
