-- Purpose: the people mentors meet — where the personal data lives.
-- Objects: table contacts and its policies.
-- Why: names, birth years, phone numbers and e-mail addresses are personal (in a
-- diagnosis-specific organisation, even "was visited" is health data). They are
-- kept here only, never copied into aggregates, and read only by the roles that
-- need them: coordinators and admins of the organisation, and a mentor for the
-- contacts they registered or met.

-- migrate:up
create table public.contacts (
  org_id uuid not null references public.organisations (id) on delete cascade,
  id uuid not null default gen_random_uuid(),
  full_name text not null check (length(btrim(full_name)) between 1 and 200),
  birth_year integer check (birth_year between 1900 and 2100),
  phone text check (length(phone) <= 40),
  email text check (length(email) <= 320),
  municipality_code text check (municipality_code ~ '^[0-9]{4}$'),
  municipality_code_version text check (municipality_code_version ~ '^[0-9]{4}$'),
  created_by uuid not null default auth.uid() references auth.users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  deleted_at timestamptz,
  primary key (org_id, id),
  -- A municipality code means nothing without the code list it comes from (codes changed 1.1.2020 and 1.1.2024).
  check ((municipality_code is null) = (municipality_code_version is null))
);
comment on table public.contacts is 'People mentors meet (personal data). Never aggregated by name; readable only by coordinators, admins and the mentors who registered or met them.';
comment on column public.contacts.municipality_code_version is 'The year of the municipality code list the code belongs to (e.g. 2020, 2024).';
-- Covers the foreign key to auth.users and the mentor branch of the policies.
create index contacts_created_by_idx on public.contacts (created_by, org_id);
alter table public.contacts enable row level security;
create trigger touch_updated_at before update on public.contacts
  for each row execute function private.touch_updated_at();
create trigger forbid_tenant_change before update on public.contacts
  for each row execute function private.forbid_tenant_change();

-- migrate:down
drop table public.contacts;
