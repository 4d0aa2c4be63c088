-- Purpose: a soft-deleted entry stays as the coordinator left it.
-- Objects: policies delete_members on public.activities and delete_editors on
--          public.activity_mentors and public.activity_participants.
-- Why: restoring and editing a soft-deleted entry is already for coordinators and
-- admins; a mentor could still hard-delete it, or strip its links, and so lose
-- the record the coordinator chose to keep. Mentors now reach live entries only.

-- migrate:up
alter policy delete_members on public.activities
  using (
    org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
    or ((org_id in (select hidden.caller_org_ids('{peer_mentor}'))
         or org_id in (select hidden.caller_pending_org_ids('{peer_mentor}')))
        and registered_by = (select auth.uid()) and registration_path = 'direct' and deleted_at is null));
comment on policy delete_members on public.activities is
  'Approved and pending mentors remove their own live direct entries; coordinators and admins any of their organisation''s.';

alter policy delete_editors on public.activity_mentors
  using (exists (
    select from public.activities a
    where a.org_id = activity_mentors.org_id and a.id = activity_mentors.activity_id
      and (a.org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
           or (a.registered_by = (select auth.uid()) and a.registration_path = 'direct' and a.deleted_at is null))));
comment on policy delete_editors on public.activity_mentors is
  'Whoever may edit the activity removes its mentors; a mentor only while the entry is live.';

alter policy delete_editors on public.activity_participants
  using (exists (
    select from public.activities a
    where a.org_id = activity_participants.org_id and a.id = activity_participants.activity_id
      and (a.org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
           or (a.registered_by = (select auth.uid()) and a.registration_path = 'direct' and a.deleted_at is null))));
comment on policy delete_editors on public.activity_participants is
  'Whoever may edit the activity removes its participants; a mentor only while the entry is live.';

-- migrate:down
alter policy delete_members on public.activities
  using (
    org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
    or ((org_id in (select hidden.caller_org_ids('{peer_mentor}'))
         or org_id in (select hidden.caller_pending_org_ids('{peer_mentor}')))
        and registered_by = (select auth.uid()) and registration_path = 'direct'));
comment on policy delete_members on public.activities is
  'Approved and pending mentors remove their own direct entries; coordinators and admins any of their organisation''s.';

alter policy delete_editors on public.activity_mentors
  using (exists (
    select from public.activities a
    where a.org_id = activity_mentors.org_id and a.id = activity_mentors.activity_id
      and (a.org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
           or (a.registered_by = (select auth.uid()) and a.registration_path = 'direct'))));
comment on policy delete_editors on public.activity_mentors is 'Whoever may edit the activity removes its mentors.';

alter policy delete_editors on public.activity_participants
  using (exists (
    select from public.activities a
    where a.org_id = activity_participants.org_id and a.id = activity_participants.activity_id
      and (a.org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
           or (a.registered_by = (select auth.uid()) and a.registration_path = 'direct'))));
comment on policy delete_editors on public.activity_participants is 'Whoever may edit the activity removes its participants.';
