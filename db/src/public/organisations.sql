create table public.organisations (
    id uuid default gen_random_uuid() not null,
    name text not null,
    created_at timestamp with time zone default now() not null,
    updated_at timestamp with time zone default now() not null,
    constraint organisations_name_check check (((length(btrim(name)) >= 1) and (length(btrim(name)) <= 200)))
);

comment on table public.organisations is 'Tenants: one row per organisation or local branch. Its id is every tenant table''s org_id.';

alter table only public.organisations
    add constraint organisations_pkey primary key (id);

alter table public.organisations enable row level security;

revoke all on table public.organisations from anon, authenticated, service_role;

grant select,update on table public.organisations to authenticated;
grant select,insert,delete,update on table public.organisations to service_role;
