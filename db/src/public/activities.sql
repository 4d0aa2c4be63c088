create table public.activities (
    org_id uuid not null,
    id uuid default gen_random_uuid() not null,
    kind public.activity_kind not null,
    activity_date date not null,
    duration_minutes integer not null,
    anonymous_participants integer default 0 not null,
    municipality_code text,
    municipality_code_version text,
    in_norway boolean default true not null,
    registration_path public.registration_path not null,
    registered_by uuid default hidden.request_user_id() not null,
    created_at timestamp with time zone default now() not null,
    updated_at timestamp with time zone default now() not null,
    deleted_at timestamp with time zone,
    review_confirmed_at timestamp with time zone,
    review_confirmed_by uuid,
    constraint activities_activity_date_check check ((activity_date >= '2000-01-01'::date)),
    constraint activities_anonymous_participants_check check (((anonymous_participants >= 0) and (anonymous_participants <= 100000))),
    constraint activities_check check (((municipality_code is null) = (municipality_code_version is null))),
    constraint activities_duration_minutes_check check (((duration_minutes >= 1) and (duration_minutes <= 1440))),
    constraint activities_municipality_code_check check ((municipality_code ~ '^[0-9]{4}$'::text)),
    constraint activities_municipality_code_version_check check ((municipality_code_version ~ '^[0-9]{4}$'::text)),
    constraint activities_review_confirmed_check check (((review_confirmed_at is null) = (review_confirmed_by is null)))
);

comment on table public.activities is 'One registered activity on one day. Soft-deleted rows (deleted_at set) are kept and never counted.';

comment on column public.activities.duration_minutes is 'Whole minutes: exact, and safe as a JSON number.';

comment on column public.activities.anonymous_participants is 'Participants not registered as contacts (a head count). Gives only a lower bound on unique participants.';

comment on column public.activities.registered_by is 'The user who registered it: the mentor (direct) or a coordinator (proxy, bulk).';

comment on column public.activities.review_confirmed_at is 'When a coordinator or admin confirmed the entry despite its organisation''s review limits (confirm_activity); cleared when its counted values or participants change.';

comment on column public.activities.review_confirmed_by is 'Who confirmed the entry (confirm_activity).';

alter table only public.activities
    add constraint activities_pkey primary key (org_id, id);

create index activities_org_date_idx on public.activities using btree (org_id, activity_date);

create index activities_registered_by_idx on public.activities using btree (registered_by, org_id);

create index activities_review_confirmed_idx on public.activities using btree (org_id, id) where (review_confirmed_at is not null);

alter table only public.activities
    add constraint activities_org_id_fkey foreign key (org_id) references public.organisations(id) on delete cascade;

alter table only public.activities
    add constraint activities_registered_by_fkey foreign key (registered_by) references auth.users(id);

alter table public.activities enable row level security;

revoke all on table public.activities from anon, authenticated, service_role;

grant select,delete on table public.activities to authenticated;
grant select,insert,delete,update on table public.activities to service_role;

grant insert(org_id) on table public.activities to authenticated;

grant insert(kind),update(kind) on table public.activities to authenticated;

grant insert(activity_date),update(activity_date) on table public.activities to authenticated;

grant insert(duration_minutes),update(duration_minutes) on table public.activities to authenticated;

grant insert(anonymous_participants),update(anonymous_participants) on table public.activities to authenticated;

grant insert(municipality_code),update(municipality_code) on table public.activities to authenticated;

grant insert(municipality_code_version),update(municipality_code_version) on table public.activities to authenticated;

grant insert(in_norway),update(in_norway) on table public.activities to authenticated;

grant insert(registration_path) on table public.activities to authenticated;

grant insert(registered_by) on table public.activities to authenticated;

grant update(deleted_at) on table public.activities to authenticated;
