/**
 * Acting out a request on a direct connection, written once: the transaction-
 * local settings PostgREST makes for a verified token (the role, the JWT claims
 * auth.uid() and friends read, its search path). The direct transport sends
 * them with every call; tools, the demo and tests use the same settings, so
 * "act as this request" has one definition. Only transaction-local settings are
 * used: they end with the transaction, and the embedded engine's shared backend
 * cannot leak them to another client.
 */
import pg from "pg";
import type { RequestContext } from "./request-context.ts";

/**
 * The `set_config(…, true)` calls that act as `context`, as SQL expressions
 * (for a select list of their own or one shared with other columns). The
 * claims' `role` is always the context's role.
 *
 * @example
 * const sql = `select ${requestSettings(asUser({ sub: userId })).join(", ")}, 1 as ready`;
 */
export function requestSettings(context: RequestContext, schema = "public"): string[] {
  // The database authorises on the role it runs as and refuses claims naming another
  // one, so the claims always carry the context's role.
  const claims = { ...context.claims, role: context.role };
  return [
    `set_config('role', ${pg.escapeLiteral(context.role)}, true)`,
    `set_config('request.jwt.claims', ${pg.escapeLiteral(JSON.stringify(claims))}, true)`,
    // PostgREST's search path on Supabase: the API schema, then extensions.
    `set_config('search_path', ${pg.escapeLiteral(`${pg.escapeIdentifier(schema)}, extensions`)}, true)`,
  ];
}

/**
 * One statement that acts as `context` until the transaction ends.
 *
 * @example
 * await client.query("begin");
 * await client.query(actAsSql(asServiceRole()));
 */
export function actAsSql(context: RequestContext, schema = "public"): string {
  return `select ${requestSettings(context, schema).join(", ")}`;
}

/**
 * Runs `work` in a transaction acting as `context` on a connection you hold,
 * committing when it resolves and rolling back when it throws.
 *
 * @example
 * const rows = await inRequestContext(client, asUser({ sub: userId }), (c) => c.query("select count(*) from public.contacts"));
 */
export async function inRequestContext<T>(
  client: pg.ClientBase,
  context: RequestContext,
  work: (client: pg.ClientBase) => Promise<T>,
): Promise<T> {
  await client.query("begin");
  try {
    await client.query(actAsSql(context));
    const result = await work(client);
    await client.query("commit");
    return result;
  } catch (error) {
    await client.query("rollback");
    throw error;
  }
}
