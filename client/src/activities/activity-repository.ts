/**
 * Activities through the activity RPCs (db/README.md, "Registering activities"):
 * each call is one transaction in the database, which enforces who may register
 * what and which mentors and contacts may be named.
 */
import { errAsync, type ResultAsync } from "neverthrow";
import type { DomainFailure } from "../failures/domain-failure.ts";
import type { Period } from "../period/period.ts";
import { rpc } from "../rpc/rpc.ts";
import type { RpcTransport } from "../transport/rpc-transport.ts";
import { type ActivityFields, type ActivityRegistrationInput, checkActivityFields } from "./activity-input.ts";
import type { ActivityRegistration } from "./activity-registration.ts";

function fieldArgs(fields: ActivityFields) {
  return {
    org_id: fields.organisationId,
    kind: fields.kind,
    activity_date: fields.date,
    duration_minutes: fields.durationMinutes,
    mentor_ids: [...fields.mentorIds],
    participant_ids: [...(fields.participantIds ?? [])],
    anonymous_participants: fields.anonymousParticipants ?? 0,
    municipality_code: fields.municipality?.code ?? null,
    municipality_code_version: fields.municipality?.codeVersion ?? null,
    in_norway: fields.inNorway ?? true,
  };
}

/**
 * Registers, edits, soft-deletes and lists activities as the transport's caller.
 * A date that is not 'YYYY-MM-DD' of a real day is a ValidationFailure naming
 * the field (`date`), and nothing is sent (periods come from parsePeriod, which
 * is as strict).
 * Refusals are QueryFailures with nothing written: `permission_denied` (a
 * mentor naming a co-mentor or registering proxy/bulk, a revoked member, an
 * outsider), `foreign_key_violation` (a mentor who is not a member, a contact
 * that does not exist or the caller cannot read), `invalid_input` /
 * `null_value` (thresholds), `not_found` (editing or deleting a missing,
 * deleted or unreadable activity).
 *
 * @example
 * const activities = new ActivityRepository(transport);
 * const registered = await activities.register({
 *   organisationId, path: "direct", kind: "in_person_outreach", date: "2026-06-12",
 *   durationMinutes: 60, mentorIds: [myUserId], participantIds: [contactId],
 * });
 * registered.match((activity) => console.log(activity.id), (failure) => console.error(failure));
 */
export class ActivityRepository {
  readonly #transport: RpcTransport;

  constructor(transport: RpcTransport) {
    this.#transport = transport;
  }

  /**
   * Registers one activity with its mentors and participants, atomically.
   *
   * @example
   * await activities.register({ organisationId, path: "proxy", kind: "group_meeting", date: "2026-06-12", durationMinutes: 90, mentorIds: [a, b], anonymousParticipants: 4 });
   */
  register(input: ActivityRegistrationInput): ResultAsync<ActivityRegistration, DomainFailure> {
    const checked = checkActivityFields(input);
    if (checked.isErr()) return errAsync(checked.error);
    return rpc(this.#transport, "register_activity", { ...fieldArgs(input), registration_path: input.path });
  }

  /**
   * Replaces a live activity's fields, mentors and participants, atomically.
   *
   * @example
   * await activities.edit(activity.id, { ...fields, durationMinutes: 120 });
   */
  edit(activityId: string, fields: ActivityFields): ResultAsync<ActivityRegistration, DomainFailure> {
    const checked = checkActivityFields(fields);
    if (checked.isErr()) return errAsync(checked.error);
    return rpc(this.#transport, "edit_activity", { ...fieldArgs(fields), activity_id: activityId });
  }

  /**
   * Soft-deletes a live activity: it is kept, and never counted again.
   *
   * @example
   * const deleted = await activities.delete(organisationId, activity.id);
   */
  delete(organisationId: string, activityId: string): ResultAsync<ActivityRegistration, DomainFailure> {
    return rpc(this.#transport, "delete_activity", { org_id: organisationId, activity_id: activityId });
  }

  /**
   * The live activities of a period the caller may read, by date.
   *
   * @example
   * const list = await activities.list(organisationId, periodOrThrow("2026-Q2"));
   */
  list(organisationId: string, period: Period): ResultAsync<ActivityRegistration[], DomainFailure> {
    return rpc(this.#transport, "list_activities", { org_id: organisationId, period_start: period.start, period_end: period.end });
  }
}
