create table public.periodic_summaries (
    org_id uuid not null,
    id uuid default gen_random_uuid() not null,
    mentor_id uuid,
    period_type public.summary_period_type not null,
    period_start date not null,
    period_end date not null,
    summary_data jsonb not null,
    generated_at timestamp with time zone default now() not null,
    updated_at timestamp with time zone default now() not null,
    invalidated_at timestamp with time zone,
    version integer default 1 not null,
    constraint periodic_summaries_check check ((period_end >= period_start)),
    constraint periodic_summaries_version_check check ((version >= 1))
);

comment on table public.periodic_summaries is 'PII-free figures per mentor (mentor_id) or for the whole organisation (mentor_id null) and period. Written only by the summary RPCs.';

comment on column public.periodic_summaries.invalidated_at is 'Set when the figures are known to be wrong or outdated; cleared by regeneration.';

comment on column public.periodic_summaries.version is 'Bumped by every regeneration.';

alter table only public.periodic_summaries
    add constraint periodic_summaries_period_key unique nulls not distinct (org_id, mentor_id, period_type, period_start);

alter table only public.periodic_summaries
    add constraint periodic_summaries_pkey primary key (org_id, id);

alter table only public.periodic_summaries
    add constraint periodic_summaries_org_id_fkey foreign key (org_id) references public.organisations(id) on delete cascade;

alter table only public.periodic_summaries
    add constraint periodic_summaries_org_id_mentor_id_fkey foreign key (org_id, mentor_id) references public.members(org_id, user_id) on delete cascade;

alter table public.periodic_summaries enable row level security;

revoke all on table public.periodic_summaries from anon, authenticated, service_role;

grant select on table public.periodic_summaries to authenticated;
grant select,insert,delete,update on table public.periodic_summaries to service_role;
