create or replace function public.list_activities(org_id uuid, period_start date, period_end date) returns setof public.activity_registration
    language plpgsql stable
    set search_path to 'pg_catalog', 'pg_temp'
    set jit to 'off'
    as $$
-- Planner settings: measured (db/README.md, "Measured and tuned").
begin
  perform hidden.check_snapshot_key(org_id => list_activities.org_id, period_start => list_activities.period_start,
                                    period_end => list_activities.period_end);
  if current_user <> 'service_role' then
    perform hidden.caller_membership(org_id => list_activities.org_id);
  end if;
  return query
  with period as materialized (
    select a.org_id, a.id, a.kind, a.activity_date, a.duration_minutes, a.anonymous_participants,
           a.municipality_code, a.municipality_code_version, a.in_norway, a.registration_path,
           a.registered_by, a.created_at, a.updated_at, a.deleted_at
    from public.activities a
    where a.org_id = list_activities.org_id
      and a.activity_date between list_activities.period_start and list_activities.period_end
      and a.deleted_at is null
  ),
  mentors as (
    select p.id, pg_catalog.array_agg(am.mentor_id order by am.mentor_id) as ids
    from period p
    join public.activity_mentors am on am.org_id = p.org_id and am.activity_id = p.id
    group by p.id
  ),
  participants as (
    select p.id, pg_catalog.array_agg(ap.contact_id order by ap.contact_id) as ids
    from period p
    join public.activity_participants ap on ap.org_id = p.org_id and ap.activity_id = p.id
    group by p.id
  )
  select p.org_id, p.id, p.kind, p.activity_date, p.duration_minutes, p.anonymous_participants,
         p.municipality_code, p.municipality_code_version, p.in_norway, p.registration_path,
         p.registered_by, p.created_at, p.updated_at, p.deleted_at,
         coalesce(m.ids, '{}'::uuid[]), coalesce(pa.ids, '{}'::uuid[])
  from period p
  left join mentors m on m.id = p.id
  left join participants pa on pa.id = p.id
  order by p.activity_date, p.created_at, p.id;
end
$$;

comment on function public.list_activities(org_id uuid, period_start date, period_end date) is 'The live activities of an organisation in an inclusive period that the caller may read (mentors: those they took part in or registered), with sorted mentor and participant ids, in one set-based query under row-level security. Members and the service role. Errors: 22004, 22023, 42501.';

revoke all on function public.list_activities(org_id uuid, period_start date, period_end date) from public, anon, authenticated, service_role;
grant execute on function public.list_activities(org_id uuid, period_start date, period_end date) to authenticated;
grant execute on function public.list_activities(org_id uuid, period_start date, period_end date) to service_role;
