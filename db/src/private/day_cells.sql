create table private.day_cells (
    org_id uuid not null,
    day date not null,
    kind public.activity_kind not null,
    path public.registration_path not null,
    county text not null,
    activity_days bigint not null,
    activities bigint not null,
    duplicates bigint not null,
    participations bigint not null,
    lower_bound boolean not null,
    minutes bigint not null
);

comment on table private.day_cells is 'The organisation''s additive figures of one day, per activity kind, registration path and county.';

alter table only private.day_cells
    add constraint day_cells_pkey primary key (org_id, day, kind, path, county);

alter table only private.day_cells
    add constraint day_cells_org_id_day_fkey foreign key (org_id, day) references private.day_partials(org_id, day) on delete cascade;

alter table private.day_cells enable row level security;
