/**
 * Arguments several commands share: an organisation (id or exact name) and a
 * reporting period ('2026-H1', '2026', '2026-Q3', '2026-05' or 'start..end').
 */
import { parsePeriod, type Period } from "../../client/src/index.ts";
import type { DatabaseSession } from "./database-session.ts";
import { CliFailure, EXIT } from "./output.ts";

export interface Organisation {
  readonly id: string;
  readonly name: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Finds an organisation by id or exact name (looked up as the owner: names are
 * not secret to an operator, and what the actor may do is still decided by RLS).
 *
 * @example
 * const org = await resolveOrganisation(session, "Likepersonforeningen Vest");
 */
export async function resolveOrganisation(session: DatabaseSession, idOrName: string): Promise<Organisation> {
  const rows = await session.asOwner((client) =>
    client.query<Organisation>(
      UUID.test(idOrName)
        ? "select id, name from public.organisations where id = $1"
        : "select id, name from public.organisations where name = $1",
      [idOrName],
    ),
  );
  if (rows.rows.length === 0) throw new CliFailure(`no organisation "${idOrName}"`, EXIT.usage);
  if (rows.rows.length > 1) throw new CliFailure(`several organisations are named "${idOrName}": use its id`, EXIT.usage);
  return rows.rows[0]!;
}

/**
 * Parses a period argument; an invalid one is a usage error.
 *
 * @example
 * const period = periodArgument("2026-H1"); // { start: "2026-01-01", end: "2026-06-30", label: "2026-H1" }
 */
export function periodArgument(text: string): Period {
  const parsed = parsePeriod(text);
  if (parsed.isErr()) throw new CliFailure(`invalid period "${text}": ${parsed.error.issue}`, EXIT.usage);
  return parsed.value;
}
