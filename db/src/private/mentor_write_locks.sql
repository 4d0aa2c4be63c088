-- One row per (organisation, mentor) whose day sums were checked: the lock that
-- serialises writers of one mentor's days. Owner only.
create table private.mentor_write_locks (
    org_id uuid not null,
    mentor_id uuid not null
);

comment on table private.mentor_write_locks is 'Per organisation and mentor: a row whose lock serialises the writers of that mentor''s activities while the per-mentor-day limit is checked. Owner only.';

alter table only private.mentor_write_locks
    add constraint mentor_write_locks_pkey primary key (org_id, mentor_id);

alter table private.mentor_write_locks enable row level security;
