create type public.summary_period_type as enum (
    'month',
    'quarter',
    'half_year',
    'year'
);

comment on type public.summary_period_type is 'The length of a summary''s period. The organisation-wide year summary is the annual summary.';
