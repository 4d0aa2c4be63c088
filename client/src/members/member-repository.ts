/**
 * Members and mentors' active periods through the administration RPCs
 * (db/README.md, "Administration"): admins add members of any role and approve
 * or revoke anyone; coordinators do so for peer mentors and record their active
 * periods; nobody approves or revokes themselves.
 */
import type { ResultAsync } from "neverthrow";
import type { DomainFailure } from "../failures/domain-failure.ts";
import { rpc } from "../rpc/rpc.ts";
import type { RpcTransport } from "../transport/rpc-transport.ts";
import type { MemberRole, Membership, MentorActivePeriod } from "./membership.ts";

/** A user to add to an organisation, by the e-mail address they signed up with. */
export interface MemberInput {
  readonly organisationId: string;
  readonly email: string;
  readonly role: MemberRole;
}

/** A period in which a peer mentor is active; `to` null or omitted for an open end. */
export interface ActivePeriodInput {
  readonly organisationId: string;
  readonly mentorId: string;
  /** YYYY-MM-DD, inclusive. */
  readonly from: string;
  /** YYYY-MM-DD, inclusive; null or omitted: open-ended. */
  readonly to?: string | null;
}

/**
 * Adds, approves, revokes and lists members, and records and lists mentors'
 * active periods, as the transport's caller. Refusals are QueryFailures with
 * nothing written: `permission_denied` (not an admin, or a coordinator for
 * anyone but a peer mentor, or oneself), `not_found` (no user with that e-mail,
 * not a member), `conflict` (a member already; a period's mentor who is not a
 * member), `invalid_input` (dates, overlapping periods, not a peer mentor).
 *
 * @example
 * const members = new MemberRepository(transport);
 * const added = await members.add({ organisationId: orgId, email: "kari@example.org", role: "peer_mentor" });
 * const approved = await added.asyncAndThen((member) => members.approve(orgId, member.user_id));
 */
export class MemberRepository {
  readonly #transport: RpcTransport;

  constructor(transport: RpcTransport) {
    this.#transport = transport;
  }

  /**
   * Adds an existing user to the organisation with a role, pending approval.
   *
   * @example
   * await members.add({ organisationId: orgId, email: "coordinator@example.org", role: "coordinator" });
   */
  add(input: MemberInput): ResultAsync<Membership, DomainFailure> {
    return rpc(this.#transport, "add_member", { org_id: input.organisationId, email: input.email, role: input.role });
  }

  /**
   * Approves a membership (also reinstates a revoked one); the organisation's figures turn stale.
   *
   * @example
   * await members.approve(orgId, mentorId);
   */
  approve(organisationId: string, userId: string): ResultAsync<Membership, DomainFailure> {
    return rpc(this.#transport, "set_member_status", { org_id: organisationId, user_id: userId, approval_status: "approved" });
  }

  /**
   * Revokes a membership: the member loses every right at the next statement.
   *
   * @example
   * await members.revoke(orgId, mentorId);
   */
  revoke(organisationId: string, userId: string): ResultAsync<Membership, DomainFailure> {
    return rpc(this.#transport, "set_member_status", { org_id: organisationId, user_id: userId, approval_status: "revoked" });
  }

  /**
   * The organisation's members with e-mail, name, role and status (approved members, the service role).
   *
   * @example
   * const roster = await members.list(orgId);
   */
  list(organisationId: string): ResultAsync<Membership[], DomainFailure> {
    return rpc(this.#transport, "list_members", { org_id: organisationId });
  }

  /**
   * Records a period in which a peer mentor is active (coordinators, admins).
   *
   * @example
   * await members.addActivePeriod({ organisationId: orgId, mentorId, from: "2026-01-01" });
   */
  addActivePeriod(input: ActivePeriodInput): ResultAsync<MentorActivePeriod, DomainFailure> {
    return rpc(this.#transport, "add_mentor_active_period", {
      org_id: input.organisationId,
      mentor_id: input.mentorId,
      active_from: input.from,
      ...(input.to != null ? { active_to: input.to } : {}),
    });
  }

  /**
   * Sets the last active day of a mentor's period: ends an open one, or moves a
   * set end (coordinators, admins).
   *
   * @example
   * await members.endActivePeriod(orgId, period.id, "2026-06-30");
   */
  endActivePeriod(organisationId: string, periodId: string, to: string): ResultAsync<MentorActivePeriod, DomainFailure> {
    return rpc(this.#transport, "end_mentor_active_period", { org_id: organisationId, period_id: periodId, active_to: to });
  }

  /**
   * The active periods the caller may read (coordinators and admins all, a mentor their own).
   *
   * @example
   * const periods = await members.listActivePeriods(orgId);
   */
  listActivePeriods(organisationId: string): ResultAsync<MentorActivePeriod[], DomainFailure> {
    return rpc(this.#transport, "list_mentor_active_periods", { org_id: organisationId });
  }
}
