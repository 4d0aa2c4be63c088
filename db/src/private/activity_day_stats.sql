create table private.activity_day_stats (
    org_id uuid not null,
    day date not null,
    live_activities bigint default 0 not null,
    last_change_xid xid8 not null,
    last_change_seq bigint not null
);

comment on table private.activity_day_stats is 'Per organisation and day: live activities, and the last transaction that changed anything counted on that day.';

alter table only private.activity_day_stats
    add constraint activity_day_stats_pkey primary key (org_id, day);

alter table private.activity_day_stats enable row level security;
