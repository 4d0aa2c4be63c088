/**
 * Activities through the activity RPCs (db/README.md, "Registering activities"):
 * each call is one transaction in the database, which enforces who may register
 * what and which mentors and contacts may be named.
 */
import { errAsync, okAsync, type ResultAsync } from "neverthrow";
import type { DomainFailure } from "../failures/domain-failure.ts";
import type { Period } from "../period/period.ts";
import { rpc } from "../rpc/rpc.ts";
import type { RpcTransport } from "../transport/rpc-transport.ts";
import { type ActivityFields, type ActivityRegistrationInput, checkActivityFields } from "./activity-input.ts";
import type { ActivityRegistration } from "./activity-registration.ts";
import type { ActivityVerdict, VerdictCount } from "./activity-verdict.ts";

/**
 * A registration's result: the activity as registered (every field of
 * `ActivityRegistration`) and, read at once, whether it will count and why
 * (`verdict.counts`, `verdict.verdict`; see `describeVerdict`). The activity is
 * registered either way: when its verdict could not be read, `verdict` is null
 * and `verdictFailure` says why.
 *
 * @example
 * const warn = (r: RegisteredActivity) => r.verdict && !r.verdict.counts ? `will not count: ${describeVerdict(r.verdict)}` : "";
 */
export type RegisteredActivity = ActivityRegistration & {
  verdict: ActivityVerdict | null;
  verdictFailure: DomainFailure | null;
};

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
   * Registers one activity with its mentors and participants, atomically, then
   * reads at once whether it will count and why (a second, read-only call).
   *
   * @example
   * const registered = await activities.register({ organisationId, path: "proxy", kind: "group_meeting", date: "2026-06-12", durationMinutes: 90, mentorIds: [a, b], anonymousParticipants: 4 });
   * registered.map((activity) => activity.verdict?.counts);
   */
  register(input: ActivityRegistrationInput): ResultAsync<RegisteredActivity, DomainFailure> {
    const checked = checkActivityFields(input);
    if (checked.isErr()) return errAsync(checked.error);
    return rpc(this.#transport, "register_activity", { ...fieldArgs(input), registration_path: input.path }).andThen((activity) =>
      this.explainActivity(activity.org_id, activity.id)
        .map((verdict): RegisteredActivity => ({ ...activity, verdict, verdictFailure: null }))
        .orElse((failure) => okAsync<RegisteredActivity, DomainFailure>({ ...activity, verdict: null, verdictFailure: failure })),
    );
  }

  /**
   * Whether one activity the caller may read counts, and the counting rule that
   * decided it. `not_found` for an activity that is missing or unreadable.
   *
   * @example
   * const verdict = await activities.explainActivity(organisationId, activityId);
   * verdict.map((v) => (v.counts ? "counts" : describeVerdict(v)));
   */
  explainActivity(organisationId: string, activityId: string): ResultAsync<ActivityVerdict, DomainFailure> {
    return rpc(this.#transport, "explain_activity", { org_id: organisationId, activity_id: activityId });
  }

  /**
   * Each entry of a period the caller may read (soft-deleted ones too), by date
   * and registration, with whether it counts and why, as the period's figures
   * classify it.
   *
   * @example
   * const verdicts = await activities.explainActivities(organisationId, periodOrThrow("2026-H1"));
   */
  explainActivities(organisationId: string, period: Period): ResultAsync<ActivityVerdict[], DomainFailure> {
    return rpc(this.#transport, "explain_activities", { org_id: organisationId, period_start: period.start, period_end: period.end });
  }

  /**
   * How many entries of a period the caller may read have each verdict: the
   * "not counted, by reason" table (every verdict listed, zeros included).
   *
   * @example
   * const table = await activities.countEntriesByVerdict(organisationId, periodOrThrow("2026-H1"));
   */
  countEntriesByVerdict(organisationId: string, period: Period): ResultAsync<VerdictCount[], DomainFailure> {
    return rpc(this.#transport, "count_entries_by_verdict", { org_id: organisationId, period_start: period.start, period_end: period.end });
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
