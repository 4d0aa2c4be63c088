create table public.activity_participants (
    org_id uuid not null,
    activity_id uuid not null,
    contact_id uuid not null
);

comment on table public.activity_participants is 'The known contacts who took part in an activity.';

alter table only public.activity_participants
    add constraint activity_participants_pkey primary key (org_id, activity_id, contact_id);

create index activity_participants_contact_idx on public.activity_participants using btree (org_id, contact_id);

alter table only public.activity_participants
    add constraint activity_participants_org_id_activity_id_fkey foreign key (org_id, activity_id) references public.activities(org_id, id) on delete cascade;

alter table only public.activity_participants
    add constraint activity_participants_org_id_contact_id_fkey foreign key (org_id, contact_id) references public.contacts(org_id, id);

alter table public.activity_participants enable row level security;

revoke all on table public.activity_participants from anon, authenticated, service_role;

grant select,insert,delete on table public.activity_participants to authenticated;
grant select,insert,delete,update on table public.activity_participants to service_role;
