-- The generation's MVCC snapshot (and, for changes made earlier in the generating
-- transaction itself, its id and a sequence number): changes it could not see
-- make the snapshot stale.
create table private.snapshot_generations (
    org_id uuid not null,
    snapshot_id uuid not null,
    generation_snapshot pg_snapshot not null,
    generation_xid xid8 not null,
    generation_seq bigint not null
);

comment on table private.snapshot_generations is 'For each snapshot, the MVCC snapshot its figures were computed in (for the staleness check).';

alter table only private.snapshot_generations
    add constraint snapshot_generations_pkey primary key (org_id, snapshot_id);

alter table only private.snapshot_generations
    add constraint snapshot_generations_org_id_snapshot_id_fkey foreign key (org_id, snapshot_id) references public.bufdir_metric_snapshots(org_id, id) on delete cascade;

alter table private.snapshot_generations enable row level security;
