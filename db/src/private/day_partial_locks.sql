create table private.day_partial_locks (
    org_id uuid not null
);

comment on table private.day_partial_locks is 'One row per organisation whose row lock serialises rebuilds of its day partials (private.refresh_day_partials takes it FOR UPDATE until the transaction ends). Nobody but the owner may read or lock it.';

alter table only private.day_partial_locks
    add constraint day_partial_locks_pkey primary key (org_id);

alter table only private.day_partial_locks
    add constraint day_partial_locks_org_id_fkey foreign key (org_id) references public.organisations(id) on delete cascade;

alter table private.day_partial_locks enable row level security;
