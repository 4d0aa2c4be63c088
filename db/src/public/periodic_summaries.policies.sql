drop policy if exists select_members on public.periodic_summaries;
create policy select_members on public.periodic_summaries for select to authenticated using (((org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids)) or ((org_id in ( select hidden.caller_org_ids(roles => '{peer_mentor}'::public.member_role[]) as caller_org_ids)) and (mentor_id = ( select hidden.request_user_id() as uid)))));

comment on policy select_members on public.periodic_summaries is 'Coordinators and admins read their organisation''s summaries; a mentor reads their own.';
