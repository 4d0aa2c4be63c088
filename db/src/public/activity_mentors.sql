create table public.activity_mentors (
    org_id uuid not null,
    activity_id uuid not null,
    mentor_id uuid not null
);

comment on table public.activity_mentors is 'The mentors who took part in an activity (one or more).';

alter table only public.activity_mentors
    add constraint activity_mentors_pkey primary key (org_id, activity_id, mentor_id);

create index activity_mentors_mentor_idx on public.activity_mentors using btree (mentor_id, org_id, activity_id);

alter table only public.activity_mentors
    add constraint activity_mentors_org_id_activity_id_fkey foreign key (org_id, activity_id) references public.activities(org_id, id) on delete cascade;

alter table only public.activity_mentors
    add constraint activity_mentors_org_id_mentor_id_fkey foreign key (org_id, mentor_id) references public.members(org_id, user_id);

alter table public.activity_mentors enable row level security;

revoke all on table public.activity_mentors from anon, authenticated, service_role;

grant select,insert,delete on table public.activity_mentors to authenticated;
grant select,insert,delete,update on table public.activity_mentors to service_role;
