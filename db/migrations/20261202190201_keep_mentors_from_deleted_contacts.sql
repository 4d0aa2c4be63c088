-- Purpose: a soft-deleted contact is out of a mentor's reach: they neither read
-- nor restore it.
-- Objects: the select and update policies of contacts.
-- Why: a mentor could set deleted_at back to null on a contact they registered
-- after a coordinator soft-deleted it, and kept reading soft-deleted contacts
-- they registered or met. Soft-deleting and restoring a contact are for
-- coordinators and admins (who alone delete contacts): a mentor's update reaches
-- their own live contacts only and keeps them live, and a mentor reads live
-- contacts only.

-- migrate:up
alter policy select_members on public.contacts
  using (
    org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
    or (
      org_id in (select hidden.caller_org_ids('{peer_mentor}'))
      and deleted_at is null
      and (
        created_by = (select hidden.request_user_id())
        or (org_id, id) in (select c.org_id, c.contact_id from hidden.caller_contact_ids() c)
      )
    )
    or (
      org_id in (select hidden.caller_pending_org_ids('{peer_mentor}'))
      and deleted_at is null
      and created_by = (select hidden.request_user_id())
    )
  );
comment on policy select_members on public.contacts is
  'Coordinators and admins read their organisation''s contacts, soft-deleted ones too; approved mentors the live ones they registered or met; pending mentors the live ones they registered.';

alter policy update_members on public.contacts
  using (
    org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
    or (
      (
        org_id in (select hidden.caller_org_ids('{peer_mentor}'))
        or org_id in (select hidden.caller_pending_org_ids('{peer_mentor}'))
      )
      and created_by = (select hidden.request_user_id())
      and deleted_at is null
    )
  )
  with check (
    org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
    or (
      (
        org_id in (select hidden.caller_org_ids('{peer_mentor}'))
        or org_id in (select hidden.caller_pending_org_ids('{peer_mentor}'))
      )
      and created_by = (select hidden.request_user_id())
      and deleted_at is null
    )
  );
comment on policy update_members on public.contacts is
  'Approved and pending mentors edit the live contacts they registered; coordinators and admins any of their organisation''s, and they alone soft-delete or restore one.';

-- migrate:down
alter policy update_members on public.contacts
  using (
    org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
    or (
      (
        org_id in (select hidden.caller_org_ids('{peer_mentor}'))
        or org_id in (select hidden.caller_pending_org_ids('{peer_mentor}'))
      )
      and created_by = (select auth.uid())
    )
  )
  with check (
    org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
    or (
      (
        org_id in (select hidden.caller_org_ids('{peer_mentor}'))
        or org_id in (select hidden.caller_pending_org_ids('{peer_mentor}'))
      )
      and created_by = (select auth.uid())
    )
  );
comment on policy update_members on public.contacts is
  'Coordinators and admins edit their organisation''s contacts; approved and pending mentors those they registered.';

alter policy select_members on public.contacts
  using (
    org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
    or (
      org_id in (select hidden.caller_org_ids('{peer_mentor}'))
      and (
        created_by = (select auth.uid())
        or (org_id, id) in (select c.org_id, c.contact_id from hidden.caller_contact_ids() c)
      )
    )
    or (
      org_id in (select hidden.caller_pending_org_ids('{peer_mentor}'))
      and created_by = (select auth.uid())
    )
  );
comment on policy select_members on public.contacts is
  'Coordinators and admins read their organisation''s contacts; approved mentors those they registered or met; pending mentors those they registered.';
