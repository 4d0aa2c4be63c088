-- Purpose: who may name whom in an activity's links, on the table path too.
-- Objects: the insert policies of activity_mentors and activity_participants.
-- Why: the activity RPCs already refuse a mentor naming a co-mentor and a
-- contact the caller cannot read, but the tables accepted both from any
-- session: a pending mentor attached an approved mentor to twenty entries of
-- their own (inflating the counted activity-days), and a mentor linked a
-- contact they could not read to their own activity, then read it through the
-- link; the foreign key check (which bypasses row-level security) answered 23503
-- for an unknown id only, an existence oracle. Now:
-- - In a direct entry the registrant names only themselves; coordinators and
--   admins name any member whose membership is not revoked. (A co-mentor who
--   took part in a colleague's entry is added by a coordinator or admin: joining
--   an activity one cannot read would hand over its participants.)
-- - A participant must be a live contact the caller can already read. The check
--   reads contacts as the caller, before the foreign key runs, so a contact that
--   is unreadable, soft-deleted or missing is refused alike (42501).
-- The RPCs check first and answer 23503 for both; these policies are the last
-- word on any path.

-- migrate:up
alter policy insert_editors on public.activity_mentors
  with check (
    (
      org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
      and exists (
        select from public.members m
        where m.org_id = activity_mentors.org_id and m.user_id = activity_mentors.mentor_id
          and m.approval_status <> 'revoked'
      )
    )
    or (
      mentor_id = (select auth.uid())
      and (
        org_id in (select hidden.caller_org_ids('{peer_mentor}'))
        or org_id in (select hidden.caller_pending_org_ids('{peer_mentor}'))
      )
      and exists (
        select from public.activities a
        where a.org_id = activity_mentors.org_id and a.id = activity_mentors.activity_id
          and a.registered_by = (select auth.uid()) and a.registration_path = 'direct'
      )
    )
  );
comment on policy insert_editors on public.activity_mentors is
  'Coordinators and admins name any member whose membership is not revoked; the registrant of a direct entry names only themselves.';

alter policy insert_editors on public.activity_participants
  with check (
    exists (
      select from public.activities a
      where a.org_id = activity_participants.org_id and a.id = activity_participants.activity_id
        and (
          a.org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
          or (
            (
              a.org_id in (select hidden.caller_org_ids('{peer_mentor}'))
              or a.org_id in (select hidden.caller_pending_org_ids('{peer_mentor}'))
            )
            and a.registered_by = (select auth.uid()) and a.registration_path = 'direct'
          )
        )
    )
    -- Read as the caller: unreadable, soft-deleted and missing contacts look the same.
    and exists (
      select from public.contacts c
      where c.org_id = activity_participants.org_id and c.id = activity_participants.contact_id
        and c.deleted_at is null
    )
  );
comment on policy insert_editors on public.activity_participants is
  'Whoever may edit the activity names its participants, each a live contact they can already read (an unreadable one is refused as a missing one).';

-- migrate:down
alter policy insert_editors on public.activity_participants
  with check (
    exists (
      select from public.activities a
      where a.org_id = activity_participants.org_id and a.id = activity_participants.activity_id
        and (
          a.org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
          or (a.registered_by = (select auth.uid()) and a.registration_path = 'direct')
        )
    )
  );
comment on policy insert_editors on public.activity_participants is 'Whoever may edit the activity names its participants.';
alter policy insert_editors on public.activity_mentors
  with check (
    exists (
      select from public.activities a
      where a.org_id = activity_mentors.org_id and a.id = activity_mentors.activity_id
        and (
          a.org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
          or (a.registered_by = (select auth.uid()) and a.registration_path = 'direct')
        )
    )
  );
comment on policy insert_editors on public.activity_mentors is 'Whoever may edit the activity names its mentors.';
