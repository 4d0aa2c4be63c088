create table private.contact_days (
    org_id uuid not null,
    contact_id uuid not null,
    days datemultirange not null
);

comment on table private.contact_days is 'The days a contact took part in an activity of the organisation (not a merged proxy twin), as stored with the day partials; trusted only for days whose partials are stored and fresh.';

alter table only private.contact_days
    add constraint contact_days_pkey primary key (org_id, contact_id);

alter table only private.contact_days
    add constraint contact_days_org_id_fkey foreign key (org_id) references public.organisations(id) on delete cascade;

alter table private.contact_days enable row level security;
