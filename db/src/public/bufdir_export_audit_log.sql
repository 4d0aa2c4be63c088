create table public.bufdir_export_audit_log (
    org_id uuid not null,
    id uuid default gen_random_uuid() not null,
    exported_at timestamp with time zone default now() not null,
    exported_by uuid,
    snapshot_id uuid not null,
    period_start date not null,
    period_end date not null,
    rule_version text not null,
    record_count bigint not null,
    payload jsonb not null,
    payload_sha256 text not null,
    constraint bufdir_export_audit_log_payload_sha256_check check ((payload_sha256 ~ '^[0-9a-f]{64}$'::text))
);

comment on table public.bufdir_export_audit_log is 'Append-only record of every export to Bufdir: who, when, which snapshot, the exact payload and its SHA-256, rule version and record count.';

comment on column public.bufdir_export_audit_log.exported_by is 'The exporting user; null for the service role.';

comment on column public.bufdir_export_audit_log.snapshot_id is 'The snapshot exported (no foreign key: snapshots may be deleted later; the payload is kept here).';

alter table only public.bufdir_export_audit_log
    add constraint bufdir_export_audit_log_pkey primary key (org_id, id);

create index bufdir_export_audit_log_period_idx on public.bufdir_export_audit_log using btree (org_id, period_start, period_end, exported_at);

alter table only public.bufdir_export_audit_log
    add constraint bufdir_export_audit_log_org_id_fkey foreign key (org_id) references public.organisations(id);

alter table public.bufdir_export_audit_log enable row level security;

revoke all on table public.bufdir_export_audit_log from anon, authenticated, service_role;

grant select on table public.bufdir_export_audit_log to authenticated;
grant select on table public.bufdir_export_audit_log to service_role;
