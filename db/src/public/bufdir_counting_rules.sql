create table public.bufdir_counting_rules (
    version text not null,
    valid_from date not null,
    counting_kinds public.activity_kind[] not null,
    outreach_min_participants integer not null,
    group_min_participants integer not null,
    group_min_minutes integer not null,
    course_min_minutes integer not null,
    require_in_norway boolean not null,
    description text not null,
    created_at timestamp with time zone default now() not null,
    max_minutes_per_activity integer default 720 not null,
    max_minutes_per_mentor_day integer default 1440 not null,
    max_anonymous_participants integer default 500 not null,
    max_known_participants integer default 200 not null,
    logic_version integer not null,
    constraint bufdir_counting_rules_course_min_minutes_check check ((course_min_minutes >= 0)),
    constraint bufdir_counting_rules_group_min_minutes_check check ((group_min_minutes >= 0)),
    constraint bufdir_counting_rules_group_min_participants_check check ((group_min_participants >= 0)),
    constraint bufdir_counting_rules_logic_version_check check (((logic_version >= 1) and (logic_version <= private.latest_counting_logic()))),
    constraint bufdir_counting_rules_max_anonymous_participants_check check (((max_anonymous_participants >= 0) and (max_anonymous_participants <= 100000))),
    constraint bufdir_counting_rules_max_known_participants_check check ((max_known_participants >= 0)),
    constraint bufdir_counting_rules_max_minutes_per_activity_check check (((max_minutes_per_activity >= 1) and (max_minutes_per_activity <= 1440))),
    constraint bufdir_counting_rules_max_minutes_per_mentor_day_check check (((max_minutes_per_mentor_day >= 1) and (max_minutes_per_mentor_day <= 1440))),
    constraint bufdir_counting_rules_outreach_min_participants_check check ((outreach_min_participants >= 0)),
    constraint bufdir_counting_rules_version_check check ((version ~ '^[0-9]{4}\.[0-9]{1,3}$'::text))
);

comment on table public.bufdir_counting_rules is 'Versioned Bufdir counting rules. The version in force for a period is the one with the latest valid_from on or before the period''s start. Rows are immutable.';

comment on column public.bufdir_counting_rules.logic_version is 'The counting logic this version''s thresholds are read with: the branch of the rules'' tests (private.ruleN_*) that applies. 1 = the rules as db/fixtures/README.md states them for 2026.1. A change of logic is a new value, with a new rule version; earlier versions keep theirs, so their periods recompute as they were.';

comment on column public.bufdir_counting_rules.max_minutes_per_activity is 'Hard limit: an activity''s duration_minutes above it is refused (22023).';

comment on column public.bufdir_counting_rules.max_minutes_per_mentor_day is 'Hard limit: the minutes of all live activities naming one mentor on one day, summed, above it are refused (22023).';

comment on column public.bufdir_counting_rules.max_anonymous_participants is 'Hard limit: an activity''s anonymous_participants above it is refused (22023).';

comment on column public.bufdir_counting_rules.max_known_participants is 'Hard limit: an activity with more known participants (contact links) than this is refused (22023).';

alter table only public.bufdir_counting_rules
    add constraint bufdir_counting_rules_pkey primary key (version);

alter table only public.bufdir_counting_rules
    add constraint bufdir_counting_rules_valid_from_key unique (valid_from);

alter table public.bufdir_counting_rules enable row level security;

revoke all on table public.bufdir_counting_rules from anon, authenticated, service_role;

grant select on table public.bufdir_counting_rules to authenticated;
grant select,insert,delete,update on table public.bufdir_counting_rules to service_role;

-- The rules in force since 2000: a new version is a new row (rows are immutable);
-- db/fixtures/README.md reasons each threshold and limit.
insert into public.bufdir_counting_rules
  (version, valid_from, counting_kinds, outreach_min_participants, group_min_participants,
   group_min_minutes, course_min_minutes, require_in_norway, description,
   max_minutes_per_activity, max_minutes_per_mentor_day, max_anonymous_participants, max_known_participants, logic_version)
values
  ('2026.1', '2000-01-01', '{in_person_outreach,group_meeting,mentor_course}', 1, 3, 45, 90, true,
   'Activity-days of in-person outreach, groups of at least 3 participants and 45 minutes, and mentor courses of at least 2x45 minutes, in Norway, by active approved mentors.',
   720, 1440, 500, 200, 1);
