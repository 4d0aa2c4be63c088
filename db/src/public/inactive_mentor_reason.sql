create type public.inactive_mentor_reason as enum (
    'pending_approval',
    'revoked',
    'outside_active_period',
    'no_mentor'
);

comment on type public.inactive_mentor_reason is 'Why an entry has no active mentor (verdict no_active_mentor), the nearest to counting among its mentors: outside_active_period = a mentor is approved but no active period covers the date; pending_approval = a mentor awaits approval; revoked = every mentor''s membership is revoked or gone; no_mentor = it names none.';
