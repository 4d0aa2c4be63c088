/**
 * The notification channel periodic_summaries is shared by every session (LISTEN
 * needs no privilege), so what it carries must name no tenant: each notification
 * is only the id of the summary_push_outbox row it announces. A listener that is
 * nobody in particular learns no organisation, mentor or period; the service
 * role reads the announced rows. PostgreSQL only: the embedded engine's socket
 * server does not deliver notifications to its clients.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actAsSql } from "../../../client/src/context/act-as-sql.ts";
import { asServiceRole } from "../../../client/src/context/request-context.ts";
import { createTestDatabase, type TestDatabase } from "../../../client/test/support/test-database.ts";
import { dbDir } from "../../../scripts/lib/paths.ts";
import { testTarget } from "../../../scripts/test/support/test-target.ts";

const ORG_A = "00000000-0000-4000-a000-00000000000a";
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

const onPostgres = testTarget().engine === "postgres";
let db: TestDatabase;

if (!onPostgres) console.log("summary-push-channel: skipped on the embedded engine (its socket server delivers no notifications)");

describe.runIf(onPostgres)("the shared push channel", () => {
  beforeAll(async () => {
    db = await createTestDatabase(readFileSync(resolve(dbDir, "fixtures/bufdir-fixture.sql"), "utf8"));
  });
  afterAll(() => db?.dispose());

  it("announces each queued push by its outbox id alone, and the service role reads the rows", async () => {
    const listener = new pg.Client({ connectionString: db.url });
    const writer = new pg.Client({ connectionString: db.url });
    await listener.connect();
    await writer.connect();
    try {
      const payloads: string[] = [];
      listener.on("notification", (message) => {
        if (message.channel === "periodic_summaries") payloads.push(message.payload ?? "");
      });
      // Anyone may listen: the attacker's session is anon.
      await listener.query("set role anon");
      await listener.query("listen periodic_summaries");

      await writer.query("begin");
      await writer.query(actAsSql(asServiceRole()));
      const generated = await writer.query("select * from public.generate_periodic_summaries($1, 'half_year', '2026-01-01')", [ORG_A]);
      await writer.query("commit");
      expect(generated.rowCount).toBe(6);

      // Notifications arrive after the commit, once the listener next reads from the socket.
      for (let attempt = 0; attempt < 50 && payloads.length < generated.rowCount!; attempt += 1) {
        await listener.query("select 1");
        if (payloads.length < generated.rowCount!) await new Promise((done) => setTimeout(done, 20));
      }
      expect(payloads).toHaveLength(6);
      for (const payload of payloads) {
        expect(payload).not.toMatch(UUID);
        expect(Object.keys(JSON.parse(payload))).toEqual(["outbox_id"]);
      }

      await writer.query("begin");
      await writer.query(actAsSql(asServiceRole()));
      const ids = payloads.map((payload) => String((JSON.parse(payload) as { outbox_id: number }).outbox_id));
      const rows = await writer.query<{ org_id: string; event: string }>(
        "select org_id, event from public.summary_push_outbox where id = any($1::bigint[])", [ids]);
      await writer.query("commit");
      expect(rows.rows).toHaveLength(6);
      expect(rows.rows.every((row) => row.org_id === ORG_A && row.event === "generated")).toBe(true);
    } finally {
      await listener.end();
      await writer.end();
    }
  });
});
