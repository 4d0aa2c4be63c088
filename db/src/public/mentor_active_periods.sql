create table public.mentor_active_periods (
    org_id uuid not null,
    id uuid default gen_random_uuid() not null,
    mentor_id uuid not null,
    active_from date not null,
    active_to date,
    created_at timestamp with time zone default now() not null,
    constraint mentor_active_periods_check check (((active_to is null) or (active_to >= active_from)))
);

comment on table public.mentor_active_periods is 'When a mentor was active in an organisation (inclusive dates; open-ended when active_to is null). Bufdir counts only active mentors.';

alter table only public.mentor_active_periods
    add constraint mentor_active_periods_pkey primary key (org_id, id);

create index mentor_active_periods_mentor_idx on public.mentor_active_periods using btree (org_id, mentor_id, active_from);

alter table only public.mentor_active_periods
    add constraint mentor_active_periods_org_id_mentor_id_fkey foreign key (org_id, mentor_id) references public.members(org_id, user_id) on delete cascade;

alter table public.mentor_active_periods enable row level security;

revoke all on table public.mentor_active_periods from anon, authenticated, service_role;

grant select,insert,delete,update on table public.mentor_active_periods to authenticated;
grant select,insert,delete,update on table public.mentor_active_periods to service_role;
