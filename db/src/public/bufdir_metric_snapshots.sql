create table public.bufdir_metric_snapshots (
    org_id uuid not null,
    id uuid default gen_random_uuid() not null,
    period_start date not null,
    period_end date not null,
    snapshot_json jsonb not null,
    rule_version text not null,
    record_count_at_generation bigint not null,
    computed_at timestamp with time zone default now() not null,
    generated_by uuid,
    content_hash text not null,
    constraint bufdir_metric_snapshots_check check ((period_end >= period_start)),
    constraint bufdir_metric_snapshots_record_count_at_generation_check check ((record_count_at_generation >= 0))
);

comment on table public.bufdir_metric_snapshots is 'Cached, PII-free Bufdir figures for one organisation and inclusive period. Written only through the snapshot RPCs; every column but the figures is set by the database.';

comment on column public.bufdir_metric_snapshots.snapshot_json is 'The figures, in the documented shape (db/README.md, "Snapshot shape"); checked by an allow-list.';

comment on column public.bufdir_metric_snapshots.record_count_at_generation is 'Live (not deleted) activities of the organisation in the period when the figures were generated.';

comment on column public.bufdir_metric_snapshots.generated_by is 'The user who generated it; null for the service role.';

comment on column public.bufdir_metric_snapshots.content_hash is 'SHA-256 (hex) of snapshot_json''s text.';

alter table only public.bufdir_metric_snapshots
    add constraint bufdir_metric_snapshots_org_id_period_start_period_end_key unique (org_id, period_start, period_end);

alter table only public.bufdir_metric_snapshots
    add constraint bufdir_metric_snapshots_pkey primary key (org_id, id);

create index bufdir_metric_snapshots_rule_version_idx on public.bufdir_metric_snapshots using btree (rule_version);

alter table only public.bufdir_metric_snapshots
    add constraint bufdir_metric_snapshots_org_id_fkey foreign key (org_id) references public.organisations(id) on delete cascade;

alter table only public.bufdir_metric_snapshots
    add constraint bufdir_metric_snapshots_rule_version_fkey foreign key (rule_version) references public.bufdir_counting_rules(version);

alter table public.bufdir_metric_snapshots enable row level security;

revoke all on table public.bufdir_metric_snapshots from anon, authenticated, service_role;

grant select,delete on table public.bufdir_metric_snapshots to authenticated;
grant select,insert,delete,update on table public.bufdir_metric_snapshots to service_role;
