create table private.summaries_switches (
    org_id uuid not null,
    enabled boolean not null,
    changed_at timestamp with time zone default now() not null
);

comment on table private.summaries_switches is 'Feature switch for periodic summaries. The all-zero org_id is the global switch; no row means enabled.';

alter table only private.summaries_switches
    add constraint summaries_switches_pkey primary key (org_id);

alter table private.summaries_switches enable row level security;
