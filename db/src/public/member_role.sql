create type public.member_role as enum (
    'peer_mentor',
    'coordinator',
    'admin'
);

comment on type public.member_role is 'A member''s role in one organisation.';
