create table public.organisation_review_limits (
    org_id uuid not null,
    max_minutes_per_activity integer,
    max_anonymous_participants integer,
    max_known_participants integer,
    updated_at timestamp with time zone default now() not null,
    updated_by uuid,
    constraint organisation_review_limits_max_anonymous_participants_check check (((max_anonymous_participants >= 0) and (max_anonymous_participants <= 100000))),
    constraint organisation_review_limits_max_known_participants_check check ((max_known_participants >= 0)),
    constraint organisation_review_limits_max_minutes_per_activity_check check (((max_minutes_per_activity >= 1) and (max_minutes_per_activity <= 1440)))
);

comment on table public.organisation_review_limits is 'Per organisation: soft plausibility limits (null: none). A live activity above any of them is held out of the figures until a coordinator or admin confirms it (confirm_activity). Written by set_review_limits (admins) and the service role.';

alter table only public.organisation_review_limits
    add constraint organisation_review_limits_pkey primary key (org_id);

alter table only public.organisation_review_limits
    add constraint organisation_review_limits_org_id_fkey foreign key (org_id) references public.organisations(id) on delete cascade;

alter table public.organisation_review_limits enable row level security;

revoke all on table public.organisation_review_limits from anon, authenticated, service_role;

grant select on table public.organisation_review_limits to authenticated;
grant select,insert,delete,update on table public.organisation_review_limits to service_role;
