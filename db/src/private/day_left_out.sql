-- Keyed day first like day_cells: a period is one range of the primary key.
create table private.day_left_out (
    org_id uuid not null,
    day date not null,
    reason public.left_out_reason not null,
    entries bigint not null
);

comment on table private.day_left_out is 'How many of the organisation''s entries of one day are left out of every figure, per reason.';

alter table only private.day_left_out
    add constraint day_left_out_pkey primary key (org_id, day, reason);

alter table only private.day_left_out
    add constraint day_left_out_org_id_day_fkey foreign key (org_id, day) references private.day_partials(org_id, day) on delete cascade;

alter table private.day_left_out enable row level security;
