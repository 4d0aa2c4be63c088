/**
 * Mentors by the names people read: display name and e-mail address, as the
 * acting user may see them (`list_member_names` returns the roster they may
 * read). Used to label summaries and to accept `--mentor` by name or e-mail.
 */
import type { ResultAsync } from "neverthrow";
import { databaseUuid, rpc, type DomainFailure, type RpcTransport } from "@bufdir-reporting/client";
import type { DatabaseSession } from "./database-session.ts";
import { CliFailure, EXIT, shorten } from "./output.ts";

/**
 * One member with a readable name.
 *
 * @example
 * const name: MemberName = { userId: "7c1e…", displayName: "Kari Nordmann", email: "mentor1@org1.example" };
 */
export interface MemberName {
  readonly userId: string;
  readonly displayName: string;
  readonly email: string;
}

/**
 * The names of an organisation's members that the transport's caller may read.
 *
 * @example
 * const names = await unwrap(fetchMemberNames(actor.transport, org.id));
 */
export function fetchMemberNames(transport: RpcTransport, organisationId: string): ResultAsync<MemberName[], DomainFailure> {
  return rpc(transport, "list_member_names", { org_id: organisationId }).map((rows) =>
    // A revoked member's row carries no address: "" here, so the label is their name alone.
    rows.map((row) => ({ userId: row.user_id.toLowerCase(), displayName: row.display_name, email: row.email ?? "" })),
  );
}

/**
 * "Kari Nordmann <mentor1@org1.example>" for a mentor's id; the name alone for a
 * revoked member (no address); "(organisation)" for null; the id itself for
 * someone whose name the caller may not read.
 *
 * @example
 * mentorLabel(names, summary.mentor_id)
 */
export function mentorLabel(names: readonly MemberName[], mentorId: string | null): string {
  if (mentorId === null) return "(organisation)";
  const found = names.find((entry) => entry.userId === mentorId.toLowerCase());
  if (found === undefined) return mentorId;
  if (found.email === "") return found.displayName;
  return found.displayName === found.email ? found.email : `${found.displayName} <${found.email}>`;
}

/**
 * `--mentor`: "none" for the organisation-wide summaries, else one mentor by
 * e-mail, display name (any case, or a part of either that only one member's holds) or uuid. A
 * miss lists the names there are.
 *
 * @example
 * mentorArgument(names, "kari") // the id of "Kari Nordmann"
 */
export function mentorArgument(names: readonly MemberName[], text: string): string | null {
  if (text.trim().toLowerCase() === "none") return null;
  if (databaseUuid.safeParse(text).success) return text.toLowerCase();
  const wanted = text.trim().toLocaleLowerCase("nb");
  const fields = (entry: MemberName) => [entry.email.toLocaleLowerCase("nb"), entry.displayName.toLocaleLowerCase("nb")];
  const exact = names.filter((entry) => fields(entry).includes(wanted));
  const matches = exact.length > 0 ? exact : names.filter((entry) => fields(entry).some((field) => field.includes(wanted)));
  if (matches.length === 1) return matches[0]!.userId;
  const listed = (entries: readonly MemberName[]) =>
    entries.slice(0, 8).map((entry) => mentorLabel(entries, entry.userId)).join(", ") + (entries.length > 8 ? ` and ${entries.length - 8} more` : "");
  if (matches.length > 1) {
    throw new CliFailure(`--mentor "${shorten(text)}" fits several members: ${listed(matches)}`, EXIT.usage, "ambiguous_mentor");
  }
  const known = names.length === 0 ? "no names are known here" : `known: ${listed(names)}`;
  throw new CliFailure(`no mentor "${shorten(text)}" (an e-mail address, a name, or "none"); ${known}`, EXIT.usage, "unknown_mentor");
}

/**
 * "Kari Nordmann <coordinator@org1.example>" for a user's id, read as the owner
 * (the operator who exported knows who they are); the id itself for a user
 * who no longer exists.
 *
 * @example
 * printFields({ "exported by": await userLabel(session, record.exported_by) });
 */
export async function userLabel(session: DatabaseSession, userId: string): Promise<string> {
  const found = await session.asOwner((client) =>
    client.query<{ name: string | null; email: string | null }>(
      "select nullif(btrim(raw_user_meta_data ->> 'full_name'), '') as name, email from auth.users where id = $1::uuid",
      [userId],
    ),
  );
  const user = found.rows[0];
  if (user === undefined) return userId;
  if (user.name === null) return user.email ?? userId;
  return user.email === null ? user.name : `${user.name} <${user.email}>`;
}
