drop policy if exists delete_members on public.activities;
create policy delete_members on public.activities for delete to authenticated using (((org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids)) or (((org_id in ( select hidden.caller_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_org_ids)) or (org_id in ( select hidden.caller_pending_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_pending_org_ids))) and (registered_by = ( select hidden.request_user_id() as uid)) and (registration_path = 'direct'::public.registration_path) and (deleted_at is null))));

comment on policy delete_members on public.activities is 'Approved and pending mentors remove their own live direct entries; coordinators and admins any of their organisation''s.';

drop policy if exists insert_members on public.activities;
create policy insert_members on public.activities for insert to authenticated with check (((registered_by = ( select hidden.request_user_id() as uid)) and (((org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids)) and (registration_path = any (array['proxy'::public.registration_path, 'bulk'::public.registration_path]))) or (((org_id in ( select hidden.caller_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_org_ids)) or (org_id in ( select hidden.caller_pending_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_pending_org_ids))) and (registration_path = 'direct'::public.registration_path)))));

comment on policy insert_members on public.activities is 'Approved and pending mentors register direct entries; coordinators and admins proxy and bulk entries; always as themselves.';

-- activities: mentors register and edit their own direct entries; coordinators
-- and admins manage all of their organisation's, and register proxy and bulk ones.
drop policy if exists select_members on public.activities;
create policy select_members on public.activities for select to authenticated using (((org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids)) or ((org_id in ( select hidden.caller_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_org_ids)) and ((registered_by = ( select hidden.request_user_id() as uid)) or ((org_id, id) in ( select c.org_id,
    c.activity_id
   from hidden.caller_activity_ids() c(org_id, activity_id))))) or ((org_id in ( select hidden.caller_pending_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_pending_org_ids)) and (registered_by = ( select hidden.request_user_id() as uid)))));

comment on policy select_members on public.activities is 'Coordinators and admins read their organisation''s activities; approved mentors those they took part in or registered; pending mentors those they registered.';

drop policy if exists update_members on public.activities;
create policy update_members on public.activities for update to authenticated using (((org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids)) or (((org_id in ( select hidden.caller_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_org_ids)) or (org_id in ( select hidden.caller_pending_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_pending_org_ids))) and (registered_by = ( select hidden.request_user_id() as uid)) and (registration_path = 'direct'::public.registration_path) and (deleted_at is null)))) with check (((org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids)) or (((org_id in ( select hidden.caller_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_org_ids)) or (org_id in ( select hidden.caller_pending_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_pending_org_ids))) and (registered_by = ( select hidden.request_user_id() as uid)) and (registration_path = 'direct'::public.registration_path))));

comment on policy update_members on public.activities is 'Approved and pending mentors edit (and soft-delete) their own live direct entries; coordinators and admins any of their organisation''s, and they alone restore a soft-deleted one.';
