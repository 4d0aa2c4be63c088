create or replace function public.confirm_activity(org_id uuid, activity_id uuid) returns public.held_activity
    language sql
    set search_path to 'pg_catalog', 'pg_temp'
    as $$
  select hidden.confirm_activity(org_id => confirm_activity.org_id, activity_id => confirm_activity.activity_id)
$$;

comment on function public.confirm_activity(org_id uuid, activity_id uuid) is 'Confirms a live activity that exceeds its organisation''s review limits, so it counts again; coordinators and admins of the organisation. A later change of its counted values or participants clears the confirmation. Errors: 22004, 22023 (it exceeds no limit), 42501, P0002 (missing or deleted).';

revoke all on function public.confirm_activity(org_id uuid, activity_id uuid) from public, anon, authenticated, service_role;
grant execute on function public.confirm_activity(org_id uuid, activity_id uuid) to authenticated;
