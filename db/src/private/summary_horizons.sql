create table private.summary_horizons (
    org_id uuid not null
);

comment on table private.summary_horizons is 'One row per organisation whose row lock is the delta-sync horizon: summary writers hold it FOR SHARE until they commit, the sync reader takes it FOR UPDATE. Rows are made on demand; nobody but the owner may read or lock them.';

alter table only private.summary_horizons
    add constraint summary_horizons_pkey primary key (org_id);

alter table only private.summary_horizons
    add constraint summary_horizons_org_id_fkey foreign key (org_id) references public.organisations(id) on delete cascade;

alter table private.summary_horizons enable row level security;
