-- Append-only change log: the delta-sync cursor is (writer transaction, change id).
create table private.summary_changes (
    org_id uuid not null,
    change_id bigint not null,
    summary_id uuid not null,
    mentor_id uuid,
    operation text not null,
    writer_xid xid8 default pg_current_xact_id() not null,
    constraint summary_changes_operation_check check ((operation = any (array['upsert'::text, 'delete'::text])))
);

comment on table private.summary_changes is 'Every insert, update and delete of a periodic summary, with its writer''s transaction id (the sync cursor).';

alter table private.summary_changes alter column change_id add generated always as identity (
    sequence name private.summary_changes_change_id_seq
    start with 1
    increment by 1
    no minvalue
    no maxvalue
    cache 1
);

alter table only private.summary_changes
    add constraint summary_changes_pkey primary key (org_id, change_id);

create index summary_changes_cursor_idx on private.summary_changes using btree (org_id, writer_xid, change_id);

alter table private.summary_changes enable row level security;
