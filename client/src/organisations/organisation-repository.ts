/**
 * Creating and listing organisations through the administration RPCs
 * (db/README.md, "Administration").
 */
import type { ResultAsync } from "neverthrow";
import type { DomainFailure } from "../failures/domain-failure.ts";
import { rpc } from "../rpc/rpc.ts";
import type { RpcTransport } from "../transport/rpc-transport.ts";
import type { Organisation, OrganisationListing } from "./organisation.ts";

/**
 * A new organisation and the e-mail address of its first admin, an existing
 * user (Supabase Auth owns users).
 */
export interface OrganisationInput {
  readonly name: string;
  readonly adminEmail: string;
}

/**
 * Creates organisations (the service role only: an operator's task) and lists
 * those the transport's caller may read. Refusals are QueryFailures with
 * nothing written: `permission_denied` (creating as anyone but the service
 * role), `not_found` (no user with the admin's e-mail), `conflict` (an
 * organisation of that name exists), `invalid_input` (a blank or over-long
 * name).
 *
 * @example
 * const organisations = new OrganisationRepository(serviceTransport);
 * const created = await organisations.create({ name: "Likepersonsforeningen Oslo", adminEmail: "admin@oslo.example" });
 * created.map((organisation) => organisation.id);
 */
export class OrganisationRepository {
  readonly #transport: RpcTransport;

  constructor(transport: RpcTransport) {
    this.#transport = transport;
  }

  /**
   * Creates an organisation with its first, approved admin (service role).
   *
   * @example
   * await organisations.create({ name: "Likepersonsforeningen Bergen", adminEmail: "admin@bergen.example" });
   */
  create(input: OrganisationInput): ResultAsync<Organisation, DomainFailure> {
    return rpc(this.#transport, "create_organisation", { name: input.name, admin_email: input.adminEmail });
  }

  /**
   * The organisations the caller may read, by name, with the caller's role and
   * approval status in each.
   *
   * @example
   * const listed = await organisations.list();
   */
  list(): ResultAsync<OrganisationListing[], DomainFailure> {
    return rpc(this.#transport, "list_organisations", {});
  }
}
