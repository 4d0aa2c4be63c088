create table private.roster_changes (
    org_id uuid not null,
    last_change_xid xid8 not null,
    last_change_seq bigint not null
);

comment on table private.roster_changes is 'Per organisation: the last transaction that changed a membership, approval or active period.';

alter table only private.roster_changes
    add constraint roster_changes_pkey primary key (org_id);

alter table private.roster_changes enable row level security;
