-- organisations: members read their own; admins rename; creation and removal are operator tasks (service role).
drop policy if exists select_members on public.organisations;
create policy select_members on public.organisations for select to authenticated using (((id in ( select hidden.caller_org_ids() as caller_org_ids)) or (id in ( select hidden.caller_pending_org_ids() as caller_pending_org_ids))));

comment on policy select_members on public.organisations is 'Approved and pending members read the organisations they belong to; revoked members do not.';

drop policy if exists update_admins on public.organisations;
create policy update_admins on public.organisations for update to authenticated using ((id in ( select hidden.caller_org_ids(roles => '{admin}'::public.member_role[]) as caller_org_ids))) with check ((id in ( select hidden.caller_org_ids(roles => '{admin}'::public.member_role[]) as caller_org_ids)));

comment on policy update_admins on public.organisations is 'Admins edit their own organisation.';
