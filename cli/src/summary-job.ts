/**
 * The scheduled summary job, driven from outside the database: one top-level
 * command per organisation, so that each organisation has a time limit of its
 * own. PostgreSQL arms `statement_timeout` when a command arrives, so inside the
 * single command of pg_cron's block no organisation can have one; here each
 * organisation runs in its own transaction with its own `statement_timeout` and
 * `lock_timeout`, and commits before the next begins (its sync horizon is held
 * only until then). An organisation that fails is rolled back alone, recorded in
 * public.summary_job_failures, and the job goes on.
 */
import type pg from "pg";
import { cancellationRequested, cancelledFailure } from "./cancellation.ts";

/** What `run-job` needs to know. */
export interface SummaryJobOptions {
  /** The day the job runs for: the periods that ended the day before are generated. */
  readonly asOf: string;
  /** Each organisation's time limit (statement_timeout), in milliseconds. */
  readonly organisationTimeoutMs: number;
  /** Each organisation's longest wait for a lock (lock_timeout), in milliseconds. */
  readonly lockWaitMs: number;
}

/** How one organisation's share of the job ended. */
export type OrganisationOutcome =
  | {
      readonly id: string;
      readonly name: string;
      readonly status: "served";
      readonly summaries: number;
      readonly seconds: number;
    }
  | {
      readonly id: string;
      readonly name: string;
      readonly status: "failed";
      readonly sqlstate: string;
      readonly message: string;
      /** The period being generated when the failure came from inside the generation; null otherwise (e.g. the time limit). */
      readonly periodType: string | null;
      readonly periodStart: string | null;
      readonly seconds: number;
      /** Why the failure could not be written to public.summary_job_failures (absent when it was). */
      readonly notRecorded?: string;
    };

/** Error codes of the socket layer: the connection is gone, so the job cannot go on. */
const CONNECTION_LOST = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EPIPE"]);

/** A SQLSTATE-bearing error of the database (not a lost connection or a bug of ours). */
function databaseError(error: unknown): { code: string; message: string } | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string" || CONNECTION_LOST.has(code) || !/^[0-9A-Z]{5}$/.test(code)) return undefined;
  return { code, message: error instanceof Error ? error.message : String(error) };
}

/**
 * The organisations the job serves, in the order it serves them (by id).
 *
 * @example
 * const organisations = await summaryJobOrganisations(client);
 */
export async function summaryJobOrganisations(client: pg.ClientBase): Promise<{ id: string; name: string }[]> {
  const result = await client.query<{ id: string; name: string }>(
    `select o.id::text as id, o.name
     from private.summary_job_organisations() j (id)
     join public.organisations o on o.id = j.id
     order by o.id`,
  );
  return result.rows;
}

/**
 * Serves one organisation: its own transaction, with its own statement_timeout
 * and lock_timeout armed for the one command that does the work, committed
 * before returning. A failure the database function records itself (it returns
 * null) is read back; one outside it (the time limit, 57014, which PL/pgSQL's
 * `when others` does not catch) is rolled back and then recorded through
 * private.record_summary_job_failure. A signal (Ctrl-C) or a lost connection is
 * thrown, not recorded.
 *
 * @example
 * const outcome = await runSummaryJobFor(client, { id, name }, { asOf: "2026-07-01", organisationTimeoutMs: 120_000, lockWaitMs: 30_000 });
 */
export async function runSummaryJobFor(
  client: pg.ClientBase,
  organisation: { readonly id: string; readonly name: string },
  options: SummaryJobOptions,
): Promise<OrganisationOutcome> {
  const began = performance.now();
  const seconds = () => Math.round(performance.now() - began) / 1000;
  try {
    await client.query("begin");
    // Separate commands: the time limit applies from the next command on.
    await client.query("select pg_catalog.set_config('statement_timeout', $1, true), pg_catalog.set_config('lock_timeout', $2, true)", [
      `${options.organisationTimeoutMs}ms`,
      `${options.lockWaitMs}ms`,
    ]);
    const run = await client.query<{ written: number | null }>("select private.run_summary_job_for($1::uuid, $2::date, $3::integer) as written", [
      organisation.id,
      options.asOf,
      options.lockWaitMs,
    ]);
    const written = run.rows[0]?.written ?? null;
    if (written !== null) {
      await client.query("commit");
      return { ...organisation, status: "served", summaries: written, seconds: seconds() };
    }
    // The function rolled its work back and recorded why; the record is committed with the transaction.
    const recorded = await client.query<{ sqlstate: string; message: string; period_type: string | null; period_start: string | null }>(
      `select f.sqlstate, f.message, f.period_type::text as period_type, f.period_start::text as period_start
       from public.summary_job_failures f where f.org_id = $1::uuid and f.as_of = $2::date order by f.id desc limit 1`,
      [organisation.id, options.asOf],
    );
    await client.query("commit");
    const failure = recorded.rows[0];
    return {
      ...organisation,
      status: "failed",
      sqlstate: failure?.sqlstate ?? "XX000",
      message: failure?.message ?? "failed without a recorded reason",
      periodType: failure?.period_type ?? null,
      periodStart: failure?.period_start ?? null,
      seconds: seconds(),
    };
  } catch (error) {
    const failed = databaseError(error);
    const signal = cancellationRequested();
    await client.query("rollback").catch(() => undefined);
    if (signal !== undefined) throw cancelledFailure(signal);
    if (failed === undefined) throw error;
    const message = failed.code === "57014" ? `${failed.message} (the organisation's time limit is ${options.organisationTimeoutMs / 1000} s)` : failed.message;
    const notRecorded = await recordFailure(client, organisation.id, options, failed.code, message);
    return {
      ...organisation,
      status: "failed",
      sqlstate: failed.code,
      message,
      periodType: null,
      periodStart: null,
      seconds: seconds(),
      ...(notRecorded !== undefined ? { notRecorded } : {}),
    };
  }
}

/**
 * Records a failure that happened outside run_summary_job_for's own handler, in
 * a transaction of its own, bounded like the organisation's work (whatever held
 * the organisation up must not hold the job up here too). Returns why it could
 * not be recorded, or undefined when it was; a signal or a lost connection is thrown.
 */
async function recordFailure(client: pg.ClientBase, orgId: string, options: SummaryJobOptions, code: string, message: string): Promise<string | undefined> {
  try {
    await client.query("begin");
    await client.query("select pg_catalog.set_config('statement_timeout', $1, true), pg_catalog.set_config('lock_timeout', $1, true)", [
      `${options.organisationTimeoutMs}ms`,
    ]);
    await client.query("select private.record_summary_job_failure($1::uuid, $2::date, null, null, $3, $4)", [orgId, options.asOf, code, message]);
    await client.query("commit");
    return undefined;
  } catch (error) {
    const failed = databaseError(error);
    const signal = cancellationRequested();
    await client.query("rollback").catch(() => undefined);
    if (signal !== undefined) throw cancelledFailure(signal);
    if (failed === undefined) throw error;
    return `${failed.code}: ${failed.message}`;
  }
}
