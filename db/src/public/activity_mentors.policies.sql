drop policy if exists delete_editors on public.activity_mentors;
create policy delete_editors on public.activity_mentors for delete to authenticated using ((exists ( select
   from public.activities a
  where ((a.org_id = activity_mentors.org_id) and (a.id = activity_mentors.activity_id) and (not ((a.registration_path = 'direct'::public.registration_path) and (a.registered_by = activity_mentors.mentor_id))) and ((a.org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids)) or ((a.registered_by = ( select hidden.request_user_id() as request_user_id)) and (a.registration_path = 'direct'::public.registration_path) and (a.deleted_at is null)))))));

comment on policy delete_editors on public.activity_mentors is 'Whoever may edit the activity removes its mentors; a mentor only while the entry is live. Nobody removes the registrant from a direct entry (the entry goes with its registrant).';

drop policy if exists insert_editors on public.activity_mentors;
create policy insert_editors on public.activity_mentors for insert to authenticated with check ((((org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids)) and (exists ( select
   from public.members m
  where ((m.org_id = activity_mentors.org_id) and (m.user_id = activity_mentors.mentor_id) and (m.approval_status <> 'revoked'::public.approval_status))))) or ((mentor_id = ( select hidden.request_user_id() as request_user_id)) and ((org_id in ( select hidden.caller_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_org_ids)) or (org_id in ( select hidden.caller_pending_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_pending_org_ids))) and (exists ( select
   from public.activities a
  where ((a.org_id = activity_mentors.org_id) and (a.id = activity_mentors.activity_id) and (a.registered_by = ( select hidden.request_user_id() as request_user_id)) and (a.registration_path = 'direct'::public.registration_path) and (a.deleted_at is null)))))));

comment on policy insert_editors on public.activity_mentors is 'Coordinators and admins name any member whose membership is not revoked; the registrant of a live direct entry names only themselves.';

-- activity_mentors and activity_participants follow their activity: readable
-- with it, and written by whoever may edit it. No update: rows are replaced.
drop policy if exists select_members on public.activity_mentors;
create policy select_members on public.activity_mentors for select to authenticated using (((org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids)) or ((org_id in ( select hidden.caller_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_org_ids)) and ((org_id, activity_id) in ( select c.org_id,
    c.activity_id
   from hidden.caller_activity_ids() c(org_id, activity_id)))) or ((org_id in ( select hidden.caller_pending_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_pending_org_ids)) and (exists ( select
   from public.activities a
  where ((a.org_id = activity_mentors.org_id) and (a.id = activity_mentors.activity_id) and (a.registered_by = ( select hidden.request_user_id() as uid))))))));

comment on policy select_members on public.activity_mentors is 'Readable by whoever may read the activity: a pending mentor reads those of the entries they registered.';
