create table public.summary_job_failures (
    org_id uuid not null,
    id bigint not null,
    as_of date not null,
    period_type public.summary_period_type,
    period_start date,
    sqlstate text not null,
    message text not null,
    failed_at timestamp with time zone default now() not null
);

comment on table public.summary_job_failures is 'Organisations the scheduled summary job could not serve: which run (as_of), the period it was generating (null when the failure came from outside the generation, e.g. the organisation''s time limit), the SQLSTATE and message, and when. Written only by private.record_summary_job_failure; the service role reads it.';

alter table public.summary_job_failures alter column id add generated always as identity (
    sequence name public.summary_job_failures_id_seq
    start with 1
    increment by 1
    no minvalue
    no maxvalue
    cache 1
);

alter table only public.summary_job_failures
    add constraint summary_job_failures_pkey primary key (org_id, id);

create index summary_job_failures_as_of_idx on public.summary_job_failures using btree (as_of, org_id);

alter table only public.summary_job_failures
    add constraint summary_job_failures_org_id_fkey foreign key (org_id) references public.organisations(id) on delete cascade;

alter table public.summary_job_failures enable row level security;

revoke all on table public.summary_job_failures from anon, authenticated, service_role;

grant select on table public.summary_job_failures to service_role;
