drop policy if exists delete_managers on public.bufdir_metric_snapshots;
create policy delete_managers on public.bufdir_metric_snapshots for delete to authenticated using ((org_id in ( select hidden.caller_org_ids(roles => '{coordinator,admin}'::public.member_role[]) as caller_org_ids)));

comment on policy delete_managers on public.bufdir_metric_snapshots is 'Only coordinators and admins delete snapshots; a mentor''s delete is filtered out here.';

drop policy if exists select_members on public.bufdir_metric_snapshots;
create policy select_members on public.bufdir_metric_snapshots for select to authenticated using ((org_id in ( select hidden.caller_org_ids() as caller_org_ids)));

comment on policy select_members on public.bufdir_metric_snapshots is 'Every member of the organisation reads its snapshots.';
