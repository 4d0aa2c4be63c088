/**
 * Registering and listing contacts through `add_contact` and `list_contacts`
 * (db/README.md, "Administration"); row-level security decides what the caller
 * may read.
 */
import type { ResultAsync } from "neverthrow";
import type { DomainFailure } from "../failures/domain-failure.ts";
import { rpc } from "../rpc/rpc.ts";
import type { RpcTransport } from "../transport/rpc-transport.ts";
import type { Contact } from "./contact.ts";

/** A new contact; only the name is required. */
export interface ContactInput {
  readonly organisationId: string;
  readonly fullName: string;
  readonly birthYear?: number | null;
  readonly phone?: string | null;
  readonly email?: string | null;
  /** A four-digit municipality code with the year of its code list. */
  readonly municipality?: { readonly code: string; readonly codeVersion: string } | null;
}

/**
 * Registers contacts as the calling member and lists those the caller may read
 * (coordinators and admins all; a mentor those they registered or met).
 * Refusals are QueryFailures with nothing written: `permission_denied` (not a
 * member, revoked, a pending coordinator or admin, the service role registering),
 * `invalid_input` (a blank name, a birth year outside 1900–2100, a municipality
 * code without its version).
 *
 * @example
 * const contacts = new ContactRepository(transport);
 * const added = await contacts.add({ organisationId: orgId, fullName: "Ola Nordmann", birthYear: 1961 });
 * added.map((contact) => contact.id); // for ActivityRepository.register's participantIds
 */
export class ContactRepository {
  readonly #transport: RpcTransport;

  constructor(transport: RpcTransport) {
    this.#transport = transport;
  }

  /**
   * Registers a contact as the caller.
   *
   * @example
   * await contacts.add({ organisationId: orgId, fullName: "Ola Nordmann", municipality: { code: "0301", codeVersion: "2024" } });
   */
  add(input: ContactInput): ResultAsync<Contact, DomainFailure> {
    return rpc(this.#transport, "add_contact", {
      org_id: input.organisationId,
      full_name: input.fullName,
      ...(input.birthYear != null ? { birth_year: input.birthYear } : {}),
      ...(input.phone != null ? { phone: input.phone } : {}),
      ...(input.email != null ? { email: input.email } : {}),
      ...(input.municipality != null
        ? { municipality_code: input.municipality.code, municipality_code_version: input.municipality.codeVersion }
        : {}),
    });
  }

  /**
   * The live contacts the caller may read, by name.
   *
   * @example
   * const listed = await contacts.list(orgId);
   */
  list(organisationId: string): ResultAsync<Contact[], DomainFailure> {
    return rpc(this.#transport, "list_contacts", { org_id: organisationId });
  }
}
