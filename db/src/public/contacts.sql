create table public.contacts (
    org_id uuid not null,
    id uuid default gen_random_uuid() not null,
    full_name text not null,
    birth_year integer,
    phone text,
    email text,
    municipality_code text,
    municipality_code_version text,
    created_by uuid default hidden.request_user_id() not null,
    created_at timestamp with time zone default now() not null,
    updated_at timestamp with time zone default now() not null,
    deleted_at timestamp with time zone,
    constraint contacts_birth_year_check check (((birth_year >= 1900) and (birth_year <= 2100))),
    constraint contacts_check check (((municipality_code is null) = (municipality_code_version is null))),
    constraint contacts_email_check check ((length(email) <= 320)),
    constraint contacts_full_name_check check (((length(btrim(full_name)) >= 1) and (length(btrim(full_name)) <= 200))),
    constraint contacts_municipality_code_check check ((municipality_code ~ '^[0-9]{4}$'::text)),
    constraint contacts_municipality_code_version_check check ((municipality_code_version ~ '^[0-9]{4}$'::text)),
    constraint contacts_phone_check check ((length(phone) <= 40))
);

comment on table public.contacts is 'People mentors meet (personal data). Never aggregated by name; readable only by coordinators, admins and the mentors who registered or met them.';

comment on column public.contacts.municipality_code_version is 'The year of the municipality code list the code belongs to (e.g. 2020, 2024).';

alter table only public.contacts
    add constraint contacts_pkey primary key (org_id, id);

create index contacts_created_by_idx on public.contacts using btree (created_by, org_id);

alter table only public.contacts
    add constraint contacts_created_by_fkey foreign key (created_by) references auth.users(id);

alter table only public.contacts
    add constraint contacts_org_id_fkey foreign key (org_id) references public.organisations(id) on delete cascade;

alter table public.contacts enable row level security;

revoke all on table public.contacts from anon, authenticated, service_role;

grant select,delete on table public.contacts to authenticated;
grant select,insert,delete,update on table public.contacts to service_role;

grant insert(org_id) on table public.contacts to authenticated;

grant insert(id) on table public.contacts to authenticated;

grant insert(full_name),update(full_name) on table public.contacts to authenticated;

grant insert(birth_year),update(birth_year) on table public.contacts to authenticated;

grant insert(phone),update(phone) on table public.contacts to authenticated;

grant insert(email),update(email) on table public.contacts to authenticated;

grant insert(municipality_code),update(municipality_code) on table public.contacts to authenticated;

grant insert(municipality_code_version),update(municipality_code_version) on table public.contacts to authenticated;

grant insert(created_by) on table public.contacts to authenticated;

grant update(deleted_at) on table public.contacts to authenticated;
