create type public.review_limit as enum (
    'minutes_per_activity',
    'anonymous_participants',
    'known_participants'
);

comment on type public.review_limit is 'A per-organisation review limit an activity can exceed.';
