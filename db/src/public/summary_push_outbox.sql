create table public.summary_push_outbox (
    org_id uuid not null,
    id bigint not null,
    event text not null,
    mentor_id uuid,
    period_type public.summary_period_type not null,
    period_start date not null,
    version integer not null,
    created_at timestamp with time zone default now() not null,
    delivered_at timestamp with time zone,
    constraint summary_push_outbox_event_check check ((event = any (array['generated'::text, 'invalidated'::text])))
);

comment on table public.summary_push_outbox is 'Push events for a delivery worker (service role): organisation, mentor, period and version; nothing personal. Also announced with pg_notify on channel periodic_summaries.';

alter table public.summary_push_outbox alter column id add generated always as identity (
    sequence name public.summary_push_outbox_id_seq
    start with 1
    increment by 1
    no minvalue
    no maxvalue
    cache 1
);

alter table only public.summary_push_outbox
    add constraint summary_push_outbox_pkey primary key (org_id, id);

create index summary_push_outbox_pending_idx on public.summary_push_outbox using btree (org_id, delivered_at, id);

alter table only public.summary_push_outbox
    add constraint summary_push_outbox_org_id_fkey foreign key (org_id) references public.organisations(id) on delete cascade;

alter table public.summary_push_outbox enable row level security;

revoke all on table public.summary_push_outbox from anon, authenticated, service_role;

grant select,insert,delete,update on table public.summary_push_outbox to service_role;
