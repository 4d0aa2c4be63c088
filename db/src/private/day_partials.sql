create table private.day_partials (
    org_id uuid not null,
    day date not null,
    rule_version text not null,
    change_xid xid8 not null,
    change_seq bigint not null,
    roster_xid xid8,
    roster_seq bigint
);

comment on table private.day_partials is 'One row per (organisation, day) whose partial figures are stored: the activity_day_stats and roster_changes markers and the rule version they reflect.';

alter table only private.day_partials
    add constraint day_partials_pkey primary key (org_id, day);

alter table only private.day_partials
    add constraint day_partials_org_id_fkey foreign key (org_id) references public.organisations(id) on delete cascade;

alter table private.day_partials enable row level security;
