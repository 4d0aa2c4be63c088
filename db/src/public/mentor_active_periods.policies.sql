drop policy if exists delete_managers on public.mentor_active_periods;
create policy delete_managers on public.mentor_active_periods for delete to authenticated using ((org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids)));

comment on policy delete_managers on public.mentor_active_periods is 'Coordinators and admins remove active periods.';

drop policy if exists insert_managers on public.mentor_active_periods;
create policy insert_managers on public.mentor_active_periods for insert to authenticated with check ((org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids)));

comment on policy insert_managers on public.mentor_active_periods is 'Coordinators and admins record active periods.';

-- mentor_active_periods: mentors see their own; coordinators and admins manage.
drop policy if exists select_members on public.mentor_active_periods;
create policy select_members on public.mentor_active_periods for select to authenticated using (((org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids)) or ((org_id in ( select hidden.caller_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_org_ids)) and (mentor_id = ( select hidden.request_user_id() as uid)))));

comment on policy select_members on public.mentor_active_periods is 'Coordinators and admins read all active periods of their organisation; mentors their own.';

drop policy if exists update_managers on public.mentor_active_periods;
create policy update_managers on public.mentor_active_periods for update to authenticated using ((org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids))) with check ((org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids)));

comment on policy update_managers on public.mentor_active_periods is 'Coordinators and admins edit active periods.';
