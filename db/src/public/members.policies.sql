drop policy if exists delete_managers on public.members;
create policy delete_managers on public.members for delete to authenticated using (((org_id in ( select hidden.caller_org_ids(roles => '{admin}'::public.member_role[]) as caller_org_ids)) or ((org_id in ( select hidden.caller_org_ids(roles => '{coordinator}'::public.member_role[]) as caller_org_ids)) and (role = 'peer_mentor'::public.member_role))));

comment on policy delete_managers on public.members is 'Admins remove any member; coordinators remove peer mentors.';

drop policy if exists insert_managers on public.members;
create policy insert_managers on public.members for insert to authenticated with check (((org_id in ( select hidden.caller_org_ids(roles => '{admin}'::public.member_role[]) as caller_org_ids)) or ((org_id in ( select hidden.caller_org_ids(roles => '{coordinator}'::public.member_role[]) as caller_org_ids)) and (role = 'peer_mentor'::public.member_role))));

comment on policy insert_managers on public.members is 'Admins add any member; coordinators add peer mentors.';

drop policy if exists select_auth_admin on public.members;
create policy select_auth_admin on public.members for select to supabase_auth_admin using (true);

comment on policy select_auth_admin on public.members is 'Supabase Auth reads memberships to build access tokens.';

-- members: the roster is visible to the organisation; admins manage everyone,
-- coordinators manage peer mentors only (no one promotes themselves).
drop policy if exists select_members on public.members;
create policy select_members on public.members for select to authenticated using (((org_id in ( select hidden.caller_org_ids() as caller_org_ids)) or ((org_id in ( select hidden.caller_pending_org_ids() as caller_pending_org_ids)) and (user_id = ( select hidden.request_user_id() as uid)))));

comment on policy select_members on public.members is 'Approved members read the roster of their own organisations; a pending member reads their own membership only.';

drop policy if exists update_managers on public.members;
create policy update_managers on public.members for update to authenticated using (((org_id in ( select hidden.caller_org_ids(roles => '{admin}'::public.member_role[]) as caller_org_ids)) or ((org_id in ( select hidden.caller_org_ids(roles => '{coordinator}'::public.member_role[]) as caller_org_ids)) and (role = 'peer_mentor'::public.member_role)))) with check (((org_id in ( select hidden.caller_org_ids(roles => '{admin}'::public.member_role[]) as caller_org_ids)) or ((org_id in ( select hidden.caller_org_ids(roles => '{coordinator}'::public.member_role[]) as caller_org_ids)) and (role = 'peer_mentor'::public.member_role))));

comment on policy update_managers on public.members is 'Admins edit any member; coordinators edit peer mentors and cannot promote them.';
