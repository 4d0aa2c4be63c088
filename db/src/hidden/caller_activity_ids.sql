-- Approved memberships only, like caller_org_ids: a revoked or pending mentor
-- gets nothing through the links of activities they took part in.
create or replace function hidden.caller_activity_ids() returns table(org_id uuid, activity_id uuid)
    language sql stable security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select am.org_id, am.activity_id
  from public.activity_mentors am
  join public.members m on m.org_id = am.org_id and m.user_id = am.mentor_id and m.approval_status = 'approved'
  where am.mentor_id = (select hidden.request_user_id())
  union
  select a.org_id, a.id
  from public.activities a
  join public.members m on m.org_id = a.org_id and m.user_id = a.registered_by and m.approval_status = 'approved'
  where a.registered_by = (select hidden.request_user_id())
$$;

comment on function hidden.caller_activity_ids() is 'The activities the calling user took part in as a mentor or registered, in the organisations where they are an approved member.';

revoke all on function hidden.caller_activity_ids() from public, anon, authenticated, service_role;
grant execute on function hidden.caller_activity_ids() to authenticated;
grant execute on function hidden.caller_activity_ids() to service_role;
