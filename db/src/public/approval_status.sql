create type public.approval_status as enum (
    'pending',
    'approved',
    'revoked'
);

comment on type public.approval_status is 'Whether an organisation has approved a member as a peer mentor (Bufdir counts only approved mentors).';
