drop policy if exists delete_managers on public.contacts;
create policy delete_managers on public.contacts for delete to authenticated using ((org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids)));

comment on policy delete_managers on public.contacts is 'Coordinators and admins remove contacts.';

drop policy if exists insert_members on public.contacts;
create policy insert_members on public.contacts for insert to authenticated with check ((((org_id in ( select hidden.caller_org_ids() as caller_org_ids)) or (org_id in ( select hidden.caller_pending_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_pending_org_ids))) and (created_by = ( select hidden.request_user_id() as uid))));

comment on policy insert_members on public.contacts is 'Approved members and pending mentors register contacts in their organisation, as themselves.';

drop policy if exists select_members on public.contacts;
create policy select_members on public.contacts for select to authenticated using (((org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids)) or ((org_id in ( select hidden.caller_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_org_ids)) and (deleted_at is null) and ((created_by = ( select hidden.request_user_id() as request_user_id)) or ((org_id, id) in ( select c.org_id,
    c.contact_id
   from hidden.caller_contact_ids() c(org_id, contact_id))))) or ((org_id in ( select hidden.caller_pending_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_pending_org_ids)) and (deleted_at is null) and (created_by = ( select hidden.request_user_id() as request_user_id)))));

comment on policy select_members on public.contacts is 'Coordinators and admins read their organisation''s contacts, soft-deleted ones too; approved mentors the live ones they registered or met; pending mentors the live ones they registered.';

drop policy if exists update_members on public.contacts;
create policy update_members on public.contacts for update to authenticated using (((org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids)) or (((org_id in ( select hidden.caller_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_org_ids)) or (org_id in ( select hidden.caller_pending_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_pending_org_ids))) and (created_by = ( select hidden.request_user_id() as request_user_id)) and (deleted_at is null)))) with check (((org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids)) or (((org_id in ( select hidden.caller_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_org_ids)) or (org_id in ( select hidden.caller_pending_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_pending_org_ids))) and (created_by = ( select hidden.request_user_id() as request_user_id)) and (deleted_at is null))));

comment on policy update_members on public.contacts is 'Approved and pending mentors edit the live contacts they registered; coordinators and admins any of their organisation''s, and they alone soft-delete or restore one.';
