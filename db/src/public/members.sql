create table public.members (
    org_id uuid not null,
    user_id uuid not null,
    role public.member_role not null,
    approval_status public.approval_status default 'pending'::public.approval_status not null,
    created_at timestamp with time zone default now() not null,
    updated_at timestamp with time zone default now() not null
);

comment on table public.members is 'Who belongs to which organisation, with one role each. A person may hold different roles in different organisations.';

alter table only public.members
    add constraint members_pkey primary key (org_id, user_id);

create index members_user_id_org_id_role_idx on public.members using btree (user_id, org_id, role);

alter table only public.members
    add constraint members_org_id_fkey foreign key (org_id) references public.organisations(id) on delete cascade;

alter table only public.members
    add constraint members_user_id_fkey foreign key (user_id) references auth.users(id) on delete cascade;

alter table public.members enable row level security;

revoke all on table public.members from anon, authenticated, service_role;

grant select on table public.members to supabase_auth_admin;
grant select,insert,delete,update on table public.members to authenticated;
grant select,insert,delete,update on table public.members to service_role;
