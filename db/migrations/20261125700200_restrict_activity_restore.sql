-- Purpose: restoring a soft-deleted activity is for coordinators and admins.
-- Objects: the update policy of activities.
-- Why: a mentor could set deleted_at back to null on their own direct entry,
-- undoing a coordinator's soft delete and putting the entry back into the
-- counts. A mentor's update now reaches live entries only: they still edit and
-- soft-delete their own, and a soft-deleted entry is out of their reach (an
-- update of it changes no row, as for any row a policy hides from an update).

-- migrate:up
alter policy update_members on public.activities
  using (
    org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
    or (
      (
        org_id in (select hidden.caller_org_ids('{peer_mentor}'))
        or org_id in (select hidden.caller_pending_org_ids('{peer_mentor}'))
      )
      and registered_by = (select auth.uid())
      and registration_path = 'direct'
      and deleted_at is null
    )
  );
comment on policy update_members on public.activities is
  'Approved and pending mentors edit (and soft-delete) their own live direct entries; coordinators and admins any of their organisation''s, and they alone restore a soft-deleted one.';

-- migrate:down
alter policy update_members on public.activities
  using (
    org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
    or (
      (
        org_id in (select hidden.caller_org_ids('{peer_mentor}'))
        or org_id in (select hidden.caller_pending_org_ids('{peer_mentor}'))
      )
      and registered_by = (select auth.uid())
      and registration_path = 'direct'
    )
  );
comment on policy update_members on public.activities is
  'Approved and pending mentors edit (and soft-delete) their own direct entries; coordinators and admins any of their organisation''s.';
