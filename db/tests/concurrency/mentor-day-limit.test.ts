/**
 * The per-mentor-day minute limit across concurrent sessions: two registrations
 * for one mentor's day, each within the limit alone and over it together, are
 * serialised by the private per-(organisation, mentor) row lock; the second waits
 * for the first to commit, then sees its minutes and is refused (22023). No API
 * role can read or lock that row. PostgreSQL only: the embedded engine has one
 * backend, so sessions cannot overlap.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyTestSupport, prepareDatabase } from "../../../scripts/lib/migrations.ts";
import { createScratchDatabase, type ScratchDatabase } from "../../../scripts/lib/scratch-database.ts";
import { testTarget } from "../../../scripts/test/support/test-target.ts";

const target = testTarget();
const org = "00000000-0000-4000-a000-0000000000f2";
const mentorEmail = "mentor@mentor-day.example";
const coordinatorEmail = "coordinator@mentor-day.example";
const busyDay = "2026-10-05";
const quietDay = "2026-10-06";
const linkDay = "2026-10-07";

if (target.engine === "embedded") {
  console.log("mentor-day-limit: skipped on the embedded engine (one backend: no concurrent sessions)");
}

describe.runIf(target.engine === "postgres")("the per-mentor-day limit across sessions", () => {
  let scratch: ScratchDatabase;
  let pool: pg.Pool;
  let mentorId: string;

  beforeAll(async () => {
    scratch = await createScratchDatabase(target);
    await prepareDatabase(scratch.url);
    await applyTestSupport(scratch.url);
    pool = new pg.Pool({ connectionString: scratch.url, max: 4 });
    await pool.query(`insert into public.organisations (id, name) values ($1, 'Mentor-day limit')`, [org]);
    mentorId = (await pool.query<{ id: string }>(`select tests.create_user($1) as id`, [mentorEmail])).rows[0]!.id;
    const coordinatorId = (await pool.query<{ id: string }>(`select tests.create_user($1) as id`, [coordinatorEmail])).rows[0]!.id;
    await pool.query(`insert into public.members (org_id, user_id, role, approval_status)
      values ($1, $2, 'peer_mentor', 'approved'), ($1, $3, 'coordinator', 'approved')`, [org, mentorId, coordinatorId]);
  });
  afterAll(async () => {
    await pool?.end();
    await scratch?.dispose();
  });

  const minutesThatDay = async (day: string) =>
    (await pool.query<{ minutes: number; entries: number }>(
      `select coalesce(sum(a.duration_minutes), 0)::int as minutes, count(*)::int as entries
       from public.activities a join public.activity_mentors am on am.org_id = a.org_id and am.activity_id = a.id
       where a.org_id = $1 and am.mentor_id = $2 and a.activity_date = $3 and a.deleted_at is null`, [org, mentorId, day])).rows[0]!;

  const register = (client: pg.PoolClient | pg.Pool, email: string, path: "direct" | "proxy", day: string, minutes: number) =>
    client.query(`select tests.authenticate_as($1)`, [email]).then(() =>
      client.query(`select public.register_activity($1, $2, 'in_person_outreach', $3, $4, array[$5]::uuid[])`,
        [org, path, day, minutes, mentorId]));

  it("refuses the second of two concurrent registrations that together pass 1 440 minutes", async () => {
    // 500 minutes already that day; each registration below brings 500 more.
    const setup = await pool.connect();
    try {
      await setup.query("begin");
      await register(setup, mentorEmail, "direct", busyDay, 500);
      await setup.query("commit");
    } finally {
      setup.release();
    }
    const [first, second] = [await pool.connect(), await pool.connect()];
    try {
      await first.query("begin");
      await register(first, mentorEmail, "direct", busyDay, 500);
      const secondPid = (await second.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0]!.pid;
      await second.query("begin");
      const waiting = register(second, coordinatorEmail, "proxy", busyDay, 500).then(
        () => "ok",
        (error: { code?: string }) => `error:${error.code}`,
      );
      // The second writer waits on the first one's lock, not on anything else.
      let waitedOnLock = false;
      for (let attempt = 0; attempt < 100 && !waitedOnLock; attempt += 1) {
        const { rows } = await pool.query<{ wait: string | null }>(
          "select wait_event_type as wait from pg_stat_activity where pid = $1", [secondPid]);
        waitedOnLock = rows[0]?.wait === "Lock";
        if (!waitedOnLock) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(waitedOnLock).toBe(true);
      await first.query("commit");
      expect(await waiting).toBe("error:22023");
      await second.query("rollback");
      expect(await minutesThatDay(busyDay)).toEqual({ minutes: 1000, entries: 2 });
    } finally {
      await first.query("rollback").catch(() => undefined);
      await second.query("rollback").catch(() => undefined);
      first.release();
      second.release();
    }
  });

  it("lets both through when together they stay within the limit", async () => {
    const [first, second] = [await pool.connect(), await pool.connect()];
    try {
      await first.query("begin");
      await register(first, mentorEmail, "direct", quietDay, 720);
      await second.query("begin");
      const waiting = register(second, coordinatorEmail, "proxy", quietDay, 720);
      await first.query("commit");
      await waiting;
      await second.query("commit");
      expect(await minutesThatDay(quietDay)).toEqual({ minutes: 1440, entries: 2 });
    } finally {
      await first.query("rollback").catch(() => undefined);
      await second.query("rollback").catch(() => undefined);
      first.release();
      second.release();
    }
  });

  it("serialises two concurrent mentor links on the table path, which no other bookkeeping orders", async () => {
    // Three committed entries of 500 minutes that day, the first naming the mentor;
    // two sessions then name the mentor in the other two at once. The links'
    // staleness bookkeeping runs after the limit check: only the mentor's own
    // lock makes the second check see the first link.
    const ids = (await pool.query<{ id: string }>(
      `insert into public.activities (org_id, kind, activity_date, duration_minutes, registration_path, registered_by)
       select $1, 'in_person_outreach', $2, 500, 'proxy', $3 from generate_series(1, 3) returning id`,
      [org, linkDay, mentorId])).rows.map((row) => row.id);
    await pool.query(`insert into public.activity_mentors (org_id, activity_id, mentor_id) values ($1, $2, $3)`, [org, ids[0], mentorId]);
    const link = (client: pg.PoolClient, activityId: string | undefined) =>
      client.query(`insert into public.activity_mentors (org_id, activity_id, mentor_id) values ($1, $2, $3)`, [org, activityId, mentorId]);
    const [first, second] = [await pool.connect(), await pool.connect()];
    try {
      await first.query("begin");
      await link(first, ids[1]);
      await second.query("begin");
      const waiting = link(second, ids[2]).then(() => "ok", (error: { code?: string }) => `error:${error.code}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await first.query("commit");
      const outcome = await waiting;
      await second.query(outcome === "ok" ? "commit" : "rollback");
      expect(outcome).toBe("error:22023");
      expect(await minutesThatDay(linkDay)).toEqual({ minutes: 1000, entries: 2 });
    } finally {
      await first.query("rollback").catch(() => undefined);
      await second.query("rollback").catch(() => undefined);
      first.release();
      second.release();
    }
  });

  it("keeps the lock rows out of every API role's reach", async () => {
    const client = await pool.connect();
    try {
      await client.query("begin");
      await client.query(`select tests.authenticate_as($1)`, [mentorEmail]);
      await expect(client.query("select * from private.mentor_write_locks for update")).rejects.toMatchObject({ code: "42501" });
      await client.query("rollback");
    } finally {
      client.release();
    }
  });
});
