create type public.left_out_reason as enum (
    'no_active_mentor',
    'held_for_review'
);

comment on type public.left_out_reason is 'Why an entry is left out of every figure, the first that applies: no_active_mentor = none of its mentors is approved with an active period covering its date; held_for_review = it exceeds one of its organisation''s review limits and no coordinator or admin has confirmed it.';
