drop policy if exists delete_editors on public.activity_participants;
create policy delete_editors on public.activity_participants for delete to authenticated using ((exists ( select
   from public.activities a
  where ((a.org_id = activity_participants.org_id) and (a.id = activity_participants.activity_id) and ((a.org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids)) or ((a.registered_by = ( select hidden.request_user_id() as uid)) and (a.registration_path = 'direct'::public.registration_path) and (a.deleted_at is null)))))));

comment on policy delete_editors on public.activity_participants is 'Whoever may edit the activity removes its participants; a mentor only while the entry is live.';

drop policy if exists insert_editors on public.activity_participants;
create policy insert_editors on public.activity_participants for insert to authenticated with check (((exists ( select
   from public.activities a
  where ((a.org_id = activity_participants.org_id) and (a.id = activity_participants.activity_id) and ((a.org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids)) or (((a.org_id in ( select hidden.caller_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_org_ids)) or (a.org_id in ( select hidden.caller_pending_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_pending_org_ids))) and (a.registered_by = ( select hidden.request_user_id() as request_user_id)) and (a.registration_path = 'direct'::public.registration_path) and (a.deleted_at is null)))))) and (exists ( select
   from public.contacts c
  where ((c.org_id = activity_participants.org_id) and (c.id = activity_participants.contact_id) and (c.deleted_at is null))))));

comment on policy insert_editors on public.activity_participants is 'Whoever may edit the activity names its participants (a mentor only while the entry is live), each a live contact they can already read (an unreadable one is refused as a missing one).';

drop policy if exists select_members on public.activity_participants;
create policy select_members on public.activity_participants for select to authenticated using (((org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids)) or ((org_id in ( select hidden.caller_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_org_ids)) and ((org_id, activity_id) in ( select c.org_id,
    c.activity_id
   from hidden.caller_activity_ids() c(org_id, activity_id)))) or ((org_id in ( select hidden.caller_pending_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_pending_org_ids)) and (exists ( select
   from public.activities a
  where ((a.org_id = activity_participants.org_id) and (a.id = activity_participants.activity_id) and (a.registered_by = ( select hidden.request_user_id() as uid))))))));

comment on policy select_members on public.activity_participants is 'Readable by whoever may read the activity: a pending mentor reads those of the entries they registered.';
