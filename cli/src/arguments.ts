/**
 * Arguments several commands share: an organisation (id, name or a unique part of a name), a
 * reporting period ('2026-H1', '2026', '2026-Q3', '2026-05' or 'start..end') and a calendar date
 * ('YYYY-MM-DD' only).
 */
import { isIsoDate, parsePeriod, type Period } from "@bufdir-reporting/client";
import type { DatabaseSession } from "./database-session.ts";
import { CliFailure, EXIT, shorten } from "./output.ts";

export interface Organisation {
  readonly id: string;
  readonly name: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How many names a message lists before it says how many more there are. */
const LISTED_NAMES = 8;

function nameList(organisations: readonly Organisation[]): string {
  const names = organisations.map((entry) => `"${shorten(entry.name)}"`);
  const listed = names.slice(0, LISTED_NAMES).join(", ");
  return names.length > LISTED_NAMES ? `${listed} and ${names.length - LISTED_NAMES} more` : listed;
}

/**
 * Picks an organisation from a list by id, by name ignoring case, or by a part
 * of a name (anywhere in it) that only one name holds; a miss lists the candidates.
 *
 * @example
 * matchOrganisation([{ id, name: "Likepersonsforeningen Oslo" }], "oslo") // that organisation
 */
export function matchOrganisation(organisations: readonly Organisation[], idOrName: string, where = ""): Organisation {
  if (UUID.test(idOrName)) {
    const found = organisations.find((entry) => entry.id === idOrName.toLowerCase());
    if (found !== undefined) return found;
    throw new CliFailure(`no organisation with id ${idOrName}${where}`, EXIT.usage, "unknown_organisation");
  }
  const wanted = idOrName.trim().toLocaleLowerCase("nb");
  const lower = (entry: Organisation) => entry.name.toLocaleLowerCase("nb");
  const exact = organisations.filter((entry) => lower(entry) === wanted);
  if (exact.length === 1) return exact[0]!;
  if (exact.length > 1) throw new CliFailure(`several organisations${where} are named "${shorten(idOrName)}": use its id`, EXIT.usage, "ambiguous_organisation");
  const containing = organisations.filter((entry) => lower(entry).includes(wanted));
  if (containing.length === 1) return containing[0]!;
  if (containing.length > 1) {
    throw new CliFailure(`"${shorten(idOrName)}" is in several organisations' names${where}: ${nameList(containing)}`, EXIT.usage, "ambiguous_organisation");
  }
  const candidates = organisations.length === 0 ? "there are none yet" : `known: ${nameList(organisations)}`;
  throw new CliFailure(`no organisation "${shorten(idOrName)}"${where}; ${candidates}`, EXIT.usage, "unknown_organisation");
}

/**
 * Finds an organisation by id, name or a unique part of a name, ignoring
 * case (looked up as the owner: names are not secret to an operator, and what
 * the actor may do is still decided by RLS).
 *
 * @example
 * const org = await resolveOrganisation(session, "likepersonsforeningen os");
 */
export async function resolveOrganisation(session: DatabaseSession, idOrName: string): Promise<Organisation> {
  const rows = await session.asOwner((client) =>
    client.query<Organisation>("select id::text as id, name from public.organisations order by name, id"),
  );
  return matchOrganisation(rows.rows, idOrName);
}

/**
 * A name as a file name's part: lower case, Norwegian letters spelled out,
 * anything else between words a single hyphen.
 *
 * @example
 * slugOf("Likepersonsforeningen Tromsø") // "likepersonsforeningen-tromso"
 */
export function slugOf(name: string): string {
  const spelled = name.toLocaleLowerCase("nb").replace(/æ/g, "ae").replace(/ø/g, "o").replace(/å/g, "a");
  const slug = spelled.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  return slug.slice(0, 60).replace(/-+$/, "") || "organisation";
}

/**
 * Parses a period argument; an invalid one is a usage error.
 *
 * @example
 * const period = periodArgument("2026-H1"); // { start: "2026-01-01", end: "2026-06-30", label: "2026-H1" }
 */
export function periodArgument(text: string): Period {
  const parsed = parsePeriod(text);
  if (parsed.isErr()) throw new CliFailure(`invalid period "${shorten(text)}": ${parsed.error.issue}`, EXIT.usage, "invalid_period");
  return parsed.value;
}

/**
 * Parses a date option: an ISO 8601 calendar date, 'YYYY-MM-DD', of a day that
 * exists. Anything else (`12.06.2026`, `06/12/2026`, `2026-02-30`) is a usage
 * error that says the format, before anything is sent.
 *
 * @example
 * dateArgument("date", "2026-06-12") // "2026-06-12"
 * dateArgument("date", "12.06.2026") // throws CliFailure: invalid --date "12.06.2026": expected a real date as YYYY-MM-DD (exit 2)
 */
export function dateArgument(option: string, text: string): string {
  if (!isIsoDate(text)) {
    throw new CliFailure(`invalid --${option} "${shorten(text)}": expected a real date as YYYY-MM-DD`, EXIT.usage, "invalid_date");
  }
  return text;
}
