create or replace function hidden.activity_registration(org_id uuid, activity_id uuid) returns public.activity_registration
    language sql stable
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select a.org_id, a.id, a.kind, a.activity_date, a.duration_minutes, a.anonymous_participants,
         a.municipality_code, a.municipality_code_version, a.in_norway, a.registration_path,
         a.registered_by, a.created_at, a.updated_at, a.deleted_at,
         array(select am.mentor_id from public.activity_mentors am
               where am.org_id = a.org_id and am.activity_id = a.id order by am.mentor_id),
         array(select ap.contact_id from public.activity_participants ap
               where ap.org_id = a.org_id and ap.activity_id = a.id order by ap.contact_id)
  from public.activities a
  where a.org_id = activity_registration.org_id and a.id = activity_registration.activity_id
$$;

comment on function hidden.activity_registration(org_id uuid, activity_id uuid) is 'One activity with its mentor and participant ids, read as the caller (row-level security applies).';

revoke all on function hidden.activity_registration(org_id uuid, activity_id uuid) from public, anon, authenticated, service_role;
grant execute on function hidden.activity_registration(org_id uuid, activity_id uuid) to authenticated;
grant execute on function hidden.activity_registration(org_id uuid, activity_id uuid) to service_role;
