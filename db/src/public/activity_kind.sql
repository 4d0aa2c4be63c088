create type public.activity_kind as enum (
    'in_person_outreach',
    'phone_or_digital',
    'group_meeting',
    'mentor_course',
    'other'
);

comment on type public.activity_kind is 'What took place. Which kinds count for Bufdir is decided by the versioned counting rules, not here.';
