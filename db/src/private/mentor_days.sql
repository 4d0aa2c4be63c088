create table private.mentor_days (
    org_id uuid not null,
    mentor_id uuid not null,
    days datemultirange not null
);

comment on table private.mentor_days is 'The days a mentor was an active, approved mentor of a counting activity of the organisation, as stored with the day partials; trusted only for days whose partials are stored and fresh.';

alter table only private.mentor_days
    add constraint mentor_days_pkey primary key (org_id, mentor_id);

alter table only private.mentor_days
    add constraint mentor_days_org_id_fkey foreign key (org_id) references public.organisations(id) on delete cascade;

alter table private.mentor_days enable row level security;
