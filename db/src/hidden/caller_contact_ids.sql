create or replace function hidden.caller_contact_ids() returns table(org_id uuid, contact_id uuid)
    language sql stable security definer
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select ap.org_id, ap.contact_id
  from public.activity_participants ap
  join public.activity_mentors am
    on am.org_id = ap.org_id and am.activity_id = ap.activity_id
  join public.members m on m.org_id = am.org_id and m.user_id = am.mentor_id and m.approval_status = 'approved'
  where am.mentor_id = (select hidden.request_user_id())
$$;

comment on function hidden.caller_contact_ids() is 'The contacts the calling user met as a mentor, in the organisations where they are an approved member.';

revoke all on function hidden.caller_contact_ids() from public, anon, authenticated, service_role;
grant execute on function hidden.caller_contact_ids() to authenticated;
grant execute on function hidden.caller_contact_ids() to service_role;
