// generated — do not edit. Run `make gen` to regenerate from db/migrations.
// Produced by scripts/gen-types.ts from private.figure_shape(), which the database's allow-list reads.

/**
 * The figures' shape as the database defines it: the totals in their documented
 * order, the one flag among them, the breakdowns with the domain of their keys,
 * and each domain's key pattern. client/src/metrics/figure-shape.ts derives the
 * client's definitions from it.
 *
 * @example
 * GENERATED_FIGURE_SHAPE.totals[0] // "activity_days"
 */
export const GENERATED_FIGURE_SHAPE = {
  "totals": [
    "activity_days",
    "activities_total",
    "activities_non_counting",
    "proxy_duplicates_merged",
    "participations",
    "unique_participants",
    "unique_participants_is_lower_bound",
    "minutes_total",
    "active_mentors"
  ],
  "breakdowns": [
    {
      "keys": "activity_kind",
      "name": "activity_days_by_kind"
    },
    {
      "keys": "activity_kind",
      "name": "activities_by_kind"
    },
    {
      "keys": "registration_path",
      "name": "activities_by_path"
    },
    {
      "keys": "month",
      "name": "activity_days_by_month"
    },
    {
      "keys": "county",
      "name": "activity_days_by_county"
    },
    {
      "keys": "left_out_reason",
      "name": "entries_left_out_by_reason"
    }
  ],
  "flag_total": "unique_participants_is_lower_bound",
  "key_patterns": {
    "month": "^[0-9]{4}-(0[1-9]|1[0-2])$",
    "county": "^([0-9]{2}|unknown)$",
    "activity_kind": "^(in_person_outreach|phone_or_digital|group_meeting|mentor_course|other)$",
    "left_out_reason": "^(no_active_mentor|held_for_review)$",
    "registration_path": "^(direct|proxy|bulk)$"
  },
  "shape_version": 2
} as const;
