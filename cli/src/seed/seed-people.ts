/**
 * Who the seeded people are, and how their ids and e-mail addresses are derived.
 *
 * Every organisation n (1-based) has `admin@orgN.example`,
 * `coordinator@orgN.example` and mentors `mentor1@orgN.example` …; a user's id is
 * derived from the seed and their e-mail address. From the second organisation
 * on, two people of the previous organisation also belong here:
 * `mentor1@org(N-1).example` fills the last mentor slot (a mentor in two
 * organisations) and `mentor2@org(N-1).example` is a second coordinator (a
 * mentor in one organisation, a coordinator in another).
 */
import { SEED_PARAM, seedUuid } from "./seed-sql.ts";

/**
 * The three kinds of seeded people, as their e-mail addresses start.
 *
 * @example
 * const kind: SeedPersonKind = "coordinator"; // coordinator@orgN.example
 */
export type SeedPersonKind = "admin" | "coordinator" | "mentor";

/**
 * The e-mail address of a seeded person (`number` only for mentors).
 *
 * @example
 * seedUserEmail("coordinator", 1) // "coordinator@org1.example"
 * seedUserEmail("mentor", 2, 7)   // "mentor7@org2.example"
 */
export function seedUserEmail(kind: SeedPersonKind, organisation: number, number?: number): string {
  return `${kind}${kind === "mentor" ? String(number ?? 1) : ""}@org${organisation}.example`;
}

/**
 * SQL: the e-mail address of a person owned by organisation `organisationSql`
 * (kind as text, number 0 for admins and coordinators).
 *
 * @example
 * emailSql("o", "'mentor'", "3") // evaluates to 'mentor3@org1.example' for o = 1
 */
export function emailSql(organisationSql: string, kindSql: string, numberSql: string): string {
  return `(${kindSql} || coalesce(nullif(${numberSql}, 0)::text, '') || '@org' || ${organisationSql} || '.example')`;
}

/**
 * SQL: a user's id, derived from the seed and their e-mail address.
 *
 * @example
 * userIdSql(emailSql("o", "'admin'", "0"))
 */
export function userIdSql(emailExpression: string): string {
  return seedUuid(`${SEED_PARAM} || ':user:' || ${emailExpression}`);
}

/**
 * SQL: the e-mail address of the mentor in slot `slotSql` (1-based) of
 * organisation `organisationSql` with `mentorsSql` slots; the last slot of every
 * organisation after the first is mentor 1 of the previous one.
 *
 * @example
 * mentorEmailSql("2", "15", "15") // evaluates to 'mentor1@org1.example'
 */
export function mentorEmailSql(organisationSql: string, slotSql: string, mentorsSql: string): string {
  const shared = `(${organisationSql} > 1 and ${slotSql} = ${mentorsSql})`;
  return emailSql(
    `(case when ${shared} then ${organisationSql} - 1 else ${organisationSql} end)`,
    "'mentor'",
    `(case when ${shared} then 1 else ${slotSql} end)`,
  );
}

/**
 * SQL: the id of organisation `organisationSql` (1-based index).
 *
 * @example
 * organisationIdSql("o")
 */
export function organisationIdSql(organisationSql: string): string {
  return seedUuid(`${SEED_PARAM} || ':organisation:' || ${organisationSql}`);
}

/**
 * SQL: the id of contact `indexSql` (1-based) of organisation `organisationSql`.
 *
 * @example
 * contactIdSql("o", "c")
 */
export function contactIdSql(organisationSql: string, indexSql: string): string {
  return seedUuid(`${SEED_PARAM} || ':contact:' || ${organisationSql} || ':' || ${indexSql}`);
}
