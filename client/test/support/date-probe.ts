/**
 * Run as a child process with TZ set (see postgres-transport.test.ts): calls
 * date-returning functions through the postgres transport, and the same query
 * through a plain pg client with node-postgres's defaults for comparison, and
 * prints what each returned as JSON.
 *
 * Usage: tsx client/test/support/date-probe.ts <database url>
 */
import pg from "pg";
import { asAnon } from "../../src/context/request-context.ts";
import { createPostgresTransport } from "../../src/transport/postgres-transport.ts";

const url = process.argv[2];
if (url === undefined) throw new Error("usage: date-probe.ts <database url>");

const transport = createPostgresTransport({ connectionString: url, context: asAnon(), poolOptions: { max: 1 } });
const plain = new pg.Client({ connectionString: url });
try {
  const day = await transport.call({ fn: "test_day", returns: "scalar" });
  const values = await transport.call({ fn: "test_values", returns: "many" });
  await plain.connect();
  const defaultDay = (await plain.query<{ day: Date }>("select date '2026-01-01' as day")).rows[0]!.day;
  console.log(
    JSON.stringify({
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      offsetMinutes: new Date("2026-01-01T00:00:00Z").getTimezoneOffset(),
      day: day.isOk() ? day.value : day.error,
      values: values.isOk() ? values.value : values.error,
      defaultDayIso: defaultDay.toISOString(),
    }),
  );
} finally {
  await plain.end();
  await transport.end();
}
