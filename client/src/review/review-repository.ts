/**
 * Review of implausible entries through the review RPCs (db/README.md,
 * "Plausibility limits"): admins set an organisation's review limits; an entry
 * above any of them is held out of the figures until a coordinator or admin
 * confirms it.
 */
import type { ResultAsync } from "neverthrow";
import type { DomainFailure } from "../failures/domain-failure.ts";
import type { Period } from "../period/period.ts";
import { rpc } from "../rpc/rpc.ts";
import type { RpcTransport } from "../transport/rpc-transport.ts";
import type { HeldActivity, ReviewLimits } from "./held-activity.ts";

/**
 * New review limits for an organisation; an omitted (or null) limit is none.
 * Setting them replaces all three.
 */
export interface ReviewLimitsInput {
  readonly organisationId: string;
  readonly maxMinutesPerActivity?: number | null;
  readonly maxAnonymousParticipants?: number | null;
  readonly maxKnownParticipants?: number | null;
}

/**
 * Sets review limits, lists held entries and confirms them, as the transport's
 * caller. Refusals are QueryFailures with nothing written: `permission_denied`
 * (not an admin for the limits; not a coordinator or admin for listing and
 * confirming), `invalid_input` (a limit out of range, a bad period, confirming
 * an entry that exceeds no limit), `null_value`, `not_found` (confirming a
 * missing or deleted entry).
 *
 * @example
 * const review = new ReviewRepository(transport);
 * await review.setReviewLimits({ organisationId, maxMinutesPerActivity: 240, maxKnownParticipants: 30 });
 * const held = await review.listHeldActivities(organisationId, periodOrThrow("2026-H1"));
 * held.match((rows) => rows.forEach((row) => console.log(row.activity_id, row.exceeded_limits)), console.error);
 */
export class ReviewRepository {
  readonly #transport: RpcTransport;

  constructor(transport: RpcTransport) {
    this.#transport = transport;
  }

  /**
   * Sets the organisation's review limits (admins); its figures become stale.
   *
   * @example
   * await review.setReviewLimits({ organisationId, maxAnonymousParticipants: 60 });
   */
  setReviewLimits(input: ReviewLimitsInput): ResultAsync<ReviewLimits, DomainFailure> {
    return rpc(this.#transport, "set_review_limits", {
      org_id: input.organisationId,
      ...(input.maxMinutesPerActivity != null ? { max_minutes_per_activity: input.maxMinutesPerActivity } : {}),
      ...(input.maxAnonymousParticipants != null ? { max_anonymous_participants: input.maxAnonymousParticipants } : {}),
      ...(input.maxKnownParticipants != null ? { max_known_participants: input.maxKnownParticipants } : {}),
    });
  }

  /**
   * The live, unconfirmed entries of a period above the review limits, by date
   * (coordinators, admins).
   *
   * @example
   * const held = await review.listHeldActivities(organisationId, periodOrThrow("2026-Q2"));
   */
  listHeldActivities(organisationId: string, period: Period): ResultAsync<HeldActivity[], DomainFailure> {
    return rpc(this.#transport, "list_held_activities", {
      org_id: organisationId, period_start: period.start, period_end: period.end,
    });
  }

  /**
   * Confirms a held entry so it counts (coordinators, admins); a later change of
   * its counted values or participants holds it again.
   *
   * @example
   * const confirmed = await review.confirmActivity(organisationId, held.activity_id);
   */
  confirmActivity(organisationId: string, activityId: string): ResultAsync<HeldActivity, DomainFailure> {
    return rpc(this.#transport, "confirm_activity", { org_id: organisationId, activity_id: activityId });
  }
}
