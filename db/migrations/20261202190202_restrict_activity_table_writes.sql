-- Purpose: the table path writes activities and their links under the same rules
-- as the RPCs.
-- Objects: column privileges of authenticated on activities and contacts; the
-- delete policy of activity_mentors and the insert policies of activity_mentors
-- and activity_participants.
-- Why: through the tables a mentor could remove their own link from a direct
-- entry (edit_activity refuses: a direct entry names the mentor who registered
-- it), add links to their own soft-deleted entry (edit_activity answers P0002),
-- and write id, created_at and updated_at, which the server sets (created_at
-- decides the order of a day's entries in the counting rules). authenticated now
-- holds insert and update only on the columns a client may set; the triggers and
-- defaults set the rest. The RPCs are security invoker and write only those
-- columns, so they keep working. The service role keeps its table-wide rights.

-- migrate:up
revoke insert, update on public.activities from authenticated;
grant insert (org_id, kind, activity_date, duration_minutes, anonymous_participants, municipality_code,
              municipality_code_version, in_norway, registration_path, registered_by)
  on public.activities to authenticated;
grant update (kind, activity_date, duration_minutes, anonymous_participants, municipality_code,
              municipality_code_version, in_norway, deleted_at)
  on public.activities to authenticated;

revoke insert, update on public.contacts from authenticated;
grant insert (org_id, id, full_name, birth_year, phone, email, municipality_code, municipality_code_version, created_by)
  on public.contacts to authenticated;
grant update (full_name, birth_year, phone, email, municipality_code, municipality_code_version, deleted_at)
  on public.contacts to authenticated;

alter policy delete_editors on public.activity_mentors
  using (
    exists (
      select from public.activities a
      where a.org_id = activity_mentors.org_id and a.id = activity_mentors.activity_id
        and not (a.registration_path = 'direct' and a.registered_by = activity_mentors.mentor_id)
        and (
          a.org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
          or (a.registered_by = (select hidden.request_user_id()) and a.registration_path = 'direct' and a.deleted_at is null)
        )
    )
  );
comment on policy delete_editors on public.activity_mentors is
  'Whoever may edit the activity removes its mentors; a mentor only while the entry is live. Nobody removes the registrant from a direct entry (the entry goes with its registrant).';

alter policy insert_editors on public.activity_mentors
  with check (
    (
      org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
      and exists (
        select from public.members m
        where m.org_id = activity_mentors.org_id and m.user_id = activity_mentors.mentor_id and m.approval_status <> 'revoked'
      )
    )
    or (
      mentor_id = (select hidden.request_user_id())
      and (
        org_id in (select hidden.caller_org_ids('{peer_mentor}'))
        or org_id in (select hidden.caller_pending_org_ids('{peer_mentor}'))
      )
      and exists (
        select from public.activities a
        where a.org_id = activity_mentors.org_id and a.id = activity_mentors.activity_id
          and a.registered_by = (select hidden.request_user_id()) and a.registration_path = 'direct'
          and a.deleted_at is null
      )
    )
  );
comment on policy insert_editors on public.activity_mentors is
  'Coordinators and admins name any member whose membership is not revoked; the registrant of a live direct entry names only themselves.';

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
            and a.registered_by = (select hidden.request_user_id()) and a.registration_path = 'direct'
            and a.deleted_at is null
          )
        )
    )
    and exists (
      select from public.contacts c
      where c.org_id = activity_participants.org_id and c.id = activity_participants.contact_id and c.deleted_at is null
    )
  );
comment on policy insert_editors on public.activity_participants is
  'Whoever may edit the activity names its participants (a mentor only while the entry is live), each a live contact they can already read (an unreadable one is refused as a missing one).';

-- migrate:down
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
    and exists (
      select from public.contacts c
      where c.org_id = activity_participants.org_id and c.id = activity_participants.contact_id and c.deleted_at is null
    )
  );
comment on policy insert_editors on public.activity_participants is
  'Whoever may edit the activity names its participants, each a live contact they can already read (an unreadable one is refused as a missing one).';

alter policy insert_editors on public.activity_mentors
  with check (
    (
      org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
      and exists (
        select from public.members m
        where m.org_id = activity_mentors.org_id and m.user_id = activity_mentors.mentor_id and m.approval_status <> 'revoked'
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

alter policy delete_editors on public.activity_mentors
  using (
    exists (
      select from public.activities a
      where a.org_id = activity_mentors.org_id and a.id = activity_mentors.activity_id
        and (
          a.org_id in (select hidden.caller_org_ids('{coordinator,admin}'))
          or (a.registered_by = (select auth.uid()) and a.registration_path = 'direct' and a.deleted_at is null)
        )
    )
  );
comment on policy delete_editors on public.activity_mentors is
  'Whoever may edit the activity removes its mentors; a mentor only while the entry is live.';

-- Revoking the table's privilege revokes the column grants with it.
revoke insert, update on public.contacts from authenticated;
grant insert, update on public.contacts to authenticated;
revoke insert, update on public.activities from authenticated;
grant insert, update on public.activities to authenticated;
